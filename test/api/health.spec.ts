import { createTestDatabase, type TestDatabase } from '../support/database';
import { startTestApp, type TestApp } from '../support/app';

describe('API skeleton', () => {
  let db: TestDatabase;
  let t: TestApp;

  beforeAll(async () => {
    db = await createTestDatabase();
    t = await startTestApp(db.url);
  });
  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  it('GET /api/health answers 200 when the database answers', async () => {
    const res = await fetch(`${t.baseUrl}/api/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok', database: 'up' });
    expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('keeps a well-formed request id from the caller and replaces a malformed one', async () => {
    const kept = await fetch(`${t.baseUrl}/api/health`, { headers: { 'X-Request-Id': 'abc-123' } });
    expect(kept.headers.get('x-request-id')).toBe('abc-123');
    const replaced = await fetch(`${t.baseUrl}/api/health`, {
      headers: { 'X-Request-Id': 'bad id <script>' },
    });
    expect(replaced.headers.get('x-request-id')).not.toContain('<');
  });

  it('answers errors in the API.md shape with a bilingual message', async () => {
    const res = await fetch(`${t.baseUrl}/api/no-such-route`);
    expect(res.status).toBe(404);
    const body = await res.json();
    expect(Object.keys(body).sort()).toEqual(['error', 'message', 'statusCode']);
    expect(body.statusCode).toBe(404);
    expect(body.message).toMatch(/[\u4e00-\u9fff]/);
    expect(body.message).toMatch(/[A-Za-z]/);
  });

  it('serves the OpenAPI description at /api/docs-json and the UI at /api/docs', async () => {
    const json = await (await fetch(`${t.baseUrl}/api/docs-json`)).json();
    expect(json.openapi).toMatch(/^3\./);
    expect(Object.keys(json.paths)).toContain('/api/health');
    const ui = await fetch(`${t.baseUrl}/api/docs`);
    expect(ui.status).toBe(200);
    expect(await ui.text()).toContain('swagger');
  });

  it('sends security headers and keeps CORS closed by default', async () => {
    const res = await fetch(`${t.baseUrl}/api/health`, { headers: { Origin: 'https://evil.example' } });
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    expect(res.headers.get('x-powered-by')).toBeNull();
  });

  it('refuses a JSON body over the limit with 413 in the API error shape', async () => {
    const res = await fetch(`${t.baseUrl}/api/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: 'x', password: 'y'.repeat(2 * 1024 * 1024) }),
    });
    expect(res.status).toBe(413);
    expect((await res.json()).message).toMatch(/请求体过大.*too large/);
  });

  it('answers 503 from /api/health when the database is gone', async () => {
    const other = await createTestDatabase();
    const app2 = await startTestApp(other.url);
    try {
      await other.drop(); // WITH (FORCE) terminates the app's connections
      const res = await fetch(`${app2.baseUrl}/api/health`);
      expect(res.status).toBe(503);
      expect((await res.json()).statusCode).toBe(503);
    } finally {
      await app2.close().catch(() => undefined);
    }
  });
});
