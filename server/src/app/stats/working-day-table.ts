import { createHash } from 'node:crypto';
import type { WorkingDayCalendar } from '@portal/calendar';
import type { EntityManager } from 'typeorm';

export interface CalendarDayRows {
  day: string[];
  segment: number[];
  workdaysThrough: number[];
  isWorking: boolean[];
}

const signatures = new WeakMap<WorkingDayCalendar, string>();

/** A hash of the schedules a calendar is built from: the same schedules, the same working days. */
export function calendarSignature(calendar: WorkingDayCalendar): string {
  let sig = signatures.get(calendar);
  if (!sig) {
    const data = calendar.schedules().map((s) => [s.year, [...s.holidays], [...s.makeupWorkdays]]);
    sig = createHash('sha256').update(JSON.stringify(data)).digest('hex');
    signatures.set(calendar, sig);
  }
  return sig;
}

function iso(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/**
 * Every day of the covered years with its working-day ordinal. Runs of consecutive covered years are
 * segments (numbered by their first year); the ordinal counts working days from the segment's first day up
 * to and including the day, so "X is on or before N working days after D" is
 * `before(X) < through(D) + N` within one segment (see the statistics migration).
 */
export function calendarDayRows(calendar: WorkingDayCalendar): CalendarDayRows {
  const rows: CalendarDayRows = { day: [], segment: [], workdaysThrough: [], isWorking: [] };
  const years = calendar.coveredYears();
  let segment = -1;
  let count = 0;
  let prevYear = Number.NaN;
  for (const year of years) {
    if (year !== prevYear + 1) {
      segment = year;
      count = 0;
    }
    prevYear = year;
    const end = Date.UTC(year, 11, 31);
    for (let ms = Date.UTC(year, 0, 1); ms <= end; ms += 86_400_000) {
      const day = iso(ms);
      const working = calendar.isWorkingDay(day);
      if (working) count++;
      rows.day.push(day);
      rows.segment.push(segment);
      rows.workdaysThrough.push(count);
      rows.isWorking.push(working);
    }
  }
  return rows;
}

/** Held exclusively while the table is refilled, shared by a recomputation that reads it. */
export const CALENDAR_LOCK = 7341302;

/**
 * Makes `stats_calendar_day` hold `calendar` (refilled when the calendar in force changed, e.g. a regulator
 * admin loaded next year's schedule). Run it in a transaction of its own: the refill is atomic for readers,
 * and concurrent callers wait for one another.
 */
export async function ensureCalendarTable(em: EntityManager, calendar: WorkingDayCalendar): Promise<boolean> {
  const signature = calendarSignature(calendar);
  const check = async () => {
    const [row]: { signature: string }[] = await em.query(
      `SELECT signature FROM stats_calendar_fill WHERE id = 1`,
    );
    return row?.signature === signature;
  };
  if (await check()) return false;
  await em.query('SELECT pg_advisory_xact_lock($1)', [CALENDAR_LOCK]);
  if (await check()) return false;
  const rows = calendarDayRows(calendar);
  await em.query(`DELETE FROM stats_calendar_day`);
  await em.query(
    `INSERT INTO stats_calendar_day (day, segment, workdays_through, is_working)
     SELECT * FROM unnest($1::date[], $2::smallint[], $3::int[], $4::boolean[])`,
    [rows.day, rows.segment, rows.workdaysThrough, rows.isWorking],
  );
  await em.query(
    `INSERT INTO stats_calendar_fill (id, signature, filled_at) VALUES (1, $1, now())
     ON CONFLICT (id) DO UPDATE SET signature = EXCLUDED.signature, filled_at = EXCLUDED.filled_at`,
    [signature],
  );
  return true;
}
