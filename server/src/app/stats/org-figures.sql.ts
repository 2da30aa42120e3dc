/**
 * The per-insurer figures of METRICS.md in two steps:
 * 1. CALLBACK_CLASS_SQL / COMPLAINT_CLASS_SQL classify the records of a submitted version by the few
 *    columns the figures depend on (one scan of its records: a parallel sequential scan for a whole period,
 *    an index range scan for one insurer) into a few hundred classes with their counts, kept per version in
 *    `stats_submission_class` (a submitted version never changes; the classes are recomputed only when the
 *    classifying SQL, a rule parameter or the working-day calendar changes — see `signature`).
 * 2. ORG_FIGURES_SQL: one set-based statement over the stored classes of the latest submitted versions, the
 *    profile row, and the per-rule counts the validation stored in `submission_rule_count`. The result is
 *    one flat jsonb per insurer (METRICS.md keys).
 *
 * Null, never 0, when an input is missing: a kind without a submitted version leaves all its keys out (null);
 * a zero divisor gives a null rate. Working-day tests use `stats_within_working_days` (the calendar table);
 * a count that needs a date the calendar does not cover is null.
 *
 * Parameters of ORG_FIGURES_SQL: $1 period, $2 period end (insurers founded after it are left out), $3 insurer
 * codes (null: all), $4/$5 callbacks record rules (all / shown with 0), $6/$7 the same for complaints,
 * $8 finding rules `[{code, kinds}]` (record and file level), $9/$10 the ids of the latest submitted
 * callbacks / complaints versions of those insurers, $11/$12 the signatures their stored classes must carry.
 */
import { CALLBACK_METHODS, COMPLAINT_CATEGORIES, OTHER_CALLBACK_TYPES } from './metrics';

type Agg = readonly [key: string, condition: string];

/*
 * Call-backs are first grouped by the few columns the figures classify them by (type, new-business scope,
 * status, method, on time, problems, claim on time): one hash lookup per record instead of evaluating every
 * figure's condition on every record. The figures are then sums over those groups.
 */
const CALLBACK_CLASSES: readonly (readonly [alias: string, expression: string])[] = [
  ['t', 'c.callback_type'],
  ['nb', `c.callback_type = 'new_business' AND c.term_months > $4::int`],
  ['s', 'c.status'],
  ['m', 'c.method'],
  ['on_time', 'c.completed_on <= c.receipt_signed_on + c.cooling_off_days::int'],
  ['prob', 'cardinality(c.problems) > 0'],
  ['resolved', 'c.problem_resolved_on IS NOT NULL'],
  ['misled', `'misleading_sale' = ANY(c.problems)`],
  // A claim callback completed within $5 working days of closing; NULL when the calendar cannot tell.
  [
    'claim_ok',
    `CASE WHEN c.callback_type = 'claim' AND c.status = 'success' AND c.completed_on IS NOT NULL AND c.case_closed_on IS NOT NULL
          THEN (CASE WHEN c.completed_on <= c.case_closed_on + $5::int THEN true
                     ELSE stats_within_working_days(c.case_closed_on, c.completed_on, $5::int) END)
          ELSE false END`,
  ],
];

/** The jsonb record types of one stored class (`stats_submission_class.classes`). */
const CALLBACK_CLASS_COLUMNS =
  't text, nb boolean, s text, m text, on_time boolean, prob boolean, resolved boolean, misled boolean, claim_ok boolean, n bigint';
const COMPLAINT_CLASS_COLUMNS =
  'cat text, decided boolean, in_limit boolean, upheld boolean, rep boolean, fwd boolean, fwd_cb boolean, reached boolean, satisfied boolean, fwd_ok boolean, n bigint';

/**
 * The classes of the records of some submitted versions, one row per version: `classes` is
 * `[{...class columns, n}]` (n records in the class). A version never changes, so its records are scanned
 * once (and again only when the parameters or the calendar change); `stats_submission_class` keeps the
 * result. A plain SELECT, so that PostgreSQL may scan in parallel. Parameters: $1 period, $2 version ids,
 * $3 their insurers, then the rule parameters the classes use.
 */
function classSql(table: string, alias: string, classes: readonly (readonly [string, string])[]): string {
  return `
  SELECT x.submission_id::text AS submission_id, x.org_code,
         jsonb_agg(jsonb_build_object(${classes.map(([a]) => `'${a}', x.${a}`).join(', ')}, 'n', x.n)) AS classes
    FROM (SELECT ${alias}.submission_id, ${alias}.org_code,
                 ${classes.map(([a, e]) => `${e} AS ${a}`).join(',\n                 ')},
                 count(*) AS n
            FROM ${table} ${alias}
           WHERE ${alias}.period_code = $1 AND ${alias}.org_code = ANY($3::bpchar[]) AND ${alias}.submission_id = ANY($2::uuid[])
           GROUP BY ${classes.map((_, i) => String(i + 3)).join(', ')}, ${alias}.submission_id, ${alias}.org_code) x
   GROUP BY x.submission_id, x.org_code`;
}

/** Call-back classes; $4 minTermMonths, $5 claim working days. */
export const CALLBACK_CLASS_SQL = classSql('callback_record', 'c', CALLBACK_CLASSES);

const NB = `g.nb`;
const SUCCESS = `g.s = 'success'`;

const CALLBACK_COUNTS: readonly Agg[] = [
  ['callbacks.due', NB],
  ['callbacks.succeeded', `${NB} AND ${SUCCESS}`],
  ['callbacks.refused', `${NB} AND g.s = 'refused'`],
  ['callbacks.cancelledBefore', `${NB} AND g.s = 'cancelled_before'`],
  ['callbacks.notAttempted', `${NB} AND g.s = 'not_attempted'`],
  ['callbacks.onTime', `${NB} AND ${SUCCESS} AND g.on_time`],
  ...CALLBACK_METHODS.map((m): Agg => [`callbacks.byMethod.${m}`, `${NB} AND ${SUCCESS} AND g.m = '${m}'`]),
  ['callbacks.problemsFound', `${NB} AND g.prob`],
  ['callbacks.problemsResolved', `${NB} AND g.prob AND g.resolved`],
  ['callbacks.misleadingFound', `${NB} AND g.misled`],
  ...OTHER_CALLBACK_TYPES.flatMap((type): Agg[] => {
    const is = `g.t = '${type}'`;
    return [
      [`callbacks.byType.${type}.count`, is],
      [`callbacks.byType.${type}.succeeded`, `${is} AND ${SUCCESS}`],
      [`callbacks.byType.${type}.refused`, `${is} AND g.s = 'refused'`],
      [`callbacks.byType.${type}.cancelledBefore`, `${is} AND g.s = 'cancelled_before'`],
    ];
  }),
  ['claimOnTime', 'g.claim_ok'],
  ['claimUndecided', 'g.claim_ok IS NULL'],
];

/*
 * Complaints are classified the same way (category, decided, decided within the CP-01 limit, upheld, repeat,
 * forwarded, forwarded with a call-back, called back and reached, satisfied, forwarded on time) and the
 * figures summed over the classes. Parameters of COMPLAINT_CLASS_SQL: $4/$5/$6 the CP-01 limits
 * (none/complex/especially complex), $7 the forwarded working days.
 */
const DECIDED = `p.outcome IN ('upheld', 'partially_upheld', 'not_upheld')`;
const FORWARDED = `p.source = 'regulator_forwarded'`;
const REACHED = `p.callback_on IS NOT NULL AND p.satisfaction IS DISTINCT FROM 'unreachable'`;
const within = (date: string) =>
  `(CASE WHEN ${date} <= p.forwarded_on + $7::int THEN true ELSE stats_within_working_days(p.forwarded_on, ${date}, $7::int) END)`;
/** Forwarded, decided and called back on or before $7 working days after forwarding; NULL when the calendar cannot tell. */
const FORWARDED_ON_TIME =
  `${FORWARDED} AND p.forwarded_on IS NOT NULL AND p.decided_on IS NOT NULL AND p.callback_on IS NOT NULL AND ` +
  `${within('p.decided_on')} AND ${within('p.callback_on')}`;

const COMPLAINT_CLASSES: readonly (readonly [alias: string, expression: string])[] = [
  ['cat', 'p.category'],
  ['decided', DECIDED],
  [
    'in_limit',
    `${DECIDED} AND p.decided_on IS NOT NULL AND p.decided_on - p.received_on <= ` +
      `(CASE p.extension WHEN 'complex' THEN $5::int WHEN 'especially_complex' THEN $6::int ELSE $4::int END)`,
  ],
  ['upheld', `p.outcome IN ('upheld', 'partially_upheld')`],
  ['rep', 'p.repeat_complaint'],
  ['fwd', FORWARDED],
  ['fwd_cb', `${FORWARDED} AND p.callback_on IS NOT NULL`],
  ['reached', REACHED],
  ['satisfied', `${REACHED} AND p.satisfaction IN ('satisfied', 'basically_satisfied')`],
  ['fwd_ok', FORWARDED_ON_TIME],
];

/** Complaint classes; $4/$5/$6 CP-01 limits, $7 forwarded working days. */
export const COMPLAINT_CLASS_SQL = classSql('complaint_record', 'p', COMPLAINT_CLASSES);

const COMPLAINT_COUNTS: readonly Agg[] = [
  ['complaints.total', 'true'],
  ...COMPLAINT_CATEGORIES.map((cat): Agg => [`complaints.byCategory.${cat}`, `g.cat = '${cat}'`]),
  ['complaints.decided', 'g.decided'],
  ['complaints.decidedWithinLimitCount', 'g.in_limit'],
  ['complaints.upheld', 'g.upheld'],
  ['complaints.repeat', 'g.rep'],
  ['complaints.forwarded.total', 'g.fwd'],
  ['complaints.forwarded.withCallback', 'g.fwd_cb'],
  ['complaints.calledBackReached', 'g.reached'],
  ['complaints.satisfied', 'g.satisfied'],
  ['forwardedOnTime', 'g.fwd_ok'],
  // NULL: the calendar cannot tell (a date outside the covered years).
  ['forwardedUndecided', 'g.fwd_ok IS NULL'],
];

/** Rates from the counts above: `[key, numerator, denominator]` over column aliases. */
const rate = (num: string, den: string) => `CASE WHEN (${den}) > 0 THEN (${num})::float8 / (${den}) END`;

function alias(key: string): string {
  return `"${key}"`;
}
const col = (prefix: string, key: string) => `coalesce(${prefix}.${alias(key)}, 0)`;

function callbackValues(): [string, string][] {
  const c = (k: string) => col('cb', k);
  const eligible = (p: string) => `${c(`${p}.due`)} - ${c(`${p}.refused`)} - ${c(`${p}.cancelledBefore`)}`;
  const out: [string, string][] = CALLBACK_COUNTS.filter(([k]) => k.startsWith('callbacks.')).map(([k]) => [
    k,
    c(k),
  ]);
  out.push(
    ['callbacks.successRate', rate(c('callbacks.succeeded'), eligible('callbacks'))],
    ['callbacks.onTimeRate', rate(c('callbacks.onTime'), eligible('callbacks'))],
    [
      'callbacks.visitLetterShare',
      rate(`${c('callbacks.byMethod.visit')} + ${c('callbacks.byMethod.letter')}`, c('callbacks.succeeded')),
    ],
    [
      'callbacks.byType.claim.onTime',
      `CASE WHEN ${c('claimUndecided')} > 0 THEN NULL ELSE ${c('claimOnTime')} END`,
    ],
  );
  for (const type of OTHER_CALLBACK_TYPES) {
    const p = `callbacks.byType.${type}`;
    out.push([
      `${p}.successRate`,
      rate(c(`${p}.succeeded`), `${c(`${p}.count`)} - ${c(`${p}.refused`)} - ${c(`${p}.cancelledBefore`)}`),
    ]);
  }
  return out;
}

function complaintValues(): [string, string][] {
  const c = (k: string) => col('cp', k);
  const out: [string, string][] = COMPLAINT_COUNTS.filter(([k]) => k.startsWith('complaints.')).map(([k]) => [
    k,
    c(k),
  ]);
  out.push(
    ['complaints.decidedWithinLimit', rate(c('complaints.decidedWithinLimitCount'), c('complaints.decided'))],
    ['complaints.upheldRate', rate(c('complaints.upheld'), c('complaints.decided'))],
    ['complaints.repeatRate', rate(c('complaints.repeat'), c('complaints.total'))],
    [
      'complaints.forwarded.onTime',
      `CASE WHEN ${c('forwardedUndecided')} > 0 THEN NULL ELSE ${c('forwardedOnTime')} END`,
    ],
    [
      'complaints.forwarded.callbackRate',
      rate(c('complaints.forwarded.withCallback'), c('complaints.forwarded.total')),
    ],
    ['complaints.satisfiedRate', rate(c('complaints.satisfied'), c('complaints.calledBackReached'))],
  );
  return out;
}

/** Figures that need both the complaints and the profile of the insurer. */
function perExposureValues(): [string, string][] {
  const total = col('cp', 'complaints.total');
  const per = (column: string) =>
    `CASE WHEN pf.${column} > 0 THEN (${total})::float8 / (pf.${column}::float8 / 10000) END`;
  return [
    ['complaints.per100mPremium', per('premium_income')],
    ['complaints.per10kPolicies', per('policies_in_force')],
    ['complaints.per10kInsured', per('insured_persons')],
  ];
}

const PROFILE_VALUES: [string, string][] = [
  ['profile.premiumIncome', 'pf.premium_income'],
  ['profile.newPolicies', 'pf.new_policies'],
  ['profile.policiesInForce', 'pf.policies_in_force'],
  ['profile.insuredPersons', 'pf.insured_persons'],
  ['profile.salesStaff', 'pf.sales_staff'],
  ['profile.employees', 'pf.employees'],
];

/** `jsonb_build_object` takes at most 100 arguments: chunks of 40 pairs joined with `||`. */
function jsonbObject(pairs: readonly [string, string][]): string {
  const chunks: string[] = [];
  for (let i = 0; i < pairs.length; i += 40) {
    const args = pairs.slice(i, i + 40).map(([k, v]) => `'${k}', ${v}`);
    chunks.push(`jsonb_build_object(${args.join(', ')})`);
  }
  return chunks.length ? chunks.join(' || ') : `'{}'::jsonb`;
}

const groupSums = (aggs: readonly Agg[]) =>
  aggs.map(([k, cond]) => `(sum(g.n) FILTER (WHERE ${cond}))::bigint AS ${alias(k)}`).join(',\n           ');

const violations = (prefix: string, sub: string, allParam: string, shownParam: string) => `
      (SELECT jsonb_object_agg('${prefix}.violations.' || r.code, coalesce(rc.count, 0))
         FROM (SELECT unnest(${shownParam}::text[]) AS code
               UNION SELECT x.rule_code FROM submission_rule_count x
                      WHERE x.submission_id = ${sub}.id AND x.rule_code = ANY(${allParam}::text[])) r
         LEFT JOIN submission_rule_count rc ON rc.submission_id = ${sub}.id AND rc.rule_code = r.code)`;

export const ORG_FIGURES_SQL = `
  WITH orgs AS (
    SELECT o.code AS org_code, o.org_group, o.founded_on
      FROM organisation o
     WHERE o.founded_on <= $2::date AND ($3::text[] IS NULL OR o.code = ANY($3::text[]))
  ),
  latest AS (
    SELECT s.org_code, s.kind, s.id, s.version, s.submitted_at, s.catalog_version
      FROM submission s JOIN orgs o ON o.org_code = s.org_code
     WHERE s.period_code = $1 AND s.status = 'submitted'
  ),
  cbg AS (
    SELECT k.org_code, g.*
      FROM stats_submission_class k
     CROSS JOIN LATERAL jsonb_to_recordset(k.classes) AS g(${CALLBACK_CLASS_COLUMNS})
     WHERE k.submission_id = ANY($9::uuid[]) AND k.kind = 'callbacks' AND k.signature = $11
       AND ($3::text[] IS NULL OR k.org_code = ANY($3::bpchar[]))
  ),
  cb AS (
    SELECT g.org_code,
           ${groupSums(CALLBACK_COUNTS)}
      FROM cbg g
     GROUP BY g.org_code
  ),
  cp AS (
    SELECT k.org_code,
           ${groupSums(COMPLAINT_COUNTS)}
      FROM stats_submission_class k
     CROSS JOIN LATERAL jsonb_to_recordset(k.classes) AS g(${COMPLAINT_CLASS_COLUMNS})
     WHERE k.submission_id = ANY($10::uuid[]) AND k.kind = 'complaints' AND k.signature = $12
       AND ($3::text[] IS NULL OR k.org_code = ANY($3::bpchar[]))
     GROUP BY k.org_code
  )
  SELECT o.org_code, o.org_group,
         jsonb_build_object('profile.foundedOn', o.founded_on::text)
         || CASE WHEN lp.id IS NULL THEN '{}'::jsonb ELSE ${jsonbObject(PROFILE_VALUES)} END
         || CASE WHEN lc.id IS NULL THEN '{}'::jsonb
                 ELSE ${jsonbObject(callbackValues())}
                      || coalesce(${violations('callbacks', 'lc', '$4', '$5')}, '{}'::jsonb) END
         || CASE WHEN lq.id IS NULL THEN '{}'::jsonb
                 ELSE ${jsonbObject(complaintValues())}
                      || coalesce(${violations('complaints', 'lq', '$6', '$7')}, '{}'::jsonb) END
         || CASE WHEN lp.id IS NULL OR lq.id IS NULL THEN '{}'::jsonb ELSE ${jsonbObject(perExposureValues())} END
         || coalesce((SELECT jsonb_object_agg('findings.' || f.code,
                              (SELECT CASE WHEN count(l2.id) > 0 THEN coalesce(sum(rc.count), 0) END
                                 FROM latest l2
                                 LEFT JOIN submission_rule_count rc ON rc.submission_id = l2.id AND rc.rule_code = f.code
                                WHERE l2.org_code = o.org_code AND l2.kind = ANY(f.kinds)))
                        FROM jsonb_to_recordset($8::jsonb) AS f(code text, kinds text[])), '{}'::jsonb)
           AS "values",
         coalesce((SELECT jsonb_object_agg(l3.kind, jsonb_build_object(
                            'id', l3.id, 'version', l3.version, 'submittedAt', l3.submitted_at,
                            'catalogVersion', l3.catalog_version))
                     FROM latest l3 WHERE l3.org_code = o.org_code), '{}'::jsonb) AS inputs
    FROM orgs o
    LEFT JOIN latest lc ON lc.org_code = o.org_code AND lc.kind = 'callbacks'
    LEFT JOIN latest lq ON lq.org_code = o.org_code AND lq.kind = 'complaints'
    LEFT JOIN latest lp ON lp.org_code = o.org_code AND lp.kind = 'profile'
    LEFT JOIN profile_record pf ON pf.submission_id = lp.id
    LEFT JOIN cb ON cb.org_code = o.org_code
    LEFT JOIN cp ON cp.org_code = o.org_code
   ORDER BY o.org_code`;
