import { type Catalog, findRule } from '@portal/reporting-standard';
import type { CompanyStatsDto } from '../stats/stats.service';
import { COMPARED } from '../stats/metrics';
import type { Comparison, Execution, RuleFinding } from './self-inspection.model';

/** The value at a METRICS.md key (`callbacks.successRate`, `complaints.forwarded.callbackRate`) of a company. */
export function figureAt(stats: { callbacks: object; complaints: object }, key: string): number | null {
  const [head, ...rest] = key.split('.');
  let node: unknown = (stats as unknown as Record<string, unknown>)[head];
  for (const part of rest) {
    if (!node || typeof node !== 'object') return null;
    node = (node as Record<string, unknown>)[part];
  }
  return typeof node === 'number' ? node : null;
}

/**
 * Section 1 of a report from the insurer's company statistics: the callback and complaint figures, each
 * rule's count with its title and citation from the catalog in force, and every compared rate against the
 * median of the insurer's group.
 */
export function buildExecution(stats: CompanyStatsDto, catalog: Catalog): Execution {
  const rules: RuleFinding[] = [];
  // Catalog order, so the report lists the rules as RULES.md does.
  for (const rule of catalog.rules) {
    if (!(rule.code in stats.findings)) continue;
    rules.push({
      code: rule.code,
      title: rule.title,
      severity: rule.severity,
      scope: rule.scope,
      citation: rule.citation,
      count: stats.findings[rule.code] ?? null,
    });
  }
  for (const code of Object.keys(stats.findings)) {
    if (!findRule(catalog, code)) {
      rules.push({
        code,
        title: { zh: code, en: code },
        severity: 'finding',
        scope: 'record',
        citation: { zh: '—', en: '—' },
        count: stats.findings[code] ?? null,
      });
    }
  }
  const comparison: Comparison[] = COMPARED.map(({ key, worse }) => {
    const value = figureAt(stats, key);
    const groupMedian = stats.groupMedians?.[key] ?? null;
    return {
      key,
      value,
      groupMedian,
      worse,
      worseThanMedian:
        value === null || groupMedian === null
          ? null
          : worse === 'high'
            ? value > groupMedian
            : value < groupMedian,
    };
  });
  return {
    // Figures exist only for what was submitted: without any submitted file every figure is null.
    available: Object.values(stats.submissions).some((s) => s.submissionId !== null),
    name: stats.name,
    group: stats.group,
    callbacks: stats.callbacks,
    complaints: stats.complaints,
    findings: stats.findings,
    rules,
    comparison,
    submissions: Object.fromEntries(
      Object.entries(stats.submissions).map(([kind, s]) => [
        kind,
        { submissionId: s.submissionId, version: s.version, submittedAt: s.submittedAt },
      ]),
    ),
    catalogVersion: catalog.version,
    computedAt: stats.computedAt,
  };
}

/** Section 1 when the insurer has no statistics for the period: every figure missing ("—"). */
export function emptyExecution(
  org: { name: string; group: 'life' | 'property' },
  catalog: Catalog,
): Execution {
  return {
    available: false,
    name: org.name,
    group: org.group,
    callbacks: {},
    complaints: {},
    findings: {},
    rules: [],
    comparison: COMPARED.map(({ key, worse }) => ({
      key,
      value: null,
      groupMedian: null,
      worse,
      worseThanMedian: null,
    })),
    submissions: {},
    catalogVersion: catalog.version,
    computedAt: null,
  };
}
