import * as api from '../index';

describe('public API (src/index.ts)', () => {
  it('re-exports the calendar, the data, validation and the date helpers', () => {
    expect(typeof api.WorkingDayCalendar).toBe('function');
    expect(typeof api.CalendarNotCoveredError).toBe('function');
    expect(typeof api.officialCalendar).toBe('function');
    expect(typeof api.validateSchedule).toBe('function');
    expect(typeof api.isIsoDate).toBe('function');
    expect(typeof api.addDays).toBe('function');
    expect(typeof api.dayOfWeek).toBe('function');
    expect(api.OFFICIAL_SCHEDULES).toHaveLength(7);
  });

  it('works end to end through the barrel', () => {
    const extended = api.officialCalendar().withSchedule(
      api.validateSchedule({
        year: 2027,
        holidays: ['2027-01-01'],
        makeupWorkdays: [],
        source: 'TEST ONLY — fictional',
      }),
    );
    expect(extended.addWorkingDays('2026-12-31', 1)).toBe('2027-01-04'); // 2027-01-01 Fri off, then the weekend
    expect(() => api.officialCalendar().addWorkingDays('2026-12-31', 1)).toThrow(api.CalendarNotCoveredError);
  });
});
