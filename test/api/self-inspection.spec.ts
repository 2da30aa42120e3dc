/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-non-null-assertion */
import { type DemoOrg, findOrg } from '@portal/demo-data';
import { CATALOG_V1, findRule } from '@portal/reporting-standard';
import ExcelJS from 'exceljs';
import { createHash } from 'node:crypto';
import { Client } from 'pg';
import { formatNumber, formatPercent } from '../../server/src/app/pdf/helpers';
import {
  allocate,
  channelGroupOf,
  productGroupOf,
  randomStart,
  STRATA,
  stratumKey,
  systematicPositions,
} from '../../server/src/app/self-inspection/sampling';
import { pdfText } from '../pdf/pdf-inspect';
import { startTestApp, type TestApp } from '../support/app';
import { loginAs, seedOrgAndUsers, type SeedUser } from '../support/auth';
import { createTestDatabase, type TestDatabase } from '../support/database';
import {
  ensurePeriod,
  loadCallbacks,
  loadComplaints,
  loadProfile,
  loadSyntheticNewBusiness,
  type NewBusinessRecord,
} from './self-inspection.fixtures';

const PERIOD = '2026H1';
const CLRS = findOrg('CLRS')!; // largest life insurer: ≈10k new-business callbacks → a sample of 1,200
const SYRS = findOrg('SYRS')!;
const XSRS = findOrg('XSRS')!; // smallest: ≈500 → all of them
const QHRS = findOrg('QHRS')!; // 250,000 synthetic rows → 0.5 %
const XYCX = findOrg('XYCX')!; // a property insurer: "insurer B"

const pw = (u: string) => `${u}-password-123`;
const USERS: SeedUser[] = [
  { username: 'reg-admin', password: pw('reg-admin'), role: 'regulator_admin' },
  { username: 'reg-analyst', password: pw('reg-analyst'), role: 'regulator_analyst' },
  ...[CLRS, XSRS, QHRS, XYCX].flatMap((o) => [
    {
      username: `${o.tag.toLowerCase()}-submitter`,
      password: pw(o.tag),
      role: 'insurer_submitter' as const,
      orgCode: o.code,
    },
    {
      username: `${o.tag.toLowerCase()}-approver`,
      password: pw(`${o.tag}-a`),
      role: 'insurer_approver' as const,
      orgCode: o.code,
    },
  ]),
];

const flat = (s: string) => s.replace(/\s+/g, '');

/** What an independent reader of the file expects: per stratum, the records sorted by policy number (bytes). */
function strataOf(records: NewBusinessRecord[]): Map<string, NewBusinessRecord[]> {
  const out = new Map<string, NewBusinessRecord[]>();
  for (const r of records) {
    const key = `${channelGroupOf(r.channel)}/${productGroupOf(r.productType)}`;
    (out.get(key) ?? out.set(key, []).get(key)!).push(r);
  }
  const bytes = (s: string) => Buffer.from(s, 'utf8');
  for (const list of out.values())
    list.sort((a, b) => Buffer.compare(bytes(a.policyNo), bytes(b.policyNo)) || a.rowNo - b.rowNo);
  return out;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

describe('self-inspection API end to end', () => {
  let db: TestDatabase;
  let t: TestApp;
  let owner: Client;
  const tokens: Record<string, string> = {};
  const loaded: Record<string, Awaited<ReturnType<typeof loadCallbacks>>> = {};
  let complaints: Awaited<ReturnType<typeof loadComplaints>>;

  beforeAll(async () => {
    db = await createTestDatabase();
    await seedOrgAndUsers(db.url, {
      orgs: [CLRS, SYRS, XSRS, QHRS, XYCX].map((o: DemoOrg) => ({
        code: o.code,
        name: o.name,
        group: o.group,
        foundedOn: o.foundedOn,
      })),
      users: USERS,
    });
    owner = new Client({ connectionString: db.url });
    await owner.connect();
    await ensurePeriod(owner, PERIOD);
    loaded.CLRS = await loadCallbacks(owner, CLRS, PERIOD, 20_000);
    loaded.SYRS = await loadCallbacks(owner, SYRS, PERIOD, 4_000);
    loaded.XSRS = await loadCallbacks(owner, XSRS, PERIOD, 900);
    complaints = await loadComplaints(owner, CLRS, PERIOD, 700);
    await loadProfile(owner, CLRS, PERIOD);
    t = await startTestApp(db.url);
    for (const u of USERS) tokens[u.username] = await loginAs(t.baseUrl, u.username, u.password);
  });
  afterAll(async () => {
    await owner?.end();
    await t?.close();
    await db?.drop();
  });

  const api = async (method: string, path: string, user?: string, body?: unknown) => {
    const res = await fetch(t.baseUrl + path, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        ...(user ? { Authorization: `Bearer ${tokens[user]}` } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const buf = Buffer.from(await res.arrayBuffer());
    const type = res.headers.get('content-type') ?? '';
    let json: any = null;
    if (type.includes('json')) json = JSON.parse(buf.toString('utf8'));
    return { status: res.status, body: json, bytes: buf, type };
  };

  let noticeId: string;
  const reportOf: Record<string, string> = {};
  let firstPdfSha = '';

  it('issues a notice: one requested report per insurer, shown to each side', async () => {
    const bad = [
      [{ orgCodes: ['91000000XXXXXXXXXX'] }, 'Unknown organisations: 91000000XXXXXXXXXX'],
      [{ deadline: '2026-01-02' }, 'is before today'],
      [{ period: '2027H1' }, 'has not begun yet'],
      [{ period: '2026H3' }, 'period must look like 2026H1'],
      [{ orgCodes: [] }, 'orgCodes must be 1 to 500 distinct'],
      [{ scope: '联系人手机 13812345678' }, 'scope contains a resident ID number or a mobile number'],
    ] as const;
    const good = {
      period: PERIOD,
      title: '关于开展2026年上半年新单回访规定执行情况自查的通知',
      scope:
        '对照京保监发[2008]294号，自查新单100%回访、犹豫期内回访、回访录音及问题件处理情况。\n重点检查电话回访录音和上门、信函回访的签名回执。',
      deadline: '2026-12-15',
      orgCodes: [CLRS.code, SYRS.code, XSRS.code],
    };
    for (const [patch, message] of bad) {
      const res = await api('POST', '/api/self-inspections', 'reg-analyst', { ...good, ...patch });
      expect([res.status, res.body.message]).toEqual([400, expect.stringContaining(message)]);
      expect(res.body.message).not.toContain('13812345678');
    }
    expect((await api('POST', '/api/self-inspections', 'clrs-submitter', good)).status).toBe(403);

    const created = await api('POST', '/api/self-inspections', 'reg-analyst', good);
    expect(created.status).toBe(201);
    noticeId = created.body.id;
    expect(created.body.reports).toHaveLength(3);
    for (const r of created.body.reports) {
      expect(r.status).toBe('requested');
      reportOf[r.orgCode === CLRS.code ? 'CLRS' : r.orgCode === SYRS.code ? 'SYRS' : 'XSRS'] = r.id;
    }

    const reg = await api('GET', '/api/self-inspections', 'reg-admin');
    expect(reg.status).toBe(200);
    const notice = reg.body.find((n: any) => n.id === noticeId);
    expect(notice).toMatchObject({ period: PERIOD, deadline: '2026-12-15', title: good.title });
    expect(notice.reports.map((r: any) => [r.orgCode, r.status, r.overdue]).sort()).toEqual(
      [CLRS.code, SYRS.code, XSRS.code].sort().map((c) => [c, 'requested', false]),
    );
    const own = await api('GET', '/api/self-inspections', 'clrs-submitter');
    expect(own.body).toHaveLength(1);
    expect(own.body[0].reports.map((r: any) => r.orgCode)).toEqual([CLRS.code]);
    // Insurer B was not asked: it sees no notice at all.
    expect((await api('GET', '/api/self-inspections', 'xycx-submitter')).body).toEqual([]);
    // The insurers were told.
    const notes = await api('GET', '/api/notifications', 'clrs-submitter');
    expect(JSON.stringify(notes.body)).toContain('self_inspection.requested');
  });

  it('pre-fills section 1 from the submitted data, with citations and the group medians; insurer B gets 404', async () => {
    const res = await api('GET', `/api/self-inspections/reports/${reportOf.CLRS}`, 'clrs-submitter');
    expect(res.status).toBe(200);
    const r = res.body;
    expect(r).toMatchObject({
      orgCode: CLRS.code,
      period: PERIOD,
      status: 'requested',
      version: 1,
      deadline: '2026-12-15',
      overdue: false,
    });
    const f = loaded.CLRS.tally.figures();
    const e = r.execution;
    // Independent figures (the generator's tally) equal the pre-filled ones exactly.
    expect(e.callbacks).toMatchObject({
      due: f.due,
      succeeded: f.succeeded,
      refused: f.refused,
      cancelledBefore: f.cancelledBefore,
      notAttempted: f.notAttempted,
      onTime: f.onTime,
      byMethod: f.byMethod,
      problemsFound: f.problemsFound,
      problemsResolved: f.problemsResolved,
      misleadingFound: f.misleadingFound,
    });
    expect(e.callbacks.successRate).toBe(f.successRate);
    expect(e.callbacks.onTimeRate).toBe(f.onTimeRate);
    expect(e.callbacks.visitLetterShare).toBe(f.visitLetterShare);
    expect(e.complaints.total).toBe(complaints.tally.figures().total);
    // Each rule's count with its catalog citation.
    const cb04 = e.rules.find((x: any) => x.code === 'CB-04');
    expect(cb04).toMatchObject({
      count: loaded.CLRS.tally.findings['CB-04'],
      citation: findRule(CATALOG_V1, 'CB-04')!.citation,
    });
    for (const code of ['CB-01', 'CB-02', 'CB-03', 'CB-08', 'CB-09', 'CB-10', 'CB-11']) {
      expect([code, e.findings[code]]).toEqual([
        code,
        (loaded.CLRS.tally.findings as Record<string, number>)[code],
      ]);
    }
    // Compared with the group: the medians of the three life insurers with callbacks.
    const rates = ['CLRS', 'SYRS', 'XSRS'].map((k) => loaded[k].tally.figures().successRate!);
    const success = e.comparison.find((c: any) => c.key === 'callbacks.successRate');
    expect(success.value).toBe(f.successRate);
    expect(success.groupMedian).toBeCloseTo(median(rates), 12);
    expect(success.worseThanMedian).toBe(f.successRate! < success.groupMedian);
    const stats = await api('GET', `/api/stats/${CLRS.code}?period=${PERIOD}`, 'reg-admin');
    expect(stats.status).toBe(200);
    expect(success.groupMedian).toBe(stats.body.groupMedians['callbacks.successRate']);
    expect(e.callbacks).toEqual(stats.body.callbacks);

    // The regulator reads it too; insurer B and another insurer get 404, exactly as for an unknown id.
    expect((await api('GET', `/api/self-inspections/reports/${reportOf.CLRS}`, 'reg-admin')).status).toBe(
      200,
    );
    for (const user of ['xycx-submitter', 'xsrs-approver']) {
      const other = await api('GET', `/api/self-inspections/reports/${reportOf.CLRS}`, user);
      expect([user, other.status, other.body.message]).toEqual([
        user,
        404,
        '自查报告不存在 / Self-inspection report not found',
      ]);
    }
    expect(
      (
        await api(
          'GET',
          '/api/self-inspections/reports/00000000-0000-4000-8000-000000000000',
          'clrs-submitter',
        )
      ).status,
    ).toBe(404);
    expect((await api('GET', '/api/self-inspections/reports/not-a-uuid', 'clrs-submitter')).status).toBe(404);
    // Row-level security by itself: insurer B's transaction sees neither the report nor the notice.
    await owner.query('BEGIN');
    try {
      await owner.query(
        `SELECT set_config('role', 'portal_app', true), set_config('app.org_code', $1, true), set_config('app.all_orgs', 'off', true)`,
        [XYCX.code],
      );
      const seen = await owner.query(
        `SELECT (SELECT count(*) FROM self_inspection_report)::int AS reports, (SELECT count(*) FROM self_inspection)::int AS notices`,
      );
      expect(seen.rows[0]).toEqual({ reports: 0, notices: 0 });
      await owner.query(`SELECT set_config('app.org_code', $1, true)`, [CLRS.code]);
      const mine = await owner.query(`SELECT count(*)::int AS n FROM self_inspection_report`);
      expect(mine.rows[0].n).toBe(1);
    } finally {
      await owner.query('ROLLBACK');
    }
  });

  let sampleA: any;

  it('draws the recording-review sample in the database: size, strata, systematic positions, reproducible', async () => {
    const path = `/api/self-inspections/reports/${reportOf.CLRS}/sample`;
    expect((await api('GET', path, 'clrs-submitter')).status).toBe(404);
    const started = Date.now();
    const drawn = await api('POST', path, 'clrs-submitter', { seed: 'seed-A' });
    const ms = Date.now() - started;
    expect(drawn.status).toBe(201);
    sampleA = drawn.body;
    const nb = loaded.CLRS.newBusiness;
    expect(sampleA.population).toBe(nb.length);
    expect(sampleA.population).toBe(loaded.CLRS.tally.figures().due);
    expect(nb.length).toBeGreaterThan(1200);
    expect(nb.length).toBeLessThan(240_000);
    expect(sampleA.size).toBe(1200);
    expect(sampleA.total).toBe(1200);
    expect(sampleA.items).toHaveLength(1200);
    expect(sampleA.seed).toBe('seed-A');
    expect(sampleA.outcomes).toEqual({ pending: 1200, compliant: 0, nonCompliant: 0 });
    // Proportional allocation over the twelve strata, computed independently from the generated rows.
    const strata = strataOf(nb);
    const sizes = STRATA.map((s) => strata.get(stratumKey(s))?.length ?? 0);
    const expected = allocate(1200, sizes);
    expect(sampleA.strata.map((s: any) => s.population)).toEqual(sizes);
    expect(sampleA.strata.map((s: any) => s.allocated)).toEqual(expected);
    // Within each stratum: sorted by policy number, every k-th from the seeded random start.
    let itemNo = 0;
    STRATA.forEach((s, h) => {
      const key = stratumKey(s);
      const start = randomStart('seed-A', s, sizes[h]);
      expect(sampleA.strata[h].start).toBe(start);
      const picks = systematicPositions(sizes[h], expected[h], start).map((p) => strata.get(key)![p]);
      const got = sampleA.items.slice(itemNo, itemNo + expected[h]);
      expect(
        got.map((i: any) => [i.itemNo, i.rowNo, i.policyNo, `${i.channelGroup}/${i.productGroup}`]),
      ).toEqual(picks.map((p, i) => [itemNo + i + 1, p.rowNo, p.policyNo, key]));
      itemNo += expected[h];
    });
    console.log(
      `self-inspection: drew 1,200 of ${nb.length} new-business callbacks in ${ms} ms (HTTP, incl. audit)`,
    );

    // Drawn once: a second draw is refused.
    const again = await api('POST', path, 'clrs-approver', { seed: 'seed-B' });
    expect([again.status, again.body.message]).toEqual([409, expect.stringContaining('already been drawn')]);

    // The same data and seed give the same list (a second notice to the same insurer); another seed another list.
    const second = await api('POST', '/api/self-inspections', 'reg-admin', {
      period: PERIOD,
      title: '复查',
      scope: '复查抽样',
      deadline: '2026-12-31',
      orgCodes: [CLRS.code],
    });
    const third = await api('POST', '/api/self-inspections', 'reg-admin', {
      period: PERIOD,
      title: '复查二',
      scope: '复查抽样',
      deadline: '2026-12-31',
      orgCodes: [CLRS.code],
    });
    const same = await api(
      'POST',
      `/api/self-inspections/reports/${second.body.reports[0].id}/sample`,
      'reg-admin',
      { seed: 'seed-A' },
    );
    const other = await api(
      'POST',
      `/api/self-inspections/reports/${third.body.reports[0].id}/sample`,
      'clrs-submitter',
      { seed: 'seed-B' },
    );
    const list = (s: any) => s.items.map((i: any) => `${i.rowNo}:${i.policyNo}`);
    expect(list(same.body)).toEqual(list(sampleA));
    expect(list(other.body)).not.toEqual(list(sampleA));
    expect(other.body.strata.map((s: any) => s.allocated)).toEqual(expected);

    // Fewer than 1,200: all of them, and a random seed when none is given.
    const small = await api(
      'POST',
      `/api/self-inspections/reports/${reportOf.XSRS}/sample`,
      'xsrs-submitter',
      {},
    );
    expect(small.status).toBe(201);
    expect(small.body.population).toBe(loaded.XSRS.newBusiness.length);
    expect(small.body.size).toBe(loaded.XSRS.newBusiness.length);
    expect(small.body.seed).toMatch(/^[0-9a-f]{16}$/);
    expect(new Set(small.body.items.map((i: any) => i.rowNo))).toEqual(
      new Set(loaded.XSRS.newBusiness.map((r) => r.rowNo)),
    );
    // Paging and insurer B.
    const page2 = await api('GET', `${path}?page=2&pageSize=100`, 'reg-analyst');
    expect(page2.body.items.map((i: any) => i.itemNo)).toEqual(
      Array.from({ length: 100 }, (_, i) => 101 + i),
    );
    expect((await api('GET', `${path}?pageSize=0`, 'reg-analyst')).status).toBe(400);
    expect((await api('GET', path, 'xycx-submitter')).status).toBe(404);
    expect((await api('POST', path, 'xycx-submitter', {})).status).toBe(404);
    expect((await api('GET', `${path}.xlsx`, 'xycx-submitter')).status).toBe(404);
  });

  it('draws 0.5 % of a large population (250,000 rows) in SQL', async () => {
    const syn = await loadSyntheticNewBusiness(owner, QHRS.code, PERIOD, 250_000);
    const notice = await api('POST', '/api/self-inspections', 'reg-admin', {
      period: PERIOD,
      title: '大样本',
      scope: '抽样',
      deadline: '2026-12-31',
      orgCodes: [QHRS.code],
    });
    const started = Date.now();
    const drawn = await api(
      'POST',
      `/api/self-inspections/reports/${notice.body.reports[0].id}/sample`,
      'qhrs-submitter',
      {
        seed: 'big',
      },
    );
    const ms = Date.now() - started;
    expect(drawn.status).toBe(201);
    expect(drawn.body.population).toBe(250_000);
    expect(drawn.body.size).toBe(1250); // ⌈250,000 × 0.5 %⌉
    const sizes = STRATA.map((s) => syn.strata.get(stratumKey(s)) ?? 0);
    expect(drawn.body.strata.map((s: any) => s.allocated)).toEqual(allocate(1250, sizes));
    const byStratum = await owner.query(
      `SELECT channel_group || '/' || product_group AS k, count(*)::int AS n, count(DISTINCT policy_no)::int AS d
         FROM self_inspection_sample_item WHERE report_id = $1 GROUP BY 1`,
      [notice.body.reports[0].id],
    );
    for (const row of byStratum.rows) {
      const h = STRATA.findIndex((s) => stratumKey(s) === row.k);
      expect([row.k, row.n, row.d]).toEqual([
        row.k,
        drawn.body.strata[h].allocated,
        drawn.body.strata[h].allocated,
      ]);
    }
    console.log(
      `self-inspection: drew 1,250 of 250,000 new-business callbacks in ${ms} ms (HTTP, incl. audit)`,
    );
  });

  it('records review outcomes (no personal data), and the spreadsheet is formula-safe', async () => {
    const base = `/api/self-inspections/reports/${reportOf.CLRS}/sample`;
    const first = sampleA.items[0];
    const bad = [
      [{ outcome: 'non_compliant' }, 400, 'non_compliant needs at least one problem code'],
      [{ outcome: 'compliant', problemCodes: ['recording_missing'] }, 400, 'a compliant item has no problem'],
      [{ outcome: 'non_compliant', problemCodes: ['nope'] }, 400, 'problemCodes must be codes from'],
      [
        { outcome: 'non_compliant', problemCodes: ['other'], ruleCodes: ['CB-99'] },
        400,
        'not in rule catalog version 1: CB-99',
      ],
      [
        { outcome: 'compliant', note: '客户手机13812345678' },
        400,
        'note contains a resident ID number or a mobile number',
      ],
      [{ outcome: 'maybe' }, 400, 'outcome must be one of: compliant, non_compliant'],
    ] as const;
    for (const [body, status, message] of bad) {
      const res = await api('PUT', `${base}/1`, 'clrs-submitter', body);
      expect([res.status, res.body.message]).toEqual([status, expect.stringContaining(message)]);
      expect(res.body.message).not.toContain('13812345678');
    }
    expect((await api('PUT', `${base}/99999`, 'clrs-submitter', { outcome: 'compliant' })).status).toBe(404);
    expect((await api('PUT', `${base}/1`, 'reg-admin', { outcome: 'compliant' })).status).toBe(403);
    expect((await api('PUT', `${base}/1`, 'xycx-submitter', { outcome: 'compliant' })).status).toBe(404);

    const one = await api('PUT', `${base}/1`, 'clrs-submitter', {
      outcome: 'non_compliant',
      problemCodes: ['recording_missing', 'data_mismatch'],
      ruleCodes: ['CB-04'],
      note: '=HYPERLINK("http://x")录音文件无法播放',
    });
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({
      itemNo: 1,
      outcome: 'non_compliant',
      ruleCodes: ['CB-04'],
      reviewedBy: 'clrs-submitter',
    });
    // Not all reviewed: the approver cannot sign yet.
    const early = await api(
      'POST',
      `/api/self-inspections/reports/${reportOf.CLRS}/submit`,
      'clrs-approver',
      {
        signerName: '王明',
        signerTitle: '总经理',
      },
    );
    expect([early.status, early.body.message]).toEqual([
      409,
      expect.stringContaining('1199 sampled callbacks are not reviewed yet'),
    ]);

    // The rest in one batch (a page of the list).
    const rest = sampleA.items.slice(1).map((i: any) => ({ itemNo: i.itemNo, outcome: 'compliant' }));
    const batch = await api('POST', `${base}/outcomes`, 'clrs-submitter', { items: rest });
    expect(batch.status).toBe(200);
    expect(batch.body).toHaveLength(1199);
    const dup = await api('POST', `${base}/outcomes`, 'clrs-submitter', { items: [rest[0], rest[0]] });
    expect([dup.status, dup.body.message]).toEqual([400, expect.stringContaining('is given twice')]);

    const summary = await api('GET', `${base}?outcome=non_compliant`, 'reg-analyst');
    expect(summary.body.outcomes).toEqual({ pending: 0, compliant: 1199, nonCompliant: 1 });
    expect(summary.body.total).toBe(1);
    expect(summary.body.byProblem.map((p: any) => [p.code, p.count])).toEqual([
      ['recording_missing', 1],
      ['data_mismatch', 1],
    ]);
    expect(summary.body.byRule).toEqual([{ code: 'CB-04', count: 1 }]);
    expect(summary.body.nonCompliantItems[0]).toMatchObject({ itemNo: 1, policyNo: first.policyNo });

    const xlsx = await api('GET', `${base}.xlsx`, 'clrs-submitter');
    expect(xlsx.status).toBe(200);
    expect(xlsx.type).toContain('spreadsheetml');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.bytes as unknown as ArrayBuffer);
    const sheet = book.getWorksheet('样本 Sample')!;
    expect(sheet.rowCount).toBe(1201);
    const row2 = sheet.getRow(2).values as unknown[];
    expect(row2[1]).toBe(1);
    expect(row2[3]).toBe(first.policyNo);
    expect(row2[11]).toBe('不合规');
    expect(String(row2[14])).toBe(`'=HYPERLINK("http://x")录音文件无法播放`);
    // The sample selection itself never changes (database trigger), even for the schema owner.
    await expect(
      owner.query(
        `UPDATE self_inspection_sample_item SET policy_no = 'X' WHERE report_id = $1 AND item_no = 1`,
        [reportOf.CLRS],
      ),
    ).rejects.toThrow(/only review outcomes are recorded/);
  });

  it('takes sections 2 and 3, checking rule codes and sample references', async () => {
    const path = `/api/self-inspections/reports/${reportOf.CLRS}`;
    const policy = sampleA.items[0].policyNo;
    const good = {
      problems: [
        {
          description: '抽检发现1件电话回访录音无法播放，录音归档管理不到位。',
          ruleCodes: ['CB-04'],
          sampleRefs: [policy],
        },
        { description: '部分问题件处理超过15个工作日。', ruleCodes: ['CB-09'] },
      ],
      measures: [
        {
          action: '完善回访录音归档流程，每日核对录音与回访记录。',
          owner: '客户服务部',
          dueOn: '2026-12-31',
          status: 'in_progress',
        },
        {
          action: '对问题件处理时限开展专项培训。',
          owner: '运营管理部',
          dueOn: '2027-01-31',
          status: 'planned',
        },
      ],
    };
    const bad = [
      [
        { ...good, problems: [{ description: '问题', ruleCodes: ['CB-99'] }] },
        'problems[0].ruleCodes: not in rule catalog version 1: CB-99',
      ],
      [
        { ...good, problems: [{ description: '问题', sampleRefs: ['NOT-IN-SAMPLE'] }] },
        "not in this report's sample: NOT-IN-SAMPLE",
      ],
      [
        { ...good, measures: [{ ...good.measures[0], status: 'later' }] },
        'status must be one of: planned, in_progress, done',
      ],
      [
        { ...good, measures: [{ ...good.measures[0], dueOn: '2026-02-30' }] },
        'dueOn must be a valid YYYY-MM-DD date',
      ],
      [
        { ...good, problems: [{ description: '投保人身份证 110101199003078515' }] },
        'description contains a resident ID number',
      ],
      [{ problems: good.problems }, 'measures must be a list'],
      [{ ...good, extra: 1 }, 'property extra should not exist'],
    ] as const;
    for (const [body, message] of bad) {
      const res = await api('PUT', path, 'clrs-submitter', body);
      expect([res.status, res.body.message]).toEqual([400, expect.stringContaining(message)]);
      expect(res.body.message).not.toContain('110101199003078515');
    }
    expect((await api('PUT', path, 'reg-admin', good)).status).toBe(403);
    expect((await api('PUT', path, 'xycx-submitter', good)).status).toBe(404);
    const saved = await api('PUT', path, 'clrs-submitter', good);
    expect(saved.status).toBe(200);
    expect(saved.body.status).toBe('draft');
    expect(saved.body.problems[0]).toEqual(good.problems[0]);
    expect(saved.body.problems[1]).toEqual({ ...good.problems[1], sampleRefs: [] });
    expect(saved.body.measures).toEqual(good.measures);
    expect(saved.body.sample.outcomes).toEqual({ pending: 0, compliant: 1199, nonCompliant: 1 });
  });

  it('signs off: locks the version and renders the PDF with every section and the figures', async () => {
    const path = `/api/self-inspections/reports/${reportOf.CLRS}`;
    const signer = { signerName: '王明', signerTitle: '总经理' };
    expect((await api('POST', `${path}/submit`, 'clrs-submitter', signer)).status).toBe(403);
    expect((await api('POST', `${path}/submit`, 'xycx-approver', signer)).status).toBe(404);
    expect((await api('GET', `${path}.pdf`, 'clrs-submitter')).status).toBe(404);
    const res = await api('POST', `${path}/submit`, 'clrs-approver', signer);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'submitted', version: 1 });
    // Locked.
    expect((await api('PUT', path, 'clrs-submitter', { problems: [], measures: [] })).status).toBe(409);
    expect((await api('PUT', `${path}/sample/2`, 'clrs-submitter', { outcome: 'compliant' })).status).toBe(
      409,
    );
    expect((await api('POST', `${path}/submit`, 'clrs-approver', signer)).status).toBe(409);

    const report = (await api('GET', path, 'reg-analyst')).body;
    expect(report.status).toBe('submitted');
    expect(report.versions).toHaveLength(1);
    expect(report.versions[0]).toMatchObject({
      version: 1,
      signerName: '王明',
      signerTitle: '总经理',
      signedBy: 'clrs-approver',
      late: false,
    });

    const pdf = await api('GET', `${path}.pdf`, 'reg-analyst');
    expect(pdf.status).toBe(200);
    expect(pdf.type).toBe('application/pdf');
    firstPdfSha = createHash('sha256').update(pdf.bytes).digest('hex');
    expect(firstPdfSha).toBe(res.body.pdfSha256);
    const text = flat(pdfText(pdf.bytes, false));
    const f = loaded.CLRS.tally.figures();
    const e = report.execution;
    for (const s of [
      '长乐人寿保险股份有限公司关于2026年上半年新单回访规定执行情况的自查报告',
      '一、新单回访规定执行情况',
      '二、自查发现的主要问题',
      '三、整改措施',
      '（一）回访质量抽检情况',
      `应访量${formatNumber(f.due)}件`,
      `回访成功${formatNumber(f.succeeded)}件`,
      `回访成功率${formatPercent(f.successRate)}`,
      `犹豫期内回访成功率${formatPercent(f.onTimeRate)}`,
      `上门及信函回访占比${formatPercent(f.visitLetterShare)}`,
      `本期受理投诉${formatNumber(complaints.tally.figures().total)}件`,
      `同组中位数`,
      formatPercent(e.comparison.find((c: any) => c.key === 'callbacks.successRate').groupMedian),
      `CB-04`,
      flat(findRule(CATALOG_V1, 'CB-04')!.title.zh),
      `抽取1,200件`,
      `新单回访记录${formatNumber(f.due)}件`,
      '合规1,199件，不合规1件',
      '随机种子seed-A',
      '录音缺失',
      sampleA.items[0].policyNo,
      '抽检发现1件电话回访录音无法播放',
      '完善回访录音归档流程',
      '客户服务部',
      '2026年12月31日',
      '整改中',
    ]) {
      expect([s, text.includes(flat(s))]).toEqual([s, true]);
    }
    // Every rule count of table 3 with its citation: the row reads code, title, class, count, citation.
    const layout = pdfText(pdf.bytes);
    for (const code of ['CB-01', 'CB-02', 'CB-04', 'CB-09']) {
      const rule = findRule(CATALOG_V1, code)!;
      const count = formatNumber((loaded.CLRS.tally.findings as Record<string, number>)[code]);
      expect(layout).toMatch(
        new RegExp(`${code}\\s+${rule.title.zh.slice(0, 6)}.*\\s违规\\s+${count}(\\s|$)`, 'm'),
      );
    }
    // The signer, as the table reads.
    expect(layout).toMatch(/签发人\s+王明\s+职务\s+总经理/);
    expect(text).toContain(flat(findRule(CATALOG_V1, 'CB-01')!.citation.zh).slice(0, 20));
  });

  it('returns the report as a new version, keeps the old one, then accepts the resubmission', async () => {
    const path = `/api/self-inspections/reports/${reportOf.CLRS}`;
    expect((await api('POST', `${path}/review`, 'clrs-approver', { decision: 'accept' })).status).toBe(403);
    const noComment = await api('POST', `${path}/review`, 'reg-admin', { decision: 'return' });
    expect([noComment.status, noComment.body.message]).toEqual([
      400,
      expect.stringContaining('Returning a report needs comments'),
    ]);
    const returned = await api('POST', `${path}/review`, 'reg-admin', {
      decision: 'return',
      comments: '请补充问题件超时的具体件数和整改完成时限。',
    });
    expect(returned.status).toBe(200);
    expect(returned.body).toEqual({ status: 'returned', version: 2 });
    const notes = await api('GET', '/api/notifications', 'clrs-submitter');
    expect(JSON.stringify(notes.body)).toContain('self_inspection.returned');

    const r = (await api('GET', path, 'clrs-submitter')).body;
    expect(r).toMatchObject({
      status: 'returned',
      version: 2,
      returnComments: '请补充问题件超时的具体件数和整改完成时限。',
    });
    expect(r.versions[0]).toMatchObject({ version: 1, reviewDecision: 'return', reviewedBy: 'reg-admin' });
    // The old version stays as it was signed.
    const v1 = await api('GET', `${path}/versions/1`, 'clrs-submitter');
    expect(v1.status).toBe(200);
    expect(v1.body.content.signer).toMatchObject({ name: '王明', title: '总经理' });
    expect(v1.body.content.problems).toHaveLength(2);
    const v1pdf = await api('GET', `${path}/versions/1.pdf`, 'clrs-submitter');
    expect(createHash('sha256').update(v1pdf.bytes).digest('hex')).toBe(firstPdfSha);
    expect((await api('GET', `${path}/versions/2`, 'clrs-submitter')).status).toBe(404);
    expect((await api('GET', `${path}/versions/1`, 'xycx-submitter')).status).toBe(404);
    await expect(
      owner.query(`UPDATE self_inspection_report_version SET signer_name = 'x' WHERE report_id = $1`, [
        reportOf.CLRS,
      ]),
    ).rejects.toThrow(/never changed/);

    // The insurer revises (the sample stays reviewed) and the approver signs version 2.
    const revised = await api('PUT', path, 'clrs-submitter', {
      problems: [
        ...v1.body.content.problems,
        { description: '本期问题件超过15个工作日处理的共计若干件，已逐件核实。', ruleCodes: ['CB-09'] },
      ],
      measures: [...v1.body.content.measures.map((m: any) => ({ ...m, status: 'done' }))],
    });
    expect(revised.body).toMatchObject({ status: 'draft', version: 2 });
    const signed = await api('POST', `${path}/submit`, 'clrs-approver', {
      signerName: '李华',
      signerTitle: '副总经理',
    });
    expect(signed.body).toMatchObject({ status: 'submitted', version: 2 });
    const v2pdf = await api('GET', `${path}.pdf`, 'clrs-submitter');
    const v2text = flat(pdfText(v2pdf.bytes, false));
    expect(v2text).toContain('第2版');
    expect(v2text).toContain(flat('本版针对第1版的退回意见修改'));
    expect(v2text).toContain('请补充问题件超时的具体件数和整改完成时限。');
    expect(pdfText(v2pdf.bytes)).toMatch(/签发人\s+李华\s+职务\s+副总经理/);
    expect(v2text).toContain('已完成');

    const accepted = await api('POST', `${path}/review`, 'reg-analyst', { decision: 'accept' });
    expect(accepted.body).toEqual({ status: 'accepted', version: 2 });
    expect((await api('POST', `${path}/review`, 'reg-analyst', { decision: 'accept' })).status).toBe(409);
    expect((await api('PUT', path, 'clrs-submitter', { problems: [], measures: [] })).status).toBe(409);
    const final = (await api('GET', path, 'clrs-submitter')).body;
    expect(final.status).toBe('accepted');
    expect(final.versions.map((v: any) => [v.version, v.reviewDecision])).toEqual([
      [1, 'return'],
      [2, 'accept'],
    ]);

    // Every state change is in the audit ledger.
    const audit = await owner.query(`SELECT action FROM audit_entry WHERE object_id = $1 ORDER BY id`, [
      reportOf.CLRS,
    ]);
    const actions = audit.rows.map((a: { action: string }) => a.action);
    expect([...new Set(actions)]).toEqual([
      'self_inspection.sample_draw',
      'self_inspection.sample_review',
      'self_inspection.update',
      'self_inspection.submit',
      'self_inspection.return',
      'self_inspection.accept',
    ]);
    expect(actions.filter((a: string) => a === 'self_inspection.submit')).toHaveLength(2);
    const notice = await owner.query(`SELECT action, detail FROM audit_entry WHERE object_id = $1`, [
      noticeId,
    ]);
    expect(notice.rows[0].action).toBe('self_inspection.notice');
    // No free text and no signer name in the ledger.
    const all = JSON.stringify(
      (await owner.query(`SELECT detail FROM audit_entry WHERE action LIKE 'self_inspection.%'`)).rows,
    );
    expect(all).not.toContain('王明');
    expect(all).not.toContain('录音文件无法播放');
  });

  it('shows an unsigned report past its deadline as overdue to both sides', async () => {
    await owner.query(`UPDATE self_inspection SET deadline = '2026-11-01' WHERE id = $1`, [noticeId]);
    const reg = (await api('GET', '/api/self-inspections', 'reg-admin')).body.find(
      (n: any) => n.id === noticeId,
    );
    const status = Object.fromEntries(reg.reports.map((r: any) => [r.orgCode, [r.status, r.overdue]]));
    expect(status).toEqual({
      [CLRS.code]: ['accepted', false],
      [SYRS.code]: ['requested', true],
      [XSRS.code]: ['draft', true],
    });
    const own = (await api('GET', '/api/self-inspections', 'xsrs-submitter')).body;
    expect(own[0].reports[0]).toMatchObject({ orgCode: XSRS.code, overdue: true });
    expect(
      (await api('GET', `/api/self-inspections/reports/${reportOf.XSRS}`, 'xsrs-submitter')).body.overdue,
    ).toBe(true);
    // A report signed after its deadline is marked late.
    const x = `/api/self-inspections/reports/${reportOf.XSRS}`;
    const sample = (await api('GET', `${x}/sample`, 'xsrs-submitter')).body;
    await api('POST', `${x}/sample/outcomes`, 'xsrs-submitter', {
      items: sample.items.map((i: any) => ({ itemNo: i.itemNo, outcome: 'compliant' })),
    });
    const signed = await api('POST', `${x}/submit`, 'xsrs-approver', {
      signerName: '陈静',
      signerTitle: '合规负责人',
    });
    expect(signed.status).toBe(200);
    const after = (await api('GET', x, 'reg-admin')).body;
    expect(after).toMatchObject({ status: 'submitted', overdue: false });
    expect(after.versions[0].late).toBe(true);
  });

  it('lets an insurer without submitted data sign without a sample; section 1 shows every figure as missing', async () => {
    const notice = await api('POST', '/api/self-inspections', 'reg-admin', {
      period: PERIOD,
      title: '财产险公司自查',
      scope: '回访制度执行情况',
      deadline: '2026-12-31',
      orgCodes: [XYCX.code],
    });
    const id = notice.body.reports[0].id;
    const r = (await api('GET', `/api/self-inspections/reports/${id}`, 'xycx-submitter')).body;
    expect(r.execution.callbacks.due ?? null).toBeNull();
    expect(r.sampleRequired).toBe(false);
    const drawn = await api('POST', `/api/self-inspections/reports/${id}/sample`, 'xycx-submitter', {});
    expect([drawn.status, drawn.body.message]).toEqual([
      409,
      expect.stringContaining('no submitted callbacks file'),
    ]);
    const signed = await api('POST', `/api/self-inspections/reports/${id}/submit`, 'xycx-approver', {
      signerName: '赵强',
      signerTitle: '总经理',
    });
    expect(signed.status).toBe(200);
    const text = flat(
      pdfText((await api('GET', `/api/self-inspections/reports/${id}.pdf`, 'reg-admin')).bytes, false),
    );
    expect(text).toContain('没有已签署的报送数据');
    expect(text).toContain('未抽取回访质量抽检样本');
    // The regulators were told of both submissions.
    const notes = JSON.stringify((await api('GET', '/api/notifications', 'reg-admin')).body);
    expect(notes).toContain('self_inspection.submitted');
  });
});
