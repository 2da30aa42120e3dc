import { officialCalendar } from '@portal/calendar';
import type { DemoManifest, ManifestFile } from '@portal/demo-data';
import ExcelJS from 'exceljs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { FUNNEL_Z } from '../../server/src/app/stats/metrics';
import { StatsService } from '../../server/src/app/stats/stats.service';
import { startTestApp, type TestApp } from '../support/app';
import { loginAs, seedOrgAndUsers } from '../support/auth';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { loadDemo, loadFile } from './stats-demo-data';

type Flat = Record<string, unknown>;

/** `{a: {b: 1}}` → `{'a.b': 1}` */
function flatten(obj: unknown, prefix = '', out: Flat = {}): Flat {
  if (obj !== null && typeof obj === 'object' && !Array.isArray(obj)) {
    for (const [k, v] of Object.entries(obj as Record<string, unknown>))
      flatten(v, prefix ? `${prefix}.${k}` : k, out);
  } else out[prefix] = obj;
  return out;
}

const rate = (n: number, d: number): number | null => (d > 0 ? n / d : null);
const CB_RULES = [
  'CB-01',
  'CB-02',
  'CB-03',
  'CB-04',
  'CB-05',
  'CB-06',
  'CB-07',
  'CB-08',
  'CB-09',
  'CB-10',
  'CB-11',
  'CL-01',
];
const CP_RULES = ['CP-01', 'CP-02', 'CP-03'];
const TYPES = ['claim', 'policy_service', 'renewal', 'orphan_policy', 'satisfaction'] as const;

/** PostgreSQL's percentile_cont(0.5): lo + (hi − lo) × fraction. */
function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const pos = 0.5 * (s.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return lo === hi ? s[lo] : s[lo] + (pos - lo) * (s[hi] - s[lo]);
}

/**
 * Statistics on the demo data set with known answers (@portal/demo-data manifest): every METRICS.md key of
 * every insurer of both groups and both periods is compared exactly with the figure derived independently
 * from the manifest — including nulls (a missing profile, missing complaints, property insurers without
 * new-business callbacks) and the group-level figures (shares, index, rank, medians, funnel limits).
 * Records are loaded directly (parsed and checked with the library, COPYed, submission rows `submitted`).
 */
describe('statistics API', () => {
  let db: TestDatabase;
  let t: TestApp;
  let outDir: string;
  let manifest: DemoManifest;
  let regulator: string;
  let association: string;
  let lifeInsurer: string;
  let propInsurer: string;
  const orgByTag = new Map<string, { code: string; name: string; group: 'life' | 'property' }>();

  const SKIPPED = (f: ManifestFile) =>
    f.period === '2026H1' &&
    ((f.orgShortName === '岚峰财险' && f.kind === 'profile') ||
      (f.orgShortName === '皓月财险' && f.kind === 'complaints'));

  beforeAll(async () => {
    db = await createTestDatabase();
    outDir = mkdtempSync(join(tmpdir(), 'stats-demo-'));
    const result = await loadDemo(db.url, {
      outDir,
      // SYRS 2026H1 complaints are loaded below, after a superseded version.
      skip: (f) =>
        SKIPPED(f) || (f.period === '2026H1' && f.orgShortName === '松韵人寿' && f.kind === 'complaints'),
    });
    manifest = result.manifest;
    for (const o of manifest.orgs) orgByTag.set(o.tag, { code: o.code, name: o.name, group: o.group });
    const c = new Client({ connectionString: db.url });
    await c.connect();
    try {
      // Only the latest submitted version counts: SYRS gets another insurer's file as a superseded v1.
      const other = manifest.files.find(
        (f) => f.period === '2026H1' && f.orgShortName === '枫桥财险' && f.kind === 'complaints',
      )!;
      const own = manifest.files.find(
        (f) => f.period === '2026H1' && f.orgShortName === '松韵人寿' && f.kind === 'complaints',
      )!;
      await loadFile(c, outDir, other, {
        status: 'superseded',
        version: 1,
        submittedAt: '2026-07-05T02:00:00Z',
        asOrg: own.orgCode,
      });
      await loadFile(c, outDir, own, {
        status: 'submitted',
        version: 2,
        submittedAt: '2026-07-06T02:00:00Z',
      });
      // An insurer without any submission, whose name a spreadsheet could take for a formula.
      await c.query(
        `INSERT INTO organisation (code, name, org_group, founded_on) VALUES ('91110000000000000X', '=HYPERLINK("http://x")', 'property', '2001-01-01')`,
      );
    } finally {
      await c.end();
    }
    await seedOrgAndUsers(db.url, {
      users: [
        { username: 'reg-analyst', password: 'reg-analyst-password-1', role: 'regulator_analyst' },
        { username: 'reg-admin', password: 'reg-admin-password-1', role: 'regulator_admin' },
        { username: 'assoc', password: 'association-password-1', role: 'association_reader' },
        {
          username: 'clrs-approver',
          password: 'clrs-approver-pass-1',
          role: 'insurer_approver',
          orgCode: orgByTag.get('CLRS')!.code,
        },
        {
          username: 'xycx-submitter',
          password: 'xycx-submitter-pass-1',
          role: 'insurer_submitter',
          orgCode: orgByTag.get('XYCX')!.code,
        },
      ],
    });
    t = await startTestApp(db.url);
    regulator = await loginAs(t.baseUrl, 'reg-analyst', 'reg-analyst-password-1');
    association = await loginAs(t.baseUrl, 'assoc', 'association-password-1');
    lifeInsurer = await loginAs(t.baseUrl, 'clrs-approver', 'clrs-approver-pass-1');
    propInsurer = await loginAs(t.baseUrl, 'xycx-submitter', 'xycx-submitter-pass-1');
  }, 300_000);

  afterAll(async () => {
    await t?.close();
    await db?.drop();
    if (outDir) rmSync(outDir, { recursive: true, force: true });
  });

  const get = async (path: string, token?: string) => {
    const res = await fetch(t.baseUrl + path, { headers: token ? { Authorization: `Bearer ${token}` } : {} });
    const text = await res.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      /* not JSON */
    }
    return { status: res.status, body: body as Record<string, unknown> & { companies: Flat[] }, res, text };
  };

  async function sql<T = Record<string, unknown>>(text: string, params: unknown[] = []): Promise<T[]> {
    const c = new Client({ connectionString: db.url });
    await c.connect();
    try {
      return (await c.query(text, params)).rows as T[];
    } finally {
      await c.end();
    }
  }

  // ---- expected figures, from the manifest only -------------------------------------------------------

  function fileOf(orgCode: string, period: string, kind: string): ManifestFile | undefined {
    const files = manifest.files.filter(
      (f) => f.orgCode === orgCode && f.period === period && f.kind === kind && f.valid && !SKIPPED(f),
    );
    return files.sort((a, b) => b.version - a.version)[0];
  }

  /** Every figure of one insurer that needs only its own files. */
  function ownFigures(orgCode: string, period: string): Flat {
    const e: Flat = {};
    const cb = fileOf(orgCode, period, 'callbacks')?.expected;
    const cp = fileOf(orgCode, period, 'complaints')?.expected;
    const pf = fileOf(orgCode, period, 'profile')?.expected;
    const org = manifest.orgs.find((o) => o.code === orgCode)!;
    e['profile.foundedOn'] = org.foundedOn;
    const P = pf?.profile;
    for (const k of [
      'premiumIncome',
      'newPolicies',
      'policiesInForce',
      'insuredPersons',
      'salesStaff',
      'employees',
    ] as const) {
      e[`profile.${k}`] = P ? P[k] : null;
    }
    const C = cb?.callbacks;
    for (const k of [
      'due',
      'succeeded',
      'refused',
      'cancelledBefore',
      'notAttempted',
      'successRate',
      'onTime',
      'onTimeRate',
      'visitLetterShare',
      'problemsFound',
      'problemsResolved',
      'misleadingFound',
    ] as const) {
      e[`callbacks.${k}`] = C ? C[k] : null;
    }
    for (const m of ['phone', 'electronic', 'visit', 'letter'] as const)
      e[`callbacks.byMethod.${m}`] = C ? C.byMethod[m] : null;
    for (const r of CB_RULES)
      e[`callbacks.violations.${r}`] = cb ? cb.findings[r as keyof typeof cb.findings] : null;
    e['callbacks.violations.WARN-001'] = cb ? 0 : null;
    for (const type of TYPES) {
      const o = C?.byType[type];
      for (const k of ['count', 'succeeded', 'refused', 'cancelledBefore', 'successRate'] as const) {
        e[`callbacks.byType.${type}.${k}`] = o ? o[k] : null;
      }
    }
    e['callbacks.byType.claim.onTime'] = C ? C.byType.claim.onTime : null;

    const Q = cp?.complaints;
    e['complaints.total'] = Q ? Q.total : null;
    for (const [cat, n] of Object.entries(Q?.byCategory ?? {})) e[`complaints.byCategory.${cat}`] = n;
    if (!Q)
      for (const cat of [
        'sales',
        'claims',
        'surrender',
        'policy_service',
        'premium',
        'callback',
        'service_quality',
        'other',
      ])
        e[`complaints.byCategory.${cat}`] = null;
    e['complaints.decided'] = Q ? Q.decided : null;
    e['complaints.decidedWithinLimitCount'] = Q ? Q.decidedWithinLimit : null;
    e['complaints.decidedWithinLimit'] = Q ? rate(Q.decidedWithinLimit, Q.decided) : null;
    e['complaints.upheld'] = Q ? Q.upheld : null;
    e['complaints.upheldRate'] = Q ? rate(Q.upheld, Q.decided) : null;
    e['complaints.repeat'] = Q ? Q.repeat : null;
    e['complaints.repeatRate'] = Q ? rate(Q.repeat, Q.total) : null;
    e['complaints.forwarded.total'] = Q ? Q.forwarded.total : null;
    e['complaints.forwarded.withCallback'] = Q ? Q.forwarded.withCallback : null;
    e['complaints.forwarded.onTime'] = Q ? Q.forwarded.onTime : null;
    e['complaints.forwarded.callbackRate'] = Q ? Q.forwarded.callbackRate : null;
    e['complaints.calledBackReached'] = Q ? Q.calledBackReached : null;
    e['complaints.satisfied'] = Q ? Q.satisfied : null;
    e['complaints.satisfiedRate'] = Q ? rate(Q.satisfied, Q.calledBackReached) : null;
    for (const r of CP_RULES)
      e[`complaints.violations.${r}`] = cp ? cp.findings[r as keyof typeof cp.findings] : null;
    const per = (d: number | undefined) =>
      Q && P && d !== undefined && d > 0 ? Q.total / (d / 10000) : null;
    e['complaints.per100mPremium'] = per(P?.premiumIncome);
    e['complaints.per10kPolicies'] = per(P?.policiesInForce);
    e['complaints.per10kInsured'] = per(P?.insuredPersons);

    for (const r of CB_RULES) e[`findings.${r}`] = cb ? cb.findings[r as keyof typeof cb.findings] : null;
    for (const r of CP_RULES) e[`findings.${r}`] = cp ? cp.findings[r as keyof typeof cp.findings] : null;
    e['findings.WARN-001'] = cb ? 0 : null;
    e['findings.WARN-002'] = cb || cp ? 0 : null;
    const flag = (x: boolean | undefined) => (x ? 1 : 0);
    e['findings.CB-C1'] = C && C.successRate !== null ? flag(cb?.companyFindings['CB-C1']) : null;
    e['findings.CB-C2'] = C && C.visitLetterShare !== null ? flag(cb?.companyFindings['CB-C2']) : null;
    e['findings.CP-C1'] = Q && Q.forwarded.callbackRate !== null ? flag(cp?.companyFindings['CP-C1']) : null;
    return e;
  }

  interface Expected {
    companies: Map<string, Flat>;
    sums: Flat;
    groupPremium: number;
    groupTotal: number;
  }

  /** Own figures plus the group-relative ones, and the group sums. */
  function expectedGroup(period: string, group: 'life' | 'property'): Expected {
    const orgs = manifest.orgs.filter((o) => o.group === group);
    const companies = new Map<string, Flat>();
    for (const o of orgs) companies.set(o.code, ownFigures(o.code, period));
    let totalSum = 0;
    let premiumCents = 0;
    const sums: Flat = {};
    for (const f of companies.values()) {
      if (typeof f['complaints.total'] === 'number') totalSum += f['complaints.total'];
      if (typeof f['profile.premiumIncome'] === 'number')
        premiumCents += Math.round(f['profile.premiumIncome'] * 100);
      for (const [k, v] of Object.entries(f)) {
        if (typeof v !== 'number' || /Rate$|Share$|^complaints\.per|WithinLimit$/.test(k)) continue;
        sums[k] = ((sums[k] as number | undefined) ?? 0) + v;
      }
    }
    const groupPremium = premiumCents / 100;
    sums['profile.premiumIncome'] = groupPremium;
    for (const f of companies.values()) {
      const total = f['complaints.total'] as number | null;
      const premium = f['profile.premiumIncome'] as number | null;
      f['complaints.share'] = total !== null && totalSum > 0 ? total / totalSum : null;
      f['profile.marketShare'] = premium !== null && groupPremium > 0 ? premium / groupPremium : null;
      f['complaints.complaintIndex'] =
        total !== null && premium !== null && premium > 0 && totalSum > 0
          ? total / totalSum / (premium / groupPremium)
          : null;
    }
    return { companies, sums, groupPremium, groupTotal: totalSum };
  }

  function expectedRanks(companies: Map<string, Flat>): Map<string, number | null> {
    const ranked = [...companies.entries()]
      .filter(
        ([, f]) =>
          (f['complaints.total'] as number | null) !== null &&
          (f['complaints.total'] as number) >= 30 &&
          f['complaints.per100mPremium'] !== null,
      )
      .sort(
        ([, a], [, b]) =>
          (a['complaints.per100mPremium'] as number) - (b['complaints.per100mPremium'] as number) ||
          (a['complaints.total'] as number) - (b['complaints.total'] as number),
      );
    const out = new Map<string, number | null>([...companies.keys()].map((k) => [k, null]));
    ranked.forEach(([code, f], i) => {
      const prev = ranked[i - 1];
      const tie =
        prev &&
        prev[1]['complaints.per100mPremium'] === f['complaints.per100mPremium'] &&
        prev[1]['complaints.total'] === f['complaints.total'];
      out.set(code, tie ? (out.get(prev[0]) as number) : i + 1);
    });
    return out;
  }

  // ---- the tests -------------------------------------------------------------------------------------

  it.each(['2026H1', '2025H2'])(
    'gives every METRICS.md figure of every insurer exactly (%s, both groups)',
    async (period) => {
      for (const group of ['life', 'property'] as const) {
        const res = await get(`/api/stats?period=${period}&group=${group}`, regulator);
        expect(res.status).toBe(200);
        expect(res.body.period).toBe(period);
        expect(res.body.group).toBe(group);
        const exp = expectedGroup(period, group);
        const ranks = expectedRanks(exp.companies);
        const extra = group === 'property' ? 1 : 0; // the insurer without submissions
        expect(res.body.companies).toHaveLength(exp.companies.size + extra);
        for (const company of res.body.companies) {
          const code = company['orgCode'] as string;
          const actual = flatten(company);
          const expected = exp.companies.get(code);
          if (!expected) {
            // No submission at all: every figure null, listed, not ranked.
            expect(actual['complaints.total']).toBeNull();
            expect(actual['callbacks.successRate']).toBeNull();
            expect(actual['profile.premiumIncome']).toBeNull();
            expect(actual['rank']).toBeNull();
            expect(actual['submissions.callbacks.status']).toBe('missing');
            continue;
          }
          for (const [key, value] of Object.entries(expected)) {
            expect({ org: code, key, value: actual[key] }).toEqual({ org: code, key, value });
          }
          expect({ org: code, rank: actual['rank'] }).toEqual({ org: code, rank: ranks.get(code) });
        }
        // The industry block carries the group sums (so every share re-derives) and rates from them.
        const industry = flatten(res.body['industry']);
        for (const [key, value] of Object.entries(exp.sums)) {
          expect({ key, value: industry[key] }).toEqual({ key, value });
        }
        const s = exp.sums as Record<string, number>;
        expect(industry['callbacks.successRate']).toBe(
          rate(
            s['callbacks.succeeded'],
            s['callbacks.due'] - s['callbacks.refused'] - s['callbacks.cancelledBefore'],
          ),
        );
        expect(industry['complaints.per100mPremium']).toBe(
          s['complaints.total'] / (exp.groupPremium / 10000),
        );
        expect(industry['complaints.forwarded.callbackRate']).toBe(
          rate(s['complaints.forwarded.withCallback'], s['complaints.forwarded.total']),
        );
        expect(industry['companies']).toBe(exp.companies.size + extra);
      }
    },
  );

  it('names null figures for missing inputs and zero divisors', async () => {
    const res = await get('/api/stats?period=2026H1&group=property', regulator);
    const byTag = (tag: string) =>
      flatten(res.body.companies.find((c) => c['orgCode'] === orgByTag.get(tag)!.code));
    // Property insurers have no new-business callbacks: due 0, rates null (zero divisor), CB-C1 not judged.
    const xycx = byTag('XYCX');
    expect(xycx['callbacks.due']).toBe(0);
    expect(xycx['callbacks.successRate']).toBeNull();
    expect(xycx['callbacks.visitLetterShare']).toBeNull();
    expect(xycx['findings.CB-C1']).toBeNull();
    expect(typeof xycx['callbacks.byType.claim.onTime']).toBe('number');
    // No profile: per-premium figures, market share, index and rank are null; the complaint share is not.
    const lfcx = byTag('LFCX');
    expect(lfcx['profile.premiumIncome']).toBeNull();
    expect(lfcx['complaints.per100mPremium']).toBeNull();
    expect(lfcx['profile.marketShare']).toBeNull();
    expect(lfcx['complaints.complaintIndex']).toBeNull();
    expect(lfcx['rank']).toBeNull();
    expect(typeof lfcx['complaints.share']).toBe('number');
    expect(lfcx['submissions.profile.status']).toBe('missing');
    expect(lfcx['onTimeSubmissionRate']).toBe(2 / 3);
    // No complaints: every complaint figure and CP finding null.
    const hycx = byTag('HYCX');
    expect(hycx['complaints.total']).toBeNull();
    expect(hycx['complaints.byCategory.sales']).toBeNull();
    expect(hycx['complaints.violations.CP-01']).toBeNull();
    expect(hycx['findings.CP-C1']).toBeNull();
    expect(hycx['onTimeSubmissionRate']).toBe(2 / 3);
    // Known company-level findings of the demo insurers.
    const life = await get('/api/stats?period=2026H1&group=life', regulator);
    const lifeOf = (tag: string) =>
      flatten(life.body.companies.find((c) => c['orgCode'] === orgByTag.get(tag)!.code));
    expect(lifeOf('CJRS')['findings.CB-C1']).toBe(1);
    expect(lifeOf('JCRS')['findings.CB-C2']).toBe(1);
    expect(lifeOf('MHRS')['findings.CP-C1']).toBe(1);
    expect(byTag('MQCX')['findings.CP-C1']).toBe(1);
    expect(lifeOf('SYRS')['findings.CB-C1']).toBe(0);
    expect(lifeOf('CLRS')['submissions.callbacks.status']).toBe('on_time');
    expect(lifeOf('CLRS')['onTimeSubmissionRate']).toBe(1);
  });

  it('compares insurers: medians, largest and worst lists, funnel-plot limits and outliers, change', async () => {
    for (const group of ['life', 'property'] as const) {
      const res = await get(`/api/stats?period=2026H1&group=${group}`, regulator);
      const exp = expectedGroup('2026H1', group);
      const industry = res.body['industry'] as Record<string, Record<string, unknown>>;
      const values = (key: string) =>
        [...exp.companies.values()].map((f) => f[key]).filter((v): v is number => typeof v === 'number');
      for (const key of [
        'callbacks.successRate',
        'complaints.per100mPremium',
        'complaints.upheldRate',
        'complaints.complaintIndex',
      ]) {
        expect({ key, median: industry['medians'][key] }).toEqual({ key, median: median(values(key)) });
      }
      // Ten largest by complaints, most first.
      const largest = [...exp.companies.entries()]
        .filter(([, f]) => typeof f['complaints.total'] === 'number')
        .sort(
          ([ca, a], [cb, b]) =>
            (b['complaints.total'] as number) - (a['complaints.total'] as number) || ca.localeCompare(cb),
        )
        .slice(0, 10)
        .map(([code, f]) => ({ orgCode: code, value: f['complaints.total'] }));
      expect(
        (industry['largest'] as unknown as { orgCode: string; value: number }[]).map((e) => ({
          orgCode: e.orgCode,
          value: e.value,
        })),
      ).toEqual(largest);
      // Ten worst per rate, worst first (high per-premium complaints, low success rate).
      const worst = (key: string, worse: 'high' | 'low') =>
        [...exp.companies.entries()]
          .filter(([, f]) => typeof f[key] === 'number')
          .sort(
            ([ca, a], [cb, b]) =>
              (worse === 'high'
                ? (b[key] as number) - (a[key] as number)
                : (a[key] as number) - (b[key] as number)) || ca.localeCompare(cb),
          )
          .slice(0, 10)
          .map(([code]) => code);
      const worstOf = (key: string) =>
        (industry['worst'][key] as { orgCode: string }[]).map((e) => e.orgCode);
      expect(worstOf('complaints.per100mPremium')).toEqual(worst('complaints.per100mPremium', 'high'));
      expect(worstOf('complaints.satisfiedRate')).toEqual(worst('complaints.satisfiedRate', 'low'));

      // Funnel plot: binomial limits around the pooled group rate for the success rate / callback rate,
      // Poisson for complaints per 100M premium; outlier when outside.
      const check = (
        key: string,
        num: (f: Flat) => number | null,
        den: (f: Flat) => number | null,
        model: 'binomial' | 'poisson',
      ) => {
        let sn = 0;
        let sd = 0;
        for (const f of exp.companies.values()) {
          const n = num(f);
          const d = den(f);
          if (n !== null && d !== null && d > 0) {
            sn += n;
            sd += d;
          }
        }
        const centre = sd > 0 ? sn / sd : null;
        expect((industry['funnel'][key] as { groupRate: number }).groupRate).toBeCloseTo(
          centre as number,
          12,
        );
        for (const company of res.body.companies) {
          const f = exp.companies.get(company['orgCode'] as string);
          if (!f) continue;
          const d = den(f);
          const point = (
            company['funnel'] as Record<
              string,
              { lower: number; upper: number; value: number | null; size: number }
            >
          )[key];
          const outlier = (company['outlier'] as Record<string, string | null>)[key];
          if (centre === null || d === null || d <= 0) {
            expect(outlier).toBeNull();
            continue;
          }
          const half =
            model === 'binomial'
              ? FUNNEL_Z * Math.sqrt((centre * (1 - centre)) / d)
              : FUNNEL_Z * Math.sqrt(centre / d);
          const lower = Math.max(centre - half, 0);
          const upper = model === 'binomial' ? Math.min(centre + half, 1) : centre + half;
          expect(point.lower).toBeCloseTo(lower, 10);
          expect(point.upper).toBeCloseTo(upper, 10);
          const v = f[key] as number | null;
          const want = v === null ? null : v > upper ? 'high' : v < lower ? 'low' : null;
          expect({ org: company['orgCode'], key, outlier }).toEqual({
            org: company['orgCode'],
            key,
            outlier: want,
          });
        }
      };
      const n = (k: string) => (f: Flat) => (typeof f[k] === 'number' ? (f[k] as number) : null);
      check(
        'complaints.per100mPremium',
        n('complaints.total'),
        (f) =>
          typeof f['profile.premiumIncome'] === 'number' && typeof f['complaints.total'] === 'number'
            ? (f['profile.premiumIncome'] as number) / 10000
            : null,
        'poisson',
      );
      check(
        'complaints.forwarded.callbackRate',
        n('complaints.forwarded.withCallback'),
        n('complaints.forwarded.total'),
        'binomial',
      );
      if (group === 'life') {
        check(
          'callbacks.successRate',
          n('callbacks.succeeded'),
          (f) =>
            typeof f['callbacks.due'] === 'number'
              ? (f['callbacks.due'] as number) -
                (f['callbacks.refused'] as number) -
                (f['callbacks.cancelledBefore'] as number)
              : null,
          'binomial',
        );
      }
    }
    // Change against the previous half-year (2026H1 vs 2025H2).
    const res = await get('/api/stats?period=2026H1&group=life', regulator);
    expect(res.body['previousPeriod']).toBe('2025H2');
    const clrs = res.body.companies.find((c) => c['orgCode'] === orgByTag.get('CLRS')!.code) as Flat;
    const now = ownFigures(orgByTag.get('CLRS')!.code, '2026H1')['complaints.total'] as number;
    const before = ownFigures(orgByTag.get('CLRS')!.code, '2025H2')['complaints.total'] as number;
    expect((clrs['change'] as Record<string, unknown>)['complaints.total']).toEqual({
      previous: before,
      delta: now - before,
      relative: (now - before) / before,
    });
    // Insurers with fewer than 30 complaints are listed but not ranked.
    const small = res.body.companies.find((c) => c['orgCode'] === orgByTag.get('XSRS')!.code) as Flat;
    expect(small['rank']).toBeNull();
    expect((small['complaints'] as Flat)['total'] as number).toBeLessThan(30);
  });

  it('without a group lists every insurer, with both group blocks and an all-insurer industry block', async () => {
    const res = await get('/api/stats?period=2026H1', regulator);
    expect(res.status).toBe(200);
    expect(res.body['group']).toBeNull();
    expect(res.body.companies).toHaveLength(21);
    const groups = res.body['groups'] as Record<string, Flat>;
    expect(Object.keys(groups).sort()).toEqual(['life', 'property']);
    const life = flatten(groups['life']);
    const prop = flatten(groups['property']);
    const all = flatten(res.body['industry']);
    expect(all['complaints.total']).toBe(
      (life['complaints.total'] as number) + (prop['complaints.total'] as number),
    );
    expect(all['companies']).toBe(21);
  });

  it('serves one insurer to itself with the group medians, and never another insurer', async () => {
    const clrs = orgByTag.get('CLRS')!.code;
    const own = await get(`/api/stats/${clrs}?period=2026H1`, lifeInsurer);
    expect(own.status).toBe(200);
    expect(own.body['orgCode']).toBe(clrs);
    expect(own.body['period']).toBe('2026H1');
    expect(own.body['group']).toBe('life');
    const expected = expectedGroup('2026H1', 'life').companies.get(clrs)!;
    const actual = flatten(own.body);
    for (const [key, value] of Object.entries(expected))
      expect({ key, value: actual[key] }).toEqual({ key, value });
    const overview = await get('/api/stats?period=2026H1&group=life', regulator);
    expect((own.body['groupMedians'] as Flat)['complaints.per100mPremium']).toBe(
      (overview.body['industry'] as Record<string, Flat>)['medians']['complaints.per100mPremium'],
    );
    // The same object as in the overview, at top level.
    const inOverview = overview.body.companies.find((c) => c['orgCode'] === clrs) as Flat;
    for (const k of ['rank', 'outlier', 'profile', 'callbacks', 'complaints', 'findings'])
      expect(own.body[k]).toEqual(inOverview[k]);

    const other = orgByTag.get('YXRS')!.code;
    expect((await get(`/api/stats/${other}?period=2026H1`, lifeInsurer)).status).toBe(404);
    expect((await get(`/api/stats/${orgByTag.get('XYCX')!.code}?period=2026H1`, propInsurer)).status).toBe(
      200,
    );
    expect((await get(`/api/stats/${clrs}?period=2026H1`, propInsurer)).status).toBe(404);
    expect((await get('/api/stats/91110000000000009X?period=2026H1', regulator)).status).toBe(404);
    expect((await get(`/api/stats/${other}?period=2026H1`, regulator)).status).toBe(200);
    // Insurers do not read the overview; nobody reads without signing in.
    expect((await get('/api/stats?period=2026H1', lifeInsurer)).status).toBe(403);
    expect((await get('/api/stats?period=2026H1')).status).toBe(401);
    expect((await get(`/api/stats/${clrs}?period=2026H1`, association)).status).toBe(403);
    const trend = await get(`/api/stats/${clrs}/trend`, lifeInsurer);
    expect(trend.status).toBe(200);
    expect((trend.body as unknown as Flat[]).map((x) => x['period'])).toEqual(['2025H2', '2026H1']);
  });

  it('classifies each submitted version once, reuses its classes, and classifies again when they do not match', async () => {
    const service = t.app.get(StatsService);
    const clrs = orgByTag.get('CLRS')!.code;
    const exact = async () => {
      const expected = expectedGroup('2026H1', 'life').companies.get(clrs)!;
      const actual = flatten((await get(`/api/stats/${clrs}?period=2026H1`, regulator)).body);
      for (const [key, value] of Object.entries(expected))
        expect({ key, value: actual[key] }).toEqual({ key, value });
    };
    // A superseded version's classes are not needed again: a whole-period recomputation drops them.
    const [superseded] = await sql<{ id: string; org_code: string }>(
      `SELECT id, org_code FROM submission WHERE period_code = '2026H1' AND status = 'superseded' LIMIT 1`,
    );
    await sql(
      `INSERT INTO stats_submission_class (submission_id, period_code, org_code, kind, signature, classes)
       VALUES ($1, '2026H1', $2, 'complaints', 'old', '[]')`,
      [superseded.id, superseded.org_code],
    );
    await service.recompute('2026H1');
    const stored = await sql<{ id: string; kind: string; signature: string; n: number }>(
      `SELECT submission_id AS id, kind, signature, jsonb_array_length(classes) AS n FROM stats_submission_class
        WHERE period_code = '2026H1' ORDER BY submission_id`,
    );
    const submitted = await sql<{ id: string }>(
      `SELECT s.id FROM submission s JOIN organisation o ON o.code = s.org_code
        WHERE s.period_code = '2026H1' AND s.status = 'submitted' AND s.kind IN ('callbacks', 'complaints')
          AND o.founded_on <= '2026-06-30' ORDER BY s.id`,
    );
    expect(stored.map((r) => r.id)).toEqual(submitted.map((r) => r.id));
    expect(stored.every((r) => r.n > 0)).toBe(true);
    await exact();

    // The stored classes are what the figures are summed from (the records are not read again) ...
    const own = await sql<{ id: string; signature: string }>(
      `SELECT submission_id AS id, signature FROM stats_submission_class WHERE org_code = $1 AND period_code = '2026H1'`,
      [clrs],
    );
    expect(own.length).toBe(2);
    await sql(`UPDATE stats_submission_class SET classes = '[]' WHERE org_code = $1`, [clrs]);
    await service.recompute('2026H1', clrs);
    const emptied = await service.companyStats('2026H1', clrs);
    expect(emptied.callbacks['due']).toBe(0);
    expect(emptied.complaints['total']).toBe(0);
    // ... and classes whose signature does not match (other parameters, another calendar) are made again.
    await sql(`UPDATE stats_submission_class SET signature = 'other-parameters' WHERE org_code = $1`, [clrs]);
    await service.recompute('2026H1', clrs);
    const again = await sql<{ id: string; signature: string; n: number }>(
      `SELECT submission_id AS id, signature, jsonb_array_length(classes) AS n FROM stats_submission_class
        WHERE org_code = $1 AND period_code = '2026H1'`,
      [clrs],
    );
    expect(again.map((r) => r.signature).sort()).toEqual(own.map((r) => r.signature).sort());
    expect(again.every((r) => r.n > 0)).toBe(true);
    await exact();
  });

  it('refuses malformed queries with a bilingual message', async () => {
    const bad = await get('/api/stats?period=2026H3', regulator);
    expect(bad.status).toBe(400);
    expect(String(bad.body['message'])).toMatch(/报送期.*period/);
    const group = await get('/api/stats?period=2026H1&group=bank', regulator);
    expect(group.status).toBe(400);
    expect(String(group.body['message'])).toMatch(/life.*property/);
  });

  it('shows associations only periods with a published bulletin', async () => {
    const before = await get('/api/stats?period=2025H2', association);
    expect(before.status).toBe(404);
    expect(String(before.body['message'])).toMatch(/通报.*bulletin/);
    const cols = await sql<{
      column_name: string;
      is_nullable: string;
      column_default: string | null;
      data_type: string;
    }>(
      `SELECT column_name, is_nullable, column_default, data_type FROM information_schema.columns WHERE table_name = 'bulletin'`,
    );
    if (cols.length === 0) return; // the bulletins feature's table is not there: nothing is published
    // A published bulletin row with just its required columns.
    const values: Record<string, unknown> = {
      period_code: '2025H2',
      status: 'published',
      pdf: Buffer.from('%PDF-1.4'),
      pdf_sha256: '0'.repeat(64),
      csv: Buffer.from('orgCode'),
      json: Buffer.from('{}'),
      published_at: '2026-02-10T00:00:00Z',
    };
    for (const c of cols) {
      if (c.is_nullable === 'YES' || c.column_default !== null || c.column_name in values) continue;
      values[c.column_name] =
        c.data_type === 'integer'
          ? 1
          : c.data_type === 'date'
            ? '2026-02-10'
            : c.data_type.startsWith('timestamp')
              ? '2026-02-10T00:00:00Z'
              : c.data_type === 'uuid'
                ? '00000000-0000-4000-8000-000000000001'
                : c.data_type === 'character'
                  ? '0'.repeat(64)
                  : 'x';
    }
    const keys = Object.keys(values);
    await sql(
      `INSERT INTO bulletin (${keys.join(', ')}) VALUES (${keys.map((_, i) => `$${i + 1}`).join(', ')})`,
      Object.values(values),
    );
    await new Promise((r) => setTimeout(r, 5200)); // the published-period check is cached for 5 s
    const after = await get('/api/stats?period=2025H2', association);
    expect(after.status).toBe(200);
    expect((await get('/api/stats?period=2026H1', association)).status).toBe(404);
  });

  it('exports the overview as CSV and XLSX, safe against formula injection', async () => {
    const csv = await get('/api/stats/export.csv?period=2026H1&group=property', regulator);
    expect(csv.status).toBe(200);
    expect(csv.res.headers.get('content-type')).toMatch(/text\/csv/);
    const raw = await (
      await fetch(`${t.baseUrl}/api/stats/export.csv?period=2026H1&group=property`, {
        headers: { Authorization: `Bearer ${regulator}` },
      })
    ).arrayBuffer();
    expect([...new Uint8Array(raw).slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = csv.text
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    const header = lines[0].split(',');
    expect(header.slice(0, 4)).toEqual(['orgCode', 'name', 'group', 'rank']);
    expect(header).toContain('complaints.per100mPremium');
    expect(lines).toHaveLength(1 + 9);
    expect(csv.text).toContain(`"'=HYPERLINK(""http://x"")"`);
    const xycxLine = lines.find((l) => l.startsWith(orgByTag.get('XYCX')!.code))!;
    const overview = await get('/api/stats?period=2026H1&group=property', regulator);
    const xycx = flatten(overview.body.companies.find((c) => c['orgCode'] === orgByTag.get('XYCX')!.code));
    const cells = xycxLine.split(',');
    expect(Number(cells[header.indexOf('complaints.per100mPremium')])).toBe(
      xycx['complaints.per100mPremium'],
    );
    expect(Number(cells[header.indexOf('complaints.total')])).toBe(xycx['complaints.total']);

    const xlsx = await fetch(`${t.baseUrl}/api/stats/export.xlsx?period=2026H1&group=property`, {
      headers: { Authorization: `Bearer ${regulator}` },
    });
    expect(xlsx.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await xlsx.arrayBuffer()) as unknown as ArrayBuffer);
    const sheet = wb.worksheets[0];
    const head = (sheet.getRow(1).values as unknown[]).slice(1);
    const col = head.indexOf('complaints.per100mPremium') + 1;
    let found = false;
    sheet.eachRow((row, n) => {
      if (n === 1) return;
      const name = row.getCell(2).value;
      if (typeof name === 'string' && name.includes('HYPERLINK')) expect(name.startsWith("'=")).toBe(true);
      if (row.getCell(1).value === orgByTag.get('XYCX')!.code) {
        expect(row.getCell(col).value).toBe(xycx['complaints.per100mPremium']);
        found = true;
      }
    });
    expect(found).toBe(true);
    expect((await get('/api/stats/export.csv?period=2026H1', lifeInsurer)).status).toBe(403);
  });

  it('follows a new submitted version without being told, and at once when told (recompute)', async () => {
    const cpcx = orgByTag.get('CPCX')!.code;
    const clcxFile = manifest.files.find(
      (f) => f.period === '2026H1' && f.orgShortName === '沧浪财险' && f.kind === 'complaints',
    )!;
    const c = new Client({ connectionString: db.url });
    await c.connect();
    try {
      await c.query(
        `UPDATE submission SET status = 'superseded' WHERE org_code = $1 AND period_code = '2026H1' AND kind = 'complaints' AND status = 'submitted'`,
        [cpcx],
      );
      await loadFile(c, outDir, clcxFile, {
        status: 'submitted',
        version: 9,
        submittedAt: '2026-07-20T02:00:00Z',
        asOrg: cpcx,
      });
    } finally {
      await c.end();
    }
    await new Promise((r) => setTimeout(r, 1100)); // past the freshness check's 1 s
    const res = await get('/api/stats?period=2026H1&group=property', regulator);
    const company = flatten(res.body.companies.find((x) => x['orgCode'] === cpcx));
    expect(company['complaints.total']).toBe(clcxFile.expected!.complaints!.total);
    expect(company['complaints.forwarded.total']).toBe(clcxFile.expected!.complaints!.forwarded.total);

    // Told: the next read of the service reflects it immediately.
    const service = t.app.get(StatsService);
    const c2 = new Client({ connectionString: db.url });
    await c2.connect();
    const own = manifest.files.find(
      (f) => f.period === '2026H1' && f.orgCode === cpcx && f.kind === 'complaints',
    )!;
    try {
      await c2.query(
        `UPDATE submission SET status = 'superseded' WHERE org_code = $1 AND period_code = '2026H1' AND kind = 'complaints' AND status = 'submitted'`,
        [cpcx],
      );
      await loadFile(c2, outDir, own, {
        status: 'submitted',
        version: 10,
        submittedAt: '2026-07-21T02:00:00Z',
      });
    } finally {
      await c2.end();
    }
    await service.recompute('2026H1', cpcx);
    const after = await service.companyStats('2026H1', cpcx);
    expect(after.complaints['total']).toBe(own.expected!.complaints!.total);
    const audit = await sql<{ n: string }>(
      `SELECT count(*) AS n FROM audit_entry WHERE action = 'stats.recompute'`,
    );
    expect(Number(audit[0].n)).toBeGreaterThan(0);
  });

  it('decides working-day deadlines in SQL exactly as the calendar library does', async () => {
    const cal = officialCalendar();
    const bases: string[] = [];
    const xs: string[] = [];
    const ns: number[] = [];
    const want: boolean[] = [];
    for (let ms = Date.UTC(2020, 0, 1); ms < Date.UTC(2026, 10, 15); ms += 4 * 86_400_000) {
      const base = new Date(ms).toISOString().slice(0, 10);
      for (const n of [1, 5, 15]) {
        const deadline = cal.addWorkingDays(base, n);
        for (const shift of [-1, 0, 1, 2]) {
          const d = new Date(`${deadline}T00:00:00Z`);
          d.setUTCDate(d.getUTCDate() + shift);
          const x = d.toISOString().slice(0, 10);
          bases.push(base);
          xs.push(x);
          ns.push(n);
          want.push(x <= deadline);
        }
      }
    }
    const rows = await sql<{ ok: boolean | null }>(
      `SELECT stats_within_working_days(b, x, n) AS ok FROM unnest($1::date[], $2::date[], $3::int[]) WITH ORDINALITY AS u(b, x, n, i) ORDER BY i`,
      [bases, xs, ns],
    );
    expect(rows.map((r) => r.ok)).toEqual(want);
    // A date in a year the calendar does not cover: unknown (null), never a weekday guess.
    const [gap] = await sql<{ ok: boolean | null; early: boolean | null }>(
      `SELECT stats_within_working_days('2026-12-20', '2027-01-20', 15) AS ok, stats_within_working_days('2026-12-20', '2026-12-30', 15) AS early`,
    );
    expect(gap.ok).toBeNull();
    expect(gap.early).toBe(true);
  });
});
