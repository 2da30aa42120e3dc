import { addDays, InvalidDateError } from './dates';
import { OFFICIAL_SCHEDULES } from './official-schedules';
import { HolidaySchedule, ScheduleValidationError } from './schedule';
import { CalendarNotCoveredError, officialCalendar, WorkingDayCalendar } from './working-day-calendar';

const cal = officialCalendar();

/** A made-up 2027 schedule, for tests only (the real 2027 notice is NOT bundled). 2027-01-01 is a Friday. */
const FICTIONAL_2027: HolidaySchedule = {
  year: 2027,
  holidays: ['2027-01-01', '2027-01-02', '2027-01-03'],
  makeupWorkdays: ['2027-01-09'], // Saturday
  source: 'TEST ONLY — fictional schedule, not a State Council notice',
};

function thrownBy(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error('expected an exception');
}

/** Slow, independent reference: step day by day using raw sets built straight from the schedule data. */
function referenceAddWorkingDays(from: string, n: number): string {
  const holidays = new Set(OFFICIAL_SCHEDULES.flatMap((s) => s.holidays));
  const makeups = new Set(OFFICIAL_SCHEDULES.flatMap((s) => s.makeupWorkdays));
  const isWorking = (d: string): boolean => {
    if (makeups.has(d)) return true;
    if (holidays.has(d)) return false;
    const w = new Date(`${d}T00:00:00Z`).getUTCDay();
    return w >= 1 && w <= 5;
  };
  let d = from;
  for (let k = 0; k < n; ) {
    d = addDays(d, 1);
    if (isWorking(d)) k++;
  }
  return d;
}

describe('officialCalendar', () => {
  it('is memoised', () => {
    expect(officialCalendar()).toBe(cal);
  });

  it('covers 2020–2026 only', () => {
    expect(cal.coveredYears()).toEqual([2020, 2021, 2022, 2023, 2024, 2025, 2026]);
    expect(cal.covers(2020)).toBe(true);
    expect(cal.covers(2026)).toBe(true);
    expect(cal.covers(2019)).toBe(false);
    expect(cal.covers(2027)).toBe(false);
  });

  it('coveredYears() returns a copy', () => {
    cal.coveredYears().push(2099);
    expect(cal.covers(2099)).toBe(false);
    expect(cal.coveredYears()).toHaveLength(7);
  });

  it('exposes the loaded schedules', () => {
    expect(cal.scheduleFor(2026)?.source).toBe('国办发明电〔2025〕7号');
    expect(cal.scheduleFor(2027)).toBeUndefined();
    expect(cal.schedules().map((s) => s.year)).toEqual(cal.coveredYears());
  });
});

describe('isWorkingDay — ordinary days', () => {
  it.each([
    ['2025-03-12', true], // Wednesday
    ['2025-03-14', true], // Friday
    ['2025-03-15', false], // Saturday
    ['2025-03-16', false], // Sunday
    ['2026-07-06', true], // Monday
    ['2026-07-11', false], // Saturday
    ['2026-07-12', false], // Sunday
    ['2025-01-27', true], // Monday before the Spring Festival block
    ['2024-02-09', true], // 2024 除夕, a Friday: only "encouraged" as a day off, legally a working day
  ])('%s → %s', (d, want) => expect(cal.isWorkingDay(d)).toBe(want));

  it('2020: the Spring Festival extension (国办发明电〔2020〕1号) cancelled the 2020-02-01 make-up day', () => {
    expect(cal.isWorkingDay('2020-01-19')).toBe(true); // Sunday make-up day, still worked
    expect(cal.isWorkingDay('2020-01-31')).toBe(false); // Friday, extension
    expect(cal.isWorkingDay('2020-02-01')).toBe(false); // Saturday: originally a make-up day, cancelled
    expect(cal.isWorkingDay('2020-02-02')).toBe(false); // Sunday, extension
    expect(cal.isWorkingDay('2020-02-03')).toBe(true); // Monday, back to work
  });

  it('2022-12-31 (first day of the 2023 New Year holiday) is a day off', () => {
    expect(cal.isWorkingDay('2022-12-31')).toBe(false);
    expect(cal.isWorkingDay('2023-01-02')).toBe(false);
    expect(cal.isWorkingDay('2023-01-03')).toBe(true);
  });
});

describe('addWorkingDays — deadlines computed by hand', () => {
  it('15 working days after 2026-02-10 (Tue) across the 2026 Spring Festival → 2026-03-09', () => {
    // 2/11 Wed 1, 2/12 Thu 2, 2/13 Fri 3, 2/14 Sat (补班) 4,
    // 2/15 Sun – 2/23 Mon: 春节 holiday (9 days, skipped),
    // 2/24 Tue 5, 2/25 Wed 6, 2/26 Thu 7, 2/27 Fri 8, 2/28 Sat (补班) 9, 3/1 Sun off,
    // 3/2 Mon 10, 3/3 11, 3/4 12, 3/5 13, 3/6 Fri 14, 3/7–3/8 weekend, 3/9 Mon 15.
    // (A weekday-only count would wrongly give 2026-03-03.)
    expect(cal.addWorkingDays('2026-02-10', 15)).toBe('2026-03-09');
    expect(cal.workingDaysBetween('2026-02-10', '2026-03-09')).toBe(15);
  });

  it('15 working days after 2025-01-20 (Mon) across the 2025 Spring Festival → 2025-02-14', () => {
    // 1/21 Tue 1, 1/22 Wed 2, 1/23 Thu 3, 1/24 Fri 4, 1/25 Sat off, 1/26 Sun (补班) 5, 1/27 Mon 6,
    // 1/28 Tue – 2/4 Tue: 春节 holiday (8 days, skipped),
    // 2/5 Wed 7, 2/6 Thu 8, 2/7 Fri 9, 2/8 Sat (补班) 10, 2/9 Sun off,
    // 2/10 Mon 11, 2/11 12, 2/12 13, 2/13 14, 2/14 Fri 15.
    expect(cal.addWorkingDays('2025-01-20', 15)).toBe('2025-02-14');
    expect(cal.workingDaysBetween('2025-01-20', '2025-02-14')).toBe(15);
  });

  it('5 working days after 2025-04-25 (Fri) across Labour Day 2025 → 2025-05-06', () => {
    // 4/26 Sat off, 4/27 Sun (补班) 1, 4/28 Mon 2, 4/29 Tue 3, 4/30 Wed 4,
    // 5/1 Thu – 5/5 Mon: 劳动节 holiday, 5/6 Tue 5.
    expect(cal.addWorkingDays('2025-04-25', 5)).toBe('2025-05-06');
  });

  it('10 working days after 2026-04-28 (Tue) across Labour Day 2026 → 2026-05-14', () => {
    // 4/29 Wed 1, 4/30 Thu 2, 5/1 Fri – 5/5 Tue: 劳动节 holiday,
    // 5/6 Wed 3, 5/7 Thu 4, 5/8 Fri 5, 5/9 Sat (补班) 6, 5/10 Sun off,
    // 5/11 Mon 7, 5/12 Tue 8, 5/13 Wed 9, 5/14 Thu 10.
    expect(cal.addWorkingDays('2026-04-28', 10)).toBe('2026-05-14');
  });

  it('7 working days after 2025-09-26 (Fri) across National Day/Mid-Autumn 2025 → 2025-10-13', () => {
    // 9/27 Sat off, 9/28 Sun (补班) 1, 9/29 Mon 2, 9/30 Tue 3, 10/1 Wed – 10/8 Wed: holiday,
    // 10/9 Thu 4, 10/10 Fri 5, 10/11 Sat (补班) 6, 10/12 Sun off, 10/13 Mon 7.
    expect(cal.addWorkingDays('2025-09-26', 7)).toBe('2025-10-13');
  });

  it('across the 2025→2026 year boundary', () => {
    // 2025-12-31 Wed; 2026-01-01 Thu – 01-03 Sat: 元旦 holiday; 01-04 Sun (补班) 1; 01-05 Mon 2.
    expect(cal.addWorkingDays('2025-12-31', 1)).toBe('2026-01-04');
    expect(cal.addWorkingDays('2025-12-31', 2)).toBe('2026-01-05');
  });

  it('starting on a holiday or a weekend counts from the next working day', () => {
    expect(cal.addWorkingDays('2026-02-15', 1)).toBe('2026-02-24'); // first day of 春节 → first day back
    expect(cal.addWorkingDays('2025-03-15', 1)).toBe('2025-03-17'); // Saturday → Monday
    expect(cal.addWorkingDays('2025-03-14', 1)).toBe('2025-03-17'); // Friday → Monday
  });

  it('N = 0 returns `from` unchanged, even on a day off', () => {
    expect(cal.addWorkingDays('2026-02-15', 0)).toBe('2026-02-15');
    expect(cal.addWorkingDays('2025-03-12', 0)).toBe('2025-03-12');
  });

  it('agrees with a day-by-day reference for many start dates and N in 2020–2026', () => {
    const ns = [1, 2, 3, 5, 7, 10, 15, 20, 30, 60];
    for (let from = '2020-01-01'; from <= '2026-09-30'; from = addDays(from, 3)) {
      for (const n of ns) {
        const want = referenceAddWorkingDays(from, n);
        const got = cal.addWorkingDays(from, n);
        if (got !== want) throw new Error(`addWorkingDays(${from}, ${n}) = ${got}, want ${want}`);
        const between = cal.workingDaysBetween(from, got);
        if (between !== n) throw new Error(`workingDaysBetween(${from}, ${got}) = ${between}, want ${n}`);
      }
    }
  });

  it('can span several covered years', () => {
    // Count every working day of 2020–2026 one by one, excluding 2020-01-01 itself (a holiday anyway).
    let byHand = 0;
    for (let d = '2020-01-02'; d <= '2026-12-31'; d = addDays(d, 1)) if (cal.isWorkingDay(d)) byHand++;
    expect(cal.workingDaysBetween('2020-01-01', '2026-12-31')).toBe(byHand);
    expect(cal.addWorkingDays('2020-01-01', byHand)).toBe('2026-12-31'); // 2026-12-31 is a Thursday
  });
});

describe('workingDaysBetween', () => {
  it('counts working days d with from < d <= to', () => {
    expect(cal.workingDaysBetween('2025-03-10', '2025-03-14')).toBe(4); // Mon → Fri: Tue..Fri
    expect(cal.workingDaysBetween('2025-03-14', '2025-03-16')).toBe(0); // Fri → Sun
    expect(cal.workingDaysBetween('2025-01-27', '2025-02-05')).toBe(1); // only 2/5 after the 春节 block
  });

  it('is 0 when to <= from', () => {
    expect(cal.workingDaysBetween('2025-03-14', '2025-03-14')).toBe(0);
    expect(cal.workingDaysBetween('2025-03-14', '2025-03-10')).toBe(0);
  });
});

describe('uncovered years are an explicit error, never a weekday guess', () => {
  it.each(['2019-12-31', '2019-06-03', '2027-01-01', '2027-03-10', '1999-01-04', '2100-01-04'])(
    'isWorkingDay(%s) throws CalendarNotCoveredError',
    (d) => {
      const e = thrownBy(() => cal.isWorkingDay(d));
      expect(e).toBeInstanceOf(CalendarNotCoveredError);
      expect(e).toBeInstanceOf(Error);
      expect((e as CalendarNotCoveredError).year).toBe(Number(d.slice(0, 4)));
    },
  );

  it('the message is bilingual and lists the covered years', () => {
    const e = thrownBy(() => cal.isWorkingDay('2027-01-04')) as CalendarNotCoveredError;
    expect(e.name).toBe('CalendarNotCoveredError');
    expect(e.message).toContain('工作日历未覆盖 2027 年');
    expect(e.message).toContain('does not cover 2027');
    expect(e.message).toContain('2020–2026');
    expect(e.coveredYears).toEqual([2020, 2021, 2022, 2023, 2024, 2025, 2026]);
  });

  it('addWorkingDays from an uncovered year throws (2019)', () => {
    const e = thrownBy(() => cal.addWorkingDays('2019-12-31', 1));
    expect(e).toBeInstanceOf(CalendarNotCoveredError);
    expect((e as CalendarNotCoveredError).year).toBe(2019);
  });

  it('addWorkingDays walking from 2026 into uncovered 2027 throws', () => {
    // 2026-12-25 Fri; 12/28 Mon 1, 12/29 2, 12/30 3, 12/31 Thu 4 — the 5th would be in 2027.
    expect(cal.addWorkingDays('2026-12-25', 4)).toBe('2026-12-31');
    const e = thrownBy(() => cal.addWorkingDays('2026-12-25', 5));
    expect(e).toBeInstanceOf(CalendarNotCoveredError);
    expect((e as CalendarNotCoveredError).year).toBe(2027);
    expect(() => cal.addWorkingDays('2026-12-31', 1)).toThrow(CalendarNotCoveredError);
    expect(() => cal.addWorkingDays('2020-06-01', 100000)).toThrow(CalendarNotCoveredError);
  });

  it('workingDaysBetween throws if either end is uncovered', () => {
    expect(() => cal.workingDaysBetween('2026-12-01', '2027-01-15')).toThrow(CalendarNotCoveredError);
    expect(() => cal.workingDaysBetween('2019-12-01', '2020-01-15')).toThrow(CalendarNotCoveredError);
    expect(() => cal.workingDaysBetween('2027-01-15', '2026-12-01')).toThrow(CalendarNotCoveredError);
  });

  it('a gap year between covered years is also uncovered', () => {
    const gappy = new WorkingDayCalendar(
      OFFICIAL_SCHEDULES.filter((s) => s.year === 2020 || s.year === 2022),
    );
    expect(gappy.coveredYears()).toEqual([2020, 2022]);
    // 2020-12-31 Thu is a working day; 2021 is unknown, so even 1 working day after it cannot be computed.
    expect(gappy.addWorkingDays('2020-12-30', 1)).toBe('2020-12-31');
    const e = thrownBy(() => gappy.addWorkingDays('2020-12-30', 2));
    expect((e as CalendarNotCoveredError).year).toBe(2021);
    const e2 = thrownBy(() => gappy.workingDaysBetween('2020-12-01', '2022-01-15'));
    expect((e2 as CalendarNotCoveredError).year).toBe(2021);
    expect(() => gappy.isWorkingDay('2021-06-01')).toThrow(CalendarNotCoveredError);
    expect(gappy.isWorkingDay('2022-01-04')).toBe(true);
  });

  it('an empty calendar covers nothing', () => {
    const empty = new WorkingDayCalendar([]);
    expect(empty.coveredYears()).toEqual([]);
    const e = thrownBy(() => empty.isWorkingDay('2025-01-02')) as CalendarNotCoveredError;
    expect(e.message).toContain('已覆盖年份：无');
    expect(e.message).toContain('covered years: none');
  });
});

describe('input validation', () => {
  it.each(['2025/01/01', '2025-1-1', '2025-02-29', '', 'tomorrow'])('bad date %p → InvalidDateError', (d) => {
    expect(() => cal.isWorkingDay(d)).toThrow(InvalidDateError);
    expect(() => cal.addWorkingDays(d, 1)).toThrow(InvalidDateError);
    expect(() => cal.workingDaysBetween(d, '2025-03-01')).toThrow(InvalidDateError);
    expect(() => cal.workingDaysBetween('2025-03-01', d)).toThrow(InvalidDateError);
  });

  it('names the offending argument', () => {
    expect(() => cal.addWorkingDays('2025-13-01', 1)).toThrow(/from is not a valid date.*'2025-13-01'/);
    expect(() => cal.workingDaysBetween('2025-03-01', '2025-3-9')).toThrow(/to is not a valid date/);
  });

  it.each([-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, '3' as unknown as number])(
    'workingDays %p → RangeError',
    (n) => {
      expect(() => cal.addWorkingDays('2025-03-03', n)).toThrow(RangeError);
      expect(() => cal.addWorkingDays('2025-03-03', n)).toThrow(/非负整数.*non-negative integer/s);
    },
  );
});

describe('loading schedules as data (no deploy)', () => {
  it('withSchedule adds a (made-up) future year and leaves the original calendar unchanged', () => {
    const extended = cal.withSchedule(FICTIONAL_2027);
    expect(extended).not.toBe(cal);
    expect(extended.coveredYears()).toEqual([2020, 2021, 2022, 2023, 2024, 2025, 2026, 2027]);
    expect(cal.covers(2027)).toBe(false);
    expect(() => cal.addWorkingDays('2026-12-25', 10)).toThrow(CalendarNotCoveredError);

    // 2026-12-25 Fri; 12/28 Mon 1, 12/29 2, 12/30 3, 12/31 Thu 4,
    // 2027-01-01 Fri – 01-03 Sun: fictional holiday, 01-04 Mon 5, 01-05 6, 01-06 7, 01-07 8, 01-08 Fri 9,
    // 01-09 Sat (fictional 补班) 10.
    expect(extended.addWorkingDays('2026-12-25', 10)).toBe('2027-01-09');
    expect(extended.isWorkingDay('2027-01-01')).toBe(false);
    expect(extended.isWorkingDay('2027-01-09')).toBe(true);
    expect(extended.isWorkingDay('2027-01-10')).toBe(false);
    expect(extended.workingDaysBetween('2026-12-25', '2027-01-09')).toBe(10);
    // Still not 2028.
    expect(() => extended.isWorkingDay('2028-01-03')).toThrow(CalendarNotCoveredError);
  });

  it('withSchedule replaces an existing year', () => {
    const replaced = cal.withSchedule({
      year: 2026,
      holidays: ['2026-01-01'],
      makeupWorkdays: [],
      source: 'TEST ONLY — fictional replacement',
    });
    expect(replaced.coveredYears()).toEqual(cal.coveredYears());
    expect(replaced.scheduleFor(2026)?.source).toBe('TEST ONLY — fictional replacement');
    expect(replaced.isWorkingDay('2026-02-16')).toBe(true); // Monday; a holiday only in the real schedule
    expect(cal.isWorkingDay('2026-02-16')).toBe(false);
  });

  it('withSchedule validates the new data', () => {
    const bad = { ...FICTIONAL_2027, makeupWorkdays: ['2027-01-04'] }; // a Monday
    expect(() => cal.withSchedule(bad)).toThrow(ScheduleValidationError);
  });

  it('the constructor validates its data and rejects duplicate years', () => {
    expect(() => new WorkingDayCalendar([FICTIONAL_2027, FICTIONAL_2027])).toThrow(/2027/);
    expect(() => new WorkingDayCalendar([{ ...FICTIONAL_2027, year: 2027.5 }])).toThrow(
      ScheduleValidationError,
    );
  });

  it('the constructor accepts schedules in any order and is not affected by later mutation of the input', () => {
    const input: HolidaySchedule[] = [
      { ...FICTIONAL_2027, holidays: [...FICTIONAL_2027.holidays] },
      ...[...OFFICIAL_SCHEDULES].reverse(),
    ];
    const c = new WorkingDayCalendar(input);
    input[0].holidays.push('2027-01-04');
    expect(c.coveredYears()).toEqual([2020, 2021, 2022, 2023, 2024, 2025, 2026, 2027]);
    expect(c.isWorkingDay('2027-01-04')).toBe(true);
    expect(c.addWorkingDays('2026-02-10', 15)).toBe('2026-03-09');
  });
});
