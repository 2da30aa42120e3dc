/**
 * The effective submission deadline of every (period, organisation, kind): the period's deadline for the
 * kind, or the latest extension that applies to the organisation (granted to it or to every insurer),
 * whichever is later — an extension never shortens a deadline. Organisations founded after the period ended
 * are left out.
 *
 * Columns: period_code, org_code, org_name, kind, period_due_on (text), due_on (text), extended (boolean).
 * `periodFilter` is an SQL condition on `pd` (e.g. `pd.period_code = $1`).
 */
export function effectiveDeadlinesSql(periodFilter: string): string {
  return `
    SELECT pd.period_code, o.code AS org_code, o.name AS org_name, pd.kind,
           pd.due_on::text AS period_due_on,
           GREATEST(pd.due_on, x.due_on)::text AS due_on,
           coalesce(x.due_on > pd.due_on, false) AS extended
      FROM period_deadline pd
      JOIN period p ON p.code = pd.period_code
     CROSS JOIN organisation o
      LEFT JOIN LATERAL (
            SELECT max(e.due_on) AS due_on
              FROM period_extension e
             WHERE e.period_code = pd.period_code AND e.kind = pd.kind
               AND (e.org_code IS NULL OR e.org_code = o.code)) x ON true
     WHERE o.founded_on <= p.ends_on AND (${periodFilter})`;
}
