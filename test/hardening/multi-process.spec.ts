import { CALLBACK_COLUMNS, generateCallbacks, toCsvString } from '@portal/demo-data';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  api,
  demoOrg,
  login,
  PASSWORD,
  seedDemo,
  settled,
  sql,
  upload,
  type SubmissionBody,
} from '../api/submissions-helpers';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { newJwtSecret } from '../support/server-process';
import { startDeployment, type Deployment } from '../support/topology';

/**
 * Past one machine: two PROCESS_ROLE=api processes (A, B) and one PROCESS_ROLE=worker process, the production
 * bundle (dist/server/main.js, built by `npm test`), on one database. Each step of one insurer's work goes to a
 * different process, addressed directly (not through the proxy), so the test knows which one answered.
 */
describe('2 API processes + 1 worker process on one database', () => {
  let db: TestDatabase;
  let dir: string;
  let d: Deployment;
  let A: string;
  let B: string;
  const org = demoOrg('QCJK');
  const csv = toCsvString(generateCallbacks({ seed: 21, org, period: '2026H1', rows: 400 }), {
    columns: CALLBACK_COLUMNS,
  });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'multi-process-'));
    db = await createTestDatabase();
    await seedDemo(db.url, ['QCJK']);
    d = await startDeployment(db.url, {
      jwtSecret: newJwtSecret(),
      env: { UPLOAD_DIR: join(dir, 'uploads'), DATABASE_POOL_SIZE: '5', CLIENT_DIST: '' },
    });
    [A, B] = d.apis.map((p) => p.baseUrl);
  });
  afterAll(async () => {
    await d?.close();
    await db?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  const worker = () => {
    if (!d.worker) throw new Error('the deployment has no worker');
    return d.worker;
  };
  const companyFigure = async (base: string, token: string, key: 'due'): Promise<unknown> => {
    const res = await api<{ companies: { orgCode: string; callbacks: Record<string, unknown> }[] }>(
      base,
      token,
      `/api/stats?period=2026H1&group=${org.group}`,
    );
    expect(res.status).toBe(200);
    return res.body.companies.find((c) => c.orgCode === org.code)?.callbacks[key] ?? null;
  };

  it('the worker process answers only its health check, and polls the validation queue', async () => {
    const health = await fetch(`${worker().baseUrl}/api/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok', database: 'up', role: 'worker' });
    const other = await fetch(`${worker().baseUrl}/api/auth/login`, { method: 'POST' });
    expect(other.status).toBe(404);
    expect((await other.json()).message).toMatch(/只提供 \/api\/health.*only \/api\/health/);
    // pg-boss names its connections: the worker's pool polls the queue (an API process's only sends).
    const names = await sql<{ application_name: string }>(
      db.url,
      `SELECT DISTINCT application_name FROM pg_stat_activity WHERE datname = current_database()`,
    );
    expect(names.map((n) => n.application_name)).toContain('portal-queue');
  });

  it('login on A, upload on B, validated by the worker, report on A, submit on B, statistics on A', async () => {
    const sub = await login(A, 'QCJK-sub'); // signed by A …
    const app = await login(B, 'QCJK-app');
    const regulator = await login(A, 'reg-analyst');
    expect(await companyFigure(A, regulator, 'due')).toBeNull(); // nothing submitted; A has checked freshness

    const up = await upload(B, sub, { kind: 'callbacks', period: '2026H1', bytes: csv }); // … accepted by B
    expect(up.status).toBe(202);
    const done = await settled(A, sub, up.body.id);
    expect(done).toMatchObject({ status: 'valid', rows: 400 });
    // The worker validated it: its log names the submission; the API processes' logs do not.
    await waitFor(() => worker().output().includes(up.body.id));
    for (const p of d.apis) expect(p.output()).not.toMatch(new RegExp(`validated[^\\n]*${up.body.id}`));

    const report = await api<{ total: number }>(A, sub, `/api/submissions/${up.body.id}/issues?page=1`);
    expect(report.status).toBe(200);
    const csvReport = await fetch(`${A}/api/submissions/${up.body.id}/issues.csv`, {
      headers: { Authorization: `Bearer ${sub}` },
    });
    expect(csvReport.status).toBe(200);
    await csvReport.arrayBuffer();

    const submitted = await api<{ status: string; receiptNo: string }>(
      B,
      app,
      `/api/submissions/${up.body.id}/submit`,
      { method: 'POST', body: { attestation: true } },
    );
    expect(submitted.status).toBe(200);
    expect(submitted.body.status).toBe('submitted');

    // A's statistics follow B's submission within seconds (API.md), without being told.
    const t0 = Date.now();
    let due: unknown = null;
    while (due === null && Date.now() - t0 < 5_000) {
      due = await companyFigure(A, regulator, 'due');
      if (due === null) await new Promise((r) => setTimeout(r, 100));
    }
    expect(Date.now() - t0).toBeLessThan(3_000);
    expect(typeof due).toBe('number');
    expect(due).toBeGreaterThan(0);

    const seen = await sql<{ action: string }>(
      db.url,
      `SELECT action FROM audit_entry WHERE object_id = $1 ORDER BY id`,
      [up.body.id],
    );
    expect(seen.map((s) => s.action)).toEqual(
      expect.arrayContaining(['submission.upload', 'submission.validate', 'submission.submit']),
    );
    // Validated exactly once, by one process.
    expect(seen.filter((s) => s.action === 'submission.validate')).toHaveLength(1);
  });

  it('counts failed sign-ins across A and B: the sixth attempt is refused on either', async () => {
    const attempt = (base: string, password: string) =>
      fetch(`${base}/api/auth/login`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ username: 'assoc', password }),
      });
    for (const base of [A, B, A, B, A]) expect((await attempt(base, 'wrong-password-000')).status).toBe(401);
    // Five failures (three on A, two on B): the right password is refused too, on B and on A.
    const onB = await attempt(B, PASSWORD);
    expect(onB.status).toBe(429);
    expect((await onB.json()).message).toMatch(/.+ \/ .+/);
    expect((await attempt(A, PASSWORD)).status).toBe(429);
  });

  it('killing one API process (kill -9) leaves the other serving, and the worker still validates', async () => {
    const sub = await login(A, 'QCJK-sub');
    await d.apis[0].kill9();
    await expect(fetch(`${A}/api/health`)).rejects.toThrow();
    // The token A signed is good on B (a shared secret, no session state in a process).
    const me = await api<{ user: { username: string } }>(B, sub, '/api/me');
    expect(me.status).toBe(200);
    expect(me.body.user.username).toBe('QCJK-sub');
    expect((await login(B, 'QCJK-app')).length).toBeGreaterThan(20);
    const up = await upload(B, sub, { kind: 'callbacks', period: '2026H1', bytes: `${csv}\r\n` });
    expect(up.status).toBe(202);
    expect(await settled(B, sub, up.body.id)).toMatchObject<Partial<SubmissionBody>>({
      status: 'valid',
      rows: 400,
    });
    // Through the proxy (round robin over A and B), requests to the dead process fail fast with 502, never hang.
    const answers = await Promise.all(
      [0, 1, 2, 3].map(async () => (await fetch(`${d.baseUrl}/api/health`)).status),
    );
    expect(answers.sort()).toEqual([200, 200, 502, 502]);
  });
});

async function waitFor(cond: () => boolean, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 100));
  }
}
