const INTEGER = new Intl.NumberFormat('en-US');
const INSTANT = new Intl.DateTimeFormat('sv-SE', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
});

/** 1234567 → "1,234,567". */
export function formatInteger(n: number | null | undefined): string {
  return n === null || n === undefined ? '—' : INTEGER.format(n);
}

/** An ISO instant as China time, "2026-07-10 17:30". */
export function formatInstant(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : INSTANT.format(d);
}

/** 1536 → "1.5 KB". */
export function formatBytes(n: number | null | undefined): string {
  if (n === null || n === undefined) return '—';
  if (n < 1024) return `${n} B`;
  const units = ['KB', 'MB', 'GB'];
  let v = n / 1024;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${v.toFixed(v < 10 ? 1 : 0)} ${units[u]}`;
}

/** Severity order for tables: errors first, then warnings, then findings; within one, by rule code. */
export function bySeverityThenCode(
  severityOf: (code: string) => string | undefined,
): (a: string, b: string) => number {
  const rank = (code: string) => ({ error: 0, warning: 1, finding: 2 })[severityOf(code) ?? ''] ?? 3;
  return (a, b) => rank(a) - rank(b) || a.localeCompare(b, 'en', { numeric: true });
}
