import { ROLES, type Role } from '../../server/src/app/users/user.entity';
import { startTestApp, type TestApp } from '../support/app';
import { loginAs, seedOrgAndUsers, STANDARD_SEED } from '../support/auth';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { routeTable } from '../support/routes';

const REGULATORS: readonly Role[] = ['regulator_admin', 'regulator_analyst'];
const INSURERS: readonly Role[] = ['insurer_submitter', 'insurer_approver'];
const SIGNED_IN: readonly Role[] = ROLES;

/**
 * Who may call each route of the deadlines feature (forwarded complaints, calendar, reporting calendar,
 * notifications) — the same entries belong in the application-wide matrix (access-matrix.spec.ts).
 */
const DEADLINES_ROUTES: Record<string, 'public' | readonly Role[]> = {
  'GET /api/calendar/deadline': 'public',
  'GET /api/calendar/years': 'public',
  'PUT /api/admin/calendar/:year': ['regulator_admin'],
  'POST /api/cases': REGULATORS,
  'GET /api/cases': [...REGULATORS, ...INSURERS],
  'GET /api/cases/reconciliation': [...REGULATORS, ...INSURERS],
  'GET /api/cases/supervision-samples': REGULATORS,
  'POST /api/cases/supervision-samples': REGULATORS,
  'GET /api/cases/supervision-samples/:id': REGULATORS,
  'GET /api/cases/:id': [...REGULATORS, ...INSURERS],
  'POST /api/cases/:id/handling': INSURERS,
  'POST /api/cases/:id/supervision': REGULATORS,
  'GET /api/periods': [...REGULATORS, ...INSURERS],
  'GET /api/periods/:code/deadlines': [...REGULATORS, ...INSURERS],
  'GET /api/periods/:code/submission-status': [...REGULATORS, ...INSURERS],
  'PUT /api/admin/periods/:code/deadlines': ['regulator_admin'],
  'POST /api/admin/periods/:code/extensions': ['regulator_admin'],
  'GET /api/notifications': SIGNED_IN,
  'POST /api/notifications/:id/read': SIGNED_IN,
};

function userOf(role: Role): { username: string; password: string } {
  const u = STANDARD_SEED.users.find(
    (x) => x.role === role && (!x.orgCode || x.orgCode === STANDARD_SEED.orgs[0].code),
  );
  if (!u) throw new Error(`no seeded user with role ${role}`);
  return u;
}

describe('deadlines feature: every route × every role', () => {
  let db: TestDatabase;
  let t: TestApp;
  const tokens = {} as Record<Role, string>;

  beforeAll(async () => {
    db = await createTestDatabase();
    await seedOrgAndUsers(db.url, STANDARD_SEED);
    t = await startTestApp(db.url);
    for (const role of ROLES)
      tokens[role] = await loginAs(t.baseUrl, userOf(role).username, userOf(role).password);
  });
  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  it('lists every route of the feature', () => {
    const mine = routeTable(t.app).filter((r) =>
      /^(GET|POST|PUT|DELETE|PATCH) \/api\/(cases|calendar|periods|notifications|admin\/calendar|admin\/periods)/.test(
        r,
      ),
    );
    expect(mine).toEqual(Object.keys(DEADLINES_ROUTES).sort());
  });

  const call = (route: string, token?: string) => {
    const [method, path] = route.split(' ');
    return fetch(t.baseUrl + path.replace(/:[A-Za-z]+/g, '00000000-0000-4000-8000-000000000000'), {
      method,
      headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
      body: method === 'GET' ? undefined : '{}',
    });
  };

  it.each(Object.entries(DEADLINES_ROUTES))('%s without a token: 401 unless public', async (route, rule) => {
    const res = await call(route);
    if (rule === 'public') expect([401, 403]).not.toContain(res.status);
    else expect(res.status).toBe(401);
  });

  it.each(
    Object.entries(DEADLINES_ROUTES).flatMap(([route, rule]) =>
      ROLES.map((role) => [route, role, rule] as const),
    ),
  )('%s as %s', async (route, role, rule) => {
    const res = await call(route, tokens[role]);
    const allowed = rule === 'public' || rule.includes(role);
    if (allowed) expect([401, 403, 500]).not.toContain(res.status);
    else expect(res.status).toBe(403);
  });
});
