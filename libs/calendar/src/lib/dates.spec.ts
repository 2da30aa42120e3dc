import {
  addDays,
  dayNumberFromCivil,
  dayOfWeek,
  InvalidDateError,
  isIsoDate,
  isoFromDayNumber,
  parseIsoDate,
  yearOfDayNumber,
} from './dates';

describe('isIsoDate', () => {
  it.each(['2025-01-01', '2024-02-29', '2000-02-29', '2026-12-31', '0001-01-01', '9999-12-31'])(
    'accepts %s',
    (s) => expect(isIsoDate(s)).toBe(true),
  );

  it.each([
    '2025-02-29', // not a leap year
    '1900-02-29', // century, not leap
    '2025-04-31',
    '2025-13-01',
    '2025-00-10',
    '2025-01-00',
    '2025-1-05',
    '2025-01-5',
    '25-01-05',
    '2025/01/05',
    '2025-01-05T00:00:00Z',
    ' 2025-01-05',
    '2025-01-05 ',
    '２０２５-01-05', // full-width digits
    '',
    'abcd-ef-gh',
  ])('rejects %p', (s) => expect(isIsoDate(s)).toBe(false));

  it('rejects non-strings without throwing', () => {
    expect(isIsoDate(20250105 as unknown as string)).toBe(false);
    expect(isIsoDate(null as unknown as string)).toBe(false);
    expect(isIsoDate(undefined as unknown as string)).toBe(false);
  });
});

describe('day numbers', () => {
  it('1970-01-01 is day 0', () => {
    expect(dayNumberFromCivil(1970, 1, 1)).toBe(0);
    expect(isoFromDayNumber(0)).toBe('1970-01-01');
  });

  it('matches Date.UTC for every day 1899–2101 (round trip, year, weekday)', () => {
    const start = Date.UTC(1899, 0, 1) / 86400000;
    const end = Date.UTC(2101, 11, 31) / 86400000;
    for (let n = start; n <= end; n++) {
      const js = new Date(n * 86400000);
      const iso = js.toISOString().slice(0, 10);
      if (isoFromDayNumber(n) !== iso)
        throw new Error(`isoFromDayNumber(${n}) = ${isoFromDayNumber(n)}, want ${iso}`);
      if (parseIsoDate(iso) !== n) throw new Error(`parseIsoDate(${iso}) = ${parseIsoDate(iso)}, want ${n}`);
      if (yearOfDayNumber(n) !== js.getUTCFullYear()) throw new Error(`yearOfDayNumber(${n})`);
      if (dayOfWeek(iso) !== js.getUTCDay()) throw new Error(`dayOfWeek(${iso})`);
    }
  });

  it('pads small years', () => {
    expect(isoFromDayNumber(dayNumberFromCivil(5, 3, 7))).toBe('0005-03-07');
  });
});

describe('addDays', () => {
  it.each([
    ['2025-01-31', 1, '2025-02-01'],
    ['2024-02-28', 1, '2024-02-29'],
    ['2025-02-28', 1, '2025-03-01'],
    ['2025-12-31', 1, '2026-01-01'],
    ['2026-01-01', -1, '2025-12-31'],
    ['2025-03-01', -1, '2025-02-28'],
    ['2025-01-20', 0, '2025-01-20'],
    ['2020-01-01', 366, '2021-01-01'],
  ])('%s %+d → %s', (d, n, want) => expect(addDays(d, n)).toBe(want));

  it('rejects bad dates and non-integer offsets with InvalidDateError', () => {
    expect(() => addDays('2025-02-30', 1)).toThrow(InvalidDateError);
    expect(() => addDays('2025-01-01', 1.5)).toThrow(InvalidDateError);
    expect(() => addDays('2025-01-01', Number.NaN)).toThrow(InvalidDateError);
    expect(() => addDays('9999-12-31', 1)).toThrow(InvalidDateError);
  });
});

describe('dayOfWeek', () => {
  it.each([
    ['2025-01-01', 3], // Wednesday
    ['2025-01-26', 0], // Sunday (春节补班)
    ['2025-02-08', 6], // Saturday (春节补班)
    ['2026-02-14', 6], // Saturday
    ['2026-01-04', 0], // Sunday
    ['2026-10-01', 4], // Thursday
  ])('%s → %i', (d, w) => expect(dayOfWeek(d)).toBe(w));

  it('throws a bilingual InvalidDateError for a bad date', () => {
    expect(() => dayOfWeek('2025-2-1')).toThrow(InvalidDateError);
    expect(() => dayOfWeek('2025-2-1')).toThrow(/不是有效的日期.*not a valid date/s);
  });
});
