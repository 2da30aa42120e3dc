import { renderChartSvg, withoutTextOutlines } from './charts';
import {
  formatChange,
  formatChineseDate,
  formatChineseDateTime,
  formatNumber,
  formatPercent,
} from './helpers';

describe('PDF formatting helpers', () => {
  it('formats rates as percentages with two decimals and null as a dash', () => {
    expect(formatPercent(0.937661104327771)).toBe('93.77%');
    expect(formatPercent(1)).toBe('100.00%');
    expect(formatPercent(null)).toBe('—');
    expect(formatPercent(Number.NaN)).toBe('—');
  });

  it('formats counts with thousands separators and fixed decimals', () => {
    expect(formatNumber(1234567)).toBe('1,234,567');
    expect(formatNumber(8.2849, 2)).toBe('8.28');
    expect(formatNumber(undefined)).toBe('—');
  });

  it('formats dates and instants in China time', () => {
    expect(formatChineseDate('2026-07-05')).toBe('2026年7月5日');
    expect(formatChineseDateTime('2026-07-10T16:30:00.000Z')).toBe('2026年7月11日 00:30');
  });

  it('formats changes with their sign', () => {
    expect(formatChange(1389)).toBe('+1,389');
    expect(formatChange(-0.0123, 'pp')).toBe('−1.23 个百分点');
    expect(formatChange(0.4551, 'ratio')).toBe('+45.51%');
    expect(formatChange(null)).toBe('—');
  });
});

describe('server-side charts', () => {
  it('draw SVG without a browser, escaping the names in the data', () => {
    const svg = renderChartSvg({
      width: 300,
      height: 200,
      option: {
        xAxis: { type: 'category', data: ['<script>alert(1)</script>'], axisLabel: { interval: 0 } },
        yAxis: { type: 'value' },
        series: [{ type: 'bar', data: [3], label: { show: true } }],
      },
    });
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).not.toContain('<script>');
    expect(svg).toContain('&lt;script&gt;');
  });

  it('drop text outlines (Chromium would print outlined text as Type 3 glyphs)', () => {
    expect(
      withoutTextOutlines(
        '<text x="1" fill="#333" stroke="rgb(255,255,255)" stroke-width="2" paint-order="stroke">a</text>',
      ),
    ).toBe('<text x="1" fill="#333">a</text>');
  });
});
