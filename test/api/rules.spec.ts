import { CALLBACK_COLUMNS, generateCallbacks, toCsvString } from '@portal/demo-data';
import { CATALOG_V1 } from '@portal/reporting-standard';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { startTestApp, type TestApp } from '../support/app';
import { allIssues, api, demoOrg, login, seedDemo, settled, sql, upload } from './submissions-helpers';

interface LocalChangeBody {
  jurisdiction: string;
  name: { zh: string; en: string };
  citation: { zh: string; en: string };
  enabled?: boolean;
  severity?: string;
  params?: Record<string, unknown>;
}

interface RuleBody {
  localPacks?: LocalChangeBody[];
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
    expect(offError.body.message).toBe(
      '规则目录覆盖无效：STR-003 为数据错误，不能关闭 / Invalid catalog overrides: STR-003 is a data error and cannot be switched off',
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

/**
 * The Beijing example of a local pack: 京保监发[2008]294号 一 requires 100% callback of individual new business
 * ("各公司应严格执行个人人身保险业务新单100%回访规定"), without the national "term over one year" limit of
 * 人身保险业务基本服务规定 第十五条: in Beijing, CB-01 covers every new-business policy (minTermMonths 0).
 */
const BEIJING_PACK = {
  name: { zh: '北京地方规则包', en: 'Beijing local pack' },
  citation: {
    zh: '京保监发[2008]294号 一（个人人身保险业务新单100%回访）',
    en: 'Beijing CIRC Bureau notice 京保监发[2008]294号, item 1 (100% callback of individual new business)',
  },
  overrides: { rules: { 'CB-01': { params: { minTermMonths: 0 } } } },
};

/** Local packs: an insurer's jurisdiction decides which pack, if any, checks its submissions. */
describe('local rule packs', () => {
  let db: TestDatabase;
  let t: TestApp;
  let dir: string;
  const tokens: Record<string, string> = {};
  const beijing = demoOrg('QHRS');
  const national = demoOrg('YXRS');
  const rows = [...generateCallbacks({ seed: 11, org: beijing, period: '2026H1', rows: 4000 })];
  const csv = toCsvString(rows, { columns: CALLBACK_COLUMNS });
  /** New-business rows never called back with a term over `months` (the generator writes them clean). */
  const notCalledOver = (months: number) =>
    rows.filter(
      (r) =>
        r.callback_type === 'new_business' && r.status === 'not_attempted' && Number(r.term_months) > months,
    ).length;
  const admin = (path: string, body: unknown, token = tokens['reg-admin'], method = 'PUT') =>
    api<Record<string, unknown>>(t.baseUrl, token, path, { method, body });
  const publish = (body: unknown) => admin('/api/rules/versions', body, tokens['reg-admin'], 'POST');
  const rule = (body: RuleBody[], code: string) => body.find((r) => r.code === code)!;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rule-packs-spec-'));
    db = await createTestDatabase();
    await seedDemo(db.url, ['QHRS', 'YXRS']);
    t = await startTestApp(db.url, { UPLOAD_DIR: join(dir, 'uploads') });
    for (const u of ['QHRS-sub', 'QHRS-app', 'YXRS-sub', 'reg-admin', 'reg-analyst', 'assoc'])
      tokens[u] = await login(t.baseUrl, u);
  });
  afterAll(async () => {
    await t?.close();
    await db?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("sets an insurer's jurisdiction: regulator admin only, checked, audited", async () => {
    const path = `/api/admin/orgs/${beijing.code}/jurisdiction`;
    expect((await admin(path, { jurisdiction: '110000' }, tokens['reg-analyst'])).status).toBe(403);
    expect((await admin(path, { jurisdiction: '110000' }, tokens['QHRS-sub'])).status).toBe(403);
    const bad = await admin(path, { jurisdiction: 'beijing' });
    expect(bad.status).toBe(400);
    expect(bad.body['message']).toMatch(/6位行政区划代码.*6-digit administrative division code/);
    expect((await admin(path, {})).status).toBe(400);
    expect(
      (await admin(`/api/admin/orgs/${'9'.repeat(18)}/jurisdiction`, { jurisdiction: null })).status,
    ).toBe(404);
    const set = await admin(path, { jurisdiction: '110000' });
    expect(set.status).toBe(200);
    expect(set.body).toMatchObject({ code: beijing.code, jurisdiction: '110000' });

    const orgs = await api<{ code: string; jurisdiction: string | null }[]>(
      t.baseUrl,
      tokens['YXRS-sub'],
      '/api/orgs',
    );
    expect(orgs.body.find((o) => o.code === beijing.code)!.jurisdiction).toBe('110000');
    expect(orgs.body.find((o) => o.code === national.code)!.jurisdiction).toBeNull();

    // Creating an insurer may name its jurisdiction at once.
    const created = await admin(
      '/api/admin/orgs',
      {
        code: demoOrg('SYRS').code,
        name: '松韵人寿',
        group: 'life',
        foundedOn: '2010-01-01',
        jurisdiction: '310000',
      },
      tokens['reg-admin'],
      'POST',
    );
    expect(created.status).toBe(201);
    expect(created.body['jurisdiction']).toBe('310000');
    const badCreate = await admin(
      '/api/admin/orgs',
      {
        code: demoOrg('JCRS').code,
        name: '锦川人寿',
        group: 'life',
        foundedOn: '2010-01-01',
        jurisdiction: '31',
      },
      tokens['reg-admin'],
      'POST',
    );
    expect(badCreate.status).toBe(400);

    const audit = await sql<{ detail: { from: string | null; to: string | null } }>(
      db.url,
      `SELECT detail FROM audit_entry WHERE action = 'org.jurisdiction' AND object_id = $1`,
      [beijing.code],
    );
    expect(audit.map((a) => a.detail)).toEqual([{ from: null, to: '110000' }]);
  });

  it('publishes a version with a local pack, refusing an invalid pack with a bilingual message', async () => {
    const bad = await publish({
      rules: {},
      localPacks: {
        '110000': {
          ...BEIJING_PACK,
          overrides: { rules: { 'XX-1': {}, 'CB-01': { params: { minTermMonths: 'all' } } } },
        },
      },
    });
    expect(bad.status).toBe(400);
    expect(bad.body['message']).toBe(
      '规则目录覆盖无效：地方规则包 110000：未知规则 XX-1；地方规则包 110000：CB-01.minTermMonths 应为整数 / ' +
        'Invalid catalog overrides: local pack 110000: unknown rule XX-1; local pack 110000: CB-01.minTermMonths must be an integer',
    );
    expect((await publish({ rules: {}, localPacks: 'beijing' })).status).toBe(400);
    // Company-level rules are computed by the statistics with the national catalog: refused, not ignored.
    const company = await publish({
      rules: {},
      localPacks: { '110000': { ...BEIJING_PACK, overrides: { rules: { 'CP-C1': { enabled: false } } } } },
    });
    expect(company.status).toBe(400);
    expect(company.body['message']).toMatch(
      /地方规则包 110000：CP-C1 为机构整体规则.* \/ Invalid catalog overrides: local pack 110000: CP-C1 is a company-level rule/,
    );
    expect((await publish({ rules: {}, localPacks: { '110000': null } })).body['message']).toMatch(
      /no local pack 110000 to withdraw/,
    );
    expect(
      (
        await admin(
          '/api/rules/versions',
          { rules: {}, localPacks: { '110000': BEIJING_PACK } },
          tokens['reg-analyst'],
          'POST',
        )
      ).status,
    ).toBe(403);

    const v2 = await publish({ rules: {}, localPacks: { '110000': BEIJING_PACK }, note: '北京地方规则包' });
    expect(v2.status).toBe(201);
    expect(v2.body).toMatchObject({ version: 2 });
    const audit = await sql<{ detail: { localPacks: Record<string, unknown> } }>(
      db.url,
      `SELECT detail FROM audit_entry WHERE action = 'rules.publish'`,
    );
    expect(audit.map((a) => Object.keys(a.detail.localPacks))).toEqual([['110000']]);
  });

  it('serves the national catalog with its packs, and each jurisdiction its effective catalog', async () => {
    // GET /api/rules is public: the same national answer for anyone, signed in or not.
    for (const token of [null, tokens['QHRS-sub'], tokens['reg-analyst'], tokens['assoc']]) {
      const res = await api<RuleBody[]>(t.baseUrl, token, '/api/rules');
      expect(res.status).toBe(200);
      expect(res.headers.get('x-catalog-version')).toBe('2');
      expect(res.headers.get('x-catalog-jurisdiction')).toBe('national');
      expect(res.body.map((r) => r.code)).toEqual(CATALOG_V1.rules.map((r) => r.code));
      expect(rule(res.body, 'CB-01').params['minTermMonths']).toBe(12);
      expect(rule(res.body, 'CB-01').localPacks).toEqual([
        {
          jurisdiction: '110000',
          ...BEIJING_PACK.overrides.rules['CB-01'],
          name: BEIJING_PACK.name,
          citation: BEIJING_PACK.citation,
        },
      ]);
      expect(rule(res.body, 'CB-02').localPacks).toBeUndefined();
      expect(rule(res.body, 'CB-02').params['minTermMonths']).toBe(12);
    }
    const bj = await api<RuleBody[]>(t.baseUrl, null, '/api/rules?jurisdiction=110000');
    expect(bj.headers.get('x-catalog-jurisdiction')).toBe('110000');
    expect(rule(bj.body, 'CB-01').params['minTermMonths']).toBe(0);
    expect(rule(bj.body, 'CB-01').localPacks).toHaveLength(1);
    const noPack = await api<RuleBody[]>(t.baseUrl, null, '/api/rules?jurisdiction=310000');
    expect(noPack.headers.get('x-catalog-jurisdiction')).toBe('national');
    expect(rule(noPack.body, 'CB-01').params['minTermMonths']).toBe(12);
    expect((await api(t.baseUrl, null, '/api/rules?jurisdiction=BJ')).status).toBe(400);
    expect(
      (await api(t.baseUrl, null, '/api/rules?jurisdiction=110000&version=1')).headers.get(
        'x-catalog-jurisdiction',
      ),
    ).toBe('national');

    // GET /api/rules/effective: what the caller's own organisation is checked against.
    for (const who of ['QHRS-sub', 'QHRS-app']) {
      const mine = await api<RuleBody[]>(t.baseUrl, tokens[who], '/api/rules/effective');
      expect(mine.status).toBe(200);
      expect(mine.headers.get('x-catalog-version')).toBe('2');
      expect(mine.headers.get('x-catalog-jurisdiction')).toBe('110000');
      expect(rule(mine.body, 'CB-01').params['minTermMonths']).toBe(0);
    }
    const other = await api<RuleBody[]>(t.baseUrl, tokens['YXRS-sub'], '/api/rules/effective');
    expect(other.headers.get('x-catalog-jurisdiction')).toBe('national');
    expect(rule(other.body, 'CB-01').params['minTermMonths']).toBe(12);
    expect((await api(t.baseUrl, null, '/api/rules/effective')).status).toBe(401);
    expect((await api(t.baseUrl, tokens['reg-analyst'], '/api/rules/effective')).status).toBe(403);
    expect((await api(t.baseUrl, tokens['assoc'], '/api/rules/effective')).status).toBe(403);
  });

  it('checks the same file with the pack for the Beijing insurer and nationally for the other', async () => {
    expect(notCalledOver(0)).toBeGreaterThan(notCalledOver(12));
    const [bjUp, natUp] = await Promise.all([
      upload(t.baseUrl, tokens['QHRS-sub'], { kind: 'callbacks', period: '2026H1', bytes: csv }),
      upload(t.baseUrl, tokens['YXRS-sub'], { kind: 'callbacks', period: '2026H1', bytes: csv }),
    ]);
    const bj = await settled(t.baseUrl, tokens['QHRS-sub'], bjUp.body.id);
    const nat = await settled(t.baseUrl, tokens['YXRS-sub'], natUp.body.id);
    expect(bj).toMatchObject({ catalogVersion: 2, catalogJurisdiction: '110000' });
    expect(nat).toMatchObject({ catalogVersion: 2, catalogJurisdiction: null });

    const bjIssues = await allIssues(t.baseUrl, tokens['QHRS-sub'], bj.id);
    const natIssues = await allIssues(t.baseUrl, tokens['YXRS-sub'], nat.id);
    expect(bjIssues.countsByRule['CB-01']).toBe(notCalledOver(0));
    expect(natIssues.countsByRule['CB-01']).toBe(notCalledOver(12));
    // Only the rule the pack changes differs.
    const withoutCb01 = (counts: Record<string, number>) =>
      Object.fromEntries(Object.entries(counts).filter(([code]) => code !== 'CB-01'));
    expect(withoutCb01(bjIssues.countsByRule)).toEqual(withoutCb01(natIssues.countsByRule));
    expect(bj.findings - nat.findings).toBe(notCalledOver(0) - notCalledOver(12));
    // The report reads with the pack that checked it.
    const shortTerm = bjIssues.items.find(
      (i) => i.rule === 'CB-01' && Number(rows[(i.row ?? 0) - 2]?.term_months) <= 12,
    )!;
    expect(shortTerm.message).toContain('保险期间超过0个月的新单未回访');

    const audit = await sql<{ detail: { catalogJurisdiction: string | null } }>(
      db.url,
      `SELECT detail FROM audit_entry WHERE action = 'submission.validate' AND object_id = $1`,
      [bj.id],
    );
    expect(audit[0].detail.catalogJurisdiction).toBe('110000');
  });

  it('keeps a pack in later versions until it is withdrawn', async () => {
    const v3 = await publish({ rules: { 'CB-C1': { params: { minSuccessRate: 0.95 } } } });
    expect(v3.body).toMatchObject({ version: 3 });
    const bj3 = await api<RuleBody[]>(t.baseUrl, null, '/api/rules?jurisdiction=110000');
    expect(bj3.headers.get('x-catalog-version')).toBe('3');
    expect(rule(bj3.body, 'CB-01').params['minTermMonths']).toBe(0);
    expect(rule(bj3.body, 'CB-C1').params['minSuccessRate']).toBe(0.95);

    const v4 = await publish({ rules: {}, localPacks: { '110000': null } });
    expect(v4.body).toMatchObject({ version: 4 });
    const bj4 = await api<RuleBody[]>(t.baseUrl, tokens['QHRS-sub'], '/api/rules/effective');
    expect(bj4.headers.get('x-catalog-jurisdiction')).toBe('national');
    expect(rule(bj4.body, 'CB-01').params['minTermMonths']).toBe(12);
    // A pack also sets the forwarding period of the cases registered for its insurers (CP-02), as in the
    // check of their files. Test data only: the Beijing text itself says 15 working days, as nationally.
    const v5 = await publish({
      rules: {},
      localPacks: {
        '110000': {
          name: { zh: '测试规则包', en: 'test pack' },
          citation: { zh: '测试数据（非真实规定）', en: 'test data (not a real regulation)' },
          overrides: { rules: { 'CP-02': { params: { forwardWorkingDays: 10 } } } },
        },
      },
    });
    expect(v5.body).toMatchObject({ version: 5 });
    const register = (orgCode: string, forwardNo: string) =>
      admin(
        '/api/cases',
        {
          orgCode,
          forwardNo,
          forwardedOn: '2026-03-02',
          category: 'claims',
          summary: '理赔时效投诉（规则包测试）',
        },
        tokens['reg-analyst'],
        'POST',
      );
    const bjCase = await register(beijing.code, 'PACK-1');
    const natCase = await register(national.code, 'PACK-2');
    expect([bjCase.status, natCase.status]).toEqual([201, 201]);
    const days = await sql<{ org_code: string; working_days: number }>(
      db.url,
      `SELECT org_code, working_days FROM forwarded_complaint WHERE forward_no IN ('PACK-1', 'PACK-2') ORDER BY forward_no`,
    );
    expect(days.map((d) => d.working_days)).toEqual([10, 15]);

    // Version 2 still has it: what checked the earlier submission never changes.
    const v2 = await api<RuleBody[]>(t.baseUrl, null, '/api/rules?version=2&jurisdiction=110000');
    expect(rule(v2.body, 'CB-01').params['minTermMonths']).toBe(0);
  });
});
