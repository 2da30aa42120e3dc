import { dateInChina, todayInChina } from './china-date';

describe('dates in China', () => {
  it('takes the calendar day in UTC+8, whatever the server time zone', () => {
    // 00:30 on 31 July in Beijing is still 30 July in UTC.
    expect(dateInChina(new Date('2026-07-30T16:30:00Z'))).toBe('2026-07-31');
    expect(dateInChina(new Date('2026-07-30T15:59:59Z'))).toBe('2026-07-30');
    expect(dateInChina(new Date('2026-12-31T16:00:00Z'))).toBe('2027-01-01');
  });

  it('formats today as YYYY-MM-DD', () => {
    expect(todayInChina(new Date('2026-02-10T03:00:00Z'))).toBe('2026-02-10');
    expect(todayInChina()).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });
});
