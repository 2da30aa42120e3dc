/**
 * The group phase, in SQL over the stored per-insurer figures of one period and one block (`life`,
 * `property`, or `all` insurers):
 * - group-relative figures per insurer (life/property only): `complaints.share` = total ÷ Σ total,
 *   `profile.marketShare` = premium ÷ Σ premium, `complaints.complaintIndex` = share ÷ market share;
 * - sums of every count (exact numeric), and the industry rates from those sums (so they re-derive);
 * - the median of each compared rate (percentile_cont 0.5 over the insurers that have it);
 * - the ten insurers with most complaints, and the ten worst per compared rate;
 * - `rank` by complaints.per100mPremium ascending, ties by complaints.total ascending (tied insurers share
 *   a rank), only insurers with at least $6 complaints;
 * - funnel-plot control limits per insurer and rate (life/property only), around the pooled group rate
 *   θ = Σ numerator ÷ Σ denominator over the insurers that have both, at z = $5 (99.8% two-sided):
 *     binomial (a share of n):          θ ± z·√(θ(1−θ)/n), clipped to [0, 1];
 *     Poisson (a count per exposure E): θ ± z·√(θ/E), the lower limit floored at 0;
 *   an insurer is an outlier (`high`/`low`) when its rate lies outside its limits.
 *
 * Parameters: $1 period, $2 block, $3 rate definitions (metrics.ts RATE_DEFS), $4 keys never summed,
 * $5 z, $6 minComplaintsToRank, $7 compared keys `[{key, worse}]`.
 */

const termSum = (obj: string, terms: string) => `
  (SELECT CASE WHEN bool_and(coalesce(jsonb_typeof(${obj} -> (tm ->> 0)) = 'number', false))
               THEN sum((${obj} ->> (tm ->> 0))::float8 * (tm ->> 1)::float8 / (tm ->> 2)::float8) END
     FROM jsonb_array_elements(${terms}) tm)`;

function groupSql(relative: boolean): string {
  const values = relative
    ? `c.v || jsonb_build_object('profile.marketShare', r.market_share, 'complaints.share', r.share,
                                 'complaints.complaintIndex', r.complaint_index)`
    : `c.v`;
  return `
  WITH base AS (
    SELECT s.org_code, s.figures -> 'values' || coalesce(s.comparison -> 'values', '{}'::jsonb) AS v
      FROM stats_org_period s
     WHERE s.period_code = $1 AND ($2 = 'all' OR s.org_group = $2)
  ),
  tot AS (
    SELECT sum((v ->> 'complaints.total')::numeric) AS complaints,
           sum((v ->> 'profile.premiumIncome')::numeric) AS premium
      FROM base
  ),
  rel AS (
    SELECT b.org_code,
           CASE WHEN t.premium > 0 THEN (b.v ->> 'profile.premiumIncome')::float8 / t.premium::float8 END AS market_share,
           CASE WHEN t.complaints > 0 THEN (b.v ->> 'complaints.total')::float8 / t.complaints::float8 END AS share,
           CASE WHEN t.complaints > 0 AND t.premium > 0 AND (b.v ->> 'profile.premiumIncome')::numeric > 0
                THEN ((b.v ->> 'complaints.total')::float8 / t.complaints::float8)
                     / ((b.v ->> 'profile.premiumIncome')::float8 / t.premium::float8) END AS complaint_index
      FROM base b, tot t
  ),
  comp AS (
    SELECT c.org_code, ${values} AS v, ${relative ? 'r.market_share, r.share, r.complaint_index' : 'NULL::float8 AS market_share, NULL::float8 AS share, NULL::float8 AS complaint_index'}
      FROM base c JOIN rel r USING (org_code)
  ),
  sums AS (
    SELECT coalesce(jsonb_object_agg(key, total), '{}'::jsonb) AS sums
      FROM (SELECT e.key, sum(e.value::numeric) AS total
              FROM comp c, jsonb_each(c.v) e
             WHERE jsonb_typeof(e.value) = 'number' AND NOT (e.key = ANY($4::text[]))
             GROUP BY e.key) x
  ),
  defs AS (
    SELECT d.key, d.num, d.den, d.worse, d.funnel
      FROM jsonb_to_recordset($3::jsonb) AS d(key text, num jsonb, den jsonb, worse text, funnel text)
  ),
  irates AS (
    SELECT coalesce(jsonb_object_agg(d.key, CASE WHEN n.v IS NOT NULL AND dd.v > 0 THEN n.v / dd.v END), '{}'::jsonb) AS rates
      FROM defs d CROSS JOIN sums s
      CROSS JOIN LATERAL (SELECT ${termSum('s.sums', 'd.num')} AS v) n
      CROSS JOIN LATERAL (SELECT ${termSum('s.sums', 'd.den')} AS v) dd
  ),
  cr AS (
    SELECT c.org_code, d.key, d.funnel, d.worse, (c.v ->> d.key)::float8 AS value,
           ${termSum('c.v', 'd.num')} AS num,
           ${termSum('c.v', 'd.den')} AS den
      FROM comp c CROSS JOIN defs d
     WHERE d.funnel IS NOT NULL
  ),
  pool AS (
    SELECT key, sum(num) FILTER (WHERE num IS NOT NULL AND den > 0)
                / nullif(sum(den) FILTER (WHERE num IS NOT NULL AND den > 0), 0) AS centre
      FROM cr GROUP BY key
  ),
  lim AS (
    SELECT cr.org_code, cr.key, cr.funnel, cr.value, cr.den, p.centre,
           CASE WHEN cr.den > 0 AND p.centre IS NOT NULL THEN
                CASE cr.funnel WHEN 'binomial' THEN $5::float8 * sqrt(p.centre * (1 - p.centre) / cr.den)
                               ELSE $5::float8 * sqrt(p.centre / cr.den) END END AS half
      FROM cr JOIN pool p USING (key)
  ),
  lim2 AS (
    SELECT org_code, key, funnel, value, den, centre,
           greatest(centre - half, 0) AS lower,
           CASE WHEN funnel = 'binomial' THEN least(centre + half, 1) ELSE centre + half END AS upper
      FROM lim
  ),
  cmp AS (
    SELECT c.org_code, d.key, d.worse, (c.v ->> d.key)::float8 AS value
      FROM comp c CROSS JOIN jsonb_to_recordset($7::jsonb) AS d(key text, worse text)
  ),
  medians AS (
    SELECT coalesce(jsonb_object_agg(key, median), '{}'::jsonb) AS medians
      FROM (SELECT key, percentile_cont(0.5) WITHIN GROUP (ORDER BY value) AS median
              FROM cmp WHERE value IS NOT NULL GROUP BY key) x
  ),
  worst AS (
    SELECT coalesce(jsonb_object_agg(key, list), '{}'::jsonb) AS worst
      FROM (SELECT key, jsonb_agg(jsonb_build_object('orgCode', org_code, 'value', value) ORDER BY pos) AS list
              FROM (SELECT key, org_code, value,
                           row_number() OVER (PARTITION BY key
                                              ORDER BY CASE WHEN worse = 'high' THEN -value ELSE value END, org_code) AS pos
                      FROM cmp WHERE value IS NOT NULL) r
             WHERE pos <= 10 GROUP BY key) y
  ),
  largest AS (
    SELECT coalesce(jsonb_agg(jsonb_build_object('orgCode', org_code, 'total', total) ORDER BY total DESC, org_code), '[]'::jsonb) AS largest
      FROM (SELECT org_code, (v ->> 'complaints.total')::bigint AS total FROM comp
             WHERE jsonb_typeof(v -> 'complaints.total') = 'number'
             ORDER BY total DESC, org_code LIMIT 10) x
  ),
  ranked AS (
    SELECT org_code,
           rank() OVER (ORDER BY (v ->> 'complaints.per100mPremium')::float8, (v ->> 'complaints.total')::bigint) AS rank
      FROM comp
     WHERE ${relative ? 'true' : 'false'}
       AND (v ->> 'complaints.total')::bigint >= $6::int
       AND jsonb_typeof(v -> 'complaints.per100mPremium') = 'number'
  ),
  funnel AS (
    SELECT coalesce(jsonb_object_agg(key, jsonb_build_object('groupRate', centre, 'model', funnel, 'worse', worse)), '{}'::jsonb) AS funnel
      FROM (SELECT DISTINCT ON (cr.key) cr.key, cr.funnel, cr.worse, p.centre FROM cr JOIN pool p USING (key)) x
     WHERE ${relative ? 'true' : 'false'}
  ),
  per_org AS (
    SELECT c.org_code,
           jsonb_build_object(
             'values', jsonb_build_object('profile.marketShare', c.market_share, 'complaints.share', c.share,
                                          'complaints.complaintIndex', c.complaint_index),
             'rank', rk.rank,
             'funnel', coalesce((SELECT jsonb_object_agg(l.key, jsonb_build_object(
                                          'value', l.value, 'size', l.den, 'lower', l.lower, 'upper', l.upper,
                                          'outlier', CASE WHEN l.value IS NULL OR l.upper IS NULL THEN NULL
                                                          WHEN l.value > l.upper THEN 'high'
                                                          WHEN l.value < l.lower THEN 'low' END))
                                   FROM lim2 l WHERE l.org_code = c.org_code), '{}'::jsonb)) AS comparison
      FROM comp c LEFT JOIN ranked rk USING (org_code)
  )
  SELECT jsonb_build_object(
           'companies', (SELECT count(*) FROM comp),
           'sums', s.sums, 'rates', ir.rates, 'medians', m.medians, 'worst', w.worst, 'largest', lg.largest,
           'funnel', f.funnel, 'z', $5::float8, 'minComplaintsToRank', $6::int) AS figures,
         coalesce((SELECT jsonb_object_agg(org_code, comparison) FROM per_org), '{}'::jsonb) AS comparisons
    FROM sums s, irates ir, medians m, worst w, largest lg, funnel f`;
}

/** For `life` and `property`: with the group-relative figures, ranks and funnel limits. */
export const GROUP_FIGURES_SQL = groupSql(true);
/** For `all` insurers: sums, rates, medians and lists only (shares and ranks are within a group). */
export const ALL_FIGURES_SQL = groupSql(false);
