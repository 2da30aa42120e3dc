import { CALLBACK_COLUMNS, fileRows, generateCallbacks, toCsvString } from '@portal/demo-data';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { startTestApp, type TestApp } from '../support/app';
import {
  api,
  demoOrg,
  login,
  seedDemo,
  settled,
  sql,
  upload,
  type SubmissionBody,
} from './submissions-helpers';

/**
 * The validation queue lives in PostgreSQL: an upload survives a restart of the server, and a submission
 * left `validating` whose job is gone is resumed (or marked failed, with a reason, when its file is gone).
 * Several app instances on one database, one after the other, as a deployment would restart them.
 */
describe('submissions: restarts', () => {
  let db: TestDatabase;
  let dir: string;
  let uploads: string;
  let app: TestApp | null = null;
  const org = demoOrg('QCJK');
  const small = toCsvString(generateCallbacks({ seed: 11, org, period: '2026H1', rows: 300 }), {
    columns: CALLBACK_COLUMNS,
  });

  const start = async (worker: boolean) => {
    app = await startTestApp(db.url, { UPLOAD_DIR: uploads, PROCESS_ROLE: worker ? 'all' : 'api' });
    return { app, token: await login(app.baseUrl, 'QCJK-sub') };
  };
  const stop = async () => {
    await app?.close();
    app = null;
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'restart-spec-'));
    uploads = join(dir, 'uploads');
    db = await createTestDatabase();
    await seedDemo(db.url, ['QCJK']);
  });
  afterEach(stop);
  afterAll(async () => {
    await db?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  const uploadWithoutWorker = async (bytes: string): Promise<string> => {
    const { app: a, token } = await start(false);
    const up = await upload(a.baseUrl, token, { kind: 'callbacks', period: '2026H1', bytes });
    expect(up.status).toBe(202);
    await new Promise((r) => setTimeout(r, 300));
    const still = await api<SubmissionBody>(a.baseUrl, token, `/api/submissions/${up.body.id}`);
    expect(still.body.status).toBe('validating');
    await stop();
    return up.body.id;
  };

  it('validates an upload queued before a restart', async () => {
    const id = await uploadWithoutWorker(small);
    const { app: a, token } = await start(true);
    expect(await settled(a.baseUrl, token, id)).toMatchObject({ status: 'valid', rows: 300 });
  });

  it('resumes a submission whose job was lost', async () => {
    const id = await uploadWithoutWorker(small + '\r\n');
    await sql(db.url, 'DELETE FROM pgboss.job WHERE id = $1', [id]);
    const { app: a, token } = await start(true);
    expect(await settled(a.baseUrl, token, id)).toMatchObject({ status: 'valid', rows: 300 });
  });

  it('takes over a job left active by a process that died', async () => {
    const id = await uploadWithoutWorker(small + '\r\n\r\n\r\n');
    await sql(
      db.url,
      `UPDATE pgboss.job SET state = 'active', started_on = now() - interval '10 minutes' WHERE id = $1`,
      [id],
    );
    const { app: a, token } = await start(true);
    expect(await settled(a.baseUrl, token, id)).toMatchObject({ status: 'valid', rows: 300 });
  });

  it('marks a submission failed, with a reason, when its upload is gone', async () => {
    const id = await uploadWithoutWorker(small + '\r\n\r\n');
    rmSync(join(uploads, `${id}.upload`));
    await sql(db.url, 'DELETE FROM pgboss.job WHERE id = $1', [id]);
    const { app: a, token } = await start(true);
    const sub = await settled(a.baseUrl, token, id);
    expect(sub.status).toBe('failed');
    expect(sub.failureReason).toMatch(/丢失.*\/.*lost before it could be validated/);
    const audit = await sql<{ action: string }>(
      db.url,
      'SELECT action FROM audit_entry WHERE object_id = $1 ORDER BY id',
      [id],
    );
    expect(audit.map((a) => a.action)).toEqual(['submission.upload', 'submission.fail']);
  });

  it('leaves nothing visible when stopped mid-validation, and finishes the job after the restart', async () => {
    const rows = fileRows(org, '2026H1', 'callbacks') * 150;
    const big = toCsvString(generateCallbacks({ seed: 12, org, period: '2026H1', rows }), {
      columns: CALLBACK_COLUMNS,
    });
    const first = await start(true);
    const up = await upload(first.app.baseUrl, first.token, {
      kind: 'callbacks',
      period: '2026H1',
      bytes: big,
    });
    // Wait until the worker is reading (progress is written outside its transaction), then shut down.
    for (let i = 0; ; i++) {
      const s = await api<SubmissionBody & { progressRows: number }>(
        first.app.baseUrl,
        first.token,
        `/api/submissions/${up.body.id}`,
      );
      if (s.body.progressRows > 0) break;
      if (s.body.status !== 'validating' || i > 200)
        throw new Error(`did not catch the validation running: ${s.body.status}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    await stop();
    const [visible] = await sql<{ n: string; status: string }>(
      db.url,
      `SELECT (SELECT count(*) FROM callback_record WHERE submission_id = $1) AS n,
              (SELECT count(*) FROM validation_issue WHERE submission_id = $1) AS issues,
              (SELECT status FROM submission WHERE id = $1) AS status`,
      [up.body.id],
    );
    expect(visible).toMatchObject({ n: '0', issues: '0', status: 'validating' });
    expect(existsSync(join(uploads, `${up.body.id}.upload`))).toBe(true);

    const second = await start(true);
    const done = await settled(second.app.baseUrl, second.token, up.body.id, 120_000);
    expect(done).toMatchObject({ status: 'valid', rows, errors: 0 });
    const [{ n }] = await sql<{ n: string }>(
      db.url,
      'SELECT count(*) AS n FROM callback_record WHERE submission_id = $1',
      [up.body.id],
    );
    expect(Number(n)).toBe(rows);
    const validations = await sql(
      db.url,
      `SELECT 1 FROM audit_entry WHERE object_id = $1 AND action = 'submission.validate'`,
      [up.body.id],
    );
    expect(validations).toHaveLength(1);
  });
});
