/**
 * The one way an Issue is made: the value and every string parameter go through `maskPii`, so no report,
 * message or API answer built from issues can echo a resident ID or mobile number in full.
 */
import { maskPii } from './pii';
import type { Issue, Severity } from './types';

export type IssueParams = Record<string, string | number>;

export function makeIssue(
  row: number | null,
  column: string | null,
  value: string | null,
  rule: string,
  severity: Severity,
  params?: IssueParams,
): Issue {
  if (params) {
    for (const k in params) {
      const v = params[k];
      if (typeof v === 'string') params[k] = maskPii(v);
    }
  }
  const issue: { -readonly [K in keyof Issue]: Issue[K] } = {
    row,
    column,
    value: value === null ? null : maskPii(value),
    rule,
    severity,
  };
  if (params) issue.params = params;
  return issue;
}

/** Parameter key under which an issue carries the (masked) value of a further column. */
export function valueParam(column: string): string {
  return `value.${column}`;
}

export function countBySeverity(issues: readonly Issue[]): {
  errors: number;
  warnings: number;
  findings: number;
} {
  let errors = 0;
  let warnings = 0;
  let findings = 0;
  for (const i of issues) {
    if (i.severity === 'error') errors++;
    else if (i.severity === 'warning') warnings++;
    else findings++;
  }
  return { errors, warnings, findings };
}
