import {
  addCalendarDays,
  cellText,
  codePointLength,
  dayNumber,
  daysBetween,
  excelSerialToIso,
  isEmptyCell,
  isoFromDayNumber,
  parseBoolean,
  parseDate,
  parseDateString,
  parseDecimal,
  parseInteger,
  parseList,
} from './parsers';

describe('dates', () => {
  it.each([
    ['2026-03-02', '2026-03-02'],
    ['2026/03/02', '2026-03-02'],
    ['20260302', '2026-03-02'],
    ['  2026-03-02 ', '2026-03-02'],
    ['2024-02-29', '2024-02-29'],
    ['2000-02-29', '2000-02-29'],
    ['1900-01-01', '1900-01-01'],
    ['2026-12-31', '2026-12-31'],
  ])('accepts %p', (input, iso) => {
    expect(parseDate(input)).toBe(iso);
  });

  it.each([
    '2026-02-30',
    '2026-02-29',
    '1900-02-29',
    '2100-02-29',
    '2026-04-31',
    '2026-13-01',
    '2026-00-10',
    '2026-01-00',
    '2026-3-2',
    '2026/3/2',
    '2026-03/02',
    '2026.03.02',
    '02/03/2026',
    '2026-03-02 10:00:00',
    '2026030',
    '202603021',
    '1899-12-31',
    'abcd-ef-gh',
    '２０２６-03-02',
    '',
  ])('rejects %p', (input) => {
    expect(parseDate(input)).toBeNull();
  });

  it('returns an ISO input unchanged (same string)', () => {
    const s = '2026-03-02';
    expect(parseDateString(s)).toBe(s);
  });

  it('reads Excel serial dates of the 1900 system, with the 1900 leap-year bug', () => {
    expect(parseDate(46023)).toBe('2026-01-01');
    expect(excelSerialToIso(1)).toBe('1900-01-01');
    expect(excelSerialToIso(59)).toBe('1900-02-28');
    expect(excelSerialToIso(60)).toBeNull(); // the fictitious 1900-02-29
    expect(excelSerialToIso(61)).toBe('1900-03-01');
    expect(excelSerialToIso(45352)).toBe('2024-03-01');
    expect(excelSerialToIso(2958465)).toBe('9999-12-31');
    expect(parseDate(46023.75)).toBe('2026-01-01'); // the time of day is ignored
    expect(parseDate(0)).toBeNull();
    expect(parseDate(-5)).toBeNull();
    expect(parseDate(2958466)).toBeNull();
    expect(parseDate(Number.NaN)).toBeNull();
  });

  it('reads an integer YYYYMMDD typed into a number cell', () => {
    expect(parseDate(20260302)).toBe('2026-03-02');
    expect(parseDate(20260230)).toBeNull();
  });

  it('reads a Date object by its UTC calendar date (exceljs convention)', () => {
    expect(parseDate(new Date(Date.UTC(2026, 2, 2)))).toBe('2026-03-02');
    expect(parseDate(new Date(Date.UTC(2026, 2, 2, 23, 59)))).toBe('2026-03-02');
    expect(parseDate(new Date('invalid'))).toBeNull();
    expect(parseDate(new Date(Date.UTC(1800, 0, 1)))).toBeNull();
  });

  it('rejects other cell types', () => {
    expect(parseDate(true)).toBeNull();
    expect(parseDate(null)).toBeNull();
  });

  it('does calendar arithmetic across months, leap days and years', () => {
    expect(addCalendarDays('2026-03-02', 15)).toBe('2026-03-17');
    expect(addCalendarDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addCalendarDays('2025-12-31', 1)).toBe('2026-01-01');
    expect(daysBetween('2026-03-02', '2026-03-17')).toBe(15);
    expect(daysBetween('2026-03-17', '2026-03-02')).toBe(-15);
    expect(dayNumber(1970, 1, 1)).toBe(0);
    for (let z = dayNumber(1900, 1, 1); z < dayNumber(2101, 1, 1); z += 7) {
      const iso = isoFromDayNumber(z);
      expect(new Date(`${iso}T00:00:00Z`).getTime() / 86400000).toBe(z);
    }
  });
});

describe('booleans', () => {
  it.each([
    ['Y', true],
    ['y', true],
    ['N', false],
    ['n', false],
    ['是', true],
    ['否', false],
    ['true', true],
    ['TRUE', true],
    ['True', true],
    ['false', false],
    ['FaLsE', false],
    ['1', true],
    ['0', false],
    [' Y ', true],
    [true, true],
    [false, false],
    [1, true],
    [0, false],
  ])('reads %p as %p', (input, expected) => {
    expect(parseBoolean(input)).toBe(expected);
  });

  it.each(['yes', 'no', '2', 'T', '', '对'])('rejects %p', (input) => {
    expect(parseBoolean(input)).toBeNull();
  });
  it('rejects other numbers and dates', () => {
    expect(parseBoolean(2)).toBeNull();
    expect(parseBoolean(new Date())).toBeNull();
  });
});

describe('integers', () => {
  it.each([
    ['12', 12],
    [' 12 ', 12],
    ['007', 7],
    ['0', 0],
    ['-3', -3],
    [1200, 1200],
    [12.0, 12],
  ])('reads %p', (input, n) => {
    expect(parseInteger(input)).toBe(n);
  });

  it.each(['12.0', '12.5', '1,200', '1 200', '1e3', '+5', '', 'abc', '0x10', '１２'])(
    'rejects %p',
    (input) => {
      expect(parseInteger(input)).toBeNull();
    },
  );
  it('rejects fractions and unsafe numbers', () => {
    expect(parseInteger(12.5)).toBeNull();
    expect(parseInteger(2 ** 60)).toBeNull();
    expect(parseInteger('123456789012345678')).toBeNull();
  });
});

describe('decimals', () => {
  it.each([
    ['1234.5', '1234.50'],
    ['1234.56', '1234.56'],
    ['1234', '1234.00'],
    ['0', '0.00'],
    ['007.5', '7.50'],
    ['0.05', '0.05'],
    [1234.56, '1234.56'],
    [0.1 + 0.2, '0.30'],
    [100, '100.00'],
    [0, '0.00'],
  ])('reads %p as %p without float rounding', (input, out) => {
    expect(parseDecimal(input)).toBe(out);
  });

  it.each(['1234.567', '-1', '1,234.00', '.5', '5.', '1e3', 'abc', ''])('rejects %p', (input) => {
    expect(parseDecimal(input)).toBeNull();
  });
  it('rejects a number with more than 2 decimals and negative numbers', () => {
    expect(parseDecimal(1234.567)).toBeNull();
    expect(parseDecimal(-0.01)).toBeNull();
    expect(parseDecimal(Number.POSITIVE_INFINITY)).toBeNull();
  });
  it('keeps very long integer parts exact', () => {
    expect(parseDecimal('999999999999999.99')).toBe('999999999999999.99');
  });
});

describe('lists', () => {
  it('splits on ; and full-width ；, trims and drops empties', () => {
    expect(parseList('Q1;Q2；Q3')).toEqual(['Q1', 'Q2', 'Q3']);
    expect(parseList(' Q1 ;; Q2 ；  ')).toEqual(['Q1', 'Q2']);
    expect(parseList('phone')).toEqual(['phone']);
    expect(parseList('')).toEqual([]);
    expect(parseList(';；;')).toEqual([]);
    expect(parseList(null)).toEqual([]);
  });
});

describe('cells', () => {
  it('knows empty cells', () => {
    expect(isEmptyCell(null)).toBe(true);
    expect(isEmptyCell(undefined)).toBe(true);
    expect(isEmptyCell('')).toBe(true);
    expect(isEmptyCell('  \u3000')).toBe(true);
    expect(isEmptyCell(0)).toBe(false);
    expect(isEmptyCell(false)).toBe(false);
  });
  it('shows cells as text', () => {
    expect(cellText(' a ')).toBe('a');
    expect(cellText(12)).toBe('12');
    expect(cellText(new Date(Date.UTC(2026, 0, 1)))).toBe('2026-01-01T00:00:00.000Z');
  });
  it('counts characters as code points', () => {
    expect(codePointLength('保单𠀀')).toBe(3);
  });
});
