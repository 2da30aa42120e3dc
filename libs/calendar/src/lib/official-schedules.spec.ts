import { execFileSync } from 'child_process';
import chineseDaysData from 'chinese-days/dist/chinese-days.json';
import { addDays, dayOfWeek } from './dates';
import { OFFICIAL_FIRST_YEAR, OFFICIAL_LAST_YEAR, OFFICIAL_SCHEDULES } from './official-schedules';
import { HolidaySchedule, validateSchedule } from './schedule';
import { officialCalendar } from './working-day-calendar';

/** Inclusive list of ISO dates from `a` to `b`. */
function range(a: string, b: string): string[] {
  const out: string[] = [];
  for (let d = a; d <= b; d = addDays(d, 1)) out.push(d);
  return out;
}

function scheduleOf(year: number): HolidaySchedule {
  const s = OFFICIAL_SCHEDULES.find((x) => x.year === year);
  if (!s) throw new Error(`no bundled schedule for ${year}`);
  return s;
}

const sorted = (xs: readonly string[]): string[] => [...xs].sort();

/**
 * Independent expectations, typed by hand from the State Council notices (not generated from the table or
 * from chinese-days).
 */
const NOTICES: Record<2025 | 2026, { source: string; holidays: string[]; makeupWorkdays: string[] }> = {
  // 国务院办公厅关于2025年部分节假日安排的通知（国办发明电〔2024〕12号）
  2025: {
    source: '国办发明电〔2024〕12号',
    holidays: [
      '2025-01-01', // 元旦：1月1日（周三）放假1天，不调休
      ...range('2025-01-28', '2025-02-04'), // 春节：1月28日（除夕、周二）至2月4日（正月初七、周二），共8天
      ...range('2025-04-04', '2025-04-06'), // 清明节：4月4日（周五）至6日（周日），共3天
      ...range('2025-05-01', '2025-05-05'), // 劳动节：5月1日（周四）至5日（周一），共5天
      ...range('2025-05-31', '2025-06-02'), // 端午节：5月31日（周六）至6月2日（周一），共3天
      ...range('2025-10-01', '2025-10-08'), // 国庆节、中秋节：10月1日（周三）至8日（周三），共8天
    ],
    makeupWorkdays: [
      '2025-01-26', // 春节：1月26日（周日）上班
      '2025-02-08', // 春节：2月8日（周六）上班
      '2025-04-27', // 劳动节：4月27日（周日）上班
      '2025-09-28', // 国庆节、中秋节：9月28日（周日）上班
      '2025-10-11', // 国庆节、中秋节：10月11日（周六）上班
    ],
  },
  // 国务院办公厅关于2026年部分节假日安排的通知（国办发明电〔2025〕7号）
  2026: {
    source: '国办发明电〔2025〕7号',
    holidays: [
      ...range('2026-01-01', '2026-01-03'), // 元旦：1月1日（周四）至3日（周六），共3天
      ...range('2026-02-15', '2026-02-23'), // 春节：2月15日（腊月二十八、周日）至23日（正月初七、周一），共9天
      ...range('2026-04-04', '2026-04-06'), // 清明节：4月4日（周六）至6日（周一），共3天
      ...range('2026-05-01', '2026-05-05'), // 劳动节：5月1日（周五）至5日（周二），共5天
      ...range('2026-06-19', '2026-06-21'), // 端午节：6月19日（周五）至21日（周日），共3天
      ...range('2026-09-25', '2026-09-27'), // 中秋节：9月25日（周五）至27日（周日），共3天
      ...range('2026-10-01', '2026-10-07'), // 国庆节：10月1日（周四）至7日（周三），共7天
    ],
    makeupWorkdays: [
      '2026-01-04', // 元旦：1月4日（周日）上班
      '2026-02-14', // 春节：2月14日（周六）上班
      '2026-02-28', // 春节：2月28日（周六）上班
      '2026-05-09', // 劳动节：5月9日（周六）上班
      '2026-09-20', // 国庆节：9月20日（周日）上班
      '2026-10-10', // 国庆节：10月10日（周六）上班
    ],
  },
};

describe('OFFICIAL_SCHEDULES', () => {
  it('covers exactly 2020 through 2026, one schedule per year, oldest first', () => {
    expect(OFFICIAL_SCHEDULES.map((s) => s.year)).toEqual([2020, 2021, 2022, 2023, 2024, 2025, 2026]);
    expect(OFFICIAL_FIRST_YEAR).toBe(2020);
    expect(OFFICIAL_LAST_YEAR).toBe(2026);
  });

  it('every bundled schedule passes validateSchedule', () => {
    for (const s of OFFICIAL_SCHEDULES) {
      expect(() => validateSchedule(s)).not.toThrow();
    }
  });

  it('is deeply frozen', () => {
    expect(Object.isFrozen(OFFICIAL_SCHEDULES)).toBe(true);
    for (const s of OFFICIAL_SCHEDULES) {
      expect(Object.isFrozen(s)).toBe(true);
      expect(Object.isFrozen(s.holidays)).toBe(true);
      expect(Object.isFrozen(s.makeupWorkdays)).toBe(true);
    }
  });

  it('cites the State Council notice of every year', () => {
    expect(scheduleOf(2020).source).toContain('国办发明电〔2019〕16号');
    expect(scheduleOf(2020).source).toContain('国办发明电〔2020〕1号');
    expect(scheduleOf(2021).source).toContain('国办发明电〔2020〕27号');
    expect(scheduleOf(2022).source).toContain('国办发明电〔2021〕11号');
    expect(scheduleOf(2023).source).toContain('国办发明电〔2022〕16号');
    expect(scheduleOf(2024).source).toContain('国办发明电〔2023〕7号');
    expect(scheduleOf(2025).source).toBe('国办发明电〔2024〕12号');
    expect(scheduleOf(2026).source).toBe('国办发明电〔2025〕7号');
  });
});

describe.each([2025, 2026] as const)('%i schedule against the hand-written State Council notice', (year) => {
  const notice = NOTICES[year];
  const cal = officialCalendar();

  it('bundled table lists exactly the notice holidays and make-up working days', () => {
    expect(sorted(scheduleOf(year).holidays)).toEqual(sorted(notice.holidays));
    expect(sorted(scheduleOf(year).makeupWorkdays)).toEqual(sorted(notice.makeupWorkdays));
    expect(scheduleOf(year).source).toBe(notice.source);
  });

  it.each(notice.holidays)('holiday %s is not a working day', (d) => {
    expect(cal.isWorkingDay(d)).toBe(false);
  });

  it.each(notice.makeupWorkdays)('make-up day %s is a weekend day and a working day', (d) => {
    expect([0, 6]).toContain(dayOfWeek(d));
    expect(cal.isWorkingDay(d)).toBe(true);
  });

  it('every other day follows the Monday–Friday rule', () => {
    const special = new Set([...notice.holidays, ...notice.makeupWorkdays]);
    let checked = 0;
    for (const d of range(`${year}-01-01`, `${year}-12-31`)) {
      if (special.has(d)) continue;
      const w = dayOfWeek(d);
      expect({ d, working: cal.isWorkingDay(d) }).toEqual({ d, working: w >= 1 && w <= 5 });
      checked++;
    }
    expect(checked).toBe(365 - special.size);
  });
});

describe('cross-check with the npm package chinese-days 1.5.7', () => {
  type Data = { holidays: Record<string, string>; workdays: Record<string, string> };
  const data = chineseDaysData as unknown as Data;
  const keysOfYear = (rec: Record<string, string>, year: number): string[] =>
    Object.keys(rec)
      .filter((d) => d.startsWith(`${year}-`))
      .sort();

  // chinese-days' runtime API uses a local-time date class (it even builds its holiday tables with it at load
  // time), so under a machine time zone west of UTC it shifts dates by one day: e.g. with TZ=America/New_York,
  // getDayDetail('2020-01-01').date is '2019-12-31' and plain weekends come out wrong. So its API is queried in a
  // child Node process running in China Standard Time, its intended environment. (Our library never uses local
  // time; the JSON-data comparison below does not depend on the time zone at all.)
  let theirIsWorkday: Record<string, boolean> = {};
  beforeAll(() => {
    const script = `
      const { isWorkday } = require(${JSON.stringify(require.resolve('chinese-days'))});
      const dates = JSON.parse(process.argv[1]);
      const out = {};
      for (const d of dates) out[d] = isWorkday(d);
      process.stdout.write(JSON.stringify(out));
    `;
    const dates = [...range('2020-01-01', '2026-12-31'), '2027-10-01'];
    const stdout = execFileSync(process.execPath, ['-e', script, JSON.stringify(dates)], {
      env: { ...process.env, TZ: 'Asia/Shanghai' },
      encoding: 'utf8',
    });
    theirIsWorkday = JSON.parse(stdout) as Record<string, boolean>;
  });

  it.each([2020, 2021, 2022, 2023, 2024, 2025, 2026])(
    '%i: same holidays and make-up working days as chinese-days data',
    (year) => {
      expect(sorted(scheduleOf(year).holidays)).toEqual(keysOfYear(data.holidays, year));
      expect(sorted(scheduleOf(year).makeupWorkdays)).toEqual(keysOfYear(data.workdays, year));
    },
  );

  it('isWorkingDay agrees with chinese-days isWorkday on every day of 2020–2026', () => {
    const cal = officialCalendar();
    const mismatches: string[] = [];
    let days = 0;
    for (const d of range('2020-01-01', '2026-12-31')) {
      const theirs = theirIsWorkday[d];
      if (theirs !== cal.isWorkingDay(d)) mismatches.push(d);
      days++;
    }
    expect(days).toBe(2557);
    expect(mismatches).toEqual([]);
  });

  it('chinese-days has no 2027 data, so 2027 is not covered (its isWorkday silently guesses Mon–Fri)', () => {
    expect(keysOfYear(data.holidays, 2027)).toEqual([]);
    expect(keysOfYear(data.workdays, 2027)).toEqual([]);
    // chinese-days would call National Day 2027 a working day; we refuse instead.
    expect(theirIsWorkday['2027-10-01']).toBe(true);
    expect(officialCalendar().covers(2027)).toBe(false);
    expect(() => officialCalendar().isWorkingDay('2027-10-01')).toThrow(/2027/);
  });
});
