/**
 * The recording-review sample (回访质量抽检, METRICS.md "Recording-review sample"; 沪保监发[2011]69号):
 * of the period's new-business callbacks (callback_type new_business, term_months > minTermMonths), draw
 * max(0.5 %, 1,200) — all of them when there are fewer than 1,200 — stratified by channel group × product
 * group, with proportional allocation, each stratum sorted by policy number and sampled systematically.
 *
 * The pure parts live here (size, allocation, random starts, positions) and are unit-tested; the selection
 * itself runs in PostgreSQL ({@link SELECT_DRAWN_SQL}) with exactly the same integer arithmetic, so it scales to
 * millions of rows and never ships the population to the application.
 */
import { createHash } from 'node:crypto';

export const MIN_SAMPLE_SIZE = 1200;
/** 0.5 % = 1/200: the size is ⌈N ÷ 200⌉ when that exceeds 1,200. */
export const SAMPLE_SHARE_DIVISOR = 200;

export const CHANNEL_GROUPS = ['agent', 'bancassurance', 'other'] as const;
export const PRODUCT_GROUPS = ['dividend', 'universal', 'unit_linked', 'other'] as const;
export type ChannelGroup = (typeof CHANNEL_GROUPS)[number];
export type ProductGroup = (typeof PRODUCT_GROUPS)[number];

export interface Stratum {
  channelGroup: ChannelGroup;
  productGroup: ProductGroup;
}

/** The twelve strata in list order: channel group first, then product group. */
export const STRATA: readonly Stratum[] = CHANNEL_GROUPS.flatMap((channelGroup) =>
  PRODUCT_GROUPS.map((productGroup) => ({ channelGroup, productGroup })),
);

export const stratumKey = (s: Stratum): string => `${s.channelGroup}/${s.productGroup}`;

/** The channel group of a `channel` code: agent, bancassurance, everything else is other. */
export function channelGroupOf(channel: string): ChannelGroup {
  return channel === 'agent' || channel === 'bancassurance' ? channel : 'other';
}

/** The product group of a `product_type` code: the three new-type products, everything else is other. */
export function productGroupOf(productType: string): ProductGroup {
  return productType === 'dividend' || productType === 'universal' || productType === 'unit_linked'
    ? productType
    : 'other';
}

/** The same grouping in SQL (kept beside the TypeScript above; the API test checks they agree). */
export const CHANNEL_GROUP_SQL = `CASE WHEN r.channel IN ('agent', 'bancassurance') THEN r.channel ELSE 'other' END`;
export const PRODUCT_GROUP_SQL = `CASE WHEN r.product_type IN ('dividend', 'universal', 'unit_linked') THEN r.product_type ELSE 'other' END`;
/** The stratum as its index in {@link STRATA} (channel index × 4 + product index): integers sort fast. */
export const STRATUM_SQL = `(CASE r.channel WHEN 'agent' THEN 0 WHEN 'bancassurance' THEN 1 ELSE 2 END * 4
  + CASE r.product_type WHEN 'dividend' THEN 0 WHEN 'universal' THEN 1 WHEN 'unit_linked' THEN 2 ELSE 3 END)`;

/** max(⌈0.5 % of N⌉, 1,200), or N when N < 1,200. */
export function sampleSize(population: number): number {
  if (!Number.isSafeInteger(population) || population < 0)
    throw new RangeError(`bad population ${population}`);
  if (population < MIN_SAMPLE_SIZE) return population;
  return Math.max(Math.ceil(population / SAMPLE_SHARE_DIVISOR), MIN_SAMPLE_SIZE);
}

/**
 * Splits `n` over strata of the given sizes, in proportion to `weights` (default: the sizes — proportional
 * allocation), rounding by largest remainder (ties: the earlier stratum), never giving a stratum more than
 * it has: a stratum that is short is capped and the rest is redistributed, the same way, over the strata
 * with records left (topping up). With the default weights no stratum can be short (n_h ≤ N_h follows from
 * n ≤ N), so the top-up only acts when other weights are given; it is kept so that the result is always a
 * valid allocation. Integer arithmetic only.
 */
export function allocate(n: number, sizes: readonly number[], weights: readonly number[] = sizes): number[] {
  const total = sizes.reduce((a, b) => a + b, 0);
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`bad sample size ${n}`);
  if (n > total) throw new RangeError(`sample size ${n} exceeds the population ${total}`);
  if (weights.length !== sizes.length) throw new RangeError('weights and sizes differ in length');
  const given = sizes.map(() => 0);
  let remaining = n;
  while (remaining > 0) {
    const open = sizes.map((s, h) => h).filter((h) => given[h] < sizes[h]);
    let w = open.map((h) => Math.max(0, weights[h]));
    // No weight left among the strata with records: spread the rest by records left.
    if (w.every((x) => x === 0)) w = open.map((h) => sizes[h] - given[h]);
    const share = largestRemainder(remaining, w);
    let handedOut = 0;
    open.forEach((h, i) => {
      const take = Math.min(share[i], sizes[h] - given[h]);
      given[h] += take;
      handedOut += take;
    });
    remaining -= handedOut;
  }
  return given;
}

/** `n` split in proportion to `weights` (Σ > 0), floors plus one each to the largest remainders. */
export function largestRemainder(n: number, weights: readonly number[]): number[] {
  const total = weights.reduce((a, b) => a + b, 0);
  if (total <= 0) throw new RangeError('weights sum to zero');
  // n × w ≤ 2^53 for any realistic population (10^7 × 10^7 = 10^14): exact in doubles.
  const floors = weights.map((w) => Math.floor((n * w) / total));
  const remainders = weights.map((w) => (n * w) % total);
  let left = n - floors.reduce((a, b) => a + b, 0);
  const order = weights.map((_, h) => h).sort((a, b) => remainders[b] - remainders[a] || a - b);
  for (const h of order) {
    if (left === 0) break;
    floors[h]++;
    left--;
  }
  return floors;
}

/**
 * The random start of a stratum, an integer in [0, size): from SHA-256 of the seed and the stratum, so the
 * same seed always gives the same starts, and the strata get independent starts.
 */
export function randomStart(seed: string, stratum: Stratum, size: number): number {
  if (size <= 0) return 0;
  const digest = createHash('sha256')
    .update(`${seed}|${stratumKey(stratum)}`)
    .digest('hex');
  // 52 bits: an exact integer in a double.
  return Number(BigInt(`0x${digest.slice(0, 13)}`) % BigInt(size));
}

/**
 * Systematic sampling of `take` of `size` sorted records with interval k = size ÷ take (a fraction, so the
 * sample is spread over the whole stratum) and start u = start ÷ take ∈ [0, k): the 0-based positions
 * ⌊u + i·k⌋ = ⌊(start + i·size) ÷ take⌋, i = 0 … take−1. Distinct and inside [0, size) because take ≤ size.
 * The SQL of {@link SELECT_DRAWN_SQL} draws exactly these positions (see {@link isDrawn}).
 */
export function systematicPositions(size: number, take: number, start: number): number[] {
  if (take > size) throw new RangeError(`cannot take ${take} of ${size}`);
  const out: number[] = [];
  for (let i = 0; i < take; i++) out.push(Math.floor((start + i * size) / take));
  return out;
}

export interface StratumPlan extends Stratum {
  /** New-business callbacks in the stratum. */
  population: number;
  /** How many are drawn. */
  allocated: number;
  /** The sampling interval size ÷ allocated (null when nothing is drawn). */
  interval: number | null;
  /** The random start, an integer in [0, population); the first record drawn is at ⌊start ÷ allocated⌋. */
  start: number;
}

export interface SamplePlan {
  population: number;
  size: number;
  strata: StratumPlan[];
}

/** The whole plan of a draw from the stratum sizes: size, allocation, starts. */
export function planSample(seed: string, sizes: ReadonlyMap<string, number>): SamplePlan {
  const populations = STRATA.map((s) => sizes.get(stratumKey(s)) ?? 0);
  const population = populations.reduce((a, b) => a + b, 0);
  const size = sampleSize(population);
  const allocation = allocate(size, populations);
  return {
    population,
    size,
    strata: STRATA.map((s, h) => ({
      ...s,
      population: populations[h],
      allocated: allocation[h],
      interval: allocation[h] > 0 ? populations[h] / allocation[h] : null,
      start: randomStart(seed, s, populations[h]),
    })),
  };
}

/**
 * The population of a draw: the new-business callbacks of one submission with their stratum — only what the
 * ordering needs (an integer stratum, the policy number, the row), so sorting millions of rows stays cheap.
 * Parameters: $1 period, $2 org, $3 submission, $4 minTermMonths.
 */
const POPULATION_SQL = `
  SELECT r.row_no, r.policy_no, ${STRATUM_SQL} AS stratum
    FROM callback_record r
   WHERE r.period_code = $1 AND r.org_code = $2 AND r.submission_id = $3
     AND r.callback_type = 'new_business' AND r.term_months > $4`;

/** Stratum sizes: rows `{stratum, n}` (stratum = index in STRATA). Parameters as {@link POPULATION_SQL}. */
export const STRATUM_COUNTS_SQL = `
  WITH pop AS (${POPULATION_SQL})
  SELECT stratum, count(*)::bigint AS n FROM pop GROUP BY stratum`;

/** Stratum sizes keyed as {@link stratumKey}, from the rows of {@link STRATUM_COUNTS_SQL}. */
export function stratumSizes(rows: readonly { stratum: number; n: string | number }[]): Map<string, number> {
  return new Map(rows.map((r) => [stratumKey(STRATA[r.stratum]), Number(r.n)]));
}

/**
 * Whether the record at 0-based position `j` of a sorted stratum is drawn, without listing the positions: the
 * smallest i with start + i·size ≥ j·take is i* = ⌈(j·take − start) ÷ size⌉, and j is drawn when that i* lands
 * on j, i.e. start + i*·size < (j + 1)·take. Equivalent to `systematicPositions(size, take, start).includes(j)`
 * (unit-tested); {@link SELECT_DRAWN_SQL} filters with exactly this test, so the draw is one pass over the stratum.
 */
export function isDrawn(j: number, size: number, take: number, start: number): boolean {
  if (take <= 0) return false;
  // j·take − start > −size, so the numerator is ≥ 0 and the integer division is a floor.
  const first = Math.floor((j * take - start + size - 1) / size);
  return first * size + start < (j + 1) * take;
}

/**
 * Selects the drawn records of a plan in the database: every stratum numbered by policy number (byte order,
 * COLLATE "C", so the order never depends on the server's locale; ties by row number) with row_number(), and
 * filtered by the test of {@link isDrawn} in bigint arithmetic, each stratum's size, take and start looked up
 * by subscript (no join, so no plan can go wrong on fresh, unanalysed records). One pass and one sort of the
 * narrow population. Parameters: $1–$4 as {@link POPULATION_SQL}, $5 size[], $6 take[], $7 start[] — one
 * entry per stratum of {@link STRATA}, in order. Rows `{row_no, stratum, j}` ordered as the list is.
 */
export const SELECT_DRAWN_SQL = `
  WITH numbered AS (
    SELECT row_no, stratum,
           row_number() OVER (PARTITION BY stratum ORDER BY policy_no COLLATE "C", row_no) - 1 AS j
      FROM (${POPULATION_SQL}) pop
  ),
  planned AS (
    SELECT row_no, stratum, j, ($5::bigint[])[stratum + 1] AS size, ($6::bigint[])[stratum + 1] AS take,
           ($7::bigint[])[stratum + 1] AS start
      FROM numbered
  )
  SELECT row_no, stratum, j FROM planned
   WHERE take > 0 AND ((j * take - start + size - 1) / size) * size + start < (j + 1) * take
   ORDER BY stratum, j`;

/** The array parameters ($5–$7) of {@link SELECT_DRAWN_SQL} for a plan. */
export function drawParams(plan: SamplePlan): [number[], number[], number[]] {
  return [
    plan.strata.map((s) => s.population),
    plan.strata.map((s) => s.allocated),
    plan.strata.map((s) => s.start),
  ];
}

/**
 * Inserts the drawn records as sample items (numbered 1…n in list order), copying by primary key the fields the
 * reviewer needs. Parameters: $1–$3 period, org, submission; $4 report id; $5 row_no[] in list order.
 */
export const INSERT_ITEMS_SQL = `
  INSERT INTO self_inspection_sample_item
    (report_id, item_no, org_code, row_no, policy_no, channel, product_type, channel_group, product_group,
     status, method, completed_on, recording_ref, receipt_ref, outcome, problem_codes, rule_codes)
  SELECT $4, d.item_no, $2, r.row_no, r.policy_no, r.channel, r.product_type,
         ${CHANNEL_GROUP_SQL}, ${PRODUCT_GROUP_SQL}, r.status, r.method, r.completed_on, r.recording_ref,
         r.receipt_ref, NULL, '{}'::text[], '{}'::text[]
    FROM unnest($5::int[]) WITH ORDINALITY AS d(row_no, item_no)
    JOIN callback_record r ON r.period_code = $1 AND r.org_code = $2 AND r.submission_id = $3 AND r.row_no = d.row_no`;
