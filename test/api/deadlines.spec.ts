import { Client } from 'pg';
import { todayInChina } from '../../server/src/app/calendar/china-date';
import { PeriodsService } from '../../server/src/app/periods/periods.service';
import { startTestApp, type TestApp } from '../support/app';
import { loginAs, seedOrgAndUsers, STANDARD_SEED } from '../support/auth';
import { createTestDatabase, type TestDatabase } from '../support/database';

const LIFE = STANDARD_SEED.orgs[0].code;
const PROP = STANDARD_SEED.orgs[1].code;

/**
 * The reporting calendar: default deadlines (30 days after the period), deadlines set by the regulator admin,
 * extensions for all insurers or one, and who submitted on time, late or not at all — submissions inserted
 * directly (the upload feature is another module), judged by the latest submitted version's date in China.
 */
describe('reporting calendar API', () => {
  let db: TestDatabase;
  let t: TestApp;
  let admin: string;
  let analyst: string;
  let life: string;
  let prop: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    await seedOrgAndUsers(db.url, STANDARD_SEED);
    t = await startTestApp(db.url);
    admin = await loginAs(t.baseUrl, 'reg-admin', 'reg-admin-password-1');
    analyst = await loginAs(t.baseUrl, 'reg-analyst', 'reg-analyst-password-1');
    life = await loginAs(t.baseUrl, 'life-approver', 'life-approver-pass-1');
    prop = await loginAs(t.baseUrl, 'prop-approver', 'prop-approver-pass-1');
  });
  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  const api = async (method: string, path: string, token?: string, body?: unknown) => {
    const res = await fetch(t.baseUrl + path, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        ...(token ? { Authorization: `Bearer ${token}` } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
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

  /** A submission row as the upload feature would leave it; `late` as flagged at upload. */
  async function submission(
    org: string,
    kind: string,
    version: number,
    status: string,
    at: string,
    late = false,
  ) {
    const [row] = await sql<{ id: string }>(
      `INSERT INTO submission (org_code, period_code, kind, version, status, sha256, file_name, file_bytes, catalog_version,
                               created_by, created_at, submitted_at, late)
       VALUES ($1, '2026H1', $2, $3, $4, md5($7) || md5($7 || 'x'), 'f.csv', 10, 1, 'someone', $5, $5, $6)
       RETURNING id`,
      [org, kind, version, status, at, late, `${org}-${kind}-${version}`],
    );
    return row.id;
  }

  it('creates a period on first use with the default deadlines, idempotently and safely under concurrency', async () => {
    const all = await Promise.all(
      Array.from({ length: 6 }, () => api('GET', '/api/periods/2026H1/deadlines', analyst)),
    );
    for (const r of all) expect(r.status).toBe(200);
    expect(all[0].body).toEqual({
      code: '2026H1',
      startsOn: '2026-01-01',
      endsOn: '2026-06-30',
      deadlines: [
        { kind: 'callbacks', dueOn: '2026-07-30', extensions: [] },
        { kind: 'complaints', dueOn: '2026-07-30', extensions: [] },
        { kind: 'profile', dueOn: '2026-07-30', extensions: [] },
      ],
    });
    expect(await sql(`SELECT code FROM period`)).toEqual([{ code: '2026H1' }]);
    expect(await sql(`SELECT count(*)::int AS n FROM period_deadline`)).toEqual([{ n: 3 }]);
    expect(await sql(`SELECT count(*)::int AS n FROM audit_entry WHERE action = 'period.create'`)).toEqual([
      { n: 1 },
    ]);
    // The partitions of the record tables exist, so uploads for the period can be stored.
    expect(await sql(`SELECT to_regclass('complaint_record_2026h1') IS NOT NULL AS ok`)).toEqual([
      { ok: true },
    ]);

    // Other features call the service; the same call again changes nothing.
    const periods = t.app.get(PeriodsService);
    expect(await periods.ensurePeriod('2026H1')).toMatchObject({ code: '2026H1', created: false });
    expect(await periods.ensurePeriod('2025H2')).toMatchObject({
      code: '2025H2',
      endsOn: '2025-12-31',
      created: true,
    });
    expect(await periods.effectiveDeadline('2025H2', 'profile', LIFE)).toBe('2026-01-30');
    await expect(periods.ensurePeriod('2026H3')).rejects.toThrow(/YYYYH1 或 YYYYH2/);
    expect((await api('GET', '/api/periods/2026Q1/deadlines', analyst)).status).toBe(400);
    // Reading never sets up a period for an insurer, nor one that has not begun.
    const byInsurer = await api('GET', '/api/periods/2024H1/submission-status', life);
    expect(byInsurer.status).toBe(404);
    expect(byInsurer.body.message).toContain('Period 2024H1 has no reporting schedule yet');
    expect((await api('GET', '/api/periods/2099H1/deadlines', analyst)).status).toBe(404);
    expect(await sql(`SELECT code FROM period ORDER BY code`)).toEqual([
      { code: '2025H2' },
      { code: '2026H1' },
    ]);
  });

  it('flags a late submission by the date it was submitted in China; an extension clears the flag', async () => {
    // Insurer A: callbacks on time, complaints two versions (latest late), no profile.
    await submission(LIFE, 'callbacks', 1, 'submitted', '2026-07-29T10:00:00+08:00');
    await submission(LIFE, 'complaints', 1, 'superseded', '2026-07-20T10:00:00+08:00');
    const lateComplaints = await submission(
      LIFE,
      'complaints',
      2,
      'submitted',
      '2026-08-03T09:00:00+08:00',
      true,
    );
    // Insurer B: callbacks 00:30 on 31 July in Beijing — still 30 July in UTC, but late; a valid, unsubmitted profile.
    await submission(PROP, 'callbacks', 1, 'submitted', '2026-07-31T00:30:00+08:00', true);
    await submission(PROP, 'profile', 1, 'valid', '2026-07-01T10:00:00+08:00');

    const status = await api('GET', '/api/periods/2026H1/submission-status', analyst);
    expect(status.status).toBe(200);
    const grid = (body: { insurers: { orgCode: string; kinds: Record<string, { status: string }> }[] }) =>
      Object.fromEntries(
        body.insurers.map((i) => [
          i.orgCode,
          Object.fromEntries(Object.entries(i.kinds).map(([k, v]) => [k, v.status])),
        ]),
      );
    expect(grid(status.body)).toEqual({
      [LIFE]: { callbacks: 'on_time', complaints: 'late', profile: 'missing' },
      [PROP]: { callbacks: 'late', complaints: 'missing', profile: 'missing' },
    });
    const lifeRow = status.body.insurers.find((i: { orgCode: string }) => i.orgCode === LIFE);
    expect(lifeRow.kinds.complaints).toMatchObject({
      dueOn: '2026-07-30',
      periodDueOn: '2026-07-30',
      extended: false,
      submittedOn: '2026-08-03',
      version: 2,
      submissionId: lateComplaints,
    });
    expect(lifeRow.kinds.profile).toMatchObject({ status: 'missing', overdue: true, submissionId: null });
    expect(lifeRow.onTimeRate).toBeCloseTo(1 / 3, 12);
    const periods = t.app.get(PeriodsService);
    expect(await periods.onTimeSubmissionRate('2026H1', LIFE)).toBeCloseTo(1 / 3, 12);

    // An extension of the complaints deadline for insurer A only, with a reason.
    const ext = await api('POST', '/api/admin/periods/2026H1/extensions', admin, {
      kind: 'complaints',
      orgCode: LIFE,
      dueOn: '2026-08-05',
      reason: '系统迁移导致数据提取延迟',
    });
    expect(ext.status).toBe(201);
    expect(ext.body).toMatchObject({
      periodCode: '2026H1',
      kind: 'complaints',
      orgCode: LIFE,
      dueOn: '2026-08-05',
      lateFlagsCleared: 1,
    });

    const after = await api('GET', '/api/periods/2026H1/submission-status', analyst);
    expect(grid(after.body)[LIFE]).toEqual({
      callbacks: 'on_time',
      complaints: 'on_time',
      profile: 'missing',
    });
    expect(grid(after.body)[PROP]).toEqual({ callbacks: 'late', complaints: 'missing', profile: 'missing' });
    const lifeAfter = after.body.insurers.find((i: { orgCode: string }) => i.orgCode === LIFE);
    expect(lifeAfter.kinds.complaints).toMatchObject({
      dueOn: '2026-08-05',
      periodDueOn: '2026-07-30',
      extended: true,
    });
    expect(lifeAfter.onTimeRate).toBeCloseTo(2 / 3, 12);
    expect(await periods.onTimeSubmissionRate('2026H1', LIFE)).toBeCloseTo(2 / 3, 12);
    // The submission's own late flag (set at upload) is cleared too.
    expect(await sql(`SELECT late FROM submission WHERE id = $1`, [lateComplaints])).toEqual([
      { late: false },
    ]);

    // An extension for every insurer: B's callbacks become on time.
    const all = await api('POST', '/api/admin/periods/2026H1/extensions', admin, {
      kind: 'callbacks',
      dueOn: '2026-08-01',
      reason: '全行业报送系统维护',
    });
    expect(all.status).toBe(201);
    expect(all.body.orgCode).toBeNull();
    expect(
      grid((await api('GET', '/api/periods/2026H1/submission-status', analyst)).body)[PROP].callbacks,
    ).toBe('on_time');

    const audit = await sql<{ action: string; org_code: string | null; detail: Record<string, unknown> }>(
      `SELECT action, org_code, detail FROM audit_entry WHERE action = 'period.extension.grant' ORDER BY id`,
    );
    expect(audit).toEqual([
      expect.objectContaining({
        org_code: LIFE,
        detail: expect.objectContaining({ kind: 'complaints', dueOn: '2026-08-05', lateFlagsCleared: 1 }),
      }),
      expect.objectContaining({
        org_code: null,
        detail: expect.objectContaining({ kind: 'callbacks', forAllInsurers: true }),
      }),
    ]);
  });

  it('shows an insurer only itself, and only the extensions that apply to it', async () => {
    const own = await api('GET', '/api/periods/2026H1/submission-status', prop);
    expect(own.body.insurers.map((i: { orgCode: string }) => i.orgCode)).toEqual([PROP]);
    const deadlines = await api('GET', '/api/periods/2026H1/deadlines', prop);
    const extensions = deadlines.body.deadlines.flatMap(
      (d: { extensions: { orgCode: string | null }[] }) => d.extensions,
    );
    expect(extensions.map((e: { orgCode: string | null }) => e.orgCode)).toEqual([null]); // not A's
    const forA = await api('GET', '/api/periods/2026H1/deadlines', life);
    expect(forA.body.deadlines.flatMap((d: { extensions: unknown[] }) => d.extensions)).toHaveLength(2);
    // Notified of the extensions that concern them.
    const notes = (await api('GET', '/api/notifications', life)).body.items.filter(
      (n: { kind: string }) => n.kind === 'period.extension',
    );
    expect(notes.map((n: { message: { en: string } }) => n.message.en).sort()).toEqual([
      'The deadline of the call-back file for 2026H1 was extended to 2026-08-01.',
      'The deadline of the complaint file for 2026H1 was extended to 2026-08-05.',
    ]);
  });

  it('lets only the regulator admin set deadlines and grant extensions, with precise messages', async () => {
    expect(
      (await api('PUT', '/api/admin/periods/2026H1/deadlines', analyst, { profile: '2026-08-10' })).status,
    ).toBe(403);
    expect(
      (await api('PUT', '/api/admin/periods/2026H1/deadlines', life, { profile: '2026-08-10' })).status,
    ).toBe(403);
    expect((await api('POST', '/api/admin/periods/2026H1/extensions', life, {})).status).toBe(403);

    const early = await api('PUT', '/api/admin/periods/2026H1/deadlines', admin, { profile: '2026-06-30' });
    expect(early.status).toBe(400);
    expect(early.body.message).toContain('must be after the period end 2026-06-30');
    expect((await api('PUT', '/api/admin/periods/2026H1/deadlines', admin, {})).status).toBe(400);
    expect(
      (await api('PUT', '/api/admin/periods/2026H1/deadlines', admin, { profile: '31/07/2026' })).status,
    ).toBe(400);

    const set = await api('PUT', '/api/admin/periods/2026H1/deadlines', admin, { profile: '2026-08-10' });
    expect(set.status).toBe(200);
    expect(set.body.deadlines.find((d: { kind: string }) => d.kind === 'profile').dueOn).toBe('2026-08-10');
    const audit = await sql(`SELECT detail FROM audit_entry WHERE action = 'period.deadlines.set'`);
    expect(audit).toEqual([
      {
        detail: { changes: [{ kind: 'profile', from: '2026-07-30', to: '2026-08-10' }], lateFlagsChanged: 0 },
      },
    ]);

    const ext = (body: Record<string, unknown>) =>
      api('POST', '/api/admin/periods/2026H1/extensions', admin, body);
    const notLater = await ext({ kind: 'profile', dueOn: '2026-08-10', reason: '理由' });
    expect(notLater.status).toBe(400);
    expect(notLater.body.message).toContain('must be after the 2026H1 profile deadline 2026-08-10');
    const pii = await ext({ kind: 'profile', dueOn: '2026-08-20', reason: '联系人 13812345678' });
    expect(pii.status).toBe(400);
    expect(pii.body.message).not.toContain('13812345678');
    expect(
      (await ext({ kind: 'profile', orgCode: '91440300000000000X', dueOn: '2026-08-20', reason: '理由' }))
        .body.message,
    ).toContain('Unknown organisation');
    expect((await ext({ kind: 'bulletins', dueOn: '2026-08-20', reason: '理由' })).status).toBe(400);
    expect((await ext({ kind: 'profile', dueOn: '2026-08-20' })).body.message).toContain(
      'reason must be text',
    );
  });

  it('reminds insurers of a reporting deadline within 7 days that they have not met', async () => {
    const today = todayInChina();
    const inThreeDays = new Date(`${today}T00:00:00Z`);
    inThreeDays.setUTCDate(inThreeDays.getUTCDate() + 3);
    const due = inThreeDays.toISOString().slice(0, 10);
    // A period that has ended, with the profile deadline three days from now.
    await api('GET', '/api/periods/2026H1/deadlines', admin);
    expect((await api('PUT', '/api/admin/periods/2026H1/deadlines', admin, { profile: due })).status).toBe(
      200,
    );

    const kinds = async (token: string) =>
      (await api('GET', '/api/notifications', token)).body.items
        .filter((n: { kind: string }) => n.kind === 'period.due_soon')
        .map((n: { message: { en: string } }) => n.message.en);
    expect(await kinds(prop)).toEqual([
      `The business profile file for 2026H1 is due on ${due} and has not been submitted yet.`,
    ]);
    expect(await kinds(life)).toEqual([
      `The business profile file for 2026H1 is due on ${due} and has not been submitted yet.`,
    ]);
    // Once submitted, no new reminder is made (the earlier one stays in the history).
    await submission(PROP, 'profile', 2, 'submitted', new Date().toISOString());
    await sql(`DELETE FROM notification WHERE kind = 'period.due_soon' AND org_code = $1`, [PROP]);
    expect(await kinds(prop)).toEqual([]);
  });
});
