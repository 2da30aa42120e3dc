/**
 * The shape of a record-level rule: a code, the kind it reads, a parameter compiler (catalog params →
 * typed params, once per catalog) and a pure check (typed record → at most one issue).
 */
import type { ParamValue } from '../catalog';
import { CalendarGap, type MemoWorkingDays, type Period } from '../context';
import { makeIssue, type IssueParams } from '../issues';
import type { RecordByKind } from '../records';
import type { Issue, Kind, Severity } from '../types';

/** What a rule may read besides the record. */
export interface RuleEnv {
  readonly period: Period;
  readonly uploadDate: string;
  readonly workingDays: MemoWorkingDays;
}

export interface RecordRule<K extends Kind = Kind, P = unknown> {
  readonly code: string;
  readonly kind: K;
  compile(params: Readonly<Record<string, ParamValue>>): P;
  /** At most one issue per row: its params carry every detail. */
  check(record: RecordByKind[K], p: P, env: RuleEnv, row: number, severity: Severity): Issue | null;
}

export function defineRule<K extends Kind, P>(rule: RecordRule<K, P>): RecordRule<K, P> {
  return rule;
}

export function num(params: Readonly<Record<string, ParamValue>>, name: string): number {
  const v = params[name];
  if (typeof v !== 'number') throw new Error(`rule parameter ${name} must be a number`);
  return v;
}

export function bool(params: Readonly<Record<string, ParamValue>>, name: string): boolean {
  const v = params[name];
  if (typeof v !== 'boolean') throw new Error(`rule parameter ${name} must be a boolean`);
  return v;
}

export function codes(params: Readonly<Record<string, ParamValue>>, name: string): readonly string[] {
  const v = params[name];
  if (!Array.isArray(v)) throw new Error(`rule parameter ${name} must be a list of codes`);
  return v as readonly string[];
}

/** CAL-001 for a deadline the calendar could not compute. */
export function calendarIssue(gap: CalendarGap, row: number, column: string, forRule: string): Issue {
  return makeIssue(row, column, gap.from, 'CAL-001', 'error', {
    year: gap.year,
    workingDays: gap.workingDays,
    forRule,
    reason: gap.reason,
  });
}

export function issue(
  row: number,
  column: string | null,
  value: string | null,
  rule: string,
  severity: Severity,
  params?: IssueParams,
): Issue {
  return makeIssue(row, column, value, rule, severity, params);
}

export { CalendarGap };
