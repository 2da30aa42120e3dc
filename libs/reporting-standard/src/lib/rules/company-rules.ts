/**
 * Company-level findings (RULES.md: CB-C1, CB-C2, CP-C1), evaluated on the per-insurer figures of a period
 * (METRICS.md keys). A figure that is `null` (its inputs are missing or its divisor is 0) yields nothing.
 * The statistics module computes the figures (set-based, in Postgres); the thresholds live here, in the
 * catalog, so the same rule code and parameter is what `GET /api/rules` shows.
 */
import { findRule, ruleApplies, type Catalog } from '../catalog';
import type { Period } from '../context';
import { makeIssue } from '../issues';
import type { Issue } from '../types';

export interface CompanyFigures {
  /** `callbacks.successRate` */
  readonly successRate?: number | null;
  /** `callbacks.visitLetterShare` */
  readonly visitLetterShare?: number | null;
  /** `complaints.forwarded.callbackRate` */
  readonly forwardedCallbackRate?: number | null;
}

function pct(x: number, digits = 2): string {
  return `${(x * 100).toFixed(digits)}%`;
}

/** Value and threshold as percentages, with more decimals when two would make them look equal (89.996% vs 90%). */
function pctPair(value: number, limit: number): [string, string] {
  for (let digits = 2; digits < 8; digits++) {
    const a = pct(value, digits);
    const b = pct(limit, digits);
    if (a !== b) return [a, b];
  }
  return [String(value), String(limit)];
}

/** Findings for one insurer and period; issues have `row` and `column` null. */
export function evaluateCompanyRules(figures: CompanyFigures, catalog: Catalog, period?: Period): Issue[] {
  const out: Issue[] = [];
  const active = (code: string) => {
    const rule = findRule(catalog, code);
    return rule && ruleApplies(rule, period) ? rule : undefined;
  };

  const c1 = active('CB-C1');
  const min = c1?.params['minSuccessRate'];
  if (c1 && typeof min === 'number' && typeof figures.successRate === 'number' && figures.successRate < min) {
    const [value, limit] = pctPair(figures.successRate, min);
    out.push(
      makeIssue(null, null, value, 'CB-C1', c1.severity, { successRate: value, minSuccessRate: limit }),
    );
  }

  const c2 = active('CB-C2');
  const max = c2?.params['maxVisitLetterShare'];
  if (
    c2 &&
    typeof max === 'number' &&
    typeof figures.visitLetterShare === 'number' &&
    figures.visitLetterShare > max
  ) {
    const [value, limit] = pctPair(figures.visitLetterShare, max);
    out.push(
      makeIssue(null, null, value, 'CB-C2', c2.severity, {
        visitLetterShare: value,
        maxVisitLetterShare: limit,
      }),
    );
  }

  const p1 = active('CP-C1');
  const minRate = p1?.params['minForwardedCallbackRate'];
  if (
    p1 &&
    typeof minRate === 'number' &&
    typeof figures.forwardedCallbackRate === 'number' &&
    figures.forwardedCallbackRate < minRate
  ) {
    const [value, limit] = pctPair(figures.forwardedCallbackRate, minRate);
    out.push(
      makeIssue(null, null, value, 'CP-C1', p1.severity, {
        callbackRate: value,
        minForwardedCallbackRate: limit,
      }),
    );
  }
  return out;
}
