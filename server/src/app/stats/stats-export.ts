/**
 * The period overview as a download: one row per insurer, the METRICS.md keys as columns (flat, dot-separated),
 * rates unrounded. Safe against formula injection: a text cell a spreadsheet could take for a formula
 * (`=`, `+`, `-`, `@`, tab, CR) gets a leading apostrophe (OWASP "CSV injection"); numbers stay numbers.
 */
import type { Catalog, Period } from '@portal/reporting-standard';
import ExcelJS from 'exceljs';
import type { Writable } from 'node:stream';
import { csvField, neutralise } from '../common/spreadsheet-cell';
import { companyKeys, RATE_DEFS, GROUP_RELATIVE_KEYS, type Nested } from './metrics';
import { KINDS, type CompanyStatsDto, type PeriodStatsDto } from './dto/stats.dto';

export type Cell = string | number | null;

function pick(company: CompanyStatsDto, key: string): Cell {
  const [block, ...rest] = key.split('.');
  if (block === 'findings') return company.findings[rest.join('.')] ?? null;
  let node: unknown = (company as unknown as Record<string, Nested>)[block];
  for (const part of rest) {
    if (node === null || typeof node !== 'object') return null;
    node = (node as Nested)[part];
  }
  return typeof node === 'number' || typeof node === 'string' ? node : null;
}

/** Header and rows of the overview. */
export function overviewTable(
  stats: PeriodStatsDto,
  catalog: Catalog,
  period: Period,
): { header: string[]; rows: Cell[][]; rateColumns: Set<number> } {
  const keys = companyKeys(catalog, period);
  const outlierKeys = RATE_DEFS.filter((r) => r.funnel).map((r) => r.key);
  const header = [
    'orgCode',
    'name',
    'group',
    'rank',
    ...keys,
    ...outlierKeys.map((k) => `outlier.${k}`),
    ...KINDS.map((k) => `submissions.${k}.status`),
    'onTimeSubmissionRate',
  ];
  const rateKeys = new Set<string>([
    ...RATE_DEFS.map((r) => r.key),
    ...GROUP_RELATIVE_KEYS.filter((k) => k !== 'complaints.complaintIndex'),
    'onTimeSubmissionRate',
  ]);
  const rateColumns = new Set<number>();
  header.forEach((h, i) => {
    if (rateKeys.has(h) && !h.startsWith('complaints.per')) rateColumns.add(i);
  });
  const rows = stats.companies.map((c): Cell[] => [
    c.orgCode,
    c.name,
    c.group,
    c.rank,
    ...keys.map((k) => pick(c, k)),
    ...outlierKeys.map((k) => c.outlier[k] ?? null),
    ...KINDS.map((k) => c.submissions[k].status),
    c.onTimeSubmissionRate,
  ]);
  return { header, rows, rateColumns };
}

/** UTF-8 with a byte-order mark (so spreadsheet programs read the Chinese names), CRLF lines. */
export function overviewCsv(stats: PeriodStatsDto, catalog: Catalog, period: Period): string {
  const { header, rows } = overviewTable(stats, catalog, period);
  const lines = [header, ...rows].map((r) => r.map(csvField).join(','));
  return '\uFEFF' + lines.join('\r\n') + '\r\n';
}

/** Streams the overview as an XLSX workbook (rates formatted as percentages, values unrounded). */
export async function writeOverviewXlsx(
  stats: PeriodStatsDto,
  catalog: Catalog,
  period: Period,
  out: Writable,
): Promise<void> {
  const { header, rows, rateColumns } = overviewTable(stats, catalog, period);
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: out,
    useStyles: true,
    useSharedStrings: false,
  });
  const sheet = workbook.addWorksheet(stats.period);
  sheet.columns = header.map((h, i) => ({
    header: h,
    key: String(i),
    width: Math.min(Math.max(h.length, 10), 40),
    style: rateColumns.has(i) ? { numFmt: '0.00%' } : {},
  }));
  for (const r of rows) {
    sheet.addRow(r.map((v) => (typeof v === 'string' ? neutralise(v) : v))).commit();
  }
  sheet.commit();
  await workbook.commit();
}
