import type { HelperDelegate, HelperOptions } from 'handlebars';
import Handlebars from 'handlebars';
import { type ChartSpec, renderChartSvg } from './charts';

/** What every template may call. Formatting follows METRICS.md: "—" for null, percentages with two decimals. */
export const DASH = '—';

const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** 0.937661104327771 → "93.77%"; null → "—". */
export function formatPercent(v: unknown, digits = 2): string {
  return isNum(v) ? `${(v * 100).toFixed(digits)}%` : DASH;
}

/** 12345 → "12,345"; 1234.5 with digits=2 → "1,234.50"; null → "—". */
export function formatNumber(v: unknown, digits = 0): string {
  if (!isNum(v)) return DASH;
  return v.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** "2026-07-15" → "2026年7月15日". */
export function formatChineseDate(v: unknown): string {
  if (typeof v !== 'string') return DASH;
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(v);
  return m ? `${m[1]}年${Number(m[2])}月${Number(m[3])}日` : DASH;
}

const DATE_TIME = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** An instant ("2026-07-10T10:00:00.000Z") as China time: "2026年7月10日 18:00". */
export function formatChineseDateTime(v: unknown): string {
  if (typeof v !== 'string') return DASH;
  const d = new Date(v);
  if (Number.isNaN(d.getTime())) return DASH;
  const parts = Object.fromEntries(DATE_TIME.formatToParts(d).map((p) => [p.type, p.value]));
  return `${parts['year']}年${Number(parts['month'])}月${Number(parts['day'])}日 ${parts['hour']}:${parts['minute']}`;
}

/** A signed change, e.g. +12 / −3 / 0 for counts and +1.25 个百分点 for rates (pp = percentage points). */
export function formatChange(v: unknown, kind: 'count' | 'pp' | 'ratio' | 'dec' = 'count'): string {
  if (!isNum(v)) return DASH;
  const sign = v > 0 ? '+' : v < 0 ? '−' : '';
  const abs = Math.abs(v);
  if (kind === 'pp') return `${sign}${(abs * 100).toFixed(2)} 个百分点`;
  if (kind === 'dec') return `${sign}${formatNumber(abs, 2)}`;
  if (kind === 'ratio') return `${sign}${(abs * 100).toFixed(2)}%`;
  return `${sign}${formatNumber(abs)}`;
}

/** Drops Handlebars' trailing options argument from a helper's arguments. */
const args = (all: unknown[]): unknown[] => all.slice(0, -1);

export const HELPERS: Record<string, HelperDelegate> = {
  pct: (...a: unknown[]) => {
    const [v, digits] = args(a);
    return formatPercent(v, isNum(digits) ? digits : 2);
  },
  num: (...a: unknown[]) => {
    const [v, digits] = args(a);
    return formatNumber(v, isNum(digits) ? digits : 0);
  },
  /** A value or "—" when null/undefined/empty. */
  dash: (...a: unknown[]) => {
    const [v] = args(a);
    return v === null || v === undefined || v === '' ? DASH : v;
  },
  cnDate: (...a: unknown[]) => formatChineseDate(args(a)[0]),
  cnDateTime: (...a: unknown[]) => formatChineseDateTime(args(a)[0]),
  change: (...a: unknown[]) => {
    const [v, kind] = args(a);
    return formatChange(v, kind === 'pp' || kind === 'ratio' || kind === 'dec' ? kind : 'count');
  },
  eq: (...a: unknown[]) => {
    const [x, y] = args(a);
    return x === y;
  },
  inc: (...a: unknown[]) => Number(args(a)[0]) + 1,
  /**
   * `{{chart spec}}`: renders the ECharts option in `spec` ({option, width, height}) to inline SVG. The SVG is
   * produced here from data (ECharts escapes its text), so it is the one thing a template may emit unescaped.
   */
  chart: (spec: ChartSpec, options: HelperOptions) => {
    void options;
    if (!spec || typeof spec !== 'object' || !spec.option) return '';
    return new Handlebars.SafeString(`<figure class="chart">${renderChartSvg(spec)}</figure>`);
  },
  /**
   * `{{#paragraphs text}}`: free text (e.g. inspection findings) as escaped paragraphs, one per line.
   * Used as a block: `{{#paragraphs findings}}<p>{{this}}</p>{{/paragraphs}}`.
   */
  paragraphs: function (this: unknown, text: unknown, options: HelperOptions) {
    const lines =
      typeof text === 'string'
        ? text
            .split(/\r?\n/)
            .map((l) => l.trim())
            .filter(Boolean)
        : [];
    return lines.map((l) => options.fn(l)).join('');
  },
};
