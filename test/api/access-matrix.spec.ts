import { ROLES, type Role } from '../../server/src/app/users/user.entity';
import { startTestApp, type TestApp } from '../support/app';
import { loginAs, seedOrgAndUsers, STANDARD_SEED } from '../support/auth';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { routeTable } from '../support/routes';

const ALL: readonly Role[] = ROLES;
const REGULATORS: readonly Role[] = ['regulator_admin', 'regulator_analyst'];
const INSURERS: readonly Role[] = ['insurer_submitter', 'insurer_approver'];

/**
 * Who may call every route of the application. The application's own route table must equal this list:
 * a route added without an entry here fails the suite, so no route escapes the matrix.
 */
const EXPECTED: Record<string, 'public' | readonly Role[]> = {
  'GET /api/health': 'public',
  'POST /api/auth/login': 'public',
  'GET /api/me': ALL,
  'GET /api/orgs': ALL,
  'POST /api/admin/orgs': ['regulator_admin'],
  'POST /api/admin/users': ['regulator_admin'],
  'GET /api/admin/users': ['regulator_admin'],
  'GET /api/my-org/users': INSURERS,
};
void REGULATORS;

/**
 * Routes that address one organisation's object (a path parameter): for each, how to make an object of
 * the life insurer, so the matrix can check that the property insurer gets 404 and the owner does not.
 */
type ObjectFixture = (ctx: { dbUrl: string; baseUrl: string; ownToken: string }) => Promise<string>;
const OBJECT_ROUTES: Record<string, ObjectFixture> = {};

const USER_OF: Record<Role, { username: string; password: string }> = Object.fromEntries(
  ROLES.map((role) => {
    const u = STANDARD_SEED.users.find(
      (x) => x.role === role && (!x.orgCode || x.orgCode === STANDARD_SEED.orgs[0].code),
    )!;
    return [role, { username: u.username, password: u.password }];
  }),
) as Record<Role, { username: string; password: string }>;

describe('authorization matrix: every route × every role', () => {
  let db: TestDatabase;
  let t: TestApp;
  const tokens = {} as Record<Role, string>;

  beforeAll(async () => {
    db = await createTestDatabase();
    await seedOrgAndUsers(db.url, STANDARD_SEED);
    t = await startTestApp(db.url);
    for (const role of ROLES)
      tokens[role] = await loginAs(t.baseUrl, USER_OF[role].username, USER_OF[role].password);
  });
  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  it('has an expectation for every route the application serves, and no stale ones', () => {
    expect(routeTable(t.app)).toEqual(Object.keys(EXPECTED).sort());
  });

  it('has an own/foreign fixture for every route with a path parameter', () => {
    const parameterised = Object.keys(EXPECTED).filter((r) => r.includes(':'));
    expect(parameterised.filter((r) => !OBJECT_ROUTES[r])).toEqual([]);
  });

  const call = (route: string, token?: string) => {
    const [method, path] = route.split(' ');
    return fetch(t.baseUrl + path.replace(/:[A-Za-z]+/g, '00000000-0000-4000-8000-000000000000'), {
      method,
      headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
      body: method === 'GET' || method === 'HEAD' ? undefined : '{}',
    });
  };

  it.each(Object.entries(EXPECTED))('%s without a token: 401 unless public', async (route, rule) => {
    const res = await call(route);
    if (rule === 'public') expect([401, 403]).not.toContain(res.status);
    else expect(res.status).toBe(401);
  });

  it.each(
    Object.entries(EXPECTED).flatMap(([route, rule]) => ROLES.map((role) => [route, role, rule] as const)),
  )('%s as %s', async (route, role, rule) => {
    const res = await call(route, tokens[role]);
    const allowed = rule === 'public' || rule.includes(role);
    if (allowed) expect([401, 403]).not.toContain(res.status);
    else expect(res.status).toBe(403);
  });

  it('a foreign organisation’s object answers 404 exactly like a missing one', async () => {
    const foreignToken = await loginAs(t.baseUrl, 'prop-submitter', 'prop-submitter-pass-1');
    for (const [route, make] of Object.entries(OBJECT_ROUTES)) {
      const ownToken = tokens.insurer_submitter; // the life insurer's submitter
      const id = await make({ dbUrl: db.url, baseUrl: t.baseUrl, ownToken });
      const [method, path] = route.split(' ');
      const at = (objectId: string, token: string) =>
        fetch(t.baseUrl + path.replace(/:[A-Za-z]+/, objectId), {
          method,
          headers: { Authorization: `Bearer ${token}` },
        });
      expect([route, (await at(id, ownToken)).status]).not.toEqual([route, 404]);
      expect([route, (await at(id, foreignToken)).status]).toEqual([route, 404]);
      expect([route, (await at('00000000-0000-4000-8000-000000000000', foreignToken)).status]).toEqual([
        route,
        404,
      ]);
    }
  });
});
