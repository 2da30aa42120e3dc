import { CALLBACK_COLUMNS, generateCallbacks, toCsvString } from '@portal/demo-data';
import { CATALOG_V1 } from '@portal/reporting-standard';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { startTestApp, type TestApp } from '../support/app';
import { allIssues, api, demoOrg, login, seedDemo, settled, sql, upload } from './submissions-helpers';

interface RuleBody {
  code: string;
  title: { zh: string; en: string };
  severity: string;
  scope: string;
  citation: { zh: string; en: string };
  params: Record<string, unknown>;
  enabled: boolean;
}

/** The rule catalog as data: served to anyone, versioned by regulator admins, recorded on every submission. */
describe('rules', () => {
  let db: TestDatabase;
  let t: TestApp;
  let dir: string;
  const tokens: Record<string, string> = {};
  const org = demoOrg('CJRS');
  const callbacks = toCsvString(generateCallbacks({ seed: 5, org, period: '2026H1', rows: 3000 }), {
    columns: CALLBACK_COLUMNS,
  });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rules-spec-'));
    db = await createTestDatabase();
    await seedDemo(db.url, ['CJRS']);
    t = await startTestApp(db.url, { UPLOAD_DIR: join(dir, 'uploads') });
    for (const u of ['CJRS-sub', 'reg-admin', 'reg-analyst']) tokens[u] = await login(t.baseUrl, u);
  });
  afterAll(async () => {
    await t?.close();
    await db?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves the catalog in force to anyone, without signing in', async () => {
    const res = await api<RuleBody[]>(t.baseUrl, null, '/api/rules');
    expect(res.status).toBe(200);
    expect(res.headers.get('x-catalog-version')).toBe('1');
    expect(res.body.map((r) => r.code)).toEqual(CATALOG_V1.rules.map((r) => r.code));
    const cb03 = res.body.find((r) => r.code === 'CB-03')!;
    expect(cb03).toMatchObject({ severity: 'finding', scope: 'record', enabled: true });
    expect(cb03.title.zh).toMatch(/[\u4e00-\u9fff]/);
    expect(cb03.citation.zh).toContain('人身保险业务基本服务规定');
    expect(Object.keys(cb03.params)).toContain('requireQ9ForNewType');
    expect((await api(t.baseUrl, null, '/api/rules?version=1')).status).toBe(200);
    const missing = await api<{ message: string }>(t.baseUrl, null, '/api/rules?version=9');
    expect(missing.status).toBe(404);
    expect(missing.body.message).toMatch(/第 9 版.*version 9/);
    expect((await api(t.baseUrl, null, '/api/rules?version=abc')).status).toBe(400);
  });

  it('publishes a new version only for a regulator admin, with overrides checked by the library', async () => {
    const post = (token: string | null, body: unknown) =>
      api<Record<string, unknown>>(t.baseUrl, token, '/api/rules/versions', { method: 'POST', body });
    expect((await post(null, { rules: {} })).status).toBe(401);
    expect((await post(tokens['reg-analyst'], { rules: {} })).status).toBe(403);
    expect((await post(tokens['CJRS-sub'], { rules: {} })).status).toBe(403);

    const offError = await post(tokens['reg-admin'], { rules: { 'STR-003': { enabled: false } } });
    expect(offError.status).toBe(400);
    expect(offError.body.message).toMatch(
      /规则目录覆盖无效 \/ Invalid catalog overrides: STR-003 is a data error and cannot be switched off/,
    );
    const badParam = await post(tokens['reg-admin'], {
      rules: { 'CB-C1': { params: { minSuccessRate: 'high' } }, 'XX-1': {} },
    });
    expect(badParam.status).toBe(400);
    expect(badParam.body.message).toMatch(/unknown rule XX-1/);
    expect(badParam.body.message).toMatch(/CB-C1\.minSuccessRate must be a number/);
    expect((await post(tokens['reg-admin'], { rules: 'all off' })).status).toBe(400);

    const v2 = await post(tokens['reg-admin'], {
      rules: { 'CB-04': { enabled: false } },
      note: '试行：暂停录音检查',
    });
    expect(v2.status).toBe(201);
    expect(v2.body).toMatchObject({ version: 2, note: '试行：暂停录音检查' });
    // A new version starts from the previous one.
    const v3 = await post(tokens['reg-admin'], { rules: { 'CB-C1': { params: { minSuccessRate: 0.95 } } } });
    expect(v3.body).toMatchObject({ version: 3 });
    const current = await api<RuleBody[]>(t.baseUrl, null, '/api/rules');
    expect(current.headers.get('x-catalog-version')).toBe('3');
    expect(current.body.find((r) => r.code === 'CB-04')!.enabled).toBe(false);
    expect(current.body.find((r) => r.code === 'CB-C1')!.params).toMatchObject({ minSuccessRate: 0.95 });
    const first = await api<RuleBody[]>(t.baseUrl, null, '/api/rules?version=1');
    expect(first.body.find((r) => r.code === 'CB-04')!.enabled).toBe(true);
    const versions = await api<{ version: number }[]>(t.baseUrl, null, '/api/rules/versions');
    expect(versions.body.map((v) => v.version)).toEqual([3, 2, 1]);
    const audit = await sql<{ n: string }>(
      db.url,
      `SELECT count(*) AS n FROM audit_entry WHERE action = 'rules.publish'`,
    );
    expect(Number(audit[0].n)).toBe(2);
  });

  it('checks each submission against the version in force, and records which', async () => {
    const up = await upload(t.baseUrl, tokens['CJRS-sub'], {
      kind: 'callbacks',
      period: '2026H1',
      bytes: callbacks,
    });
    const sub = await settled(t.baseUrl, tokens['CJRS-sub'], up.body.id);
    expect(sub.catalogVersion).toBe(3);
    const counts = (await allIssues(t.baseUrl, tokens['CJRS-sub'], sub.id)).countsByRule;
    expect(counts['CB-04']).toBeUndefined();
    expect(counts['CB-02']).toBeGreaterThan(0);

    await api(t.baseUrl, tokens['reg-admin'], '/api/rules/versions', {
      method: 'POST',
      body: { rules: { 'CB-04': { enabled: true } } },
    });
    const again = await upload(t.baseUrl, tokens['CJRS-sub'], {
      kind: 'callbacks',
      period: '2026H1',
      bytes: callbacks + '\r\n',
    });
    const sub4 = await settled(t.baseUrl, tokens['CJRS-sub'], again.body.id);
    expect(sub4.catalogVersion).toBe(4);
    expect((await allIssues(t.baseUrl, tokens['CJRS-sub'], sub4.id)).countsByRule['CB-04']).toBeGreaterThan(
      0,
    );
    // The earlier report still reads as checked: its messages come from its own catalog version.
    const old = await allIssues(t.baseUrl, tokens['CJRS-sub'], sub.id);
    expect(old.countsByRule['CB-04']).toBeUndefined();
  });
});
