import { PassThrough } from 'node:stream';
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
});
