/**
 * One data row → typed record + issues.
 *
 * Order of checks: each cell is read by its column type (PII-001 on text-like cells, STR-003 type/format/
 * range, STR-004 enumeration), then STR-006 (required and conditionally required values), STR-007 (date
 * order), STR-008 (period), STR-009 (future), STR-011 (profile org_code). Only a row without data errors gets
 * a typed record and the record-level compliance rules and warnings enabled in the catalog.
 * A row yields at most one issue per rule: a data error that concerns several cells names them all in its
 * params (`columns`, `value.<column>`), so counts per rule are counts of rows.
 *
 * Hot path: ~10 million rows per file. Per-kind scratch arrays are reused across rows, enum lookups and
 * regular expressions are compiled once, the context is compiled once per context object, and a clean row
 * allocates only its record and its list values.
 */
import { findRule, ruleApplies } from './catalog';
import { columnPattern, columnsOf, type ColumnDef } from './columns';
import { assertRowContext, MemoWorkingDays, type Period, type RowContext } from './context';
import { callbackKey } from './duplicates';
import { parseEnumValue, type EnumDef } from './enums';
import { isValidUscc } from './uscc';
import { makeIssue, valueParam, type IssueParams } from './issues';
import {
  cellText,
  codePointLength,
  parseBoolean,
  parseDate,
  parseDecimal,
  parseInteger,
  parseList,
} from './parsers';
import { detectPii, type PiiKind } from './pii';
import type { CallbackRecord, ComplaintRecord, ProfileRecord, RecordByKind, TypedRecord } from './records';
import { CALLBACK_RULES } from './rules/callback-rules';
import { COMPLAINT_RULES } from './rules/complaint-rules';
import type { RecordRule, RuleEnv } from './rules/rule';
import type { CellValue, Issue, Kind, Severity } from './types';

// ---- compiled context -------------------------------------------------------------------------------

interface CompiledRule {
  readonly rule: RecordRule<Kind, unknown>;
  readonly params: unknown;
  readonly severity: Severity;
}

interface CompiledContext {
  readonly period: Period;
  readonly uploadDate: string;
  readonly orgCode: string;
  readonly env: RuleEnv;
  readonly rules: Readonly<Record<Kind, readonly CompiledRule[]>>;
}

const RECORD_RULES: readonly RecordRule<Kind, unknown>[] = [
  ...(CALLBACK_RULES as readonly RecordRule<Kind, unknown>[]),
  ...(COMPLAINT_RULES as readonly RecordRule<Kind, unknown>[]),
];

/** Codes of every record-level rule this library implements (for tests and documentation). */
export const IMPLEMENTED_RECORD_RULES: readonly string[] = RECORD_RULES.map((r) => r.code);

const compiled = new WeakMap<RowContext, CompiledContext>();

function compileContext(ctx: RowContext): CompiledContext {
  let cc = compiled.get(ctx);
  if (cc) return cc;
  assertRowContext(ctx);
  const rules: Record<Kind, CompiledRule[]> = { callbacks: [], complaints: [], profile: [] };
  for (const rule of RECORD_RULES) {
    const def = findRule(ctx.catalog, rule.code);
    if (!def || !ruleApplies(def, ctx.period)) continue;
    rules[rule.kind].push({ rule, params: rule.compile(def.params), severity: def.severity });
  }
  cc = {
    period: ctx.period,
    uploadDate: ctx.uploadDate,
    orgCode: ctx.orgCode.trim().toUpperCase(),
    env: {
      period: ctx.period,
      uploadDate: ctx.uploadDate,
      workingDays: new MemoWorkingDays(ctx.workingDays),
    },
    rules,
  };
  compiled.set(ctx, cc);
  return cc;
}

// ---- per-kind runtime (compiled column info + reusable scratch) ---------------------------------------

const TEXT = 0;
const ENUM = 1;
const INTEGER = 2;
const DECIMAL = 3;
const DATE = 4;
const BOOLEAN = 5;
const LIST = 6;
const ENUM_LIST = 7;
const USCC = 8;
const TYPE_CODES: Readonly<Record<ColumnDef['type'], number>> = {
  text: TEXT,
  enum: ENUM,
  integer: INTEGER,
  decimal: DECIMAL,
  date: DATE,
  boolean: BOOLEAN,
  list: LIST,
  enumList: ENUM_LIST,
  uscc: USCC,
};

const EMPTY = 0;
const OK = 1;
const BAD = 2;

const EMPTY_LIST: readonly string[] = Object.freeze([]);

interface ColumnRuntime {
  readonly def: ColumnDef;
  readonly key: string;
  readonly type: number;
  readonly enumDef: EnumDef | null;
  readonly maxLength: number;
  readonly pattern: RegExp | null;
  readonly min: number;
  readonly max: number;
  readonly decimals: number;
  readonly piiScan: boolean;
  /** For conditionally required columns: the index of the column the condition reads, else -1. */
  readonly condIndex: number;
  readonly condIn: readonly string[] | null;
  readonly condNotIn: readonly string[] | null;
  readonly condPresent: boolean;
  readonly isList: boolean;
}

interface KindRuntime {
  readonly kind: Kind;
  readonly columns: readonly ColumnRuntime[];
  readonly index: ReadonlyMap<string, number>;
  readonly always: readonly number[];
  readonly conditional: readonly number[];
  readonly dates: readonly number[];
  /** [later, earlier] index pairs: `later` may not be before `earlier`. */
  readonly datePairs: readonly (readonly [number, number])[];
  // scratch, reused for every row
  readonly raw: CellValue[];
  readonly values: unknown[];
  readonly state: Uint8Array;
  readonly display: string[];
  readonly piiKinds: (PiiKind | null)[];
  readonly badType: number[];
  readonly badEnum: number[];
  readonly pii: number[];
  readonly missing: number[];
  readonly future: number[];
  readonly order: number[];
  /** The record of the last checked row (null when it had data errors). */
  record: TypedRecord | null;
}

/** Date pairs that cannot be in this order (STR-007). */
const DATE_ORDER: Readonly<Record<Kind, readonly (readonly [string, string])[]>> = {
  callbacks: [
    ['receipt_signed_on', 'underwritten_on'],
    ['case_closed_on', 'underwritten_on'],
    ['first_attempt_on', 'underwritten_on'],
    ['completed_on', 'underwritten_on'],
    ['completed_on', 'first_attempt_on'],
    ['problem_resolved_on', 'first_attempt_on'],
  ],
  complaints: [
    ['decided_on', 'received_on'],
    ['callback_on', 'received_on'],
  ],
  profile: [],
};

function buildRuntime(kind: Kind): KindRuntime {
  const defs = columnsOf(kind);
  const index = new Map(defs.map((d, i) => [d.key, i]));
  const at = (key: string): number => {
    const i = index.get(key);
    if (i === undefined) throw new Error(`no column ${key} in ${kind}`);
    return i;
  };
  const columns: ColumnRuntime[] = defs.map((def) => {
    const cond = def.required === 'conditional' ? def.requiredWhen : undefined;
    if (def.required === 'conditional' && (!cond || !index.has(cond.column)))
      throw new Error(`column ${def.key}: bad condition`);
    return {
      def,
      key: def.key,
      type: TYPE_CODES[def.type],
      enumDef: def.enumDef ?? null,
      maxLength: def.maxLength ?? Number.MAX_SAFE_INTEGER,
      pattern: columnPattern(def) ?? null,
      min: def.min ?? Number.MIN_SAFE_INTEGER,
      max: def.max ?? Number.MAX_SAFE_INTEGER,
      decimals: def.decimals ?? 2,
      piiScan: def.piiScan,
      condIndex: cond ? at(cond.column) : -1,
      condIn: cond?.in ?? null,
      condNotIn: cond?.notIn ?? null,
      condPresent: cond?.present === true,
      isList: def.type === 'list' || def.type === 'enumList',
    };
  });
  const n = columns.length;
  return {
    kind,
    columns,
    index,
    always: columns.flatMap((c, i) => (c.def.required === 'always' ? [i] : [])),
    conditional: columns.flatMap((c, i) => (c.def.required === 'conditional' ? [i] : [])),
    dates: columns.flatMap((c, i) => (c.type === DATE ? [i] : [])),
    datePairs: DATE_ORDER[kind].map(([a, b]) => [at(a), at(b)] as const),
    raw: new Array(n).fill(undefined),
    values: new Array(n).fill(null),
    state: new Uint8Array(n),
    display: new Array(n).fill(''),
    piiKinds: new Array(n).fill(null),
    badType: [],
    badEnum: [],
    pii: [],
    missing: [],
    future: [],
    order: [],
    record: null,
  };
}

const RUNTIMES: Readonly<Record<Kind, KindRuntime>> = {
  callbacks: buildRuntime('callbacks'),
  complaints: buildRuntime('complaints'),
  profile: buildRuntime('profile'),
};

// ---- record builders (fixed property order: one hidden class per kind) --------------------------------

function indexer(kind: Kind): (key: string) => number {
  const rt = RUNTIMES[kind];
  return (key) => {
    const i = rt.index.get(key);
    if (i === undefined) throw new Error(`no column ${key} in ${kind}`);
    return i;
  };
}

const cb = indexer('callbacks');
const CB = {
  callback_type: cb('callback_type'),
  policy_no: cb('policy_no'),
  case_no: cb('case_no'),
  product_type: cb('product_type'),
  channel: cb('channel'),
  term_months: cb('term_months'),
  payment_mode: cb('payment_mode'),
  policyholder_age: cb('policyholder_age'),
  underwritten_on: cb('underwritten_on'),
  receipt_signed_on: cb('receipt_signed_on'),
  cooling_off_days: cb('cooling_off_days'),
  sales_recorded: cb('sales_recorded'),
  case_closed_on: cb('case_closed_on'),
  status: cb('status'),
  method: cb('method'),
  methods_tried: cb('methods_tried'),
  first_attempt_on: cb('first_attempt_on'),
  completed_on: cb('completed_on'),
  recording_ref: cb('recording_ref'),
  receipt_ref: cb('receipt_ref'),
  identity_check: cb('identity_check'),
  confirmed_items: cb('confirmed_items'),
  caller_is_sales: cb('caller_is_sales'),
  problems: cb('problems'),
  problem_resolved_on: cb('problem_resolved_on'),
  problem_resolution: cb('problem_resolution'),
} as const;

function buildCallback(v: readonly unknown[]): CallbackRecord {
  return {
    callback_type: v[CB.callback_type],
    policy_no: v[CB.policy_no],
    case_no: v[CB.case_no],
    product_type: v[CB.product_type],
    channel: v[CB.channel],
    term_months: v[CB.term_months],
    payment_mode: v[CB.payment_mode],
    policyholder_age: v[CB.policyholder_age],
    underwritten_on: v[CB.underwritten_on],
    receipt_signed_on: v[CB.receipt_signed_on],
    cooling_off_days: v[CB.cooling_off_days],
    sales_recorded: v[CB.sales_recorded],
    case_closed_on: v[CB.case_closed_on],
    status: v[CB.status],
    method: v[CB.method],
    methods_tried: v[CB.methods_tried],
    first_attempt_on: v[CB.first_attempt_on],
    completed_on: v[CB.completed_on],
    recording_ref: v[CB.recording_ref],
    receipt_ref: v[CB.receipt_ref],
    identity_check: v[CB.identity_check],
    confirmed_items: v[CB.confirmed_items],
    caller_is_sales: v[CB.caller_is_sales],
    problems: v[CB.problems],
    problem_resolved_on: v[CB.problem_resolved_on],
    problem_resolution: v[CB.problem_resolution],
  } as CallbackRecord;
}

const cp = indexer('complaints');
const CP = {
  complaint_no: cp('complaint_no'),
  source: cp('source'),
  forward_no: cp('forward_no'),
  forwarded_on: cp('forwarded_on'),
  received_on: cp('received_on'),
  product_type: cp('product_type'),
  category: cp('category'),
  channel: cp('channel'),
  decided_on: cp('decided_on'),
  extension: cp('extension'),
  outcome: cp('outcome'),
  callback_on: cp('callback_on'),
  callback_method: cp('callback_method'),
  satisfaction: cp('satisfaction'),
  repeat_complaint: cp('repeat_complaint'),
} as const;

function buildComplaint(v: readonly unknown[]): ComplaintRecord {
  return {
    complaint_no: v[CP.complaint_no],
    source: v[CP.source],
    forward_no: v[CP.forward_no],
    forwarded_on: v[CP.forwarded_on],
    received_on: v[CP.received_on],
    product_type: v[CP.product_type],
    category: v[CP.category],
    channel: v[CP.channel],
    decided_on: v[CP.decided_on],
    extension: v[CP.extension],
    outcome: v[CP.outcome],
    callback_on: v[CP.callback_on],
    callback_method: v[CP.callback_method],
    satisfaction: v[CP.satisfaction],
    repeat_complaint: v[CP.repeat_complaint],
  } as ComplaintRecord;
}

const pr = indexer('profile');
const PR = {
  org_code: pr('org_code'),
  premium_income: pr('premium_income'),
  new_policies: pr('new_policies'),
  policies_in_force: pr('policies_in_force'),
  insured_persons: pr('insured_persons'),
  sales_staff: pr('sales_staff'),
  employees: pr('employees'),
} as const;

function buildProfile(v: readonly unknown[]): ProfileRecord {
  return {
    org_code: v[PR.org_code],
    premium_income: v[PR.premium_income],
    new_policies: v[PR.new_policies],
    policies_in_force: v[PR.policies_in_force],
    insured_persons: v[PR.insured_persons],
    sales_staff: v[PR.sales_staff],
    employees: v[PR.employees],
  } as ProfileRecord;
}

// ---- reading cells ------------------------------------------------------------------------------------

function asText(raw: CellValue): string {
  return typeof raw === 'string' ? raw.trim() : cellText(raw);
}

function readCells(rt: KindRuntime): void {
  const { columns, raw, values, state, piiKinds, badType, badEnum, pii } = rt;
  if (badType.length > 0) badType.length = 0;
  if (badEnum.length > 0) badEnum.length = 0;
  if (pii.length > 0) pii.length = 0;
  for (let i = 0; i < columns.length; i++) {
    const c = columns[i];
    const v = raw[i];
    piiKinds[i] = null;
    if (
      v === null ||
      v === undefined ||
      (typeof v === 'string' && (v.length === 0 || v.trim().length === 0))
    ) {
      state[i] = EMPTY;
      values[i] = c.isList ? EMPTY_LIST : null;
      continue;
    }
    state[i] = OK;
    switch (c.type) {
      case TEXT: {
        const s = asText(v);
        if (c.piiScan) {
          const kind = detectPii(s);
          if (kind !== null) {
            markPii(rt, i, s, kind);
            break;
          }
        }
        if (
          (s.length > c.maxLength && codePointLength(s) > c.maxLength) ||
          (c.pattern !== null && !c.pattern.test(s))
        ) {
          mark(rt, badType, i, s);
          break;
        }
        values[i] = s;
        break;
      }
      case ENUM: {
        const s = asText(v);
        const code = c.enumDef === null ? undefined : parseEnumValue(c.enumDef, s);
        if (code !== undefined) {
          values[i] = code;
          break;
        }
        const kind = c.piiScan ? detectPii(s) : null;
        if (kind !== null) markPii(rt, i, s, kind);
        else mark(rt, badEnum, i, s);
        break;
      }
      case LIST:
      case ENUM_LIST: {
        const items = parseList(v);
        if (items.length === 0) {
          state[i] = EMPTY;
          values[i] = EMPTY_LIST;
          break;
        }
        if (c.enumDef === null) {
          values[i] = items;
          break;
        }
        let ok = true;
        const codes: string[] = new Array(items.length);
        for (let k = 0; k < items.length; k++) {
          const code = parseEnumValue(c.enumDef, items[k]);
          if (code === undefined) {
            ok = false;
            break;
          }
          codes[k] = code;
        }
        if (ok) {
          values[i] = codes;
          break;
        }
        const s = asText(v);
        const kind = c.piiScan ? detectPii(s) : null;
        if (kind !== null) markPii(rt, i, s, kind);
        else mark(rt, badEnum, i, s);
        break;
      }
      case INTEGER: {
        const n = parseInteger(v);
        if (n === null || n < c.min || n > c.max) mark(rt, badType, i, cellText(v));
        else values[i] = n;
        break;
      }
      case DECIMAL: {
        const d = parseDecimal(v, c.decimals);
        if (d === null || Number(d) < c.min || Number(d) > c.max) mark(rt, badType, i, cellText(v));
        else values[i] = d;
        break;
      }
      case DATE: {
        const d = parseDate(v);
        if (d === null) mark(rt, badType, i, cellText(v));
        else values[i] = d;
        break;
      }
      case BOOLEAN: {
        const b = parseBoolean(v);
        if (b === null) mark(rt, badType, i, cellText(v));
        else values[i] = b;
        break;
      }
      case USCC: {
        const s = asText(v).toUpperCase();
        if (isValidUscc(s)) values[i] = s;
        else mark(rt, badType, i, cellText(v));
        break;
      }
    }
  }
}

function mark(rt: KindRuntime, bucket: number[], i: number, shown: string): void {
  rt.state[i] = BAD;
  rt.values[i] = rt.columns[i].isList ? EMPTY_LIST : null;
  rt.display[i] = shown;
  bucket.push(i);
}

function markPii(rt: KindRuntime, i: number, shown: string, kind: PiiKind): void {
  mark(rt, rt.pii, i, shown);
  rt.piiKinds[i] = kind;
}

function isRequiredNow(rt: KindRuntime, c: ColumnRuntime): boolean {
  const ci = c.condIndex;
  if (rt.state[ci] !== OK) return false; // unknown or invalid condition: do not guess
  if (c.condPresent) return true;
  const v = rt.values[ci] as string;
  if (c.condIn !== null) return c.condIn.includes(v);
  if (c.condNotIn !== null) return !c.condNotIn.includes(v);
  return false;
}

// ---- issues ------------------------------------------------------------------------------------------

function columnsIssue(rt: KindRuntime, bucket: readonly number[], row: number, rule: string): Issue {
  const params: IssueParams = { columns: bucket.map((i) => rt.columns[i].key).join(',') };
  for (const i of bucket) {
    const key = rt.columns[i].key;
    params[valueParam(key)] = rt.display[i];
    const pii = rt.piiKinds[i];
    if (pii !== null) params[`pii.${key}`] = pii;
  }
  const first = bucket[0];
  return makeIssue(row, rt.columns[first].key, rt.display[first], rule, 'error', params);
}

function missingIssue(rt: KindRuntime, row: number): Issue {
  const keys = rt.missing.map((i) => rt.columns[i].key);
  return makeIssue(row, keys[0], null, 'STR-006', 'error', { columns: keys.join(',') });
}

function add(list: Issue[] | null, issue: Issue): Issue[] {
  if (list === null) return [issue];
  list.push(issue);
  return list;
}

function checkRow(rt: KindRuntime, row: number, cc: CompiledContext): Issue[] | null {
  readCells(rt);
  const { columns, state, values, missing, future, order } = rt;
  let issues: Issue[] | null = null;

  if (rt.pii.length > 0) issues = add(issues, columnsIssue(rt, rt.pii, row, 'PII-001'));
  if (rt.badType.length > 0) issues = add(issues, columnsIssue(rt, rt.badType, row, 'STR-003'));
  if (rt.badEnum.length > 0) issues = add(issues, columnsIssue(rt, rt.badEnum, row, 'STR-004'));

  if (missing.length > 0) missing.length = 0;
  for (const i of rt.always) if (state[i] === EMPTY) missing.push(i);
  for (const i of rt.conditional) if (state[i] === EMPTY && isRequiredNow(rt, columns[i])) missing.push(i);
  if (missing.length > 1) missing.sort((a, b) => a - b);
  if (missing.length > 0) issues = add(issues, missingIssue(rt, row));

  if (order.length > 0) order.length = 0;
  for (let k = 0; k < rt.datePairs.length; k++) {
    const [later, earlier] = rt.datePairs[k];
    if (
      state[later] === OK &&
      state[earlier] === OK &&
      (values[later] as string) < (values[earlier] as string)
    )
      order.push(k);
  }
  if (order.length > 0) {
    const params: IssueParams = {};
    const pairs: string[] = [];
    for (const k of order) {
      const [later, earlier] = rt.datePairs[k];
      pairs.push(`${columns[later].key}<${columns[earlier].key}`);
      params[valueParam(columns[later].key)] = values[later] as string;
      params[valueParam(columns[earlier].key)] = values[earlier] as string;
    }
    params['pairs'] = pairs.join(',');
    const firstLater = rt.datePairs[order[0]][0];
    issues = add(
      issues,
      makeIssue(row, columns[firstLater].key, values[firstLater] as string, 'STR-007', 'error', params),
    );
  }

  const period = cc.period;
  let periodColumn = -1;
  if (rt.kind === 'callbacks') {
    if (state[CB.callback_type] === OK && values[CB.callback_type] === 'new_business')
      periodColumn = CB.receipt_signed_on;
  } else if (rt.kind === 'complaints') {
    periodColumn = CP.received_on;
  }
  if (periodColumn >= 0 && state[periodColumn] === OK) {
    const d = values[periodColumn] as string;
    if (d < period.startsOn || d > period.endsOn) {
      issues = add(
        issues,
        makeIssue(row, columns[periodColumn].key, d, 'STR-008', 'error', {
          period: period.code,
          startsOn: period.startsOn,
          endsOn: period.endsOn,
        }),
      );
    }
  }

  if (future.length > 0) future.length = 0;
  for (const i of rt.dates) if (state[i] === OK && (values[i] as string) > cc.uploadDate) future.push(i);
  if (future.length > 0) {
    const params: IssueParams = {
      columns: future.map((i) => columns[i].key).join(','),
      uploadDate: cc.uploadDate,
    };
    for (const i of future) params[valueParam(columns[i].key)] = values[i] as string;
    issues = add(
      issues,
      makeIssue(row, columns[future[0]].key, values[future[0]] as string, 'STR-009', 'error', params),
    );
  }

  if (rt.kind === 'profile' && state[PR.org_code] === OK && values[PR.org_code] !== cc.orgCode) {
    issues = add(
      issues,
      makeIssue(row, 'org_code', values[PR.org_code] as string, 'STR-011', 'error', { expected: cc.orgCode }),
    );
  }

  if (issues !== null) {
    rt.record = null;
    return issues;
  }

  const record: TypedRecord =
    rt.kind === 'callbacks'
      ? buildCallback(values)
      : rt.kind === 'complaints'
        ? buildComplaint(values)
        : buildProfile(values);
  rt.record = record;
  const rules = cc.rules[rt.kind];
  for (let k = 0; k < rules.length; k++) {
    const r = rules[k];
    const found = r.rule.check(record as never, r.params, cc.env, row, r.severity);
    if (found !== null) issues = add(issues, found);
  }
  return issues;
}

/** The STR-005 key of the row just checked, when its key columns are valid (even if other cells are not). */
function scratchKey(rt: KindRuntime): string | null {
  const { state, values } = rt;
  switch (rt.kind) {
    case 'callbacks':
      if (state[CB.callback_type] !== OK || state[CB.policy_no] !== OK || state[CB.case_no] === BAD)
        return null;
      return callbackKey(
        values[CB.callback_type] as string,
        values[CB.policy_no] as string,
        values[CB.case_no] as string | null,
      );
    case 'complaints':
      return state[CP.complaint_no] === OK ? (values[CP.complaint_no] as string) : null;
    case 'profile':
      return '';
  }
}

// ---- public entry points -------------------------------------------------------------------------------

export interface RowResult<K extends Kind = Kind> {
  /** The typed record, or null when the row has a data error. */
  readonly record: RecordByKind[K] | null;
  readonly issues: Issue[];
}

/**
 * Checks one data row. `cells` maps column keys of the standard to cell values (CSV gives strings; an
 * xlsx reader may give numbers, booleans and Dates); a key that is absent is an empty cell. `rowNo` is the
 * row number in the file (header = 1, first data row = 2).
 */
export function validateRow<K extends Kind>(
  kind: K,
  cells: Readonly<Record<string, CellValue>>,
  rowNo: number,
  ctx: RowContext,
): RowResult<K> {
  const cc = compileContext(ctx);
  const rt = RUNTIMES[kind];
  for (let i = 0; i < rt.columns.length; i++) rt.raw[i] = cells[rt.columns[i].key];
  const issues = checkRow(rt, rowNo, cc);
  return { record: rt.record as RecordByKind[K] | null, issues: issues ?? [] };
}

/**
 * For the file validator (no per-row allocation): the scratch array of raw cells of `kind`, indexed by the
 * column's position in `columnsOf(kind)`. Fill it, then call `checkScratchRow`.
 * @internal
 */
export function rawScratch(kind: Kind): CellValue[] {
  return RUNTIMES[kind].raw;
}

/**
 * Checks the row in `rawScratch(kind)`; returns its issues (null when none). Read `lastRecord` and `lastKey`
 * before checking the next row.
 * @internal
 */
export function checkScratchRow(kind: Kind, ctx: RowContext, rowNo: number): Issue[] | null {
  return checkRow(RUNTIMES[kind], rowNo, compileContext(ctx));
}

/** @internal The record of the row last checked for `kind` (null when it had a data error). */
export function lastRecord(kind: Kind): TypedRecord | null {
  return RUNTIMES[kind].record;
}

/** @internal The STR-005 key of the row last checked for `kind`, when its key columns are valid. */
export function lastKey(kind: Kind): string | null {
  return scratchKey(RUNTIMES[kind]);
}

/** Validates the context (throws on a malformed one) and prepares it; optional, done lazily otherwise. */
export function prepareContext(ctx: RowContext): void {
  compileContext(ctx);
}
