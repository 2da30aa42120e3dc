import { ScheduleValidationError, validateSchedule } from './schedule';

const VALID = {
  year: 2027,
  holidays: ['2027-01-01', '2027-02-06', '2027-02-05'],
  makeupWorkdays: ['2027-01-09'], // a Saturday
  source: 'fictional test schedule',
};

function withField(field: string, value: unknown): Record<string, unknown> {
  return { ...VALID, [field]: value };
}

function expectRejected(input: unknown, pattern: RegExp): void {
  let error: unknown;
  try {
    validateSchedule(input);
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(ScheduleValidationError);
  expect(error).toBeInstanceOf(Error);
  const message = (error as Error).message;
  expect(message).toMatch(pattern);
  // Bilingual: a Chinese part and an English part.
  expect(message).toMatch(/节假日安排数据无效/);
  expect(message).toMatch(/Invalid holiday schedule/);
}

describe('validateSchedule', () => {
  it('accepts a valid schedule and returns a sorted, frozen copy', () => {
    const input = { ...VALID, holidays: [...VALID.holidays], source: '  fictional test schedule ' };
    const out = validateSchedule(input);
    expect(out).toEqual({
      year: 2027,
      holidays: ['2027-01-01', '2027-02-05', '2027-02-06'],
      makeupWorkdays: ['2027-01-09'],
      source: 'fictional test schedule',
    });
    expect(out).not.toBe(input);
    expect(Object.isFrozen(out)).toBe(true);
    expect(Object.isFrozen(out.holidays)).toBe(true);
    // Later mutation of the admin's input does not leak into the validated copy.
    input.holidays.push('2027-03-01');
    expect(out.holidays).toHaveLength(3);
  });

  it('accepts an empty make-up list', () => {
    expect(validateSchedule(withField('makeupWorkdays', [])).makeupWorkdays).toEqual([]);
  });

  describe('rejections', () => {
    it.each([
      ['null', null],
      ['a string', '2027'],
      ['an array', [VALID]],
      ['a number', 2027],
    ])('not an object: %s', (_label, input) => expectRejected(input, /应为对象.*expected an object/s));

    it('an unknown field (e.g. a typo)', () =>
      expectRejected({ ...VALID, makeUpWorkdays: [] }, /makeUpWorkdays.*unexpected field 'makeUpWorkdays'/s));

    it.each([
      ['missing', undefined],
      ['a string', '2027'],
      ['a fraction', 2027.5],
      ['NaN', Number.NaN],
      ['too small', 1899],
      ['too large', 10000],
    ])('year %s', (_label, year) =>
      expectRejected(withField('year', year), /year.*year must be an integer/s),
    );

    it.each([
      ['missing', undefined],
      ['empty', ''],
      ['blank', '   '],
      ['not a string', 7],
    ])('source %s', (_label, source) =>
      expectRejected(withField('source', source), /source must be a non-empty string/),
    );

    it('holidays not an array', () =>
      expectRejected(withField('holidays', '2027-01-01'), /holidays must be an array/));

    it('makeupWorkdays missing', () => {
      const rest: Record<string, unknown> = { ...VALID };
      delete rest['makeupWorkdays'];
      expectRejected(rest, /makeupWorkdays must be an array/);
    });

    it('holidays empty', () => expectRejected(withField('holidays', []), /holidays must not be empty/));

    it.each([
      ['2027-1-1'],
      ['2027-02-29'], // 2027 is not a leap year
      ['2027/01/01'],
      ['2027-01-01T00:00:00Z'],
      [20270101],
      [null],
    ])('holiday %p is not an ISO date', (bad) =>
      expectRejected(
        withField('holidays', ['2027-01-01', bad]),
        /holidays\[1\].*is not a valid YYYY-MM-DD date/s,
      ),
    );

    it('make-up day is not an ISO date', () =>
      expectRejected(
        withField('makeupWorkdays', ['2027-1-9']),
        /makeupWorkdays\[0\].*not a valid YYYY-MM-DD/s,
      ));

    it('holiday outside the schedule year', () =>
      expectRejected(
        withField('holidays', ['2027-01-01', '2026-12-31']),
        /holidays\[1\].*is not in year 2027/s,
      ));

    it('make-up day outside the schedule year', () =>
      expectRejected(
        withField('makeupWorkdays', ['2028-01-08']),
        /makeupWorkdays\[0\].*is not in year 2027/s,
      ));

    it('duplicate holiday', () =>
      expectRejected(withField('holidays', ['2027-01-01', '2027-01-01']), /duplicate date '2027-01-01'/));

    it('a date that is both a holiday and a make-up working day', () =>
      expectRejected(
        { ...VALID, holidays: ['2027-01-01', '2027-01-09'] },
        /'2027-01-09'.*both as a holiday and as a make-up working day/s,
      ));

    it('make-up working day on a weekday', () =>
      // 2027-01-04 is a Monday
      expectRejected(
        withField('makeupWorkdays', ['2027-01-04']),
        /'2027-01-04' is not a Saturday or Sunday/,
      ));
  });
});
