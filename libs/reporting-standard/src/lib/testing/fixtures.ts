/**
 * Test support (not exported from the library): a fake working-day calendar and valid base rows.
 */
import { CATALOG_V1, type Catalog } from '../catalog';
import { periodFromCode, type RowContext, type WorkingDayCalculator } from '../context';
import { dayNumberOfIso, isoFromDayNumber } from '../parsers';
import type { CellValue } from '../types';
import { buildUscc } from '../uscc';

/** 2026 Spring Festival: 2026-02-15 … 2026-02-23 off; make-up working days Sat 2026-02-14 and Sat 2026-02-28. */
const HOLIDAYS = new Set([
  '2026-02-15',
  '2026-02-16',
  '2026-02-17',
  '2026-02-18',
  '2026-02-19',
  '2026-02-20',
  '2026-02-21',
  '2026-02-22',
  '2026-02-23',
]);
const MAKE_UP = new Set(['2026-02-14', '2026-02-28']);

/** Weekends off except make-up days; throws for years outside `years` (like the real calendar must). */
export class FakeCalendar implements WorkingDayCalculator {
  calls = 0;
  constructor(private readonly years: readonly number[] = [2025, 2026]) {}

  isWorkingDay(iso: string): boolean {
    if (MAKE_UP.has(iso)) return true;
    if (HOLIDAYS.has(iso)) return false;
    const weekday = ((dayNumberOfIso(iso) % 7) + 7 + 4) % 7; // 1970-01-01 was a Thursday; 0 = Sunday
    return weekday !== 0 && weekday !== 6;
  }

  addWorkingDays(from: string, n: number): string {
    this.calls++;
    let day = dayNumberOfIso(from);
    this.cover(from);
    let counted = 0;
    while (counted < n) {
      day++;
      const iso = isoFromDayNumber(day);
      this.cover(iso);
      if (this.isWorkingDay(iso)) counted++;
    }
    return isoFromDayNumber(day);
  }

  private cover(iso: string): void {
    const year = Number(iso.slice(0, 4));
    if (!this.years.includes(year)) throw new Error(`holiday schedule does not cover ${year}`);
  }
}

export const ORG_CODE = buildUscc('91', '110000', '10000000');
export const OTHER_ORG_CODE = buildUscc('91', '310000', '20000000');

export function makeContext(overrides: Partial<RowContext> = {}, catalog: Catalog = CATALOG_V1): RowContext {
  return {
    period: periodFromCode('2026H1')!,
    uploadDate: '2026-07-10',
    orgCode: ORG_CODE,
    catalog,
    workingDays: new FakeCalendar(),
    ...overrides,
  };
}

export type Cells = Record<string, CellValue>;

/** A new-business callback that breaks no rule. */
export const NEW_BUSINESS: Readonly<Cells> = Object.freeze({
  callback_type: 'new_business',
  policy_no: 'P-0001',
  product_type: 'traditional',
  channel: 'agent',
  term_months: '120',
  payment_mode: 'periodic',
  policyholder_age: '40',
  underwritten_on: '2026-02-25',
  receipt_signed_on: '2026-03-02',
  cooling_off_days: '15',
  sales_recorded: 'N',
  status: 'success',
  method: 'phone',
  first_attempt_on: '2026-03-05',
  completed_on: '2026-03-05',
  recording_ref: 'REC-1',
  confirmed_items: 'Q1;Q2;Q3;Q4;Q5;Q6;Q7',
  caller_is_sales: 'N',
});

/** A claim callback that breaks no rule. */
export const CLAIM: Readonly<Cells> = Object.freeze({
  callback_type: 'claim',
  policy_no: 'P-0002',
  case_no: 'CL-1',
  product_type: 'health',
  channel: 'agent',
  term_months: '12',
  payment_mode: 'single',
  policyholder_age: '50',
  underwritten_on: '2025-05-01',
  case_closed_on: '2026-03-02',
  status: 'success',
  method: 'phone',
  first_attempt_on: '2026-03-03',
  completed_on: '2026-03-03',
  recording_ref: 'REC-2',
  caller_is_sales: 'N',
});

/** A directly received complaint that breaks no rule. */
export const COMPLAINT: Readonly<Cells> = Object.freeze({
  complaint_no: 'C-0001',
  source: 'direct',
  received_on: '2026-03-02',
  product_type: 'traditional',
  category: 'sales',
  decided_on: '2026-03-10',
  extension: 'none',
  outcome: 'upheld',
  repeat_complaint: 'N',
});

/** A regulator-forwarded complaint that breaks no rule. */
export const FORWARDED: Readonly<Cells> = Object.freeze({
  complaint_no: 'C-0002',
  source: 'regulator_forwarded',
  forward_no: 'F-2026-001',
  forwarded_on: '2026-03-02',
  received_on: '2026-03-03',
  product_type: 'health',
  category: 'claims',
  decided_on: '2026-03-10',
  extension: 'none',
  outcome: 'partially_upheld',
  callback_on: '2026-03-12',
  callback_method: 'phone',
  satisfaction: 'satisfied',
  repeat_complaint: 'N',
});

export const PROFILE: Readonly<Cells> = Object.freeze({
  org_code: ORG_CODE,
  premium_income: '123456.78',
  new_policies: '1000',
  policies_in_force: '50000',
  insured_persons: '60000',
  sales_staff: '300',
  employees: '120',
});

/** A resident ID number with a valid check digit (fictitious person). */
export const RESIDENT_ID = '11010519491231002X';
export const MOBILE = '13912345678';
