/**
 * Test support, independent of the generator code: a small RFC 4180 parser and a straightforward
 * re-implementation of RULES.md (default parameters) to check generated rows against. Working-day
 * rules are judged with calendar bounds: 5 working days after D lies in [D+5, D+20] calendar days and
 * 15 working days in [D+15, D+35], in any Chinese holiday schedule (the longest break, the Spring
 * Festival, is 9 days including its weekends); a date between the bounds is reported as ambiguous. Not exported from the package index.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { containsIdNumber, containsMobile } from './pii';

/** Parses CSV text (RFC 4180; CRLF or LF) into rows of cells. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let i = 0;
  let quoted = false;
  if (text.charCodeAt(0) === 0xfeff) i = 1;
  for (; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          cell += '"';
          i++;
        } else quoted = false;
      } else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += c;
  }
  if (quoted) throw new Error('unterminated quoted field');
  if (cell !== '' || row.length > 0) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}

/** CSV text → records keyed by the header row. */
export function parseCsvRecords(text: string): { header: string[]; records: Array<Record<string, string>> } {
  const [header, ...rest] = parseCsv(text);
  return {
    header,
    records: rest.map((cells) => {
      const r: Record<string, string> = {};
      header.forEach((h, k) => (r[h] = cells[k] ?? ''));
      return r;
    }),
  };
}

const DAY = 86400000;
function day(iso: string): number {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(iso)) return NaN;
  const t = Date.parse(`${iso}T00:00:00Z`);
  if (Number.isNaN(t) || new Date(t).toISOString().slice(0, 10) !== iso) return NaN;
  return t / DAY;
}

export interface RuleCheck {
  rules: string[];
  ambiguous: string[];
}

/** Is `date` later than N working days after `anchor`? true / false / null (cannot tell without a calendar). */
function laterThanWorkingDays(date: number, anchor: number, n: number): boolean | null {
  if (date <= anchor + n) return false;
  if (date > anchor + (n <= 5 ? 20 : n + 20)) return true;
  return null;
}

/** RULES.md record rules for one callbacks row. */
export function checkCallbackRule(r: Record<string, string>): RuleCheck {
  const rules: string[] = [];
  const ambiguous: string[] = [];
  const methods = r.methods_tried ? r.methods_tried.split(';') : r.method ? [r.method] : [];
  if (r.callback_type === 'new_business' && Number(r.term_months) > 12) {
    const success = r.status === 'success';
    const term = Number(r.term_months);
    if (r.status === 'not_attempted') rules.push('CB-01');
    if (success && day(r.completed_on) > day(r.receipt_signed_on) + Number(r.cooling_off_days))
      rules.push('CB-02');
    if (success) {
      const items = new Set(r.confirmed_items ? r.confirmed_items.split(';') : []);
      const need = ['Q1', 'Q2', 'Q3', 'Q4', 'Q5', 'Q6'];
      if (r.payment_mode === 'periodic') need.push('Q7');
      if (r.sales_recorded === 'Y') need.push('Q8');
      if (need.some((q) => !items.has(q))) rules.push('CB-03');
    }
    if ((r.method === 'phone' || methods.includes('phone')) && !r.recording_ref) rules.push('CB-04');
    const fallback = r.method === 'visit' || r.method === 'letter';
    if (success && fallback && !r.receipt_ref) rules.push('CB-05');
    if (success && r.method === 'electronic' && !r.identity_check) rules.push('CB-06');
    if (success && fallback && !methods.includes('phone')) rules.push('CB-07');
    if (r.caller_is_sales === 'Y' && r.status !== 'not_attempted' && r.status !== 'cancelled_before')
      rules.push('CB-08');
    if (r.problems) {
      const anchor = day(r.completed_on || r.first_attempt_on);
      if (!r.problem_resolved_on) rules.push('CB-09');
      else {
        const late = laterThanWorkingDays(day(r.problem_resolved_on), anchor, 15);
        if (late === true) rules.push('CB-09');
        if (late === null) ambiguous.push('CB-09');
      }
    }
    if (
      r.sales_recorded === 'N' &&
      ((r.channel === 'bancassurance' && term > 12) ||
        r.product_type === 'unit_linked' ||
        (Number(r.policyholder_age) >= 60 && term > 12) ||
        r.channel === 'telemarketing')
    )
      rules.push('CB-10');
    if (Number(r.cooling_off_days) < 15 && (r.product_type === 'health' || r.channel === 'bancassurance'))
      rules.push('CB-11');
  }
  if (r.callback_type === 'claim' && r.status === 'success') {
    const late = laterThanWorkingDays(day(r.completed_on), day(r.case_closed_on), 5);
    if (late === true) rules.push('CL-01');
    if (late === null) ambiguous.push('CL-01');
  }
  return { rules, ambiguous };
}

const LIMITS: Record<string, number> = { none: 15, complex: 30, especially_complex: 60 };

/** RULES.md record rules for one complaints row (`periodEnd` = last day of the period, ISO). */
export function checkComplaintRule(r: Record<string, string>, periodEnd: string): RuleCheck {
  const rules: string[] = [];
  const ambiguous: string[] = [];
  const limit = LIMITS[r.extension];
  const end = day(periodEnd);
  if (r.outcome !== 'withdrawn') {
    if (r.decided_on && day(r.decided_on) - day(r.received_on) > limit) rules.push('CP-01');
    else if (r.outcome === 'pending' && day(r.received_on) + limit < end) rules.push('CP-01');
  }
  if (r.source === 'regulator_forwarded') {
    if (r.outcome !== 'withdrawn') {
      const fw = day(r.forwarded_on);
      const verdicts: Array<boolean | null> = [];
      if (r.decided_on) verdicts.push(laterThanWorkingDays(day(r.decided_on), fw, 15));
      if (r.callback_on) verdicts.push(laterThanWorkingDays(day(r.callback_on), fw, 15));
      if (!r.decided_on) verdicts.push(fw + 15 + 20 < end ? true : fw + 15 >= end ? false : null);
      if (verdicts.includes(true)) rules.push('CP-02');
      else if (verdicts.includes(null)) ambiguous.push('CP-02');
    }
    if (!r.callback_on) rules.push('CP-03');
  }
  return { rules, ambiguous };
}

const ENUMS: Record<string, string[]> = {
  callback_type: ['new_business', 'claim', 'policy_service', 'renewal', 'orphan_policy', 'satisfaction'],
  product_type: [
    'traditional',
    'dividend',
    'universal',
    'unit_linked',
    'health',
    'accident',
    'motor',
    'property',
    'other',
  ],
  channel: ['agent', 'bancassurance', 'telemarketing', 'internet', 'intermediary', 'direct'],
  payment_mode: ['single', 'periodic'],
  status: ['success', 'failed', 'refused', 'cancelled_before', 'not_attempted'],
  method: ['phone', 'electronic', 'visit', 'letter'],
  methods_tried: ['phone', 'electronic', 'visit', 'letter'],
  identity_check: ['sms_code', 'e_signature', 'id_compare', 'face'],
  confirmed_items: ['Q1', 'Q2', 'Q3', 'Q4', 'Q5', 'Q6', 'Q7', 'Q8', 'Q9'],
  problems: [
    'contract_not_received',
    'not_self_signed',
    'doubt',
    'negative_answer',
    'misleading_sale',
    'other',
  ],
  problem_resolution: ['explained', 'rescinded', 'corrected', 'escalated'],
  sales_recorded: ['Y', 'N'],
  caller_is_sales: ['Y', 'N'],
  source: ['regulator_forwarded', 'hotline', 'direct', 'mediation'],
  category: [
    'sales',
    'claims',
    'surrender',
    'policy_service',
    'premium',
    'callback',
    'service_quality',
    'other',
  ],
  extension: ['none', 'complex', 'especially_complex'],
  outcome: ['upheld', 'partially_upheld', 'not_upheld', 'withdrawn', 'pending'],
  callback_method: ['phone', 'electronic', 'visit', 'letter'],
  satisfaction: ['satisfied', 'basically_satisfied', 'dissatisfied', 'unreachable'],
  repeat_complaint: ['Y', 'N'],
};
const LISTS = new Set(['methods_tried', 'identity_check', 'confirmed_items', 'problems']);
const DATE_COLS = /_on$/;

function commonChecks(r: Record<string, string>, required: string[], errors: string[], latest: string): void {
  for (const c of required) if (r[c] === undefined || r[c] === '') errors.push(`required ${c}`);
  for (const [c, v] of Object.entries(r)) {
    if (v === '') continue;
    const allowed = ENUMS[c];
    if (allowed) {
      const values = LISTS.has(c) ? v.split(';') : [v];
      for (const x of values) if (!allowed.includes(x)) errors.push(`enum ${c}=${x}`);
    }
    if (DATE_COLS.test(c)) {
      if (Number.isNaN(day(v))) errors.push(`date ${c}=${v}`);
      else if (v > latest) errors.push(`future ${c}=${v}`);
    }
    if (containsMobile(v) || containsIdNumber(v)) errors.push(`pii ${c}`);
  }
}

/** Data errors (STR-003…STR-009, PII-001) of one callbacks row, as short messages. */
export function callbackDataErrors(
  r: Record<string, string>,
  period: { start: string; end: string },
  latest = '2026-11-01',
): string[] {
  const e: string[] = [];
  commonChecks(
    r,
    [
      'callback_type',
      'policy_no',
      'product_type',
      'channel',
      'term_months',
      'payment_mode',
      'policyholder_age',
      'underwritten_on',
      'status',
      'caller_is_sales',
    ],
    e,
    latest,
  );
  if (!/^[A-Za-z0-9-]{1,64}$/.test(r.policy_no)) e.push('policy_no format');
  const term = Number(r.term_months);
  if (!Number.isInteger(term) || term < 1 || term > 1200) e.push('term_months');
  const age = Number(r.policyholder_age);
  if (!Number.isInteger(age) || age < 0 || age > 120) e.push('policyholder_age');
  if (
    (r.callback_type === 'claim' || r.callback_type === 'policy_service') &&
    (!r.case_no || !r.case_closed_on)
  )
    e.push('case fields');
  if (r.callback_type === 'new_business') {
    if (!r.receipt_signed_on || r.cooling_off_days === '' || !r.sales_recorded) e.push('new business fields');
    const cool = Number(r.cooling_off_days);
    if (!Number.isInteger(cool) || cool < 0 || cool > 60) e.push('cooling_off_days');
    if (r.receipt_signed_on < period.start || r.receipt_signed_on > period.end) e.push('STR-008');
    if (r.receipt_signed_on < r.underwritten_on) e.push('order receipt<underwritten');
  }
  const attempted = r.status !== 'not_attempted' && r.status !== 'cancelled_before';
  if (attempted && (!r.method || !r.first_attempt_on)) e.push('method/first_attempt');
  if (!attempted && (r.method || r.first_attempt_on || r.completed_on)) e.push('unexpected attempt');
  if (r.status === 'success' && !r.completed_on) e.push('completed_on');
  if (r.methods_tried && r.methods_tried.split(';').pop() !== r.method) e.push('methods_tried end');
  if (r.completed_on && (r.completed_on < r.first_attempt_on || r.completed_on < r.underwritten_on))
    e.push('order completed');
  if (r.first_attempt_on && r.receipt_signed_on && r.first_attempt_on < r.receipt_signed_on)
    e.push('order first<receipt');
  if (r.first_attempt_on && r.case_closed_on && r.first_attempt_on < r.case_closed_on)
    e.push('order first<closed');
  if (r.first_attempt_on && r.first_attempt_on < r.underwritten_on) e.push('order first<underwritten');
  if (r.problem_resolved_on && (!r.problem_resolution || r.problem_resolved_on < r.first_attempt_on))
    e.push('problem fields');
  if (r.problem_resolution && !r.problem_resolved_on) e.push('resolution without date');
  return e;
}

/** Data errors of one complaints row. */
export function complaintDataErrors(
  r: Record<string, string>,
  period: { start: string; end: string },
  latest = '2026-11-01',
): string[] {
  const e: string[] = [];
  commonChecks(
    r,
    [
      'complaint_no',
      'source',
      'received_on',
      'product_type',
      'category',
      'extension',
      'outcome',
      'repeat_complaint',
    ],
    e,
    latest,
  );
  if (r.source === 'regulator_forwarded' && (!r.forward_no || !r.forwarded_on)) e.push('forward fields');
  if (r.source !== 'regulator_forwarded' && (r.forward_no || r.forwarded_on))
    e.push('forward fields on non-forwarded');
  if (r.received_on < period.start || r.received_on > period.end) e.push('STR-008');
  const undecided = r.outcome === 'withdrawn' || r.outcome === 'pending';
  if (!undecided && !r.decided_on) e.push('decided_on');
  if (r.outcome === 'pending' && r.decided_on) e.push('pending with decided_on');
  if (r.decided_on && r.decided_on < r.received_on) e.push('order decided');
  if (r.forwarded_on && r.forwarded_on > r.received_on) e.push('order forwarded');
  if (r.callback_on && (!r.callback_method || !r.satisfaction)) e.push('callback fields');
  if (r.callback_on && r.callback_on < r.received_on) e.push('order callback');
  if (r.callback_on && r.decided_on && r.callback_on < r.decided_on) e.push('order callback<decided');
  return e;
}

/** Column keys of a table in REPORTING-STANDARD.md, when the shared docs are next to the repo. */
export function standardKeys(section: string): string[] | null {
  const file = [
    resolve(__dirname, '../../../../../shared/domain/REPORTING-STANDARD.md'),
    resolve(process.cwd(), '../shared/domain/REPORTING-STANDARD.md'),
  ].find(existsSync);
  if (!file) return null;
  const text = readFileSync(file, 'utf8');
  const start = text.indexOf(`## \`${section}\``);
  const rest = text.slice(start + 4);
  const body = rest.slice(0, rest.indexOf('\n## ') === -1 ? undefined : rest.indexOf('\n## '));
  const keys: string[] = [];
  for (const line of body.split('\n')) {
    const m = /^\| ([a-z_]+) \|/.exec(line);
    if (m && m[1] !== 'key' && m[1] !== 'code') keys.push(m[1]);
  }
  return keys;
}
