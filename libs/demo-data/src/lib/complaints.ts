/**
 * `complaints` rows (投诉明细) for one insurer and one period.
 *
 * Each row is clean or breaks exactly one of CP-01, CP-02, CP-03. Clean regulator-forwarded complaints
 * are decided and called back within 15 calendar days of `forwarded_on` — never later than 15 working
 * days, whatever the holidays; CP-02 breaks are at least 40 calendar days late, more than 15 working
 * days even across the Spring Festival or National Day.
 */
import { fmtDay, parsePeriod, type Period } from './dates';
import type { DemoOrg } from './orgs';
import { allocate, Rng, Urn } from './prng';
import {
  zeroFindings,
  type Channel,
  type ComplaintCategory,
  type ComplaintRow,
  type ComplaintRule,
  type ComplaintSource,
  type Extension,
  type Method,
  type Outcome,
  type ProductType,
  type RecordRule,
  type Satisfaction,
} from './standard';

export interface ComplaintOptions {
  seed: number;
  org: DemoOrg;
  period: string | Period;
  rows: number;
  stream?: string;
}

export interface ComplaintRecord {
  row: ComplaintRow;
  broken: ComplaintRule | null;
}

const LIFE_CATEGORIES: Record<ComplaintCategory, number> = {
  sales: 34,
  surrender: 20,
  claims: 12,
  policy_service: 10,
  premium: 8,
  callback: 3,
  service_quality: 9,
  other: 4,
};
const PROPERTY_CATEGORIES: Record<ComplaintCategory, number> = {
  claims: 56,
  sales: 10,
  service_quality: 12,
  policy_service: 8,
  premium: 5,
  surrender: 4,
  callback: 1,
  other: 4,
};

const LIFE_PRODUCTS: Record<ComplaintCategory, Partial<Record<ProductType, number>>> = {
  sales: { dividend: 30, universal: 20, traditional: 20, health: 20, unit_linked: 5, accident: 5 },
  surrender: { dividend: 35, universal: 25, traditional: 25, health: 10, unit_linked: 5 },
  claims: { health: 60, accident: 25, traditional: 15 },
  policy_service: { traditional: 30, dividend: 25, universal: 20, health: 25 },
  premium: { traditional: 35, dividend: 30, health: 35 },
  callback: { dividend: 40, traditional: 30, health: 30 },
  service_quality: { health: 40, traditional: 30, dividend: 20, accident: 10 },
  other: { traditional: 40, health: 40, other: 20 },
};
const PROPERTY_PRODUCTS: Partial<Record<ProductType, number>> = {
  motor: 60,
  property: 12,
  health: 16,
  accident: 8,
  other: 4,
};

const LIMIT: Record<Extension, number> = { none: 15, complex: 30, especially_complex: 60 };
const CALLBACK_METHODS: Record<Method, number> = { phone: 85, electronic: 10, visit: 3, letter: 2 };

type ForwardPlan = 'CP-02' | 'CP-03' | 'clean';
type OtherPlan = 'CP-01' | 'clean';

export interface ComplaintPlan {
  forwarded: number;
  forwardBreaks: Record<ForwardPlan, number>;
  otherBreaks: Record<OtherPlan, number>;
}

export function planComplaints(org: DemoOrg, rows: number): ComplaintPlan {
  const c = org.complaints;
  const forwarded = Math.min(rows, Math.max(rows > 0 ? 1 : 0, Math.round(rows * c.forwardedShare)));
  const cp03 = Math.min(forwarded, c.forwardedWithoutCallback);
  const cp02 = Math.min(forwarded - cp03, Math.round(forwarded * c.forwardLateRate));
  const other = rows - forwarded;
  return {
    forwarded,
    forwardBreaks: { 'CP-03': cp03, 'CP-02': cp02, clean: forwarded - cp03 - cp02 },
    otherBreaks: allocate(other, { 'CP-01': c.lateRate, clean: 1 - c.lateRate }),
  };
}

function emptyRow(): ComplaintRow {
  return {
    complaint_no: '',
    source: '',
    forward_no: '',
    forwarded_on: '',
    received_on: '',
    product_type: '',
    category: '',
    channel: '',
    decided_on: '',
    extension: 'none',
    outcome: '',
    callback_on: '',
    callback_method: '',
    satisfaction: '',
    repeat_complaint: 'N',
  };
}

export function* generateComplaintRecords(opts: ComplaintOptions): Generator<ComplaintRecord> {
  const g = new ComplaintGenerator(opts);
  for (let i = 0; i < opts.rows; i++) yield g.next(i);
}

export function* generateComplaints(opts: ComplaintOptions): Generator<ComplaintRow> {
  const g = new ComplaintGenerator(opts);
  for (let i = 0; i < opts.rows; i++) yield g.next(i).row;
}

class ComplaintGenerator {
  private readonly rng: Rng;
  private readonly org: DemoOrg;
  private readonly period: Period;
  private readonly sourceUrn: Urn<'forwarded' | 'other'>;
  private readonly forwardUrn: Urn<ForwardPlan>;
  private readonly otherUrn: Urn<OtherPlan>;
  private forwardSeq = 0;
  private readonly forwardBase: number;
  readonly plan: ComplaintPlan;

  constructor(opts: ComplaintOptions) {
    this.org = opts.org;
    this.period = typeof opts.period === 'string' ? parsePeriod(opts.period) : opts.period;
    this.rng = Rng.derive(opts.seed, opts.org.code, this.period.code, opts.stream ?? 'complaints');
    this.plan = planComplaints(opts.org, opts.rows);
    this.forwardBase = this.rng.int(100, 40000);
    this.sourceUrn = new Urn({ forwarded: this.plan.forwarded, other: opts.rows - this.plan.forwarded });
    this.forwardUrn = new Urn(this.plan.forwardBreaks);
    this.otherUrn = new Urn(this.plan.otherBreaks);
  }

  next(index: number): ComplaintRecord {
    const rng = this.rng;
    const org = this.org;
    const p = this.period;
    const c = org.complaints;
    const row = emptyRow();
    row.complaint_no = `TS-${org.tag}-${p.code}-${String(index + 1).padStart(6, '0')}`;
    const life = org.group === 'life';
    const category = rng.weighted(life ? LIFE_CATEGORIES : PROPERTY_CATEGORIES);
    row.category = category;
    row.product_type = org.callbacks.healthOnly
      ? 'health'
      : rng.weighted(life ? LIFE_PRODUCTS[category] : PROPERTY_PRODUCTS);
    if (rng.chance(0.85)) row.channel = rng.weighted<Channel>(org.callbacks.channelMix);
    if (rng.chance(c.repeatRate)) row.repeat_complaint = 'Y';
    const decidedOutcome = (): Outcome =>
      rng.weighted({
        upheld: 18 + 14 * c.upheldBias,
        partially_upheld: 26,
        not_upheld: 44 - 14 * c.upheldBias,
      });

    let broken: ComplaintRule | null = null;
    if (this.sourceUrn.draw(rng) === 'forwarded') {
      const plan = this.forwardUrn.draw(rng);
      row.source = 'regulator_forwarded' satisfies ComplaintSource;
      const received = rng.int(p.start, p.end);
      const forwarded = Math.max(p.start, received - rng.intLow(0, 2));
      const f = fmtDay(forwarded);
      row.forward_no = `ZB-${f.slice(0, 4)}${f.slice(5, 7)}-${String(this.forwardBase + ++this.forwardSeq).padStart(5, '0')}`;
      row.forwarded_on = fmtDay(forwarded);
      row.received_on = fmtDay(received);
      let decided: number | null;
      let callback: number | null;
      if (plan === 'CP-02') {
        broken = 'CP-02';
        row.outcome = decidedOutcome();
        if (rng.chance(0.5)) {
          // decided late, within the especially-complex 60-day limit (so not CP-01)
          row.extension = 'especially_complex';
          decided = received + rng.int(40, 58);
          callback = decided + rng.intLow(0, 5);
        } else {
          decided = received + rng.int(3, 10);
          callback = forwarded + rng.int(40, 60);
        }
      } else {
        broken = plan === 'CP-03' ? 'CP-03' : null;
        const withdrawn = plan === 'clean' && rng.chance(0.04);
        row.outcome = withdrawn ? 'withdrawn' : decidedOutcome();
        decided = withdrawn ? null : received + rng.int(1, 8);
        callback = plan === 'CP-03' ? null : (decided ?? received + rng.int(1, 8)) + rng.intLow(0, 3);
        // (decided ≤ forwarded + 10, callback ≤ forwarded + 13: inside 15 working days in any calendar)
      }
      if (decided !== null) row.decided_on = fmtDay(decided);
      if (callback !== null) this.setCallback(row, callback, 0.8);
      return { row, broken };
    }

    const plan = this.otherUrn.draw(rng);
    row.source = rng.weighted<ComplaintSource>({ direct: 58, hotline: 32, mediation: 10 });
    const extension: Extension = rng.weighted({ none: 84, complex: 13, especially_complex: 3 });
    row.extension = extension;
    const limit = LIMIT[extension];
    let received: number;
    let decided: number | null = null;
    if (plan === 'CP-01') {
      broken = 'CP-01';
      if (rng.chance(0.25) && p.end - limit - 1 >= p.start) {
        // still pending long after its limit ran out inside the period
        received = rng.int(p.start, p.end - limit - 1);
        row.outcome = 'pending';
      } else {
        received = rng.int(p.start, p.end);
        row.outcome = decidedOutcome();
        decided = received + limit + rng.intLow(1, 30);
      }
    } else {
      const outcome: Outcome =
        rng.weighted({ decided: 90, withdrawn: 5, pending: 5 }) === 'decided'
          ? decidedOutcome()
          : rng.chance(0.5)
            ? 'withdrawn'
            : 'pending';
      row.outcome = outcome;
      if (outcome === 'pending') {
        // a pending complaint is fine while its limit has not run out by the end of the period
        received = rng.int(Math.max(p.start, p.end - limit), p.end);
      } else {
        received = rng.int(p.start, p.end);
        if (outcome !== 'withdrawn') {
          const lo = extension === 'none' ? 1 : extension === 'complex' ? 16 : 31;
          decided = received + (extension === 'none' ? rng.intLow(lo, limit) : rng.int(lo, limit));
        }
      }
    }
    row.received_on = fmtDay(received);
    if (decided !== null) row.decided_on = fmtDay(decided);
    if (row.outcome !== 'pending' && rng.chance(0.62)) {
      this.setCallback(row, (decided ?? received + rng.int(2, 10)) + rng.intLow(0, 7), 0.9);
    }
    return { row, broken };
  }

  private setCallback(row: ComplaintRow, day: number, satisfiedBias: number): void {
    const rng = this.rng;
    row.callback_on = fmtDay(day);
    row.callback_method = rng.weighted(CALLBACK_METHODS);
    const upheld = row.outcome === 'upheld' || row.outcome === 'partially_upheld';
    row.satisfaction = rng.weighted<Satisfaction>({
      satisfied: (upheld ? 58 : 34) * satisfiedBias,
      basically_satisfied: 26,
      dissatisfied: upheld ? 7 : 20,
      unreachable: 7,
    });
  }
}

// ---------------------------------------------------------------------------- expected figures

export interface ComplaintFigures {
  total: number;
  byCategory: Record<ComplaintCategory, number>;
  bySource: Record<ComplaintSource, number>;
  forwarded: { total: number; withCallback: number; onTime: number; callbackRate: number | null };
  /** outcome ∈ {upheld, partially_upheld, not_upheld} */
  decided: number;
  decidedWithinLimit: number;
  upheld: number;
  repeat: number;
  /** callback_on set and satisfaction ≠ unreachable */
  calledBackReached: number;
  satisfied: number;
  pending: number;
  withdrawn: number;
}

export class ComplaintTally {
  readonly findings: Record<RecordRule, number> = zeroFindings();
  rows = 0;
  private f: ComplaintFigures = {
    total: 0,
    byCategory: {
      sales: 0,
      claims: 0,
      surrender: 0,
      policy_service: 0,
      premium: 0,
      callback: 0,
      service_quality: 0,
      other: 0,
    },
    bySource: { regulator_forwarded: 0, hotline: 0, direct: 0, mediation: 0 },
    forwarded: { total: 0, withCallback: 0, onTime: 0, callbackRate: null },
    decided: 0,
    decidedWithinLimit: 0,
    upheld: 0,
    repeat: 0,
    calledBackReached: 0,
    satisfied: 0,
    pending: 0,
    withdrawn: 0,
  };

  add(rec: ComplaintRecord): void {
    const { row, broken } = rec;
    const f = this.f;
    this.rows++;
    f.total++;
    if (broken) this.findings[broken]++;
    f.byCategory[row.category as ComplaintCategory]++;
    f.bySource[row.source as ComplaintSource]++;
    if (row.source === 'regulator_forwarded') {
      f.forwarded.total++;
      if (row.callback_on) f.forwarded.withCallback++;
      // construction: clean forwarded rows are decided and called back well inside the deadline
      if (!broken && row.decided_on && row.callback_on) f.forwarded.onTime++;
    }
    const o = row.outcome as Outcome;
    if (o === 'upheld' || o === 'partially_upheld' || o === 'not_upheld') {
      f.decided++;
      if (o !== 'not_upheld') f.upheld++;
      const days = dayDiff(row.received_on, row.decided_on);
      if (days <= LIMIT[row.extension as Extension]) f.decidedWithinLimit++;
    } else if (o === 'pending') f.pending++;
    else f.withdrawn++;
    if (row.repeat_complaint === 'Y') f.repeat++;
    if (row.callback_on && row.satisfaction !== 'unreachable') {
      f.calledBackReached++;
      if (row.satisfaction === 'satisfied' || row.satisfaction === 'basically_satisfied') f.satisfied++;
    }
  }

  figures(): ComplaintFigures {
    const f = this.f;
    return {
      ...f,
      byCategory: { ...f.byCategory },
      bySource: { ...f.bySource },
      forwarded: {
        ...f.forwarded,
        callbackRate: f.forwarded.total > 0 ? f.forwarded.withCallback / f.forwarded.total : null,
      },
    };
  }

  companyFindings(): { 'CP-C1': boolean } {
    const fw = this.f.forwarded;
    return { 'CP-C1': fw.total > 0 && fw.withCallback < fw.total };
  }
}

function dayDiff(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86400000);
}
