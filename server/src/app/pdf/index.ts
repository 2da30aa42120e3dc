export { PdfModule } from './pdf.module';
export {
  PdfRenderer,
  PdfRenderError,
  PDF_CONFIG,
  type RenderReport,
  type RenderResult,
} from './pdf-renderer.service';
export { loadPdfConfig, type PdfConfig } from './pdf.config';
export { type ChartSpec, type ChartOption, CHART_FONT } from './charts';
export { formatPercent, formatNumber, formatChineseDate, DASH } from './helpers';
