import { periodFromCode } from '@portal/reporting-standard';

/** Calendar dates as the portal's users live them: China Standard Time, whatever the browser's zone. */
const CHINA_DATE = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** Today's `YYYY-MM-DD` in China (the server takes the upload date the same way). */
export function todayInChina(now: Date = new Date()): string {
  return CHINA_DATE.format(now);
}

/** The half-year `today` falls in. */
export function periodOf(today: string): string {
  return `${today.slice(0, 4)}H${Number(today.slice(5, 7)) <= 6 ? 1 : 2}`;
}

/** The last half-year that has ended by `today`: the default period to report. */
export function lastCompletePeriod(today: string): string {
  const year = Number(today.slice(0, 4));
  return Number(today.slice(5, 7)) <= 6 ? `${year - 1}H2` : `${year}H1`;
}

export function previousPeriod(code: string): string {
  const year = Number(code.slice(0, 4));
  return code.endsWith('H2') ? `${year}H1` : `${year - 1}H2`;
}

/** Why a period cannot be reported (not `YYYYH1`/`YYYYH2`, or not begun), or null when it can. */
export function periodProblem(code: string, today: string): 'malformed' | 'notBegun' | null {
  const p = periodFromCode(code);
  if (!p) return 'malformed';
  return p.startsOn > today ? 'notBegun' : null;
}

/** Periods an insurer may report, newest first: from the current half-year back to `oldest`. */
export function reportablePeriods(today: string, oldest = '2020H1'): string[] {
  const out: string[] = [];
  for (let p = periodOf(today); p >= oldest && out.length < 40; p = previousPeriod(p)) out.push(p);
  return out;
}
