import {
  lastCompletePeriod,
  periodOf,
  periodProblem,
  previousPeriod,
  reportablePeriods,
  todayInChina,
} from './periods';

describe('reporting periods', () => {
  it('takes today in China, whatever the browser’s time zone', () => {
    // 2026-06-30 17:00 UTC is already 1 July in Beijing
    expect(todayInChina(new Date('2026-06-30T17:00:00Z'))).toBe('2026-07-01');
    expect(todayInChina(new Date('2026-06-30T15:59:00Z'))).toBe('2026-06-30');
  });

  it('defaults to the last half-year that has ended', () => {
    expect(lastCompletePeriod('2026-11-25')).toBe('2026H1');
    expect(lastCompletePeriod('2026-07-01')).toBe('2026H1');
    expect(lastCompletePeriod('2026-06-30')).toBe('2025H2');
    expect(lastCompletePeriod('2026-01-01')).toBe('2025H2');
    expect(periodOf('2026-06-30')).toBe('2026H1');
    expect(periodOf('2026-07-01')).toBe('2026H2');
  });

  it('accepts a well-formed half-year that has begun, and nothing else', () => {
    expect(periodProblem('2026H2', '2026-07-01')).toBeNull();
    expect(periodProblem('2026H2', '2026-06-30')).toBe('notBegun');
    expect(periodProblem('2027H1', '2026-11-25')).toBe('notBegun');
    expect(periodProblem('2026H3', '2026-11-25')).toBe('malformed');
    expect(periodProblem('26H1', '2026-11-25')).toBe('malformed');
  });

  it('lists the periods that may be reported, newest first', () => {
    expect(previousPeriod('2026H1')).toBe('2025H2');
    expect(previousPeriod('2026H2')).toBe('2026H1');
    const list = reportablePeriods('2026-11-25');
    expect(list.slice(0, 3)).toEqual(['2026H2', '2026H1', '2025H2']);
    expect(list[list.length - 1]).toBe('2020H1');
    expect(list).toHaveLength(14);
  });
});
