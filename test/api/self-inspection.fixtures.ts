/**
 * Test data for the self-inspection tests: generated files (@portal/demo-data) parsed and checked by the
 * reporting-standard library, COPYed into the record tables under a `submitted` submission — as the upload
 * feature leaves them — without depending on the upload feature. Also returns what an independent reader
 * of the rows expects (the demo-data tallies, the new-business records with their strata).
 */
import { officialCalendar } from '@portal/calendar';
import {
  CALLBACK_COLUMNS,
  CallbackTally,
  COMPLAINT_COLUMNS,
  ComplaintTally,
  type DemoOrg,
  generateCallbackRecords,
  generateComplaintRecords,
  generateProfile,
  PROFILE_COLUMNS,
} from '@portal/demo-data';
import { CATALOG_V1, FileValidator, findRule, periodFromCode, type Kind } from '@portal/reporting-standard';
import { createHash, randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Client } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { RecordCopyFormat } from '../../server/src/app/submissions/record-copy';

export interface NewBusinessRecord {
  rowNo: number;
  policyNo: string;
  channel: string;
  productType: string;
}

export interface Loaded {
  submissionId: string;
  rows: number;
  findings: Record<string, number>;
}

/** The period row (its partitions follow by trigger) and the default deadlines. */
export async function ensurePeriod(client: Client, code: string): Promise<void> {
  const p = periodFromCode(code);
  if (!p) throw new Error(`bad period ${code}`);
  await client.query(
    `INSERT INTO period (code, starts_on, ends_on) VALUES ($1, $2, $3) ON CONFLICT (code) DO NOTHING`,
    [p.code, p.startsOn, p.endsOn],
  );
  await client.query(
    `INSERT INTO period_deadline (period_code, kind, due_on)
     SELECT $1, k, $2::date + 30 FROM unnest(ARRAY['callbacks', 'complaints', 'profile']) k ON CONFLICT DO NOTHING`,
    [p.code, p.endsOn],
  );
}

/** Checks the rows with the library (no error allowed), COPYs the typed records, writes the submitted submission. */
async function load(
  client: Client,
  kind: Kind,
  orgCode: string,
  period: string,
  header: readonly string[],
  rows: Iterable<Record<string, string>>,
): Promise<Loaded> {
  const p = periodFromCode(period);
  if (!p) throw new Error(`bad period ${period}`);
  const id = randomUUID();
  const validator = new FileValidator(
    kind,
    { period: p, uploadDate: '2026-11-20', orgCode, catalog: CATALOG_V1, workingDays: officialCalendar() },
    { trackDuplicates: true },
  );
  validator.header([...header]);
  const format = new RecordCopyFormat(kind, p.code, orgCode, id);
  const lines: string[] = [];
  let rowNo = 1;
  for (const row of rows) {
    rowNo++;
    const issues = validator.row(header.map((c) => row[c] ?? ''));
    const errors = issues.filter((x) => x.severity === 'error');
    if (errors.length) throw new Error(`${kind} row ${rowNo}: ${errors.map((x) => x.rule).join(', ')}`);
    const record = validator.lastRecord;
    if (record) lines.push(format.line(record, rowNo));
  }
  const summary = validator.finish();
  await client.query(
    `INSERT INTO submission (id, org_code, period_code, kind, version, status, sha256, file_name, file_bytes, rows,
                             errors, warnings, findings, catalog_version, created_by, validated_at, submitted_at,
                             submitted_by)
     VALUES ($1, $2, $3, $4, 1, 'submitted', $5, $6, 0, $7, $8, $9, $10, 1, 'fixture', now(), now(), 'fixture')`,
    [
      id,
      orgCode,
      p.code,
      kind,
      createHash('sha256').update(id).digest('hex'),
      `${kind}.csv`,
      summary.rows,
      summary.errors,
      summary.warnings,
      summary.findings,
    ],
  );
  if (lines.length) await pipeline(Readable.from(lines), client.query(copyFrom(format.sql)));
  const counts = summary.countsByRule;
  const rules = Object.keys(counts).filter((r) => counts[r] > 0);
  if (rules.length) {
    await client.query(
      `INSERT INTO submission_rule_count (submission_id, rule_code, org_code, severity, count)
       SELECT $1, r.rule, $2, r.severity, r.count FROM unnest($3::text[], $4::text[], $5::bigint[]) AS r(rule, severity, count)`,
      [
        id,
        orgCode,
        rules,
        rules.map((r) => findRule(CATALOG_V1, r)?.severity ?? 'error'),
        rules.map((r) => counts[r]),
      ],
    );
  }
  return { submissionId: id, rows: summary.rows, findings: counts };
}

/** A submitted callbacks file of `rows` generated rows; with the tally and the new-business records. */
export async function loadCallbacks(
  client: Client,
  org: DemoOrg,
  period: string,
  rows: number,
  seed = 7,
): Promise<Loaded & { tally: CallbackTally; newBusiness: NewBusinessRecord[] }> {
  const tally = new CallbackTally();
  const newBusiness: NewBusinessRecord[] = [];
  let rowNo = 1;
  function* rowsOf() {
    for (const rec of generateCallbackRecords({ seed, org, period, rows })) {
      tally.add(rec);
      rowNo++;
      const r = rec.row;
      if (r.callback_type === 'new_business' && Number(r.term_months) > 12) {
        newBusiness.push({ rowNo, policyNo: r.policy_no, channel: r.channel, productType: r.product_type });
      }
      yield r as Record<string, string>;
    }
  }
  const loaded = await load(client, 'callbacks', org.code, period, CALLBACK_COLUMNS, rowsOf());
  return { ...loaded, tally, newBusiness };
}

export async function loadComplaints(
  client: Client,
  org: DemoOrg,
  period: string,
  rows: number,
  seed = 7,
): Promise<Loaded & { tally: ComplaintTally }> {
  const tally = new ComplaintTally();
  function* rowsOf() {
    for (const rec of generateComplaintRecords({ seed, org, period, rows })) {
      tally.add(rec);
      yield rec.row as Record<string, string>;
    }
  }
  const loaded = await load(client, 'complaints', org.code, period, COMPLAINT_COLUMNS, rowsOf());
  return { ...loaded, tally };
}

export async function loadProfile(client: Client, org: DemoOrg, period: string, seed = 7): Promise<Loaded> {
  return load(
    client,
    'profile',
    org.code,
    period,
    PROFILE_COLUMNS,
    generateProfile({ seed, org, period }) as Iterable<Record<string, string>>,
  );
}

/**
 * A submitted callbacks file of `n` synthetic new-business rows written by SQL alone (generate_series), for
 * draws on populations far larger than a generated file: channel and product cycle with the row number.
 */
export async function loadSyntheticNewBusiness(
  client: Client,
  orgCode: string,
  period: string,
  n: number,
): Promise<{ submissionId: string; strata: Map<string, number> }> {
  const p = periodFromCode(period);
  if (!p) throw new Error(`bad period ${period}`);
  const id = randomUUID();
  await client.query(
    `INSERT INTO submission (id, org_code, period_code, kind, version, status, sha256, file_name, file_bytes, rows,
                             catalog_version, created_by, validated_at, submitted_at, submitted_by)
     VALUES ($1, $2, $3, 'callbacks', 1, 'submitted', $4, 'synthetic.csv', 0, $5, 1, 'fixture', now(), now(), 'fixture')`,
    [id, orgCode, p.code, createHash('sha256').update(id).digest('hex'), n],
  );
  const channels = ['agent', 'bancassurance', 'internet', 'agent', 'telemarketing', 'agent', 'bancassurance'];
  const products = [
    'dividend',
    'universal',
    'unit_linked',
    'traditional',
    'health',
    'dividend',
    'traditional',
    'other',
    'universal',
    'traditional',
    'dividend',
  ];
  await client.query(
    `INSERT INTO callback_record (period_code, org_code, submission_id, row_no, callback_type, policy_no, product_type,
                                  channel, term_months, payment_mode, policyholder_age, underwritten_on,
                                  receipt_signed_on, cooling_off_days, sales_recorded, status, method, completed_on,
                                  recording_ref, caller_is_sales)
     SELECT $1, $2, $3, i + 1, 'new_business',
            'SYN' || lpad(((i::bigint * 7919) % $4)::text, 9, '0'),
            ($6::text[])[1 + i % array_length($6::text[], 1)],
            ($5::text[])[1 + i % array_length($5::text[], 1)],
            24, 'periodic', 40, $7::date, $7::date + 1, 15, true, 'success', 'phone', $7::date + 5,
            'REC' || i, false
       FROM generate_series(1, $4) AS i`,
    [p.code, orgCode, id, n, channels, products, p.startsOn],
  );
  const strata = new Map<string, number>();
  for (let i = 1; i <= n; i++) {
    const channel = channels[i % channels.length];
    const product = products[i % products.length];
    const key = `${['agent', 'bancassurance'].includes(channel) ? channel : 'other'}/${
      ['dividend', 'universal', 'unit_linked'].includes(product) ? product : 'other'
    }`;
    strata.set(key, (strata.get(key) ?? 0) + 1);
  }
  return { submissionId: id, strata };
}
