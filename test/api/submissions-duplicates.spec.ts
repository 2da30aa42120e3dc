import { officialCalendar } from '@portal/calendar';
import { CALLBACK_COLUMNS, generateCallbacks, toCsvString, type CallbackRow } from '@portal/demo-data';
import { CATALOG_V1, FileValidator, periodFromCode } from '@portal/reporting-standard';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { CsvParser } from '@portal/file-formats';
import { checkSubmission } from '../../server/src/app/submissions/validation-run';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { demoOrg, seedDemo } from './submissions-helpers';

/**
 * STR-005 on a file with many duplicates, some of them on rows with other data errors: the in-memory check
 * of filter candidates and the set-based SQL check give exactly the library tracker's issues, and the
 * records of the file are kept only when it has no error.
 */
describe('submissions: duplicate keys', () => {
  let db: TestDatabase;
  let dir: string;
  const org = demoOrg('YFRS');

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'dupes-spec-'));
    db = await createTestDatabase();
    await seedDemo(db.url, ['YFRS']);
    const c = new Client({ connectionString: db.url });
    await c.connect();
    await c.query(
      `INSERT INTO period (code, starts_on, ends_on) VALUES ('2026H1', '2026-01-01', '2026-06-30')`,
    );
    await c.end();
  });
  afterAll(async () => {
    await db?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  function fileWithDuplicates(): string {
    const rows: CallbackRow[] = [...generateCallbacks({ seed: 9, org, period: '2026H1', rows: 3000 })];
    const copy = (i: number, change: Partial<CallbackRow> = {}) => ({ ...rows[i], ...change });
    rows.push(
      copy(10),
      copy(10),
      copy(200, { completed_on: '2026-02-30' }), // a duplicate that also has a data error
      copy(1500),
    );
    rows[2500] = { ...rows[2400], underwritten_on: 'yesterday' }; // a row with an error repeating row 2400's key …
    rows.push(copy(2400)); // … and a clean one repeating it again
    rows.push(copy(700, { case_no: rows[700].case_no ? '' : 'X-1' })); // a different key (case_no differs)
    return toCsvString(rows, { columns: CALLBACK_COLUMNS });
  }

  async function run(path: string, maxCandidatesInMemory?: number) {
    const client = new Client({ connectionString: db.url });
    await client.connect();
    const id = randomUUID();
    try {
      await client.query('BEGIN');
      await client.query(
        `INSERT INTO submission (id, org_code, period_code, kind, version, status, sha256, file_name, file_bytes, catalog_version, created_by)
         VALUES ($1, $2, '2026H1', 'callbacks', 1, 'validating', repeat('0', 64), 'f.csv', 1, 1, 'test')`,
        [id, org.code],
      );
      await client.query(
        `SELECT set_config('role', 'portal_app', true), set_config('app.org_code', '', true), set_config('app.all_orgs', 'on', true)`,
      );
      const outcome = await checkSubmission(
        client as never,
        { id, orgCode: org.code, periodCode: '2026H1', kind: 'callbacks', uploadDate: '2026-11-20' },
        {
          catalog: CATALOG_V1,
          workingDays: officialCalendar(),
          uploadPath: path,
          spillDir: dir,
          onProgress: () => undefined,
          checkStop: () => undefined,
          maxCandidatesInMemory,
        },
      );
      await client.query('RESET ROLE');
      const dupes = await client.query(
        `SELECT row_no, column_key, value, params FROM validation_issue WHERE submission_id = $1 AND rule_code = 'STR-005' ORDER BY issue_no`,
        [id],
      );
      const order = await client.query(
        `SELECT row_no FROM validation_issue WHERE submission_id = $1 ORDER BY issue_no`,
        [id],
      );
      const records = await client.query(
        'SELECT count(*)::int AS n FROM callback_record WHERE submission_id = $1',
        [id],
      );
      return {
        outcome,
        dupes: dupes.rows,
        order: order.rows.map((r) => r.row_no as number | null),
        records: records.rows[0].n,
      };
    } finally {
      await client.query('ROLLBACK').catch(() => undefined);
      await client.end();
    }
  }

  it('finds exactly the duplicates of the library tracker, in memory and in SQL alike', async () => {
    const text = fileWithDuplicates();
    const path = join(dir, 'dupes.csv');
    writeFileSync(path, text);

    const cells: string[][] = [];
    const parser = new CsvParser((r) => cells.push(r));
    parser.push(text);
    parser.end();
    const v = new FileValidator('callbacks', {
      period: periodFromCode('2026H1')!,
      uploadDate: '2026-11-20',
      orgCode: org.code,
      catalog: CATALOG_V1,
      workingDays: officialCalendar(),
    });
    v.header(cells[0]);
    const expected = cells
      .slice(1)
      .flatMap((c, i) => v.row(c, i + 2))
      .filter((i) => i.rule === 'STR-005')
      .map((i) => ({ row_no: i.row, column_key: i.column, value: i.value, params: i.params }));
    expect(expected.length).toBe(6);

    const inMemory = await run(path);
    const inSql = await run(path, 0);
    expect(inMemory.dupes).toEqual(expected);
    expect(inSql.dupes).toEqual(expected);
    expect(inMemory.outcome.countsByRule['STR-005']).toBe(6);
    expect(inSql.outcome.countsByRule).toEqual(inMemory.outcome.countsByRule);
    // Invalid: nothing kept. The report reads row by row, STR-005 after the row's other issues.
    expect(inMemory.outcome.status).toBe('invalid');
    expect(inMemory.records).toBe(0);
    const rows = inMemory.order.filter((r): r is number => r !== null);
    expect(rows).toEqual([...rows].sort((a, b) => a - b));
  });

  it('keeps every record of a file without errors, and finds no duplicate where there is none', async () => {
    const path = join(dir, 'clean.csv');
    writeFileSync(
      path,
      toCsvString(generateCallbacks({ seed: 10, org, period: '2026H1', rows: 2000 }), {
        columns: CALLBACK_COLUMNS,
      }),
    );
    const r = await run(path, 0);
    expect(r.outcome).toMatchObject({ status: 'valid', rows: 2000, errors: 0 });
    expect(r.dupes).toEqual([]);
    expect(r.records).toBe(2000);
  });
});
