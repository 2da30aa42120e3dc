/**
 * `callbacks` rows (回访明细) for one insurer and one period.
 *
 * Every row is either clean under every rule of RULES.md or deliberately breaks exactly one
 * record-level rule (CB-01…CB-11, CL-01). Exact per-file quantities (case kinds, statuses of in-scope
 * new business, break counts) are drawn from urns, so company-level results such as the success rate
 * are what the org was built to show, in any file size, and the generator runs in constant memory.
 *
 * Working-day rules are kept unambiguous without a holiday calendar: N working days after D is never
 * earlier than D + N calendar days, and never later than D + 20 (N = 5) or D + 35 (N = 15) calendar
 * days even across the Spring Festival; clean rows stay inside the first bound, broken rows beyond the second.
 */
import { fmtDay, parseDay, parsePeriod, type Period } from './dates';
import type { CallbackKind, DemoOrg } from './orgs';
import { allocate, Rng, Urn } from './prng';
import {
  RULE_PARAMS,
  zeroFindings,
  type CallbackRow,
  type CallbackRule,
  type CallbackStatus,
  type CallbackType,
  type Channel,
  type Method,
  type PaymentMode,
  type Problem,
  type ProblemResolution,
  type ProductType,
  type RecordRule,
} from './standard';

export interface CallbackOptions {
  seed: number;
  org: DemoOrg;
  period: string | Period;
  /** exact number of rows */
  rows: number;
  /** distinguishes several files of the same org and period (default 'callbacks') */
  stream?: string;
}

/** A generated row with what it was built to show. */
export interface CallbackRecord {
  row: CallbackRow;
  kind: CallbackKind;
  /** the rule the row deliberately breaks, or null when the row is clean */
  broken: CallbackRule | null;
}

type SuccessBreak = Exclude<CallbackRule, 'CB-01' | 'CL-01'> | 'clean';
type AttemptBreak = 'CB-04' | 'CB-08' | 'CB-10' | 'CB-11' | 'clean';
type CancelBreak = 'CB-10' | 'CB-11' | 'clean';
type NbStatusKey = CallbackStatus;

interface ProductSpec {
  product: ProductType;
  weight: number;
  terms: Record<string, number>;
  periodic: number;
}

const LONG_PRODUCTS: Record<Channel, ProductSpec[]> = {
  agent: [
    { product: 'traditional', weight: 22, terms: { 1200: 5, 240: 2, 360: 2, 120: 1 }, periodic: 0.95 },
    { product: 'health', weight: 38, terms: { 1200: 5, 360: 2, 240: 2 }, periodic: 0.97 },
    { product: 'dividend', weight: 18, terms: { 120: 2, 180: 1, 240: 2, 1200: 1 }, periodic: 0.85 },
    { product: 'universal', weight: 12, terms: { 1200: 3, 120: 1 }, periodic: 0.6 },
    { product: 'unit_linked', weight: 3, terms: { 1200: 1, 120: 1 }, periodic: 0.4 },
    { product: 'accident', weight: 7, terms: { 120: 1, 240: 2, 360: 1 }, periodic: 0.9 },
  ],
  bancassurance: [
    { product: 'dividend', weight: 50, terms: { 60: 2, 72: 1, 96: 1, 120: 3 }, periodic: 0.55 },
    { product: 'traditional', weight: 28, terms: { 60: 1, 120: 2, 1200: 1 }, periodic: 0.6 },
    { product: 'universal', weight: 16, terms: { 60: 1, 120: 2, 1200: 1 }, periodic: 0.3 },
    { product: 'unit_linked', weight: 6, terms: { 120: 1, 1200: 1 }, periodic: 0.2 },
  ],
  telemarketing: [
    { product: 'health', weight: 45, terms: { 240: 1, 360: 1, 1200: 1 }, periodic: 0.95 },
    { product: 'accident', weight: 35, terms: { 120: 1, 240: 2 }, periodic: 0.9 },
    { product: 'traditional', weight: 20, terms: { 240: 1, 360: 1 }, periodic: 0.95 },
  ],
  internet: [
    { product: 'health', weight: 65, terms: { 1200: 2, 240: 1, 360: 1 }, periodic: 0.85 },
    { product: 'traditional', weight: 30, terms: { 240: 2, 360: 1, 1200: 1 }, periodic: 0.9 },
    { product: 'universal', weight: 5, terms: { 1200: 1 }, periodic: 0.5 },
  ],
  intermediary: [
    { product: 'health', weight: 40, terms: { 1200: 3, 360: 1 }, periodic: 0.95 },
    { product: 'traditional', weight: 40, terms: { 1200: 2, 240: 1, 120: 1 }, periodic: 0.9 },
    { product: 'dividend', weight: 20, terms: { 120: 1, 240: 1 }, periodic: 0.8 },
  ],
  direct: [
    { product: 'traditional', weight: 50, terms: { 1200: 1, 240: 1 }, periodic: 0.9 },
    { product: 'health', weight: 50, terms: { 1200: 2, 360: 1 }, periodic: 0.95 },
  ],
};

const LONG_WEIGHTS = Object.fromEntries(
  Object.entries(LONG_PRODUCTS).map(([ch, specs]) => [
    ch,
    Object.fromEntries(specs.map((sp, i) => [String(i), sp.weight])),
  ]),
) as Record<Channel, Record<string, number>>;

const HEALTH_TERMS = { 1200: 5, 360: 2, 240: 2 };

const AGE_BY_CHANNEL: Record<Channel, [number, number, number]> = {
  // [lo, hi, share aged 60+]
  agent: [24, 56, 0.06],
  bancassurance: [33, 62, 0.22],
  telemarketing: [26, 58, 0.08],
  internet: [20, 48, 0.02],
  intermediary: [27, 58, 0.06],
  direct: [28, 60, 0.08],
};

const RECEIPT_LAG: Record<Channel, [number, number]> = {
  agent: [2, 12],
  bancassurance: [1, 9],
  telemarketing: [3, 10],
  internet: [0, 2],
  intermediary: [2, 12],
  direct: [1, 8],
};

const IDENTITY_SETS = [
  'sms_code;face',
  'e_signature;sms_code',
  'face',
  'id_compare;face',
  'sms_code;e_signature;face',
  'sms_code',
];

const PROBLEM_MIX: Record<Problem, number> = {
  doubt: 35,
  negative_answer: 22,
  misleading_sale: 14,
  contract_not_received: 12,
  not_self_signed: 7,
  other: 10,
};

const RESOLUTION_FOR: Record<Problem, Partial<Record<ProblemResolution, number>>> = {
  doubt: { explained: 8, escalated: 1 },
  negative_answer: { explained: 4, rescinded: 3, escalated: 1 },
  misleading_sale: { rescinded: 4, escalated: 4, explained: 1 },
  contract_not_received: { corrected: 4, explained: 1 },
  not_self_signed: { corrected: 3, rescinded: 1 },
  other: { explained: 3, corrected: 1 },
};

const REQUIRED_BASE = ['Q1', 'Q2', 'Q3', 'Q4', 'Q5', 'Q6'];
const NEW_TYPE = new Set<ProductType>(['dividend', 'universal', 'unit_linked']);

/** RULES.md CB-10 conditions (default parameters). */
export function salesRecordingRequired(channel: string, product: string, term: number, age: number): boolean {
  const long = term > RULE_PARAMS.minTermMonths;
  return (
    (channel === 'bancassurance' && long) ||
    product === 'unit_linked' ||
    (age >= RULE_PARAMS.seniorAge && long) ||
    channel === 'telemarketing'
  );
}

function emptyRow(): CallbackRow {
  return {
    callback_type: '',
    policy_no: '',
    case_no: '',
    product_type: '',
    channel: '',
    term_months: '',
    payment_mode: '',
    policyholder_age: '',
    underwritten_on: '',
    receipt_signed_on: '',
    cooling_off_days: '',
    sales_recorded: '',
    case_closed_on: '',
    status: '',
    method: '',
    methods_tried: '',
    first_attempt_on: '',
    completed_on: '',
    recording_ref: '',
    receipt_ref: '',
    identity_check: '',
    confirmed_items: '',
    caller_is_sales: 'N',
    problems: '',
    problem_resolved_on: '',
    problem_resolution: '',
  };
}

function compact(day: number): string {
  const s = fmtDay(day);
  return s.slice(0, 4) + s.slice(5, 7) + s.slice(8, 10);
}

function pickTerm(rng: Rng, terms: Record<string, number>): number {
  return Number(rng.weighted(terms));
}

/** Exact plan of a callbacks file: how many rows of each kind, status and break. */
export interface CallbackPlan {
  kinds: Record<CallbackKind, number>;
  nbStatus: Record<NbStatusKey, number>;
  successBreaks: Record<SuccessBreak, number>;
  attemptBreaks: Record<AttemptBreak, number>;
  cancelBreaks: Record<CancelBreak, number>;
  claimStatus: { success: number; failed: number };
  claimBreaks: { 'CL-01': number; clean: number };
}

export function planCallbacks(org: DemoOrg, rows: number): CallbackPlan {
  const b = org.callbacks;
  const kinds = allocate(rows, {
    nb_long: 0,
    nb_short: 0,
    claim: 0,
    policy_service: 0,
    renewal: 0,
    orphan_policy: 0,
    satisfaction: 0,
    ...b.kindMix,
  } as Record<CallbackKind, number>);
  const due = kinds.nb_long;
  const refused = Math.round(due * b.refusedRate);
  const cancelled = Math.round(due * b.cancelledRate);
  const base = due - refused - cancelled;
  const succeeded = Math.round(base * b.successRate);
  const notAttempted = Math.min(base - succeeded, Math.round(base * b.notAttemptedRate));
  const failed = base - succeeded - notAttempted;
  const r = b.breakRates;
  const successWeights: Record<SuccessBreak, number> = {
    'CB-02': r['CB-02'],
    'CB-03': r['CB-03'],
    'CB-04': r['CB-04'] * b.methodMix.phone,
    'CB-05': r['CB-05'],
    'CB-06': r['CB-06'],
    'CB-07': r['CB-07'],
    'CB-08': r['CB-08'],
    'CB-09': r['CB-09'],
    'CB-10': r['CB-10'],
    'CB-11': r['CB-11'],
    clean: 0,
  };
  let sum = 0;
  for (const k in successWeights) sum += successWeights[k as SuccessBreak];
  successWeights.clean = Math.max(0, 1 - sum);
  const attemptWeights: Record<AttemptBreak, number> = {
    'CB-04': r['CB-04'] * 1.5,
    'CB-08': r['CB-08'],
    'CB-10': r['CB-10'],
    'CB-11': r['CB-11'],
    clean: 0,
  };
  attemptWeights.clean =
    1 - attemptWeights['CB-04'] - attemptWeights['CB-08'] - attemptWeights['CB-10'] - attemptWeights['CB-11'];
  const cancelWeights: Record<CancelBreak, number> = { 'CB-10': r['CB-10'], 'CB-11': r['CB-11'], clean: 0 };
  cancelWeights.clean = 1 - cancelWeights['CB-10'] - cancelWeights['CB-11'];
  const claimSuccess = Math.round(kinds.claim * (0.9 + 0.08 * b.successRate));
  return {
    kinds,
    nbStatus: {
      success: succeeded,
      failed,
      refused,
      cancelled_before: cancelled,
      not_attempted: notAttempted,
    },
    successBreaks: allocate(succeeded, successWeights),
    attemptBreaks: allocate(failed + refused, attemptWeights),
    cancelBreaks: allocate(cancelled, cancelWeights),
    claimStatus: { success: claimSuccess, failed: kinds.claim - claimSuccess },
    claimBreaks: allocate(claimSuccess, { 'CL-01': r['CL-01'], clean: 1 - r['CL-01'] }),
  };
}

/** Generates the rows with what each one was built to break. */
export function* generateCallbackRecords(opts: CallbackOptions): Generator<CallbackRecord> {
  const g = new CallbackGenerator(opts);
  for (let i = 0; i < opts.rows; i++) yield g.next(i);
}

/** Generates `callbacks` rows (keys = the standard's column keys, values = cell text). */
export function* generateCallbacks(opts: CallbackOptions): Generator<CallbackRow> {
  const g = new CallbackGenerator(opts);
  for (let i = 0; i < opts.rows; i++) yield g.next(i).row;
}

class CallbackGenerator {
  private readonly rng: Rng;
  private readonly org: DemoOrg;
  private readonly period: Period;
  private readonly kindUrn: Urn<CallbackKind>;
  private readonly statusUrn: Urn<NbStatusKey>;
  private readonly successUrn: Urn<SuccessBreak>;
  private readonly attemptUrn: Urn<AttemptBreak>;
  private readonly cancelUrn: Urn<CancelBreak>;
  private readonly claimStatusUrn: Urn<'success' | 'failed'>;
  private readonly claimBreakUrn: Urn<'CL-01' | 'clean'>;
  private refSeq = 0;
  private caseSeq = 0;
  readonly plan: CallbackPlan;

  constructor(opts: CallbackOptions) {
    this.org = opts.org;
    this.period = typeof opts.period === 'string' ? parsePeriod(opts.period) : opts.period;
    this.rng = Rng.derive(opts.seed, opts.org.code, this.period.code, opts.stream ?? 'callbacks');
    this.plan = planCallbacks(opts.org, opts.rows);
    this.kindUrn = new Urn(this.plan.kinds);
    this.statusUrn = new Urn(this.plan.nbStatus);
    this.successUrn = new Urn(this.plan.successBreaks);
    this.attemptUrn = new Urn(this.plan.attemptBreaks);
    this.cancelUrn = new Urn(this.plan.cancelBreaks);
    this.claimStatusUrn = new Urn(this.plan.claimStatus);
    this.claimBreakUrn = new Urn(this.plan.claimBreaks);
  }

  next(index: number): CallbackRecord {
    const kind = this.kindUrn.draw(this.rng);
    const row = emptyRow();
    let broken: CallbackRule | null = null;
    switch (kind) {
      case 'nb_long':
        broken = this.newBusiness(row, index, true);
        break;
      case 'nb_short':
        this.newBusiness(row, index, false);
        break;
      case 'claim':
        broken = this.claim(row, index);
        break;
      default:
        this.service(row, index, kind);
    }
    return { row, kind, broken };
  }

  // ---------------------------------------------------------------- helpers

  private policyNo(index: number, year: number): string {
    // distinct ranges per half-year, so demo files of consecutive periods do not reuse numbers
    const seq = index * 7 + this.rng.int(0, 6) + (this.period.half === 1 ? 1_000_000 : 5_000_000);
    return `${this.org.tag}${year}-${String(seq).padStart(9, '0')}`;
  }

  private recordingRef(day: number): string {
    return `REC${compact(day)}-${String(++this.refSeq).padStart(7, '0')}`;
  }

  private receiptRef(day: number): string {
    return `HZ-${compact(day)}-${String(++this.refSeq).padStart(6, '0')}`;
  }

  private caseNo(prefix: string, day: number): string {
    return `${prefix}${compact(day).slice(0, 6)}-${this.org.tag}-${String(++this.caseSeq).padStart(7, '0')}`;
  }

  private age(channel: Channel): number {
    const [lo, hi, senior] = AGE_BY_CHANNEL[channel];
    return this.rng.chance(senior) ? this.rng.int(60, 74) : this.rng.int(lo, hi);
  }

  private setCommon(
    row: CallbackRow,
    type: CallbackType,
    product: ProductType,
    channel: Channel,
    term: number,
    payment: PaymentMode,
    age: number,
  ): void {
    row.callback_type = type;
    row.product_type = product;
    row.channel = channel;
    row.term_months = String(term);
    row.payment_mode = payment;
    row.policyholder_age = String(age);
  }

  /** Fills method-related cells; `tried` is the full attempt list ending with the final method. */
  private setMethods(
    row: CallbackRow,
    tried: Method[],
    firstDay: number,
    opts: { recording: boolean },
  ): void {
    row.method = tried[tried.length - 1];
    row.methods_tried = tried.length > 1 ? tried.join(';') : '';
    row.first_attempt_on = fmtDay(firstDay);
    if (tried.includes('phone') && opts.recording) row.recording_ref = this.recordingRef(firstDay);
  }

  // ---------------------------------------------------------------- new business

  private newBusiness(row: CallbackRow, index: number, long: boolean): CallbackRule | null {
    const rng = this.rng;
    const org = this.org;
    const b = org.callbacks;
    const p = this.period;

    // status and the one rule to break
    let status: CallbackStatus;
    let brk: CallbackRule | null = null;
    if (long) {
      status = this.statusUrn.draw(rng);
      if (status === 'success') {
        const s = this.successUrn.draw(rng);
        brk = s === 'clean' ? null : s;
      } else if (status === 'failed' || status === 'refused') {
        const s = this.attemptUrn.draw(rng);
        brk = s === 'clean' ? null : s;
      } else if (status === 'cancelled_before') {
        const s = this.cancelUrn.draw(rng);
        brk = s === 'clean' ? null : s;
      } else brk = 'CB-01';
    } else {
      status = rng.weighted({ success: 88, failed: 6, refused: 1, cancelled_before: 2, not_attempted: 3 });
    }

    // what was sold
    let channel: Channel;
    let product: ProductType;
    let term: number;
    let payment: PaymentMode;
    if (long) {
      channel = rng.weighted(b.channelMix);
      if (b.healthOnly) {
        if (channel === 'bancassurance') channel = 'agent';
        product = 'health';
        term = pickTerm(rng, HEALTH_TERMS);
        payment = rng.chance(0.95) ? 'periodic' : 'single';
      } else {
        const spec = LONG_PRODUCTS[channel][Number(rng.weighted(LONG_WEIGHTS[channel]))];
        product = spec.product;
        term = pickTerm(rng, spec.terms);
        payment = rng.chance(spec.periodic) ? 'periodic' : 'single';
      }
    } else {
      channel = rng.weighted(
        org.group === 'life'
          ? { internet: 50, telemarketing: 25, agent: 25 }
          : { internet: 55, agent: 30, direct: 15 },
      );
      product = b.healthOnly ? 'health' : rng.weighted({ health: 60, accident: 40 });
      term = Number(rng.weighted({ '12': 85, '6': 10, '3': 5 }));
      payment = 'single';
    }
    let age = this.age(channel);

    if (brk === 'CB-10' && !salesRecordingRequired(channel, product, term, age)) age = rng.int(60, 72);
    if (brk === 'CB-11' && product !== 'health' && channel !== 'bancassurance') {
      product = 'health';
      term = pickTerm(rng, HEALTH_TERMS);
    }
    this.setCommon(row, 'new_business', product, channel, term, payment, age);

    const required = salesRecordingRequired(channel, product, term, age);
    const recorded = brk === 'CB-10' ? false : required || rng.chance(0.7);
    row.sales_recorded = recorded ? 'Y' : 'N';

    let cooling: number;
    if (brk === 'CB-11') cooling = 10;
    else if (!long) cooling = product === 'accident' ? 0 : rng.chance(0.8) ? 15 : 10;
    else if (channel === 'bancassurance') cooling = rng.chance(0.25) ? 20 : 15;
    else cooling = 15;
    row.cooling_off_days = String(cooling);

    const receipt = rng.int(p.start, p.end);
    const [lagLo, lagHi] = RECEIPT_LAG[channel];
    const underwritten = receipt - rng.int(lagLo, lagHi);
    row.underwritten_on = fmtDay(underwritten);
    row.receipt_signed_on = fmtDay(receipt);
    row.policy_no = this.policyNo(index, Number(fmtDay(underwritten).slice(0, 4)));
    row.status = status;
    if (brk === 'CB-08') row.caller_is_sales = 'Y';

    const deadline = receipt + cooling; // CB-02: completed_on must be on or before
    if (status === 'success') {
      let method: Method;
      if (brk === 'CB-04') method = rng.chance(0.8) ? 'phone' : 'electronic';
      else if (brk === 'CB-05' || brk === 'CB-07') method = rng.chance(0.55) ? 'visit' : 'letter';
      else if (brk === 'CB-06') method = 'electronic';
      else if (channel === 'internet' && rng.chance(0.5)) method = 'electronic';
      else method = rng.weighted(b.methodMix);

      let tried: Method[];
      if (method === 'phone') tried = rng.chance(0.05) ? ['electronic', 'phone'] : ['phone'];
      else if (method === 'electronic')
        tried = brk === 'CB-04' || rng.chance(0.2) ? ['phone', 'electronic'] : ['electronic'];
      else if (brk === 'CB-07') tried = rng.chance(0.5) ? [method] : ['electronic', method];
      else tried = rng.chance(0.7) ? ['phone', method] : ['phone', 'electronic', method];

      const fallback = method === 'visit' || method === 'letter';
      const electronicOnly = tried[0] === 'electronic';
      const first = receipt + (electronicOnly ? rng.int(0, 2) : rng.int(1, 4));
      let completed: number;
      if (brk === 'CB-02') completed = Math.max(first, deadline + rng.intLow(1, 30));
      else if (fallback) completed = Math.min(deadline, first + rng.int(3, 9));
      else completed = Math.min(deadline, first + rng.intLow(0, method === 'electronic' ? 2 : 4));
      if (!long && completed < first) completed = first;

      this.setMethods(row, tried, first, { recording: brk !== 'CB-04' });
      row.completed_on = fmtDay(completed);
      if (fallback && brk !== 'CB-05') row.receipt_ref = this.receiptRef(completed);
      if (method === 'electronic' && brk !== 'CB-06') row.identity_check = rng.pick(IDENTITY_SETS);

      // content confirmed
      const items = REQUIRED_BASE.slice();
      if (payment === 'periodic') items.push('Q7');
      if (recorded) items.push('Q8');
      if (brk === 'CB-03') {
        const drop = rng.int(0, items.length - 1);
        items.splice(drop, 1);
      }
      if (NEW_TYPE.has(product)) items.push('Q9');
      row.confirmed_items = items.join(';');

      // problems found in the callback
      if (brk === 'CB-09') {
        const problem = rng.weighted(PROBLEM_MIX);
        row.problems = problem;
        if (rng.chance(0.4)) {
          row.problem_resolved_on = fmtDay(completed + rng.int(40, 75));
          row.problem_resolution = rng.weighted(RESOLUTION_FOR[problem]);
        }
      } else if (rng.chance(b.problemRate)) {
        const problem = rng.weighted(PROBLEM_MIX);
        row.problems = rng.chance(0.1) && problem !== 'doubt' ? `doubt;${problem}` : problem;
        row.problem_resolved_on = fmtDay(completed + rng.intLow(0, 12));
        row.problem_resolution = rng.weighted(RESOLUTION_FOR[problem]);
      }
    } else if (status === 'failed' || status === 'refused') {
      let tried: Method[];
      if (status === 'refused') tried = ['phone'];
      else
        tried =
          rng.weighted({ a: 70, b: 18, c: 12 }) === 'a'
            ? ['phone']
            : rng.chance(0.6)
              ? ['phone', 'electronic']
              : ['phone', 'letter'];
      const first = receipt + rng.int(1, 4);
      this.setMethods(row, tried, first, { recording: brk !== 'CB-04' });
    }
    // cancelled_before / not_attempted: no method, no attempt
    return long ? brk : null;
  }

  // ---------------------------------------------------------------- claims

  private claim(row: CallbackRow, index: number): CallbackRule | null {
    const rng = this.rng;
    const org = this.org;
    const p = this.period;
    const life = org.group === 'life';
    let product: ProductType;
    let term: number;
    if (life) {
      product = org.callbacks.healthOnly
        ? 'health'
        : rng.weighted({ health: 55, accident: 25, traditional: 15, dividend: 5 });
      term =
        product === 'accident'
          ? rng.chance(0.6)
            ? 12
            : 240
          : rng.chance(0.2)
            ? 12
            : pickTerm(rng, { 1200: 3, 240: 1, 360: 1 });
    } else {
      product = rng.weighted({ motor: 60, property: 15, health: 15, accident: 10 });
      term = 12;
    }
    const channel = rng.weighted(org.callbacks.channelMix);
    const payment: PaymentMode = term > 12 ? (rng.chance(0.9) ? 'periodic' : 'single') : 'single';
    this.setCommon(row, 'claim', product, channel, term, payment, this.age(channel));

    const closed = rng.int(p.start, p.end - 6);
    const underwritten = closed - (term > 12 ? rng.int(120, 3600) : rng.int(15, 360));
    row.underwritten_on = fmtDay(underwritten);
    row.policy_no = this.policyNo(index, Number(fmtDay(underwritten).slice(0, 4)));
    row.case_no = this.caseNo('LP', closed);
    row.case_closed_on = fmtDay(closed);

    const status = this.claimStatusUrn.draw(rng);
    row.status = status;
    let broken: CallbackRule | null = null;
    const method: Method = rng.chance(0.82) ? 'phone' : 'electronic';
    if (status === 'success') {
      const late = this.claimBreakUrn.draw(rng) === 'CL-01';
      let first: number;
      let completed: number;
      if (late) {
        // always later than 5 working days after closing (even across the Spring Festival)
        broken = 'CL-01';
        first = closed + (rng.chance(0.5) ? rng.int(1, 3) : rng.int(21, 30));
        completed = Math.max(first, closed + rng.int(21, 45));
      } else {
        first = closed + rng.intLow(0, 2);
        completed = first + rng.intLow(0, closed + 4 - first);
      }
      this.setMethods(row, [method], first, { recording: true });
      row.completed_on = fmtDay(completed);
      if (method === 'electronic') row.identity_check = rng.pick(IDENTITY_SETS);
    } else {
      this.setMethods(row, method === 'phone' ? ['phone'] : ['phone', 'electronic'], closed + rng.int(0, 3), {
        recording: true,
      });
    }
    return broken;
  }

  // ---------------------------------------------------------------- other callbacks (never flagged)

  private service(row: CallbackRow, index: number, kind: CallbackKind): void {
    const rng = this.rng;
    const org = this.org;
    const p = this.period;
    const life = org.group === 'life';
    const type = kind as CallbackType;
    const channel = rng.weighted(org.callbacks.channelMix);
    let product: ProductType;
    let term: number;
    if (life) {
      if (org.callbacks.healthOnly) product = 'health';
      else
        product = rng.weighted({
          traditional: 30,
          health: 30,
          dividend: 22,
          universal: 12,
          unit_linked: 2,
          accident: 4,
        });
      term = pickTerm(rng, { 1200: 4, 240: 2, 120: 2, 360: 1 });
    } else {
      product = rng.weighted({ motor: 55, property: 20, health: 15, accident: 10 });
      term = 12;
    }
    const payment: PaymentMode =
      term > 12 && product !== 'unit_linked' ? (rng.chance(0.85) ? 'periodic' : 'single') : 'single';
    this.setCommon(
      row,
      type,
      product,
      channel,
      term,
      payment,
      this.age(channel) + (type === 'renewal' ? rng.int(0, 5) : 0),
    );

    let anchor = rng.int(p.start, p.end - 6);
    if (type === 'policy_service') {
      row.case_no = this.caseNo('BQ', anchor);
      row.case_closed_on = fmtDay(anchor);
    }
    const underwritten = anchor - (term > 12 ? rng.int(180, 4000) : rng.int(20, 300));
    row.underwritten_on = fmtDay(underwritten);
    row.policy_no = this.policyNo(index, Number(fmtDay(underwritten).slice(0, 4)));

    const successShare =
      { policy_service: 92, renewal: 82, orphan_policy: 76, satisfaction: 86 }[type as string] ?? 85;
    const status: CallbackStatus = rng.weighted({
      success: successShare,
      failed: (100 - successShare) * 0.7,
      refused: (100 - successShare) * 0.15,
      not_attempted: (100 - successShare) * 0.15,
    });
    row.status = status;
    if (status === 'not_attempted') return;
    const method: Method = rng.chance(0.8) ? 'phone' : 'electronic';
    const tried: Method[] =
      status === 'refused'
        ? ['phone']
        : method === 'electronic' && rng.chance(0.3)
          ? ['phone', 'electronic']
          : [method];
    anchor += type === 'policy_service' ? rng.intLow(0, 4) : 0;
    this.setMethods(row, tried, anchor, { recording: true });
    if (status === 'success') {
      row.completed_on = fmtDay(anchor + rng.intLow(0, 5));
      if (tried[tried.length - 1] === 'electronic') row.identity_check = rng.pick(IDENTITY_SETS);
    }
  }
}

// ---------------------------------------------------------------------------- expected figures

export interface MethodCounts {
  phone: number;
  electronic: number;
  visit: number;
  letter: number;
}

/** METRICS.md new-business callback figures (callback_type = new_business, term_months > 12). */
export interface NewBusinessFigures {
  due: number;
  succeeded: number;
  failed: number;
  refused: number;
  cancelledBefore: number;
  notAttempted: number;
  onTime: number;
  byMethod: MethodCounts;
  successRate: number | null;
  onTimeRate: number | null;
  visitLetterShare: number | null;
  problemsFound: number;
  problemsResolved: number;
  misleadingFound: number;
}

export interface OtherTypeFigures {
  count: number;
  succeeded: number;
  refused: number;
  cancelledBefore: number;
  successRate: number | null;
  /** claim only: succeeded within 5 working days of case_closed_on */
  onTime?: number;
}

export interface CallbackFigures extends NewBusinessFigures {
  /** new-business rows with term ≤ 12 months (outside the CB rules and these figures) */
  shortTermNewBusiness: number;
  byType: Record<Exclude<CallbackType, 'new_business'>, OtherTypeFigures>;
}

function rate(n: number, d: number): number | null {
  return d > 0 ? n / d : null;
}

/** Accumulates the expected figures and findings of a callbacks file, row by row. */
export class CallbackTally {
  readonly findings: Record<RecordRule, number> = zeroFindings();
  rows = 0;
  private nb = {
    due: 0,
    succeeded: 0,
    failed: 0,
    refused: 0,
    cancelledBefore: 0,
    notAttempted: 0,
    onTime: 0,
    byMethod: { phone: 0, electronic: 0, visit: 0, letter: 0 } as MethodCounts,
    problemsFound: 0,
    problemsResolved: 0,
    misleadingFound: 0,
  };
  private shortNb = 0;
  private other: Record<
    string,
    { count: number; succeeded: number; refused: number; cancelledBefore: number; onTime: number }
  > = {};

  add(rec: { row: CallbackRow; broken: CallbackRule | null }): void {
    const { row, broken } = rec;
    this.rows++;
    if (broken) this.findings[broken]++;
    if (row.callback_type === 'new_business') {
      if (Number(row.term_months) <= RULE_PARAMS.minTermMonths) {
        this.shortNb++;
        return;
      }
      const n = this.nb;
      n.due++;
      switch (row.status) {
        case 'success': {
          n.succeeded++;
          n.byMethod[row.method as Method]++;
          const receipt = row.receipt_signed_on;
          // ISO dates compare as strings; add the cooling-off days via the day-number helpers
          if (row.completed_on <= addDaysIso(receipt, Number(row.cooling_off_days))) n.onTime++;
          break;
        }
        case 'failed':
          n.failed++;
          break;
        case 'refused':
          n.refused++;
          break;
        case 'cancelled_before':
          n.cancelledBefore++;
          break;
        case 'not_attempted':
          n.notAttempted++;
          break;
      }
      if (row.problems) {
        n.problemsFound++;
        if (row.problem_resolved_on) n.problemsResolved++;
        if (row.problems.split(';').includes('misleading_sale')) n.misleadingFound++;
      }
      return;
    }
    const o = (this.other[row.callback_type] ??= {
      count: 0,
      succeeded: 0,
      refused: 0,
      cancelledBefore: 0,
      onTime: 0,
    });
    o.count++;
    if (row.status === 'success') {
      o.succeeded++;
      if (row.callback_type === 'claim' && broken !== 'CL-01') o.onTime++;
    } else if (row.status === 'refused') o.refused++;
    else if (row.status === 'cancelled_before') o.cancelledBefore++;
  }

  figures(): CallbackFigures {
    const n = this.nb;
    const denom = n.due - n.refused - n.cancelledBefore;
    const byType = {} as CallbackFigures['byType'];
    for (const t of ['claim', 'policy_service', 'renewal', 'orphan_policy', 'satisfaction'] as const) {
      const o = this.other[t] ?? { count: 0, succeeded: 0, refused: 0, cancelledBefore: 0, onTime: 0 };
      byType[t] = {
        count: o.count,
        succeeded: o.succeeded,
        refused: o.refused,
        cancelledBefore: o.cancelledBefore,
        successRate: rate(o.succeeded, o.count - o.refused - o.cancelledBefore),
        ...(t === 'claim' ? { onTime: o.onTime } : {}),
      };
    }
    return {
      due: n.due,
      succeeded: n.succeeded,
      failed: n.failed,
      refused: n.refused,
      cancelledBefore: n.cancelledBefore,
      notAttempted: n.notAttempted,
      onTime: n.onTime,
      byMethod: { ...n.byMethod },
      successRate: rate(n.succeeded, denom),
      onTimeRate: rate(n.onTime, denom),
      visitLetterShare: rate(n.byMethod.visit + n.byMethod.letter, n.succeeded),
      problemsFound: n.problemsFound,
      problemsResolved: n.problemsResolved,
      misleadingFound: n.misleadingFound,
      shortTermNewBusiness: this.shortNb,
      byType,
    };
  }

  /** Company-level findings the file is expected to produce (RULES.md, default parameters). */
  companyFindings(): { 'CB-C1': boolean; 'CB-C2': boolean } {
    const f = this.figures();
    return {
      'CB-C1': f.successRate !== null && f.successRate < RULE_PARAMS.minSuccessRate,
      'CB-C2': f.visitLetterShare !== null && f.visitLetterShare > RULE_PARAMS.maxVisitLetterShare,
    };
  }
}

const isoCache = new Map<string, number>();
function addDaysIso(iso: string, days: number): string {
  let d = isoCache.get(iso);
  if (d === undefined) {
    d = parseDay(iso);
    if (isoCache.size < 100000) isoCache.set(iso, d);
  }
  return fmtDay(d + days);
}
