/**
 * Typed records. Property names are the snake_case column keys of the standard, so SQL columns, API and
 * files use the same word. Dates are ISO `YYYY-MM-DD` strings, booleans booleans, integers numbers, lists
 * (possibly empty, never null) arrays of codes, `premium_income` a string with exactly 2 decimals.
 * An absent optional value is `null`.
 */
import type {
  CallbackMethod,
  CallbackStatus,
  CallbackType,
  Channel,
  ComplaintCategory,
  ComplaintSource,
  ConfirmedItem,
  Extension,
  IdentityCheck,
  Outcome,
  PaymentMode,
  Problem,
  ProblemResolution,
  ProductType,
  Satisfaction,
} from './enums';
import type { Kind } from './types';

export interface CallbackRecord {
  callback_type: CallbackType;
  policy_no: string;
  case_no: string | null;
  product_type: ProductType;
  channel: Channel;
  term_months: number;
  payment_mode: PaymentMode;
  policyholder_age: number;
  underwritten_on: string;
  receipt_signed_on: string | null;
  cooling_off_days: number | null;
  sales_recorded: boolean | null;
  case_closed_on: string | null;
  status: CallbackStatus;
  method: CallbackMethod | null;
  methods_tried: readonly CallbackMethod[];
  first_attempt_on: string | null;
  completed_on: string | null;
  recording_ref: string | null;
  receipt_ref: string | null;
  identity_check: readonly IdentityCheck[];
  confirmed_items: readonly ConfirmedItem[];
  caller_is_sales: boolean;
  problems: readonly Problem[];
  problem_resolved_on: string | null;
  problem_resolution: ProblemResolution | null;
}

export interface ComplaintRecord {
  complaint_no: string;
  source: ComplaintSource;
  forward_no: string | null;
  forwarded_on: string | null;
  received_on: string;
  product_type: ProductType;
  category: ComplaintCategory;
  channel: Channel | null;
  decided_on: string | null;
  extension: Extension;
  outcome: Outcome;
  callback_on: string | null;
  callback_method: CallbackMethod | null;
  satisfaction: Satisfaction | null;
  repeat_complaint: boolean;
}

export interface ProfileRecord {
  org_code: string;
  /** In 万元 (10,000 CNY), exactly two decimals, e.g. "12345.60". */
  premium_income: string;
  new_policies: number;
  policies_in_force: number;
  insured_persons: number;
  sales_staff: number;
  employees: number;
}

export interface RecordByKind {
  callbacks: CallbackRecord;
  complaints: ComplaintRecord;
  profile: ProfileRecord;
}

export type TypedRecord = CallbackRecord | ComplaintRecord | ProfileRecord;
export type RecordOf<K extends Kind> = RecordByKind[K];
