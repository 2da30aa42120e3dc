import { PassThrough } from 'node:stream';
import { Client } from 'pg';
import { startTestApp, type TestApp } from '../support/app';
import { loginAs, seedOrgAndUsers, STANDARD_SEED } from '../support/auth';
import { createTestDatabase, type TestDatabase } from '../support/database';

const json = (body: unknown) => ({
  method: 'POST',
  headers: { 'Content-Type': 'application/json' },
  body: JSON.stringify(body),
});

describe('sign-in', () => {
  let db: TestDatabase;
  let t: TestApp;
  const logs: string[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    await seedOrgAndUsers(db.url, STANDARD_SEED);
    const logStream = new PassThrough();
    logStream.on('data', (chunk: Buffer) => logs.push(chunk.toString('utf8')));
    t = await startTestApp(db.url, { LOG_LEVEL: 'trace' }, { logStream });
  });
  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  const login = (username: string, password: string, address = '127.0.0.1') =>
    fetch(`${t.baseUrl}/api/auth/login`, {
      ...json({ username, password }),
      headers: { 'Content-Type': 'application/json', 'X-Forwarded-For': address },
    });

  it('answers 200 with a token and the user for the right password', async () => {
    const res = await login('life-submitter', 'life-submitter-pass-1');
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.user).toEqual({
      username: 'life-submitter',
      role: 'insurer_submitter',
      orgCode: '914403007109307395',
    });
    expect(body.accessToken.split('.')).toHaveLength(3);
    const me = await fetch(`${t.baseUrl}/api/me`, {
      headers: { Authorization: `Bearer ${body.accessToken}` },
    });
    expect(me.status).toBe(200);
    expect((await me.json()).organisation.code).toBe('914403007109307395');
  });

  it('answers 401 with the same message for a wrong password and an unknown user', async () => {
    const wrong = await login('reg-analyst', 'not-the-password');
    const unknown = await login('nobody-at-all', 'whatever-password');
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect((await wrong.json()).message).toBe((await unknown.json()).message);
  });

  it('answers 401 for a missing, forged or unsigned token', async () => {
    expect((await fetch(`${t.baseUrl}/api/me`)).status).toBe(401);
    const forged = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4Iiwicm9sZSI6InJlZ3VsYXRvcl9hZG1pbiJ9.c2lnbmF0dXJl';
    expect(
      (await fetch(`${t.baseUrl}/api/me`, { headers: { Authorization: `Bearer ${forged}` } })).status,
    ).toBe(401);
    const none = 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4Iiwicm9sZSI6InJlZ3VsYXRvcl9hZG1pbiJ9.';
    expect(
      (await fetch(`${t.baseUrl}/api/me`, { headers: { Authorization: `Bearer ${none}` } })).status,
    ).toBe(401);
  });

  it('answers 429 after repeated failures for a username, from any address, but not for another user', async () => {
    for (let i = 0; i < 5; i++)
      expect((await login('prop-approver', `wrong-${i}`, `10.9.0.${i}`)).status).toBe(401);
    expect((await login('prop-approver', 'prop-approver-pass-1', '10.9.1.1')).status).toBe(429);
    expect((await login('prop-submitter', 'prop-submitter-pass-1', '10.9.2.2')).status).toBe(200);
  });

  it('answers 429 for an address that tries many usernames, and never refuses another user elsewhere', async () => {
    for (let i = 0; i < 20; i++) await login(`guess-${i}`, 'guess-password', '10.8.0.1');
    expect((await login('reg-admin', 'reg-admin-password-1', '10.8.0.1')).status).toBe(429);
    expect((await login('reg-admin', 'reg-admin-password-1', '10.8.0.2')).status).toBe(200);
  });

  it('rejects a malformed body with 400 in the API error shape', async () => {
    const res = await fetch(`${t.baseUrl}/api/auth/login`, json({ username: 'x' }));
    expect(res.status).toBe(400);
    expect(Object.keys(await res.json()).sort()).toEqual(['error', 'message', 'statusCode']);
    const broken = await fetch(`${t.baseUrl}/api/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{"username":',
    });
    expect(broken.status).toBe(400);
  });

  it('never puts a password or a token in a response or a log line', async () => {
    const token = await loginAs(t.baseUrl, 'assoc', 'association-password-1');
    await fetch(`${t.baseUrl}/api/me`, { headers: { Authorization: `Bearer ${token}` } });
    await login('assoc', 'association-password-WRONG');
    await new Promise((r) => setTimeout(r, 100));
    const all = logs.join('');
    expect(all.length).toBeGreaterThan(100); // the requests were logged
    for (const secret of [
      'association-password-1',
      'association-password-WRONG',
      token,
      token.split('.')[2],
    ]) {
      expect(all).not.toContain(secret);
    }
    const me = await (
      await fetch(`${t.baseUrl}/api/me`, { headers: { Authorization: `Bearer ${token}` } })
    ).text();
    expect(me).not.toMatch(/password|hash/i);
  });

  it('refuses a token on the very next request once its account is disabled, deleted or given another role', async () => {
    await seedOrgAndUsers(db.url, {
      users: [{ username: 'soon-changed', password: 'soon-changed-password-1', role: 'regulator_analyst' }],
    });
    const token = await loginAs(t.baseUrl, 'soon-changed', 'soon-changed-password-1');
    const me = () => fetch(`${t.baseUrl}/api/me`, { headers: { Authorization: `Bearer ${token}` } });
    const sql = new Client({ connectionString: db.url });
    await sql.connect();
    const set = (assignment: string) =>
      sql.query(`UPDATE app_user SET ${assignment} WHERE username = 'soon-changed'`);
    try {
      expect((await me()).status).toBe(200);
      await set('disabled_at = now()');
      const disabled = await me();
      expect(disabled.status).toBe(401);
      expect((await disabled.json()).message).toContain('Account changed or disabled');
      await set('disabled_at = NULL');
      expect((await me()).status).toBe(200);
      await set(`role = 'regulator_admin'`);
      expect((await me()).status).toBe(401);
      await set(`role = 'regulator_analyst'`);
      expect((await me()).status).toBe(200);
      await sql.query(`DELETE FROM app_user WHERE username = 'soon-changed'`);
      expect((await me()).status).toBe(401);
    } finally {
      await sql.end();
    }
  });

  it('reads the account with auth_account(), which only the owner and portal_app may run and which shows no hash', async () => {
    const sql = new Client({ connectionString: db.url });
    await sql.connect();
    try {
      const cols = await sql.query(
        `SELECT * FROM auth_account((SELECT id FROM app_user WHERE username = 'reg-analyst'))`,
      );
      const names = cols.fields.map((f) => f.name);
      expect(names).toEqual(expect.arrayContaining(['username', 'role', 'org_code', 'disabled_at']));
      expect(names.filter((n) => /pass|hash/i.test(n))).toEqual([]);
      expect(cols.rows).toEqual([
        expect.objectContaining({
          username: 'reg-analyst',
          role: 'regulator_analyst',
          org_code: null,
          disabled_at: null,
        }),
      ]);
      const [fn] = (
        await sql.query(
          `SELECT p.prosecdef, has_function_privilege('portal_app', p.oid, 'EXECUTE') AS app,
                  has_function_privilege('public', p.oid, 'EXECUTE') AS everyone
             FROM pg_proc p WHERE p.proname = 'auth_account'`,
        )
      ).rows;
      expect(fn).toEqual({ prosecdef: true, app: true, everyone: false });
      // portal_app, with no tenant settings, sees no app_user row itself, but the function answers.
      const [{ id }] = (await sql.query(`SELECT id FROM app_user WHERE username = 'reg-analyst'`)).rows;
      await sql.query('BEGIN');
      await sql.query(`SET LOCAL ROLE portal_app`);
      expect((await sql.query(`SELECT count(*)::int AS n FROM app_user`)).rows[0].n).toBe(0);
      const viaFn = await sql.query(`SELECT username FROM auth_account($1)`, [id]);
      expect(viaFn.rows).toEqual([{ username: 'reg-analyst' }]);
      await sql.query('ROLLBACK');
    } finally {
      await sql.end();
    }
  });
});
