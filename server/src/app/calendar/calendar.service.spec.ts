import { CalendarNotCoveredError, officialCalendar, validateSchedule } from '@portal/calendar';
import { CalendarService } from './calendar.service';

describe('CalendarService (without a database)', () => {
  it('serves the official calendar and refuses an uncovered year', async () => {
    const s = new CalendarService();
    expect(s.current().addWorkingDays('2026-02-10', 15)).toBe('2026-03-09');
    expect(await s.compute((cal) => cal.addWorkingDays('2025-04-25', 5))).toBe('2025-05-06');
    await expect(s.compute((cal) => cal.addWorkingDays('2027-03-01', 1))).rejects.toBeInstanceOf(
      CalendarNotCoveredError,
    );
    expect(s.coveredYears().map((y) => [y.year, y.origin])).toContainEqual([2026, 'official']);
  });

  it('uses a calendar given to it', async () => {
    const s = new CalendarService();
    s.use(
      officialCalendar().withSchedule(
        validateSchedule({ year: 2027, holidays: ['2027-01-01'], makeupWorkdays: [], source: 'test' }),
      ),
    );
    expect((await s.fresh()).addWorkingDays('2026-12-31', 1)).toBe('2027-01-04');
  });
});
