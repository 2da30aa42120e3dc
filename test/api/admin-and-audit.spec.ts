import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { verifyAuditChain } from '../../server/src/app/audit/audit-verify';
import { startTestApp, type TestApp } from '../support/app';
import { loginAs, seedOrgAndUsers, STANDARD_SEED } from '../support/auth';
import { createTestDatabase, type TestDatabase } from '../support/database';

const root = path.resolve(__dirname, '../..');

describe('administration API and the audit ledger', () => {
  let db: TestDatabase;
  let t: TestApp;
  let admin: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    await seedOrgAndUsers(db.url, { users: STANDARD_SEED.users.filter((u) => !u.orgCode) });
    t = await startTestApp(db.url);
    admin = await loginAs(t.baseUrl, 'reg-admin', 'reg-admin-password-1');
  });
  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  const post = (p: string, body: unknown, token = admin) =>
    fetch(`${t.baseUrl}${p}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
      body: JSON.stringify(body),
    });

  it('creates an organisation (201), refuses an invalid code (400) and a duplicate (409)', async () => {
    const org = {
      code: '914403007109307395',
      name: '示例人寿保险股份有限公司',
      group: 'life',
      foundedOn: '2002-12-04',
    };
    const created = await post('/api/admin/orgs', org);
    expect(created.status).toBe(201);
    // No jurisdiction given: national rules only (local rule packs, see test/api/rules.spec.ts).
    expect(await created.json()).toEqual({ ...org, jurisdiction: null });
    const bad = await post('/api/admin/orgs', { ...org, code: '914403007109307396' });
    expect(bad.status).toBe(400);
    expect((await bad.json()).message).toMatch(/校验位.*check character/);
    expect((await post('/api/admin/orgs', org)).status).toBe(409);
    expect(
      (await post('/api/admin/orgs', { ...org, code: '9144030071526726XG', group: 'bank' })).status,
    ).toBe(400);
  });

  it('creates users with the role rules of API.md', async () => {
    const ok = await post('/api/admin/users', {
      username: 'new-submitter',
      password: 'a-long-enough-password',
      role: 'insurer_submitter',
      orgCode: '914403007109307395',
    });
    expect(ok.status).toBe(201);
    const body = await ok.json();
    expect(body).toMatchObject({
      username: 'new-submitter',
      role: 'insurer_submitter',
      orgCode: '914403007109307395',
    });
    expect(JSON.stringify(body)).not.toMatch(/password|hash/i);
    const cases: [unknown, number][] = [
      [{ username: 'short-pw', password: 'short', role: 'regulator_analyst' }, 400],
      [{ username: 'no-org', password: 'a-long-enough-password', role: 'insurer_approver' }, 400],
      [
        {
          username: 'org-for-regulator',
          password: 'a-long-enough-password',
          role: 'regulator_analyst',
          orgCode: '914403007109307395',
        },
        400,
      ],
      [
        {
          username: 'ghost-org',
          password: 'a-long-enough-password',
          role: 'insurer_approver',
          orgCode: '9144030071526726XG',
        },
        400,
      ],
      [{ username: 'bad role', password: 'a-long-enough-password', role: 'superuser' }, 400],
      [{ username: 'new-submitter', password: 'a-long-enough-password', role: 'regulator_analyst' }, 409],
    ];
    for (const [dto, status] of cases)
      expect([dto, (await post('/api/admin/users', dto)).status]).toEqual([dto, status]);
    const analyst = await loginAs(t.baseUrl, 'reg-analyst', 'reg-analyst-password-1');
    expect(
      (
        await post(
          '/api/admin/users',
          { username: 'x-user', password: 'a-long-enough-password', role: 'regulator_analyst' },
          analyst,
        )
      ).status,
    ).toBe(403);
    await loginAs(t.baseUrl, 'new-submitter', 'a-long-enough-password');
  });

  it('records every state change with actor, time, action and object, hash-chained', async () => {
    const owner = new Client({ connectionString: db.url });
    await owner.connect();
    const { rows } = await owner.query(
      'SELECT actor, action, object_type, object_id FROM audit_entry ORDER BY id',
    );
    await owner.end();
    const actions = rows.map((r) => r.action);
    expect(actions).toEqual(expect.arrayContaining(['auth.login', 'org.create', 'user.create']));
    expect(rows.find((r) => r.action === 'org.create')).toMatchObject({
      actor: 'reg-admin',
      object_type: 'organisation',
      object_id: '914403007109307395',
    });
    const ds = new DataSource({ type: 'postgres', url: db.url });
    await ds.initialize();
    expect((await verifyAuditChain(ds)).firstBroken).toBeNull();
    await ds.destroy();
  });

  it('audit:verify names the entry that was edited directly in the database', async () => {
    const run = () =>
      promisify(execFile)(
        path.join(root, 'node_modules/.bin/tsx'),
        ['--tsconfig', 'tsconfig.base.json', 'scripts/audit-verify.ts'],
        {
          cwd: root,
          env: { ...process.env, DATABASE_URL: db.url },
        },
      ).then(
        (r) => ({ code: 0, out: r.stdout }),
        (e: { code: number; stdout: string }) => ({ code: e.code, out: e.stdout }),
      );
    const intact = await run();
    expect(intact.code).toBe(0);
    expect(JSON.parse(intact.out.trim().split('\n').pop()!)).toMatchObject({ ok: true });

    // A superuser with the trigger switched off: the only way to change a row — and it is caught.
    const owner = new Client({ connectionString: db.url });
    await owner.connect();
    const { rows } = await owner.query(`SELECT id FROM audit_entry WHERE action = 'org.create'`);
    const tampered = rows[0].id as string;
    await owner.query('ALTER TABLE audit_entry DISABLE TRIGGER trg_audit_entry_no_update_delete');
    await owner.query(
      `UPDATE audit_entry SET detail = jsonb_set(detail, '{name}', '"改过的名字"') WHERE id = $1`,
      [tampered],
    );
    await owner.query('ALTER TABLE audit_entry ENABLE TRIGGER trg_audit_entry_no_update_delete');
    await owner.end();

    const broken = await run();
    expect(broken.code).toBe(1);
    expect(JSON.parse(broken.out.trim().split('\n').pop()!)).toMatchObject({
      ok: false,
      firstBroken: { id: tampered },
    });
  });
});
