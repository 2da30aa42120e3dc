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
  'POST /api/me/password': ALL,
  'POST /api/auth/logout': ALL,
  'GET /api/orgs': ALL,
  'POST /api/admin/orgs': ['regulator_admin'],
  'PUT /api/admin/orgs/:code/jurisdiction': ['regulator_admin'],
  'POST /api/admin/users': ['regulator_admin'],
  'GET /api/admin/users': ['regulator_admin'],
  'GET /api/my-org/users': INSURERS,
  // Deadlines: the working-day calendar, the reporting calendar, forwarded complaints, notifications.
  'GET /api/calendar/deadline': 'public',
  'GET /api/calendar/years': 'public',
  'PUT /api/admin/calendar/:year': ['regulator_admin'],
  'PUT /api/admin/periods/:code/deadlines': ['regulator_admin'],
  'POST /api/admin/periods/:code/extensions': ['regulator_admin'],
  'GET /api/periods': [...REGULATORS, ...INSURERS],
  'GET /api/periods/:code/deadlines': [...REGULATORS, ...INSURERS],
  'GET /api/periods/:code/submission-status': [...REGULATORS, ...INSURERS],
  'POST /api/cases': REGULATORS,
  'GET /api/cases': [...REGULATORS, ...INSURERS],
  'GET /api/cases/reconciliation': [...REGULATORS, ...INSURERS],
  'GET /api/cases/:id': [...REGULATORS, ...INSURERS],
  'POST /api/cases/:id/handling': INSURERS,
  'GET /api/cases/supervision-samples': REGULATORS,
  'POST /api/cases/supervision-samples': REGULATORS,
  'GET /api/cases/supervision-samples/:id': REGULATORS,
  'POST /api/cases/:id/supervision': REGULATORS,
  'GET /api/notifications': ALL,
  'POST /api/notifications/:id/read': ALL,
  // Bulletins: drafts, insurer preview and disputes, publication, public downloads.
  'GET /api/public/bulletins': 'public',
  'GET /api/public/bulletins/:id.pdf': 'public',
  'GET /api/public/bulletins/:id.csv': 'public',
  'GET /api/public/bulletins/:id.json': 'public',
  'POST /api/bulletins': REGULATORS,
  'GET /api/bulletins': [...REGULATORS, ...INSURERS],
  'GET /api/bulletins/:id': REGULATORS,
  'GET /api/bulletins/:id.pdf': REGULATORS,
  'GET /api/bulletins/:id/preview': [...REGULATORS, ...INSURERS],
  'GET /api/bulletins/:id/disputes': [...REGULATORS, ...INSURERS],
  'POST /api/bulletins/:id/disputes': INSURERS,
  'POST /api/bulletins/:id/publish': ['regulator_admin'],
  // Statistics (associations: published periods only — 404 otherwise).
  'GET /api/stats': [...REGULATORS, 'association_reader'],
  'GET /api/stats/export.csv': [...REGULATORS, 'association_reader'],
  'GET /api/stats/export.xlsx': [...REGULATORS, 'association_reader'],
  'GET /api/stats/periods': [...REGULATORS, ...INSURERS],
  'POST /api/stats/recompute': ['regulator_admin'],
  'GET /api/stats/:orgCode': [...REGULATORS, ...INSURERS],
  'GET /api/stats/:orgCode/trend': [...REGULATORS, ...INSURERS],
  // Submissions and the rule catalog.
  'GET /api/rules': 'public',
  'GET /api/rules/effective': INSURERS,
  'GET /api/rules/versions': 'public',
  'POST /api/rules/versions': ['regulator_admin'],
  'POST /api/submissions': ['insurer_submitter'],
  'GET /api/submissions': [...REGULATORS, ...INSURERS],
  'GET /api/submissions/:id': [...REGULATORS, ...INSURERS],
  'GET /api/submissions/:id/issues': [...REGULATORS, ...INSURERS],
  'GET /api/submissions/:id/issues.csv': [...REGULATORS, ...INSURERS],
  'GET /api/submissions/:id/issues.xlsx': [...REGULATORS, ...INSURERS],
  'POST /api/submissions/:id/submit': ['insurer_approver'],
  // Self-inspection.
  'POST /api/self-inspections': REGULATORS,
  'GET /api/self-inspections': [...REGULATORS, ...INSURERS],
  'GET /api/self-inspections/reports/:id': [...REGULATORS, ...INSURERS],
  'PUT /api/self-inspections/reports/:id': INSURERS,
  'GET /api/self-inspections/reports/:id.pdf': [...REGULATORS, ...INSURERS],
  'GET /api/self-inspections/reports/:id/versions/:n': [...REGULATORS, ...INSURERS],
  'GET /api/self-inspections/reports/:id/versions/:n.pdf': [...REGULATORS, ...INSURERS],
  'GET /api/self-inspections/reports/:id/sample': [...REGULATORS, ...INSURERS],
  'GET /api/self-inspections/reports/:id/sample.xlsx': [...REGULATORS, ...INSURERS],
  'POST /api/self-inspections/reports/:id/sample': [...REGULATORS, ...INSURERS],
  'POST /api/self-inspections/reports/:id/sample/outcomes': INSURERS,
  'PUT /api/self-inspections/reports/:id/sample/:itemNo': INSURERS,
  'POST /api/self-inspections/reports/:id/submit': ['insurer_approver'],
  'POST /api/self-inspections/reports/:id/review': REGULATORS,
};

/**
 * Routes that address one organisation's object (a path parameter): for each, how to make an object of
 * the life insurer, so the matrix can check that the property insurer gets 404 and the owner does not.
 */
interface FixtureContext {
  baseUrl: string;
  ownToken: string;
  regulatorToken: string;
}
type ObjectFixture = (ctx: FixtureContext) => Promise<{ id: string; body?: unknown }>;

const LIFE_CODE = STANDARD_SEED.orgs[0].code;
let caseNo = 0;
async function registerCase(ctx: FixtureContext): Promise<string> {
  const res = await fetch(`${ctx.baseUrl}/api/cases`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${ctx.regulatorToken}` },
    body: JSON.stringify({
      orgCode: LIFE_CODE,
      forwardNo: `MATRIX-${++caseNo}`,
      forwardedOn: '2026-03-02',
      category: 'claims',
      summary: '理赔时效投诉（矩阵测试）',
    }),
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as { id: string }).id;
}

async function uploadProfile(ctx: FixtureContext): Promise<string> {
  const csv =
    'org_code,premium_income,new_policies,policies_in_force,insured_persons,sales_staff,employees\r\n' +
    `${LIFE_CODE},${(1000 + ++caseNo).toFixed(2)},10,20,30,4,5\r\n`;
  const form = new FormData();
  form.set('kind', 'profile');
  form.set('period', '2026H1');
  form.set('file', new Blob([csv], { type: 'text/csv' }), 'profile.csv');
  const res = await fetch(`${ctx.baseUrl}/api/submissions`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${ctx.ownToken}` },
    body: form,
  });
  expect([200, 202]).toContain(res.status);
  return ((await res.json()) as { id: string }).id;
}

async function requestSelfInspection(ctx: FixtureContext): Promise<string> {
  const res = await fetch(`${ctx.baseUrl}/api/self-inspections`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${ctx.regulatorToken}` },
    body: JSON.stringify({
      period: '2026H1',
      title: `回访自查（矩阵测试 ${++caseNo}）`,
      scope: '新单回访',
      deadline: '2099-12-31',
      orgCodes: [LIFE_CODE],
    }),
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as { reports: { id: string }[] }).reports[0].id;
}
const report: ObjectFixture = async (ctx) => ({ id: await requestSelfInspection(ctx) });

const OBJECT_ROUTES: Record<string, ObjectFixture> = {
  'GET /api/submissions/:id': async (ctx) => ({ id: await uploadProfile(ctx) }),
  'GET /api/submissions/:id/issues': async (ctx) => ({ id: await uploadProfile(ctx) }),
  'GET /api/submissions/:id/issues.csv': async (ctx) => ({ id: await uploadProfile(ctx) }),
  'GET /api/submissions/:id/issues.xlsx': async (ctx) => ({ id: await uploadProfile(ctx) }),
  'POST /api/submissions/:id/submit': async (ctx) => ({
    id: await uploadProfile(ctx),
    body: { attestation: true },
  }),
  'GET /api/self-inspections/reports/:id': report,
  'PUT /api/self-inspections/reports/:id': async (ctx) => ({
    id: await requestSelfInspection(ctx),
    body: { problems: [], measures: [] },
  }),
  'GET /api/self-inspections/reports/:id.pdf': report,
  'GET /api/self-inspections/reports/:id/versions/:n': report,
  'GET /api/self-inspections/reports/:id/versions/:n.pdf': report,
  'GET /api/self-inspections/reports/:id/sample': report,
  'GET /api/self-inspections/reports/:id/sample.xlsx': report,
  'POST /api/self-inspections/reports/:id/sample': async (ctx) => ({
    id: await requestSelfInspection(ctx),
    body: {},
  }),
  'POST /api/self-inspections/reports/:id/sample/outcomes': async (ctx) => ({
    id: await requestSelfInspection(ctx),
    body: { items: [] },
  }),
  'PUT /api/self-inspections/reports/:id/sample/:itemNo': async (ctx) => ({
    id: await requestSelfInspection(ctx),
    body: { outcome: 'compliant' },
  }),
  'POST /api/self-inspections/reports/:id/submit': async (ctx) => ({
    id: await requestSelfInspection(ctx),
    body: { signerName: '张三', signerTitle: '合规负责人' },
  }),
  'GET /api/cases/:id': async (ctx) => ({ id: await registerCase(ctx) }),
  'POST /api/cases/:id/handling': async (ctx) => ({
    id: await registerCase(ctx),
    body: {
      decidedOn: '2026-03-10',
      outcome: 'upheld',
      callbackOn: '2026-03-11',
      callbackMethod: 'phone',
      satisfaction: 'satisfied',
    },
  }),
  'POST /api/notifications/:id/read': async (ctx) => {
    await registerCase(ctx); // a new case notifies the insurer
    const res = await fetch(`${ctx.baseUrl}/api/notifications`, {
      headers: { Authorization: `Bearer ${ctx.ownToken}` },
    });
    const body = (await res.json()) as { items?: { id: string }[] } | { id: string }[];
    const items = Array.isArray(body) ? body : (body.items ?? []);
    expect(items.length).toBeGreaterThan(0);
    return { id: items[0].id };
  },
};

/** Which of the life insurer's users acts on the object in the own-organisation check (default: the submitter). */
const ROUTE_OWNER: Record<string, 'submitter' | 'approver'> = {
  'POST /api/submissions/:id/submit': 'approver',
  'POST /api/self-inspections/reports/:id/submit': 'approver',
};

/**
 * Routes where even the owner gets 404 on a fresh object (nothing signed or drawn yet: no PDF, no version, no
 * sample). For them the check is that a foreign id answers exactly like a missing one.
 */
const OWNER_MAY_SEE_NOTHING_YET = new Set([
  'GET /api/self-inspections/reports/:id.pdf',
  'GET /api/self-inspections/reports/:id/versions/:n',
  'GET /api/self-inspections/reports/:id/versions/:n.pdf',
  'GET /api/self-inspections/reports/:id/sample',
  'GET /api/self-inspections/reports/:id/sample.xlsx',
  'PUT /api/self-inspections/reports/:id/sample/:itemNo',
]);

/** Object routes whose objects belong to no organisation (bulletins are published to all): no own/foreign check. */
const NOT_ORG_OWNED = new Set([
  'GET /api/bulletins/:id/preview',
  'GET /api/bulletins/:id/disputes',
  'POST /api/bulletins/:id/disputes',
]);

/** Routes that revoke the caller's tokens (sign-out): the role signs in again afterwards. */
const REVOKES_TOKEN = new Set(['POST /api/auth/logout']);

/** Routes that address one object by id and that an insurer may call: each needs an own/foreign fixture. */
const insurerObjectRoutes = () =>
  Object.entries(EXPECTED)
    .filter(
      ([route, rule]) => route.includes(':id') && rule !== 'public' && rule.some((r) => INSURERS.includes(r)),
    )
    .map(([route]) => route)
    .filter((route) => !NOT_ORG_OWNED.has(route));

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

  it('has an own/foreign fixture for every object route an insurer may call', () => {
    expect(insurerObjectRoutes().filter((r) => !OBJECT_ROUTES[r])).toEqual([]);
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
    // Signing out revokes every token of the user (token_version): later calls need a token signed after it.
    if (REVOKES_TOKEN.has(route))
      tokens[role] = await loginAs(t.baseUrl, USER_OF[role].username, USER_OF[role].password);
    const allowed = rule === 'public' || rule.includes(role);
    if (allowed) expect([401, 403]).not.toContain(res.status);
    else expect(res.status).toBe(403);
  });

  it('a foreign organisation’s object answers 404 exactly like a missing one', async () => {
    const foreignSubmitter = await loginAs(t.baseUrl, 'prop-submitter', 'prop-submitter-pass-1');
    const foreignApprover = await loginAs(t.baseUrl, 'prop-approver', 'prop-approver-pass-1');
    const ctx = {
      baseUrl: t.baseUrl,
      ownToken: tokens.insurer_submitter,
      regulatorToken: tokens.regulator_admin,
    };
    for (const [route, make] of Object.entries(OBJECT_ROUTES)) {
      const { id, body } = await make(ctx);
      // The other insurer's user holds the route's role, so only the organisation differs.
      const foreignToken = ROUTE_OWNER[route] === 'approver' ? foreignApprover : foreignSubmitter;
      const [method, path] = route.split(' ');
      const at = (objectId: string, token: string) =>
        fetch(t.baseUrl + path.replace(':id', objectId).replace(/:[A-Za-z]+/g, '1'), {
          method,
          headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
          body: method === 'GET' ? undefined : JSON.stringify(body ?? {}),
        });
      // The other insurer first (a state change by the owner must not decide the answer), then a missing id.
      expect([route, 'foreign', (await at(id, foreignToken)).status]).toEqual([route, 'foreign', 404]);
      expect([
        route,
        'missing',
        (await at('00000000-0000-4000-8000-000000000000', foreignToken)).status,
      ]).toEqual([route, 'missing', 404]);
      const own = ROUTE_OWNER[route] === 'approver' ? tokens.insurer_approver : ctx.ownToken;
      if (!OWNER_MAY_SEE_NOTHING_YET.has(route)) {
        expect([route, 'own', (await at(id, own)).status]).not.toEqual([route, 'own', 404]);
      }
    }
  });
});
