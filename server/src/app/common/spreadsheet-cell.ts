/**
 * Cells of every CSV and XLSX the portal hands out (validation reports, statistics exports, bulletin open
 * data). A text cell a spreadsheet could take for a formula (`=`, `+`, `-`, `@`, tab, CR) gets a leading
 * apostrophe, so `=HYPERLINK(…)` from an upload is shown as text, never run (OWASP "CSV injection");
 * numbers stay numbers.
 */
export type SpreadsheetValue = string | number | boolean | null;

export function neutralise(s: string): string {
  return s.length > 0 && /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
}

/** One RFC 4180 CSV field: empty for null, quoted when it holds a comma, quote or line break. */
export function csvField(v: SpreadsheetValue): string {
  if (v === null) return '';
  const s =
    typeof v === 'number' ? String(v) : typeof v === 'boolean' ? (v ? 'true' : 'false') : neutralise(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
