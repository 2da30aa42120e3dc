import { CHART_FONT, type ChartSpec } from '../pdf/charts';
import type { BulletinContent, GroupSection } from './bulletin-content';
import { CATEGORY_LABELS } from './bulletin-content';

/**
 * The Handlebars data of `templates/bulletin/document.hbs`: the stored snapshot plus the charts (ECharts
 * options, drawn to SVG by the renderer's `chart` helper). Charts are derived here, never stored.
 */
const MAX_RANKING_BARS = 30;
/** 99.8% two-sided control limits: z = 3.09 (METRICS.md, funnel plot). */
const FUNNEL_Z = 3.09;
const PALETTE = ['#1f4e79', '#c0504d', '#9bbb59', '#8064a2', '#4bacc6', '#f79646', '#d4a017', '#7f7f7f'];

function rankingChart(g: GroupSection): ChartSpec | null {
  const ranked = g.companies.filter((c) => c.rank !== null && c.complaints.per100mPremium !== null);
  if (!ranked.length) return null;
  // The worst (most complaints per premium) are the ones a reader looks for: keep those when there are many.
  const shown = [...ranked]
    .sort((a, b) => (b.complaints.per100mPremium ?? 0) - (a.complaints.per100mPremium ?? 0))
    .slice(0, MAX_RANKING_BARS)
    .reverse();
  const height = 70 + shown.length * 18;
  return {
    width: 680,
    height,
    option: {
      color: [PALETTE[0]],
      title: {
        text: `${g.label}亿元保费投诉量${ranked.length > shown.length ? `（最高的${shown.length}家）` : ''}`,
        left: 'center',
        textStyle: { fontSize: 13, fontFamily: CHART_FONT },
      },
      grid: { left: 190, right: 50, top: 36, bottom: 24 },
      xAxis: { type: 'value', axisLabel: { fontSize: 10 } },
      yAxis: {
        type: 'category',
        data: shown.map((c) => c.name),
        axisLabel: { fontSize: 10, interval: 0 },
      },
      series: [
        {
          type: 'bar',
          data: shown.map((c) => Number((c.complaints.per100mPremium ?? 0).toFixed(2))),
          label: { show: true, position: 'right', fontSize: 9, formatter: '{c}', textBorderWidth: 0 },
          itemStyle: { color: PALETTE[0] },
          markLine:
            g.industry.per100mPremium === null
              ? undefined
              : {
                  symbol: 'none',
                  label: { formatter: '行业', fontSize: 9, textBorderWidth: 0 },
                  lineStyle: { color: PALETTE[1], type: 'dashed' },
                  data: [{ xAxis: Number(g.industry.per100mPremium.toFixed(2)) }],
                },
        },
      ],
    },
  };
}

function categoryChart(g: GroupSection): ChartSpec | null {
  const data = g.mainCategories.map((c) => ({ name: CATEGORY_LABELS[c.category], value: c.count ?? 0 }));
  if (!data.length) return null;
  return {
    width: 680,
    height: 280,
    option: {
      color: PALETTE,
      title: { text: `${g.label}投诉事项分布`, left: 'center', textStyle: { fontSize: 13 } },
      legend: { orient: 'vertical', left: 10, top: 40, textStyle: { fontSize: 10 } },
      series: [
        {
          type: 'pie',
          radius: ['30%', '62%'],
          center: ['60%', '56%'],
          data,
          label: { fontSize: 10, formatter: '{b} {d}%', textBorderWidth: 0 },
        },
      ],
    },
  };
}

function funnelChart(g: GroupSection): ChartSpec | null {
  const rate = g.industry.per100mPremium;
  const points = g.companies
    .filter((c) => (c.profile.premiumIncome ?? 0) > 0 && c.complaints.per100mPremium !== null)
    .map((c) => ({
      name: c.name,
      size: (c.profile.premiumIncome as number) / 10_000,
      value: c.complaints.per100mPremium as number,
      outlier: c.outlier === true,
    }));
  if (rate === null || points.length < 2) return null;
  const min = Math.min(...points.map((p) => p.size));
  const max = Math.max(...points.map((p) => p.size));
  const steps = 60;
  const xs = Array.from({ length: steps + 1 }, (_, i) => min * Math.pow(max / min, i / steps));
  const limit = (x: number, sign: 1 | -1) => Math.max(0, rate + sign * FUNNEL_Z * Math.sqrt(rate / x));
  const round = (v: number) => Number(v.toFixed(4));
  return {
    width: 680,
    height: 330,
    option: {
      title: {
        text: `${g.label}投诉漏斗图（99.8%控制限）`,
        left: 'center',
        textStyle: { fontSize: 13 },
      },
      legend: { bottom: 0, textStyle: { fontSize: 10 } },
      grid: { left: 60, right: 30, top: 40, bottom: 60 },
      xAxis: {
        type: 'value',
        name: '保费收入（亿元）',
        nameLocation: 'middle',
        nameGap: 24,
        axisLabel: { fontSize: 10 },
      },
      yAxis: {
        type: 'value',
        name: '亿元保费投诉量',
        nameLocation: 'middle',
        nameGap: 40,
        axisLabel: { fontSize: 10 },
      },
      series: [
        {
          name: '公司',
          type: 'scatter',
          symbolSize: 6,
          itemStyle: { color: PALETTE[0] },
          data: points.filter((p) => !p.outlier).map((p) => [round(p.size), round(p.value)]),
        },
        {
          name: '超出控制限',
          type: 'scatter',
          symbolSize: 8,
          itemStyle: { color: PALETTE[1] },
          data: points.filter((p) => p.outlier).map((p) => [round(p.size), round(p.value)]),
        },
        {
          name: '行业水平',
          type: 'line',
          showSymbol: false,
          lineStyle: { color: '#333', width: 1 },
          data: [
            [round(min), round(rate)],
            [round(max), round(rate)],
          ],
        },
        {
          name: '控制上限',
          type: 'line',
          showSymbol: false,
          smooth: true,
          lineStyle: { color: PALETTE[1], type: 'dashed', width: 1 },
          data: xs.map((x) => [round(x), round(limit(x, 1))]),
        },
        {
          name: '控制下限',
          type: 'line',
          showSymbol: false,
          smooth: true,
          lineStyle: { color: PALETTE[2], type: 'dashed', width: 1 },
          data: xs.map((x) => [round(x), round(limit(x, -1))]),
        },
      ],
    },
  };
}

export function bulletinView(content: BulletinContent): Record<string, unknown> {
  return {
    title: content.meta.title,
    meta: content.meta,
    thresholds: content.thresholds,
    inspectionFindings: content.inspectionFindings,
    rules: content.rules,
    categoryLabels: Object.values(CATEGORY_LABELS),
    groups: content.groups.map((g, i) => ({
      ...g,
      number: i + 1,
      hasPrevious: g.previous !== null,
      categoryRows: g.companies.map((c) => ({
        name: c.name,
        counts: Object.keys(CATEGORY_LABELS).map(
          (k) => c.complaints.byCategory[k as keyof typeof CATEGORY_LABELS],
        ),
        total: c.complaints.total,
      })),
      charts: {
        ranking: rankingChart(g),
        categories: categoryChart(g),
        funnel: funnelChart(g),
      },
    })),
  };
}
