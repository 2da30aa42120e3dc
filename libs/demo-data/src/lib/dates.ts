/**
 * Dates as integer day numbers (days since 1970-01-01, UTC). All arithmetic is on integers;
 * formatting goes through Date.UTC-free civil-date conversion, so no time zone ever leaks in.
 */

/** Day number → [year, month 1-12, day 1-31] (Howard Hinnant's civil_from_days). */
export function civilFromDays(z: number): [number, number, number] {
  z += 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const y = yoe + era * 400;
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return [m <= 2 ? y + 1 : y, m, d];
}

/** [year, month 1-12, day] → day number (days_from_civil). */
export function daysFromCivil(y: number, m: number, d: number): number {
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

const cache = new Map<number, string>();

/** Day number → 'YYYY-MM-DD' (cached; the cache holds at most one entry per distinct day). */
export function fmtDay(day: number): string {
  let s = cache.get(day);
  if (s === undefined) {
    const [y, m, d] = civilFromDays(day);
    s = `${String(y).padStart(4, '0')}-${m < 10 ? '0' : ''}${m}-${d < 10 ? '0' : ''}${d}`;
    if (cache.size < 200000) cache.set(day, s);
  }
  return s;
}

/** 'YYYY-MM-DD' → day number. */
export function parseDay(s: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) throw new Error(`not an ISO date: ${s}`);
  return daysFromCivil(Number(m[1]), Number(m[2]), Number(m[3]));
}

/** 0 = Sunday … 6 = Saturday. */
export function weekday(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

export interface Period {
  /** e.g. '2026H1' */
  code: string;
  year: number;
  half: 1 | 2;
  /** first day (day number) */
  start: number;
  /** last day (day number), inclusive */
  end: number;
}

export function parsePeriod(code: string): Period {
  const m = /^(\d{4})H([12])$/.exec(code);
  if (!m) throw new Error(`invalid period '${code}', expected YYYYH1 or YYYYH2`);
  const year = Number(m[1]);
  const half = Number(m[2]) as 1 | 2;
  const start = half === 1 ? daysFromCivil(year, 1, 1) : daysFromCivil(year, 7, 1);
  const end = half === 1 ? daysFromCivil(year, 6, 30) : daysFromCivil(year, 12, 31);
  return { code, year, half, start, end };
}

/** The period before `p` (2026H1 → 2025H2). */
export function previousPeriod(p: Period): Period {
  return parsePeriod(p.half === 1 ? `${p.year - 1}H2` : `${p.year}H1`);
}
