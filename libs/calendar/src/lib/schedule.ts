import { dayOfWeekOfDayNumber, tryParseIsoDate } from './dates';

/**
 * One year's statutory holiday arrangement, as published by the State Council General Office
 * (国务院办公厅《关于 YYYY 年部分节假日安排的通知》).
 */
export interface HolidaySchedule {
  /** Calendar year this schedule covers; every date below lies in this year. */
  year: number;
  /** 'YYYY-MM-DD' official days off: the whole holiday block, including weekend days inside it. */
  holidays: string[];
  /** 'YYYY-MM-DD' Saturdays/Sundays that are working days (调休补班). */
  makeupWorkdays: string[];
  /** Where the data comes from, e.g. '国办发明电〔2025〕7号'. */
  source: string;
}

/** Thrown by {@link validateSchedule}; the message is in Chinese and English. */
export class ScheduleValidationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ScheduleValidationError';
    Object.setPrototypeOf(this, new.target.prototype);
  }
}

export const MIN_SCHEDULE_YEAR = 1900;
export const MAX_SCHEDULE_YEAR = 9999;

const KEYS: readonly string[] = ['year', 'holidays', 'makeupWorkdays', 'source'];

function show(value: unknown): string {
  if (typeof value === 'string') return `'${value}'`;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/**
 * Strictly validates holiday-schedule data (e.g. a new year's schedule loaded by a regulator admin) and
 * returns a normalised, frozen copy (dates sorted ascending). Checks:
 * - a plain object with exactly the keys year, holidays, makeupWorkdays, source;
 * - `year` is an integer in 1900–9999;
 * - `holidays` is a non-empty array and `makeupWorkdays` an array, of real 'YYYY-MM-DD' dates inside `year`,
 *   without duplicates;
 * - no date is both a holiday and a make-up working day;
 * - every make-up working day is a Saturday or Sunday;
 * - `source` is a non-empty string.
 * Throws {@link ScheduleValidationError} with a Chinese + English message naming the offending field.
 */
export function validateSchedule(s: unknown): HolidaySchedule {
  const yearHint = isRecord(s) && typeof s['year'] === 'number' ? ` ${s['year']}` : '';
  const fail = (zh: string, en: string): never => {
    throw new ScheduleValidationError(
      `节假日安排数据无效${yearHint}：${zh} / Invalid holiday schedule${yearHint}: ${en}`,
    );
  };

  if (!isRecord(s)) {
    return fail(`应为对象，实际为 ${show(s)}`, `expected an object, got ${show(s)}`);
  }
  for (const key of Object.keys(s)) {
    if (!KEYS.includes(key)) {
      fail(
        `不允许的字段 '${key}'（只允许 ${KEYS.join(', ')}）`,
        `unexpected field '${key}' (allowed: ${KEYS.join(', ')})`,
      );
    }
  }

  const year = s['year'];
  if (
    typeof year !== 'number' ||
    !Number.isInteger(year) ||
    year < MIN_SCHEDULE_YEAR ||
    year > MAX_SCHEDULE_YEAR
  ) {
    fail(
      `year 须为 ${MIN_SCHEDULE_YEAR}–${MAX_SCHEDULE_YEAR} 之间的整数，实际为 ${show(year)}`,
      `year must be an integer between ${MIN_SCHEDULE_YEAR} and ${MAX_SCHEDULE_YEAR}, got ${show(year)}`,
    );
  }
  const y = year as number;

  const source = s['source'];
  if (typeof source !== 'string' || source.trim() === '') {
    fail(
      `source 须为非空字符串（如通知文号“国办发明电〔2025〕7号”），实际为 ${show(source)}`,
      `source must be a non-empty string (e.g. the notice number '国办发明电〔2025〕7号'), got ${show(source)}`,
    );
  }

  const readDates = (field: 'holidays' | 'makeupWorkdays'): Map<number, string> => {
    const list = s[field];
    if (!Array.isArray(list)) {
      return fail(
        `${field} 须为日期字符串数组，实际为 ${show(list)}`,
        `${field} must be an array of date strings, got ${show(list)}`,
      );
    }
    const out = new Map<number, string>();
    list.forEach((item: unknown, i: number) => {
      const where = `${field}[${i}]`;
      const n = tryParseIsoDate(item);
      if (Number.isNaN(n)) {
        fail(
          `${where} 不是有效的 YYYY-MM-DD 日期：${show(item)}`,
          `${where} is not a valid YYYY-MM-DD date: ${show(item)}`,
        );
      }
      const d = item as string;
      if (Number(d.slice(0, 4)) !== y) {
        fail(`${where} ${show(d)} 不在 ${y} 年内`, `${where} ${show(d)} is not in year ${y}`);
      }
      if (out.has(n)) {
        fail(`${where} 日期重复：${show(d)}`, `${where} duplicate date ${show(d)}`);
      }
      out.set(n, d);
    });
    return out;
  };

  const holidays = readDates('holidays');
  const makeups = readDates('makeupWorkdays');
  if (holidays.size === 0) {
    fail(
      'holidays 不能为空（每年至少有元旦等法定节假日）',
      'holidays must not be empty (every year has statutory holidays such as 1 January)',
    );
  }
  for (const [n, d] of makeups) {
    if (holidays.has(n)) {
      fail(
        `${show(d)} 同时出现在 holidays 和 makeupWorkdays 中`,
        `${show(d)} is listed both as a holiday and as a make-up working day`,
      );
    }
    const w = dayOfWeekOfDayNumber(n);
    if (w !== 0 && w !== 6) {
      fail(
        `调休补班日 ${show(d)} 不是周六或周日（工作日本来就上班）`,
        `make-up working day ${show(d)} is not a Saturday or Sunday (weekdays are working days anyway)`,
      );
    }
  }

  const sorted = (m: Map<number, string>): string[] =>
    Object.freeze([...m.entries()].sort((a, b) => a[0] - b[0]).map((e) => e[1])) as string[];
  return Object.freeze({
    year: y,
    holidays: sorted(holidays),
    makeupWorkdays: sorted(makeups),
    source: (source as string).trim(),
  });
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
