/** ECharts options of the console, built from the statistics API's answers (pure functions). */
import { figure, numeric, type CompanyStats, type GroupBlock } from './console.api';
import type { ConsoleMessages } from './console.i18n';
import type { ChartOption } from './echart';

const COLORS = ['#1f4e79', '#2e86c1', '#e67e22', '#b42318', '#1e7b34', '#8e44ad', '#7f8c8d', '#d4ac0d'];
const short = (name: string) => name.replace(/(股份)?有限公司$/, '').replace(/保险$/, '');

/** Ranked insurers by complaints per 100M premium, fewest first. */
export function rankingOption(companies: CompanyStats[], m: ConsoleMessages): ChartOption {
  const ranked = companies
    .filter((c) => c.rank !== null)
    .sort((a, b) => (a.rank as number) - (b.rank as number) || a.orgCode.localeCompare(b.orgCode));
  return {
    color: COLORS,
    tooltip: {
      trigger: 'axis',
      valueFormatter: (v: unknown) => (typeof v === 'number' ? v.toFixed(2) : '—'),
    },
    grid: { left: 8, right: 24, top: 16, bottom: 8, containLabel: true },
    xAxis: { type: 'value', name: m.metrics['complaints.per100mPremium'] },
    yAxis: { type: 'category', inverse: true, data: ranked.map((c) => `${c.rank}. ${short(c.name)}`) },
    series: [
      {
        type: 'bar',
        name: m.metrics['complaints.per100mPremium'],
        data: ranked.map((c) => numeric(figure(c, 'complaints.per100mPremium'))),
        label: { show: true, position: 'right', formatter: (p: { value: number }) => p.value.toFixed(2) },
      },
    ],
  };
}

/** New-business callback methods per insurer (shares of the successful callbacks). */
export function methodMixOption(companies: CompanyStats[], m: ConsoleMessages): ChartOption {
  const rows = companies.filter((c) => (numeric(figure(c, 'callbacks.succeeded')) ?? 0) > 0);
  const methods = ['phone', 'electronic', 'visit', 'letter'] as const;
  return {
    color: COLORS,
    tooltip: {
      trigger: 'axis',
      valueFormatter: (v: unknown) => (typeof v === 'number' ? `${v.toFixed(2)}%` : '—'),
    },
    legend: { top: 0 },
    grid: { left: 8, right: 24, top: 32, bottom: 8, containLabel: true },
    xAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
    yAxis: { type: 'category', inverse: true, data: rows.map((c) => short(c.name)) },
    series: methods.map((method) => ({
      type: 'bar',
      stack: 'methods',
      name: m.methods[method],
      data: rows.map((c) => {
        const n = numeric(figure(c, `callbacks.byMethod.${method}`)) ?? 0;
        const total = numeric(figure(c, 'callbacks.succeeded')) as number;
        return (n / total) * 100;
      }),
    })),
  };
}

/** Complaint categories of a block (industry or one insurer). */
export function categoriesOption(
  source: { complaints: GroupBlock['complaints'] },
  m: ConsoleMessages,
): ChartOption {
  const byCategory = (source.complaints['byCategory'] ?? {}) as Record<string, number | null>;
  return {
    color: COLORS,
    tooltip: { trigger: 'item', formatter: '{b}: {c} ({d}%)' },
    legend: { type: 'scroll', bottom: 0 },
    series: [
      {
        type: 'pie',
        radius: ['35%', '65%'],
        name: m.charts.categories,
        data: Object.entries(byCategory).map(([k, v]) => ({
          name: m.categories[k as keyof ConsoleMessages['categories']] ?? k,
          value: v ?? 0,
        })),
      },
    ],
  };
}

/**
 * Funnel plot of one rate: each insurer at (size, rate), with the 99.8% control limits around the pooled
 * group rate drawn over the range of sizes (the same formulas as the server: binomial θ ± z√(θ(1−θ)/n),
 * Poisson θ ± z√(θ/E)).
 */
export function funnelOption(
  companies: CompanyStats[],
  block: GroupBlock,
  key: string,
  label: string,
  m: ConsoleMessages,
): ChartOption {
  const f = block.funnel[key];
  const points = companies
    .map((c) => ({ c, p: c.funnel[key] }))
    .filter((x) => x.p && x.p.size !== null && x.p.size > 0 && x.p.value !== null);
  const percent = f?.model === 'binomial';
  const scale = (v: number) => (percent ? v * 100 : v);
  const sizes = points.map((x) => x.p.size as number);
  const theta = f?.groupRate ?? null;
  const curve = (sign: 1 | -1): [number, number][] => {
    if (theta === null || sizes.length === 0) return [];
    const lo = Math.min(...sizes) * 0.8;
    const hi = Math.max(...sizes) * 1.2;
    const out: [number, number][] = [];
    for (let i = 0; i <= 60; i++) {
      const n = lo * Math.pow(hi / lo, i / 60);
      const half =
        f.model === 'binomial'
          ? block.z * Math.sqrt((theta * (1 - theta)) / n)
          : block.z * Math.sqrt(theta / n);
      let v = theta + sign * half;
      v = Math.max(v, 0);
      if (f.model === 'binomial') v = Math.min(v, 1);
      out.push([n, scale(v)]);
    }
    return out;
  };
  return {
    color: COLORS,
    tooltip: {
      trigger: 'item',
      formatter: (p: { seriesType: string; data: { name?: string; value: [number, number] } }) =>
        p.seriesType === 'scatter' && p.data.name
          ? `${p.data.name}<br/>${label}: ${p.data.value[1].toFixed(2)}${percent ? '%' : ''}<br/>${m.charts.size}: ${p.data.value[0].toFixed(2)}`
          : '',
    },
    legend: { top: 0 },
    grid: { left: 8, right: 24, top: 32, bottom: 8, containLabel: true },
    xAxis: { type: 'log', name: m.charts.size, nameLocation: 'middle', nameGap: 24 },
    yAxis: { type: 'value', name: label, axisLabel: percent ? { formatter: '{value}%' } : {} },
    series: [
      {
        type: 'scatter',
        name: label,
        symbolSize: 10,
        data: points.map((x) => ({
          name: short(x.c.name),
          value: [x.p.size as number, scale(x.p.value as number)],
          itemStyle: x.p.outlier ? { color: '#b42318' } : undefined,
        })),
      },
      {
        type: 'line',
        name: m.charts.upper,
        showSymbol: false,
        lineStyle: { type: 'dashed' },
        data: curve(1),
      },
      {
        type: 'line',
        name: m.charts.lower,
        showSymbol: false,
        lineStyle: { type: 'dashed' },
        data: curve(-1),
      },
      {
        type: 'line',
        name: m.charts.groupRate,
        showSymbol: false,
        data:
          theta === null || sizes.length === 0
            ? []
            : [
                [Math.min(...sizes) * 0.8, scale(theta)],
                [Math.max(...sizes) * 1.2, scale(theta)],
              ],
      },
    ],
  };
}

/** One insurer across periods: complaints per 100M premium and the callback success rate. */
export function trendOption(trend: CompanyStats[], m: ConsoleMessages): ChartOption {
  const rate = (c: CompanyStats) => {
    const v = numeric(figure(c, 'callbacks.successRate'));
    return v === null ? null : v * 100;
  };
  return {
    color: COLORS,
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 8, right: 8, top: 32, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: trend.map((c) => c.period) },
    yAxis: [
      { type: 'value', name: m.metrics['complaints.per100mPremium'] },
      { type: 'value', name: '%', min: 0, max: 100 },
    ],
    series: [
      {
        type: 'line',
        name: m.metrics['complaints.per100mPremium'],
        data: trend.map((c) => numeric(figure(c, 'complaints.per100mPremium'))),
      },
      { type: 'line', name: m.metrics['callbacks.successRate'], yAxisIndex: 1, data: trend.map(rate) },
    ],
  };
}

/** A horizontal bar per insurer (rule view). */
export function barsOption(rows: { name: string; value: number }[], label: string): ChartOption {
  return {
    color: COLORS,
    tooltip: { trigger: 'axis' },
    grid: { left: 8, right: 24, top: 8, bottom: 8, containLabel: true },
    xAxis: { type: 'value', name: label },
    yAxis: { type: 'category', inverse: true, data: rows.map((r) => short(r.name)) },
    series: [
      { type: 'bar', name: label, data: rows.map((r) => r.value), label: { show: true, position: 'right' } },
    ],
  };
}
