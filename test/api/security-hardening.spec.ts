import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { Client } from 'pg';
import { startTestApp, type TestApp } from '../support/app';
import { loginAs, seedOrgAndUsers, STANDARD_SEED } from '../support/auth';
import { createTestDatabase, type TestDatabase } from '../support/database';

/**
 * The OWASP ASVS 4.0.3 level-2 fixes of docs/SECURITY-REVIEW.md: password change (V2.1.5/2.1.6), common
 * passwords (V2.1.7), headers on every response (V14.4, V8.2.1), hostile JSON (V5, V13), log encoding (V7.3.1).
 */
describe('security hardening (ASVS L2)', () => {
  let db: TestDatabase;
  let t: TestApp;
  let clientDir: string;
  const logs: string[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    await seedOrgAndUsers(db.url, STANDARD_SEED);
    clientDir = await mkdtemp(path.join(os.tmpdir(), 'portal-client-'));
    await writeFile(path.join(clientDir, 'index.html'), '<!doctype html><title>portal</title>');
    await writeFile(path.join(clientDir, 'main.js'), 'console.log(1);');
    const logStream = new PassThrough();
    logStream.on('data', (chunk: Buffer) => logs.push(chunk.toString('utf8')));
    t = await startTestApp(db.url, { LOG_LEVEL: 'info', CLIENT_DIST: clientDir }, { logStream });
  });
  afterAll(async () => {
    await t?.close();
    await db?.drop();
    if (clientDir) await rm(clientDir, { recursive: true, force: true });
  });

  const post = (p: string, body: unknown, token?: string, address?: string) =>
    fetch(`${t.baseUrl}${p}`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        ...(token ? { Authorization: `Bearer ${token}` } : {}),
        ...(address ? { 'X-Forwarded-For': address } : {}),
      },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  const me = (token: string) =>
    fetch(`${t.baseUrl}/api/me`, { headers: { Authorization: `Bearer ${token}` } });
  const auditActions = async (actor: string) => {
    const owner = new Client({ connectionString: db.url });
    await owner.connect();
    try {
      const { rows } = await owner.query<{ action: string; detail: unknown }>(
        'SELECT action, detail FROM audit_entry WHERE actor = $1 ORDER BY id',
        [actor],
      );
      return rows;
    } finally {
      await owner.end();
    }
  };

  describe('password change (V2.1.5, V2.1.6, V2.1.7, V3.3.3)', () => {
    it('requires the current password, applies the password rules and audits both outcomes', async () => {
      const token = await loginAs(t.baseUrl, 'reg-analyst', 'reg-analyst-password-1');
      const change = (currentPassword: string, newPassword: string) =>
        post('/api/me/password', { currentPassword, newPassword }, token, '10.20.0.1');

      const wrong = await change('not-my-password-at-all', 'a-new-and-long-passphrase');
      expect(wrong.status).toBe(400);
      expect((await wrong.json()).message).toMatch(/当前密码不正确 .* current password is wrong/);
      for (const [newPassword, message] of [
        ['short-1', /至少 12 个字符 .* at least 12 characters/],
        ['Password2026!', /过于常见.*too common/],
        ['qwertyuiop123', /too common/],
        ['1q2w3e4r5t6y', /too common/],
        ['reg-analyst-password-1', /differ from the current/],
      ] as const) {
        const res = await change('reg-analyst-password-1', newPassword);
        expect([newPassword, res.status]).toEqual([newPassword, 400]);
        expect((await res.json()).message).toMatch(message);
      }
      // The password is unchanged by all of that.
      await loginAs(t.baseUrl, 'reg-analyst', 'reg-analyst-password-1');

      const ok = await change('reg-analyst-password-1', '监管分析 correct horse battery');
      expect(ok.status).toBe(200);
      const body = await ok.json();
      expect(body.user).toEqual({ username: 'reg-analyst', role: 'regulator_analyst', orgCode: null });
      expect(JSON.stringify(body)).not.toMatch(/password|hash/i);
      expect((await me(body.accessToken)).status).toBe(200);
      expect(
        (await post('/api/auth/login', { username: 'reg-analyst', password: 'reg-analyst-password-1' }))
          .status,
      ).toBe(401);
      await loginAs(t.baseUrl, 'reg-analyst', '监管分析 correct horse battery');

      const actions = (await auditActions('reg-analyst')).map((r) => r.action);
      expect(actions).toEqual(
        expect.arrayContaining(['user.password_change_failed', 'user.password_change']),
      );
      expect(JSON.stringify(await auditActions('reg-analyst'))).not.toContain('correct horse');
    });

    it('refuses a username as its own password', async () => {
      const token = await loginAs(t.baseUrl, 'life-approver', 'life-approver-pass-1');
      const res = await post(
        '/api/me/password',
        { currentPassword: 'life-approver-pass-1', newPassword: 'LIFE-APPROVER' },
        token,
      );
      expect(res.status).toBe(400);
      expect((await res.json()).message).toMatch(/must not be the username/);
    });

    it('counts wrong current passwords towards the sign-in throttle (429)', async () => {
      const token = await loginAs(t.baseUrl, 'prop-approver', 'prop-approver-pass-1');
      for (let i = 0; i < 5; i++) {
        const res = await post(
          '/api/me/password',
          { currentPassword: `guess-${i}`, newPassword: 'a-new-and-long-passphrase' },
          token,
          `10.21.0.${i}`,
        );
        expect(res.status).toBe(400);
      }
      const throttled = await post(
        '/api/me/password',
        { currentPassword: 'prop-approver-pass-1', newPassword: 'a-new-and-long-passphrase' },
        token,
        '10.21.1.1',
      );
      expect(throttled.status).toBe(429);
    });

    it('refuses a common password when an administrator creates a user (V2.1.7)', async () => {
      const admin = await loginAs(t.baseUrl, 'reg-admin', 'reg-admin-password-1');
      for (const password of [
        'password12345',
        'Qwerty123456!',
        'abcdefghijkl',
        '111111111111',
        'P@ssw0rd2026',
      ]) {
        const res = await post(
          '/api/admin/users',
          { username: 'weak-user', password, role: 'regulator_analyst' },
          admin,
        );
        expect([password, res.status]).toEqual([password, 400]);
      }
      const ok = await post(
        '/api/admin/users',
        { username: 'strong-user', password: '回访监管 平台 correct horse', role: 'regulator_analyst' },
        admin,
      );
      expect(ok.status).toBe(201);
    });
  });

  describe('sign-out (V3.3.1)', () => {
    it('answers 204 and audits auth.logout', async () => {
      const token = await loginAs(t.baseUrl, 'assoc', 'association-password-1');
      const res = await post('/api/auth/logout', {}, token);
      expect(res.status).toBe(204);
      expect((await auditActions('assoc')).map((r) => r.action)).toContain('auth.logout');
      await loginAs(t.baseUrl, 'assoc', 'association-password-1'); // signing in again works
    });
  });

  /**
   * Token revocation (ASVS 3.3.1, 3.3.3). Needs the access guard to compare the token's `ver` with the account's
   * `token_version` (auth/token-version.ts `tokenIsCurrent`, returned by `auth_account` since migration
   * 1764720000000).
   */
  describe('revocation of earlier tokens (V3.3.1, V3.3.3)', () => {
    it('a password change revokes every earlier token of the user, not the new one', async () => {
      const other = await loginAs(t.baseUrl, 'life-submitter', 'life-submitter-pass-1');
      const mine = await loginAs(t.baseUrl, 'life-submitter', 'life-submitter-pass-1');
      const res = await post(
        '/api/me/password',
        { currentPassword: 'life-submitter-pass-1', newPassword: '寿险报送 another long passphrase' },
        mine,
      );
      expect(res.status).toBe(200);
      const fresh = ((await res.json()) as { accessToken: string }).accessToken;
      expect((await me(fresh)).status).toBe(200);
      expect((await me(other)).status).toBe(401);
      expect((await me(mine)).status).toBe(401);
    });

    it('signing out revokes the token (and the user’s other tokens)', async () => {
      const token = await loginAs(t.baseUrl, 'prop-submitter', 'prop-submitter-pass-1');
      const second = await loginAs(t.baseUrl, 'prop-submitter', 'prop-submitter-pass-1');
      expect((await post('/api/auth/logout', {}, token)).status).toBe(204);
      expect((await me(token)).status).toBe(401);
      expect((await me(second)).status).toBe(401);
      const again = await loginAs(t.baseUrl, 'prop-submitter', 'prop-submitter-pass-1');
      expect((await me(again)).status).toBe(200);
    });
  });

  describe('security headers on every response (V14.4, V8.2.1)', () => {
    const SECURITY_HEADERS: [string, RegExp][] = [
      ['x-content-type-options', /^nosniff$/],
      ['content-security-policy', /frame-ancestors 'none'/],
      ['x-frame-options', /^SAMEORIGIN$/],
      ['referrer-policy', /^no-referrer$/],
      ['strict-transport-security', /max-age=\d{7,}/],
    ];
    const expectSecure = (what: string, res: Response) => {
      for (const [name, value] of SECURITY_HEADERS)
        expect([what, name, res.headers.get(name)]).toEqual([what, name, expect.stringMatching(value)]);
      expect([what, res.headers.get('x-powered-by')]).toEqual([what, null]);
    };

    it('API answers, success and error alike, carry them and Cache-Control: no-store', async () => {
      const token = await loginAs(t.baseUrl, 'life-approver', 'life-approver-pass-1');
      const cases: [string, Promise<Response>, number][] = [
        ['GET /api/me', me(token), 200],
        ['GET /api/me without token', fetch(`${t.baseUrl}/api/me`), 401],
        ['unknown API route', fetch(`${t.baseUrl}/api/no-such-thing`), 404],
        ['broken JSON', post('/api/auth/login', '{"username":'), 400],
        [
          'forbidden',
          fetch(`${t.baseUrl}/api/admin/users`, { headers: { Authorization: `Bearer ${token}` } }),
          403,
        ],
        ['public', fetch(`${t.baseUrl}/api/rules`), 200],
      ];
      for (const [what, pending, status] of cases) {
        const res = await pending;
        expect([what, res.status]).toEqual([what, status]);
        expectSecure(what, res);
        expect([what, res.headers.get('cache-control')]).toEqual([what, 'no-store']);
        expect([what, res.headers.get('content-type')]).toEqual([
          what,
          expect.stringMatching(/charset=utf-8/i),
        ]);
      }
    });

    it('static files and the client’s index.html carry them too', async () => {
      for (const p of ['/main.js', '/', '/submissions/some/deep/link']) {
        const res = await fetch(`${t.baseUrl}${p}`);
        expect([p, res.status]).toEqual([p, 200]);
        expectSecure(p, res);
      }
    });
  });

  describe('hostile JSON (V5.1, V13.2)', () => {
    it('answers 400, never 500, for deeply nested JSON and prototype keys, and pollutes nothing', async () => {
      const deep =
        '{"username":"x","password":"y","extra":' + '{"a":'.repeat(50_000) + '1' + '}'.repeat(50_000) + '}';
      const res = await post('/api/auth/login', deep);
      expect(res.status).toBe(400);
      expect((await res.json()).message).toMatch(/嵌套层级过深.*nested too deeply/);
      // "__proto__" and "constructor" keys are own properties after JSON.parse; the DTO transformation drops
      // them (so the sign-in is simply wrong: 401) and neither reaches Object.prototype.
      const proto = await post(
        '/api/auth/login',
        '{"username":"x","password":"y","__proto__":{"polluted":true}}',
      );
      expect(proto.status).toBe(401);
      const ctor = await post(
        '/api/auth/login',
        '{"username":"x","password":"y","constructor":{"prototype":{"polluted":true}}}',
      );
      expect(ctor.status).toBe(401);
      expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    });

    it('answers 400 (not a sign-in) for a JSON text sent as text/plain', async () => {
      const res = await fetch(`${t.baseUrl}/api/auth/login`, {
        method: 'POST',
        headers: { 'Content-Type': 'text/plain' },
        body: JSON.stringify({ username: 'reg-admin', password: 'reg-admin-password-1' }),
      });
      expect(res.status).toBe(400);
    });

    it('refuses a JSON body above the limit with 413 in the API error shape', async () => {
      const res = await post('/api/auth/login', { username: 'x', password: 'y'.repeat(2 * 1024 * 1024) });
      expect(res.status).toBe(413);
      expect(Object.keys(await res.json()).sort()).toEqual(['error', 'message', 'statusCode']);
    });
  });

  describe('log encoding (V7.3.1)', () => {
    it('keeps every log record on one JSON line whatever the request carries', async () => {
      const forged = '\n{"level":30,"msg":"forged record"}\r\n';
      await post('/api/auth/login', { username: `a${forged}`, password: `b${forged}` });
      await fetch(`${t.baseUrl}/api/${encodeURIComponent(forged)}`);
      await new Promise((r) => setTimeout(r, 100));
      const lines = logs.join('').split('\n').filter(Boolean);
      expect(lines.length).toBeGreaterThan(2);
      for (const line of lines) expect(() => JSON.parse(line)).not.toThrow();
      expect(lines.filter((l) => (JSON.parse(l) as { msg?: string }).msg === 'forged record')).toEqual([]);
    });
  });
});
