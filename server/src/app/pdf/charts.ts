import type * as Echarts from 'echarts';

/**
 * ECharts (its source alone is a 7 MB string in the heap, ~18 MB of RSS) is loaded on the first chart, not when
 * the server starts: most server processes never draw one.
 */
let loaded: typeof Echarts | null = null;
function echartsModule(): typeof Echarts {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  loaded ??= require('echarts') as typeof Echarts;
  return loaded;
}

/** The font every chart's text uses: the same embedded web font as the document (inline SVG inherits it). */
export const CHART_FONT = "'Noto Sans SC', sans-serif";

/** An ECharts option: plain data (titles, series, axes), never markup. */
export type ChartOption = Record<string, unknown>;

export interface ChartSpec {
  option: ChartOption;
  width: number;
  height: number;
}

/**
 * Renders a chart to an SVG string on the server, without a browser, a canvas or the network
 * (ECharts server-side rendering). ECharts escapes every text it writes into the SVG, so the names in the
 * data (insurer names, categories) cannot inject markup.
 */
export function renderChartSvg(spec: ChartSpec): string {
  const chart = echartsModule().init(null, null, {
    renderer: 'svg',
    ssr: true,
    width: spec.width,
    height: spec.height,
  });
  try {
    chart.setOption({
      animation: false,
      textStyle: { fontFamily: CHART_FONT },
      ...spec.option,
    });
    return withoutTextOutlines(chart.renderToSVGString());
  } finally {
    chart.dispose();
  }
}

/**
 * ECharts draws a white outline (stroke + paint-order) around many labels. Chromium prints stroked text as
 * Type 3 outlines instead of the embedded font, so those labels could not be searched or copied: drop the
 * outline from every <text> element (on our white background it is invisible anyway).
 */
export function withoutTextOutlines(svg: string): string {
  return svg.replace(/<text\b[^>]*>/g, (tag) =>
    tag.replace(/\s(?:stroke|stroke-width|paint-order|stroke-miterlimit|stroke-linejoin)="[^"]*"/g, ''),
  );
}
