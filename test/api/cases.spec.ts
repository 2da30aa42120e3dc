import { Writable } from 'node:stream';
import { Client } from 'pg';
import { todayInChina } from '../../server/src/app/calendar/china-date';
import { calendarCovering } from '../support/calendar';
import { startTestApp, type TestApp } from '../support/app';
import { loginAs, seedOrgAndUsers, STANDARD_SEED } from '../support/auth';
import { createTestDatabase, type TestDatabase } from '../support/database';

const LIFE = STANDARD_SEED.orgs[0].code; // insurer A
const PROP = STANDARD_SEED.orgs[1].code; // insurer B
const SUMMARY = '投保人反映理赔款迟迟未到账，要求尽快处理。';

/**
 * Regulator-forwarded complaints (转办) end to end on the real database: registration with the deadline
 * (15 working days, CP-02 forwardWorkingDays), the insurer's handling and callback, on time and overdue,
 * tenant isolation, follow-up checks on random samples, and matching with the complaints file.
 */
describe('forwarded complaints API', () => {
  let db: TestDatabase;
  let t: TestApp;
  let regulator: string;
  let analyst: string;
  let lifeUser: string;
  let propUser: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    await seedOrgAndUsers(db.url, STANDARD_SEED);
    t = await startTestApp(db.url);
    regulator = await loginAs(t.baseUrl, 'reg-admin', 'reg-admin-password-1');
    analyst = await loginAs(t.baseUrl, 'reg-analyst', 'reg-analyst-password-1');
    lifeUser = await loginAs(t.baseUrl, 'life-submitter', 'life-submitter-pass-1');
    propUser = await loginAs(t.baseUrl, 'prop-approver', 'prop-approver-pass-1');
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
  const register = (body: Record<string, unknown>, token = analyst) =>
    api('POST', '/api/cases', token, { orgCode: LIFE, category: 'claims', summary: SUMMARY, ...body });
  const handling = (over: Record<string, unknown> = {}) => ({
    decidedOn: '2026-03-02',
    outcome: 'upheld',
    callbackOn: '2026-03-09',
    callbackMethod: 'phone',
    satisfaction: 'satisfied',
    note: '已电话回访并录音',
    ...over,
  });

  async function sql<T = Record<string, unknown>>(text: string, params: unknown[] = []): Promise<T[]> {
    const c = new Client({ connectionString: db.url });
    await c.connect();
    try {
      return (await c.query(text, params)).rows as T[];
    } finally {
      await c.end();
    }
  }

  let onTimeId: string;
  let lateId: string;

  it('registration to on-time handling, with tenant isolation (B gets 404 on A’s case)', async () => {
    // Forwarded on Tue 10 Feb 2026: Feb 11–14 (the Saturday 14th is a 春节 make-up day), Feb 15–23 off,
    // Feb 24–28 (28th a make-up Saturday), Mar 2–6, Mar 9 = the 15th working day.
    const created = await register({ forwardNo: 'JB-2026-0001', forwardedOn: '2026-02-10' });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ id: expect.any(String), deadline: '2026-03-09' });
    onTimeId = created.body.id;

    // The insurer sees it (open, and past its deadline as of today), with the summary.
    const mine = await api('GET', '/api/cases', lifeUser);
    expect(mine.status).toBe(200);
    expect(mine.body).toEqual([
      expect.objectContaining({
        id: onTimeId,
        orgCode: LIFE,
        forwardNo: 'JB-2026-0001',
        deadline: '2026-03-09',
        workingDays: 15,
        status: 'open',
        overdue: true,
        onTime: null,
      }),
    ]);
    const detail = await api('GET', `/api/cases/${onTimeId}`, lifeUser);
    expect(detail.status).toBe(200);
    expect(detail.body.summary).toBe(SUMMARY);

    // Insurer B: 404 exactly as for a case that does not exist; nothing in its list; cannot handle it.
    const foreign = await api('GET', `/api/cases/${onTimeId}`, propUser);
    const missing = await api('GET', '/api/cases/00000000-0000-4000-8000-000000000000', propUser);
    expect(foreign).toEqual(missing);
    expect(foreign.status).toBe(404);
    expect(foreign.body.message).toContain('Forwarded complaint not found');
    expect((await api('GET', '/api/cases', propUser)).body).toEqual([]);
    expect((await api('GET', `/api/cases?orgCode=${LIFE}`, propUser)).body).toEqual([]);
    expect((await api('POST', `/api/cases/${onTimeId}/handling`, propUser, handling())).status).toBe(404);
    expect((await api('GET', '/api/cases/not-a-uuid', lifeUser)).status).toBe(404);

    // Handled exactly on the deadline (bounds inclusive): on time.
    const handled = await api('POST', `/api/cases/${onTimeId}/handling`, lifeUser, handling());
    expect(handled).toEqual({ status: 200, body: { status: 'handled', onTime: true } });
    const again = await api('POST', `/api/cases/${onTimeId}/handling`, lifeUser, handling());
    expect(again.status).toBe(409);

    const after = await api('GET', `/api/cases/${onTimeId}`, regulator);
    expect(after.body).toMatchObject({
      status: 'handled',
      onTime: true,
      overdue: false,
      decidedOn: '2026-03-02',
      callbackOn: '2026-03-09',
      outcome: 'upheld',
      callbackMethod: 'phone',
      satisfaction: 'satisfied',
      note: '已电话回访并录音',
    });
    expect(
      (await api('GET', '/api/cases?status=handled', regulator)).body.map((c: { id: string }) => c.id),
    ).toEqual([onTimeId]);
    expect((await api('GET', '/api/cases?overdue=true', regulator)).body).toEqual([]);

    // Every state change is audited, and the summary is never copied into the ledger.
    const audit = await sql<{ action: string; actor: string; org_code: string; detail: unknown }>(
      `SELECT action, actor, org_code, detail FROM audit_entry WHERE object_id = $1 ORDER BY id`,
      [onTimeId],
    );
    expect(audit.map((a) => [a.action, a.actor, a.org_code])).toEqual([
      ['case.register', 'reg-analyst', LIFE],
      ['case.handle', 'life-submitter', LIFE],
    ]);
    expect(audit[1].detail).toMatchObject({
      forwardNo: 'JB-2026-0001',
      deadline: '2026-03-09',
      onTime: true,
    });
    expect(JSON.stringify(await sql(`SELECT detail FROM audit_entry`))).not.toContain('理赔款');
  });

  it('a case that goes overdue: on both sides’ overdue lists, reminded, and handled late', async () => {
    // Forwarded Tue 28 Apr 2026: Apr 29, 30, May 6–8, Saturday May 9 (劳动节 make-up), May 11–15, 18–21.
    const created = await register({
      forwardNo: 'JB-2026-0002',
      forwardedOn: '2026-04-28',
      category: 'sales',
    });
    expect(created.body.deadline).toBe('2026-05-21');
    lateId = created.body.id;

    const overdueRegulator = await api('GET', '/api/cases?overdue=true', regulator);
    expect(overdueRegulator.body).toEqual([
      expect.objectContaining({ id: lateId, status: 'open', overdue: true }),
    ]);
    const overdueInsurer = await api('GET', '/api/cases?overdue=true&status=open', lifeUser);
    expect(overdueInsurer.body.map((c: { id: string }) => c.id)).toEqual([lateId]);
    expect((await api('GET', '/api/cases?overdue=true', propUser)).body).toEqual([]);

    // Reminders: the insurer is told of the new case and that it is overdue; so are the regulators; B is not.
    const lifeNotes = (await api('GET', '/api/notifications', lifeUser)).body;
    const lifeKinds = lifeNotes.items
      .filter((n: { objectId: string }) => n.objectId === lateId)
      .map((n: { kind: string }) => n.kind)
      .sort();
    expect(lifeKinds).toEqual(['case.new', 'case.overdue']);
    const overdueNote = lifeNotes.items.find(
      (n: { kind: string; objectId: string }) => n.kind === 'case.overdue' && n.objectId === lateId,
    );
    expect(overdueNote.message.zh).toContain('JB-2026-0002');
    expect(overdueNote.message.en).toContain('2026-05-21');
    expect(overdueNote.link).toBe(`/cases?id=${lateId}`);
    const regNotes = (await api('GET', '/api/notifications', analyst)).body.items;
    expect(
      regNotes
        .filter((n: { objectId: string }) => n.objectId === lateId)
        .map((n: { kind: string }) => n.kind),
    ).toEqual(['case.overdue']);
    const propNotes = (await api('GET', '/api/notifications', propUser)).body.items;
    expect(propNotes.filter((n: { objectId: string }) => n.objectId === lateId)).toEqual([]);
    // Reading again creates no duplicate reminder.
    const twice = (await api('GET', '/api/notifications', lifeUser)).body.items.filter(
      (n: { objectId: string }) => n.objectId === lateId,
    );
    expect(twice).toHaveLength(2);

    // Decided in time, called back a day late: not on time (CP-02 needs both).
    const handled = await api(
      'POST',
      `/api/cases/${lateId}/handling`,
      lifeUser,
      handling({ decidedOn: '2026-05-20', callbackOn: '2026-05-22', callbackMethod: 'letter' }),
    );
    expect(handled.body).toEqual({ status: 'handled', onTime: false });
    // Handled late stays on the overdue list.
    const stillOverdue = await api('GET', '/api/cases?overdue=true', lifeUser);
    expect(stillOverdue.body).toEqual([
      expect.objectContaining({ id: lateId, status: 'handled', onTime: false, overdue: true }),
    ]);
  });

  it('marks a notification read per user; another insurer cannot', async () => {
    const notes = (await api('GET', '/api/notifications', lifeUser)).body;
    const first = notes.items[0];
    expect(notes.unread).toBeGreaterThan(0);
    expect((await api('POST', `/api/notifications/${first.id}/read`, propUser)).status).toBe(404);
    const read = await api('POST', `/api/notifications/${first.id}/read`, lifeUser);
    expect(read.status).toBe(200);
    expect(read.body.readAt).toEqual(expect.any(String));
    const after = (await api('GET', '/api/notifications', lifeUser)).body;
    expect(after.unread).toBe(notes.unread - 1);
    // The colleague (same organisation, other user) still has it unread.
    const colleague = await loginAs(t.baseUrl, 'life-approver', 'life-approver-pass-1');
    const theirs = (await api('GET', '/api/notifications', colleague)).body;
    expect(theirs.items.find((n: { id: string }) => n.id === first.id).readAt).toBeNull();
  });

  it('refuses bad input with precise bilingual messages and never echoes personal data', async () => {
    const mobile = await register({
      forwardNo: 'JB-X-1',
      forwardedOn: '2026-03-02',
      summary: '请联系投诉人 13812345678 了解情况',
    });
    expect(mobile.status).toBe(400);
    expect(mobile.body.message).toContain('summary 含有身份证号码或手机号码');
    expect(mobile.body.message).toContain('summary contains a resident ID number or a mobile number');
    expect(mobile.body.message).not.toContain('13812345678');
    const id = await register({
      forwardNo: 'JB-X-2',
      forwardedOn: '2026-03-02',
      summary: '投诉人身份证 11010519491231002X',
    });
    expect(id.status).toBe(400);
    expect(id.body.message).not.toContain('11010519491231002X');

    const cases: [Record<string, unknown>, number, string][] = [
      [
        { forwardNo: 'JB-X-3', forwardedOn: '2026-02-30' },
        400,
        'forwardedOn must be a valid YYYY-MM-DD date',
      ],
      [{ forwardNo: 'JB-X-4', forwardedOn: '2026-03-02', category: 'fraud' }, 400, 'category must be one of'],
      [
        { forwardNo: 'JB-X-5', forwardedOn: '2026-03-02', orgCode: '91440300000000000X' },
        400,
        'Unknown organisation',
      ],
      [{ forwardNo: 'JB-X-6', forwardedOn: '2099-01-05' }, 400, 'is after today'],
      [{ forwardNo: 'JB-2026-0001', forwardedOn: '2026-03-02' }, 409, 'already registered'],
      [{ forwardNo: 'JB-X-7', forwardedOn: '2019-05-06' }, 422, 'does not cover 2019'],
      [{ forwardNo: '', forwardedOn: '2026-03-02' }, 400, 'forwardNo must be text of 1 to 64 characters'],
    ];
    for (const [body, status, text] of cases) {
      const res = await register(body);
      expect([body, res.status]).toEqual([body, status]);
      expect(res.body.message).toContain(text);
      expect(res.body.message).toMatch(/[\u4e00-\u9fff]/);
    }
    // Only regulators register; insurers get 403.
    expect((await register({ forwardNo: 'JB-X-8', forwardedOn: '2026-03-02' }, lifeUser)).status).toBe(403);

    const open = await register({ forwardNo: 'JB-2026-0003', forwardedOn: '2026-03-02' });
    expect(open.status).toBe(201);
    const h = (over: Record<string, unknown>) =>
      api('POST', `/api/cases/${open.body.id}/handling`, lifeUser, handling(over));
    expect((await h({ decidedOn: '2026-03-05', callbackOn: '2026-03-04' })).body.message).toContain(
      'callbackOn 2026-03-04 is before decidedOn',
    );
    expect((await h({ decidedOn: '2026-03-01', callbackOn: '2026-03-04' })).body.message).toContain(
      'is before forwardedOn',
    );
    expect((await h({ decidedOn: '2099-03-01', callbackOn: '2099-03-04' })).status).toBe(400);
    expect((await h({ note: '回访电话 13912345678' })).body.message).toContain('note contains');
    expect((await h({ outcome: 'pending' })).body.message).toContain('outcome must be one of');
    // The regulator cannot fill the insurer's callback form.
    expect((await api('POST', `/api/cases/${open.body.id}/handling`, regulator, handling())).status).toBe(
      403,
    );
    // Nothing was changed by the refused calls.
    expect((await api('GET', `/api/cases/${open.body.id}`, lifeUser)).body.status).toBe('open');
  });

  it('takes the forwarding period from the rule catalog in force (CP-02 forwardWorkingDays)', async () => {
    await sql(
      `INSERT INTO rule_catalog_version (version, overrides, note) VALUES (2, $1, 'test: 16 working days')`,
      [JSON.stringify({ rules: { 'CP-02': { params: { forwardWorkingDays: 16 } } } })],
    );
    try {
      const created = await register({ forwardNo: 'JB-2026-0016', forwardedOn: '2026-02-10' });
      expect(created.body.deadline).toBe('2026-03-10'); // one working day after the 15-day deadline 2026-03-09
      const c = (await api('GET', `/api/cases/${created.body.id}`, regulator)).body;
      expect(c).toMatchObject({ workingDays: 16, catalogVersion: 2 });
    } finally {
      await sql(`DELETE FROM forwarded_complaint WHERE catalog_version = 2`);
      await sql(`DELETE FROM rule_catalog_version WHERE version = 2`);
    }
  });

  it('draws a reproducible random sample of handled cases and records follow-up checks (督查)', async () => {
    // More handled cases for a population of 6.
    for (let i = 4; i <= 7; i++) {
      const c = await register({
        forwardNo: `JB-2026-000${i}`,
        forwardedOn: '2026-02-10',
        orgCode: i % 2 ? LIFE : PROP,
      });
      const who = i % 2 ? lifeUser : propUser;
      expect((await api('POST', `/api/cases/${c.body.id}/handling`, who, handling())).status).toBe(200);
    }
    const draw = (body: Record<string, unknown>, token = analyst) =>
      api('POST', '/api/cases/supervision-samples', token, body);
    const a = await draw({ size: 3, seed: 'spring-2026' });
    expect(a.status).toBe(201);
    expect(a.body).toMatchObject({ seed: 'spring-2026', population: 6, requestedSize: 3 });
    expect(a.body.cases).toHaveLength(3);
    expect(a.body.cases.every((c: { status: string }) => c.status === 'handled')).toBe(true);
    const b = await draw({ size: 3, seed: 'spring-2026' });
    expect(b.body.cases.map((c: { id: string }) => c.id)).toEqual(
      a.body.cases.map((c: { id: string }) => c.id),
    );
    const other = await draw({ size: 6, seed: 'another-seed' });
    // Asking for the whole population returns every handled case, each once.
    expect(other.body.cases).toHaveLength(6);
    expect(new Set(other.body.cases.map((c: { id: string }) => c.id)).size).toBe(6);
    const share = await draw({ share: 0.5, orgCode: PROP });
    expect(share.body.population).toBe(2);
    expect(share.body.cases).toHaveLength(1);
    expect(share.body.seed).toMatch(/^[0-9a-f]{16}$/);
    expect((await draw({ size: 2, share: 0.2 })).status).toBe(400);
    expect((await draw({})).status).toBe(400);
    expect((await draw({ size: 2 }, lifeUser)).status).toBe(403);

    const listed = await api('GET', '/api/cases/supervision-samples', regulator);
    expect(listed.body.map((s: { id: string }) => s.id)).toContain(a.body.id);
    const again = await api('GET', `/api/cases/supervision-samples/${a.body.id}`, regulator);
    expect(again.body.cases.map((c: { id: string }) => c.id)).toEqual(
      a.body.cases.map((c: { id: string }) => c.id),
    );

    const target = a.body.cases[0].id;
    const checked = await api('POST', `/api/cases/${target}/supervision`, analyst, {
      result: 'disagree',
      note: '回访记录与回访单不一致',
    });
    expect(checked.status).toBe(200);
    expect(checked.body).toMatchObject({
      supervisionResult: 'disagree',
      supervisionNote: '回访记录与回访单不一致',
    });
    expect((await api('GET', `/api/cases/${target}`, regulator)).body.supervisionResult).toBe('disagree');
    const openCase = (await api('GET', '/api/cases?status=open', regulator)).body[0];
    expect(
      (await api('POST', `/api/cases/${openCase.id}/supervision`, analyst, { result: 'agree' })).status,
    ).toBe(409);
    expect(
      (await api('POST', `/api/cases/${target}/supervision`, lifeUser, { result: 'agree' })).status,
    ).toBe(403);
    expect((await api('POST', `/api/cases/${target}/supervision`, analyst, { result: 'maybe' })).status).toBe(
      400,
    );
    const audit = await sql(
      `SELECT action FROM audit_entry WHERE action IN ('case.supervise', 'case.supervision_sample')`,
    );
    expect(audit.length).toBe(5); // four samples, one check
  });

  it('matches the register with the latest submitted complaints file by forward number', async () => {
    const reconcile = (token = regulator, q = `orgCode=${LIFE}&period=2026H1`) =>
      api('GET', `/api/cases/reconciliation?${q}`, token);
    const none = await reconcile();
    expect(none.status).toBe(200);
    expect(none.body.submission).toBeNull();
    expect(none.body.note).toContain('尚无已提交的投诉明细文件');
    expect(none.body.note).toContain('No complaints file has been submitted for 2026H1');

    await sql(
      `INSERT INTO period (code, starts_on, ends_on) VALUES ('2026H1', '2026-01-01', '2026-06-30') ON CONFLICT DO NOTHING`,
    );
    const insertSubmission = async (version: number, status: string) =>
      (
        await sql<{ id: string }>(
          `INSERT INTO submission (org_code, period_code, kind, version, status, sha256, file_name, file_bytes, catalog_version, created_by, submitted_at)
           VALUES ($1, '2026H1', 'complaints', $2, $3, $4, 'complaints.csv', 100, 1, 'life-submitter', now())
           RETURNING id`,
          [LIFE, version, status, String(version).repeat(64)],
        )
      )[0].id;
    const old = await insertSubmission(1, 'superseded');
    const latest = await insertSubmission(2, 'submitted');
    const row = (
      sub: string,
      no: number,
      forwardNo: string,
      forwardedOn: string,
      decidedOn: string,
      callbackOn: string | null,
    ) =>
      sql(
        `INSERT INTO complaint_record (period_code, org_code, submission_id, row_no, complaint_no, source, forward_no, forwarded_on,
           received_on, product_type, category, decided_on, extension, outcome, callback_on, callback_method, satisfaction, repeat_complaint)
         VALUES ('2026H1', $1, $2, $3, $4, 'regulator_forwarded', $5, $6, $6, 'traditional', 'claims', $7, 'none', 'upheld', $8,
                 CASE WHEN $8::date IS NULL THEN NULL ELSE 'phone' END, CASE WHEN $8::date IS NULL THEN NULL ELSE 'satisfied' END, false)`,
        [LIFE, sub, no, `C-${no}`, forwardNo, forwardedOn, decidedOn, callbackOn],
      );
    // The superseded version agrees with everything: it must not count.
    await row(old, 2, 'JB-2026-0001', '2026-02-10', '2026-03-02', '2026-03-09');
    // Latest version: 0001 agrees; 0002 has another callback date; 9999 is unknown; 0003, 0005, 0007 are missing.
    await row(latest, 2, 'JB-2026-0001', '2026-02-10', '2026-03-02', '2026-03-09');
    await row(latest, 3, 'JB-2026-0002', '2026-04-28', '2026-05-20', '2026-05-21');
    await row(latest, 4, 'JB-2026-9999', '2026-05-06', '2026-05-08', null);

    const r = await reconcile();
    expect(r.status).toBe(200);
    expect(r.body.submission).toMatchObject({ id: latest, version: 2 });
    expect(r.body.counts).toEqual({
      registerCases: 5,
      fileRows: 3,
      matched: 1,
      missingInFile: 3,
      unknownInRegister: 1,
      dateMismatches: 1,
    });
    const byType = (type: string) =>
      r.body.disagreements
        .filter((d: { type: string }) => d.type === type)
        .map((d: { forwardNo: string }) => d.forwardNo);
    expect(byType('missing_in_file')).toEqual(['JB-2026-0003', 'JB-2026-0005', 'JB-2026-0007']);
    expect(byType('unknown_in_register')).toEqual(['JB-2026-9999']);
    expect(r.body.disagreements.find((d: { type: string }) => d.type === 'date_mismatch')).toEqual({
      type: 'date_mismatch',
      forwardNo: 'JB-2026-0002',
      caseId: lateId,
      rowNo: 3,
      fields: [{ field: 'callbackOn', register: '2026-05-22', file: '2026-05-21' }],
    });

    // The insurer may run it for itself only; the other insurer sees its own (empty) picture, never A's.
    const own = await reconcile(lifeUser, 'period=2026H1');
    expect(own.body.counts).toEqual(r.body.counts);
    const otherView = await reconcile(propUser, `orgCode=${LIFE}&period=2026H1`);
    expect(otherView.body.orgCode).toBe(PROP);
    expect(otherView.body.submission).toBeNull();
    expect((await reconcile(regulator, 'orgCode=' + LIFE + '&period=2026H3')).status).toBe(400);
    expect((await reconcile(regulator, 'period=2026H1')).status).toBe(400);
  });

  it('reminds the insurer of a case due within 3 working days', async () => {
    const today = todayInChina();
    // In late December "3 working days from today" needs next year's schedule (see calendarCovering).
    const cal = await calendarCovering(t.baseUrl, regulator, today, 20);
    const cutoff = cal.addWorkingDays(today, 3);
    // The latest forwarding date whose 15-working-day deadline is still today or later.
    let forwardedOn = today;
    while (cal.addWorkingDays(forwardedOn, 15) > cutoff) {
      const d = new Date(`${forwardedOn}T00:00:00Z`);
      d.setUTCDate(d.getUTCDate() - 1);
      forwardedOn = d.toISOString().slice(0, 10);
    }
    const created = await register({ forwardNo: 'JB-2026-SOON', forwardedOn });
    expect(created.status).toBe(201);
    expect(created.body.deadline >= today && created.body.deadline <= cutoff).toBe(true);
    const notes = (await api('GET', '/api/notifications', lifeUser)).body.items.filter(
      (n: { objectId: string }) => n.objectId === created.body.id,
    );
    expect(notes.map((n: { kind: string }) => n.kind).sort()).toEqual(['case.due_soon', 'case.new']);
    const listed = (await api('GET', '/api/cases?status=open', lifeUser)).body.find(
      (c: { id: string }) => c.id === created.body.id,
    );
    expect(listed.workingDaysLeft).toBe(cal.workingDaysBetween(today, created.body.deadline));
    expect(listed.overdue).toBe(false);
  });

  it('never writes a summary, a note or a refused personal number to the logs', async () => {
    const chunks: string[] = [];
    const stream = new Writable({
      write(chunk, _enc, done) {
        chunks.push(String(chunk));
        done();
      },
    });
    const logged = await startTestApp(db.url, { LOG_LEVEL: 'trace' }, { logStream: stream });
    try {
      const call = async (method: string, path: string, token: string, body?: unknown) =>
        fetch(logged.baseUrl + path, {
          method,
          headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
          body: body === undefined ? undefined : JSON.stringify(body),
        });
      const reg = await loginAs(logged.baseUrl, 'reg-analyst', 'reg-analyst-password-1');
      const ins = await loginAs(logged.baseUrl, 'life-submitter', 'life-submitter-pass-1');
      const base = { orgCode: LIFE, forwardedOn: '2026-02-10', category: 'claims' };
      const ok = await call('POST', '/api/cases', reg, {
        ...base,
        forwardNo: 'JB-LOG-1',
        summary: 'LOGSUMMARY 理赔纠纷摘要',
      });
      expect(ok.status).toBe(201);
      const { id } = await ok.json();
      const refused = await call('POST', '/api/cases', reg, {
        ...base,
        forwardNo: 'JB-LOG-2',
        summary: '电话 13800001111',
      });
      expect(refused.status).toBe(400);
      expect(
        (await call('POST', `/api/cases/${id}/handling`, ins, handling({ note: 'LOGNOTE 回访说明' }))).status,
      ).toBe(200);
      expect((await call('GET', `/api/cases/${id}`, ins)).status).toBe(200);
    } finally {
      await logged.close();
    }
    const all = chunks.join('');
    expect(all).toContain('/api/cases'); // requests were logged …
    expect(all).not.toContain('LOGSUMMARY'); // … but never what they carried
    expect(all).not.toContain('LOGNOTE');
    expect(all).not.toContain('13800001111');
  });
});
