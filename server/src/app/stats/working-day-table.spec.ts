import { officialCalendar, WorkingDayCalendar, OFFICIAL_SCHEDULES } from '@portal/calendar';
import { calendarDayRows, calendarSignature } from './working-day-table';

/** The SQL test of the migration, in JS over the same rows: X ≤ N working days after D. */
function within(
  rows: ReturnType<typeof calendarDayRows>,
  base: string,
  x: string,
  n: number,
): boolean | null {
  const b = rows.day.indexOf(base);
  const d = rows.day.indexOf(x);
  if (b < 0 || d < 0 || rows.segment[b] !== rows.segment[d]) return null;
  return rows.workdaysThrough[d] - (rows.isWorking[d] ? 1 : 0) < rows.workdaysThrough[b] + n;
}

describe('working-day table', () => {
  const cal = officialCalendar();
  const rows = calendarDayRows(cal);

  it('has every day of the covered years with a running count of working days', () => {
    expect(rows.day[0]).toBe('2020-01-01');
    expect(rows.day[rows.day.length - 1]).toBe('2026-12-31');
    const i = rows.day.indexOf('2026-02-16'); // Spring Festival 2026: a holiday
    expect(rows.isWorking[i]).toBe(cal.isWorkingDay('2026-02-16'));
  });

  it('decides "on or before N working days after D" as the calendar does', () => {
    for (const base of ['2026-02-10', '2025-09-26', '2024-12-31', '2026-04-30', '2023-01-20']) {
      for (const n of [1, 5, 15]) {
        const deadline = cal.addWorkingDays(base, n);
        const at = rows.day.indexOf(deadline);
        expect(within(rows, base, rows.day[at - 1], n)).toBe(true);
        expect(within(rows, base, deadline, n)).toBe(true);
        expect(within(rows, base, rows.day[at + 1], n)).toBe(false);
      }
    }
  });

  it('splits runs of consecutive covered years into segments, and hashes the schedules', () => {
    const gappy = new WorkingDayCalendar(OFFICIAL_SCHEDULES.filter((s) => s.year !== 2023));
    const r = calendarDayRows(gappy);
    expect(r.segment[r.day.indexOf('2022-12-31')]).toBe(2020);
    expect(r.segment[r.day.indexOf('2024-01-01')]).toBe(2024);
    expect(within(r, '2022-12-30', '2024-01-02', 5)).toBeNull();
    expect(calendarSignature(gappy)).not.toBe(calendarSignature(cal));
    expect(calendarSignature(officialCalendar())).toBe(calendarSignature(cal));
  });
});
