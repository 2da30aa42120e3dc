import { Client } from 'pg';
import { startTestApp, type TestApp } from '../support/app';
import { MULTI_TOPOLOGY } from '../support/topology';
import { loginAs, seedOrgAndUsers, STANDARD_SEED } from '../support/auth';
import { createTestDatabase, type TestDatabase } from '../support/database';

/**
 * The working-day calendar through the API: the official 2025 and 2026 schedules (春节 and 劳动节 with their
 * 调休 make-up days), the refusal to guess for a year not covered, and a regulator admin loading 2027 as data
 * — in force at once in the process that took it and, within seconds, in another process on the same database.
 */
describe('working-day calendar API', () => {
  let db: TestDatabase;
  let t: TestApp;
  let other: TestApp;
  let admin: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    await seedOrgAndUsers(db.url, STANDARD_SEED);
    t = await startTestApp(db.url);
    other = await startTestApp(db.url); // a second API process on the same database
    admin = await loginAs(t.baseUrl, 'reg-admin', 'reg-admin-password-1');
  });
  afterAll(async () => {
    await other?.close();
    await t?.close();
    await db?.drop();
  });

  const deadline = (base: string, from: string, workingDays: number | string) =>
    fetch(`${base}/api/calendar/deadline?from=${from}&workingDays=${workingDays}`);

  // Counted by hand from the State Council notices (国办发明电〔2024〕12号 for 2025, 〔2025〕7号 for 2026).
  it.each([
    // 2025 春节: 1月28日–2月4日 off; 1月26日 (Sun) and 2月8日 (Sat) are working days.
    ['2025-01-20', 15, '2025-02-14'],
    ['2025-01-24', 1, '2025-01-26'],
    ['2025-01-27', 1, '2025-02-05'],
    // 2025 劳动节: 5月1日–5日 off; 4月27日 (Sun) a working day.
    ['2025-04-25', 1, '2025-04-27'],
    ['2025-04-25', 5, '2025-05-06'],
    // 2026 春节: 2月15日–23日 off; 2月14日 and 2月28日 (Saturdays) are working days.
    ['2026-02-10', 15, '2026-03-09'],
    ['2026-02-13', 1, '2026-02-14'],
    ['2026-02-14', 1, '2026-02-24'],
    // 2026 劳动节: 5月1日–5日 off; 5月9日 (Sat) a working day.
    ['2026-04-28', 5, '2026-05-08'],
    ['2026-04-28', 6, '2026-05-09'],
    // Across the new year: 2026 元旦 1月1日–3日 off, 1月4日 (Sun) a working day.
    ['2025-12-25', 15, '2026-01-16'],
    // N = 0 is the day itself.
    ['2026-02-16', 0, '2026-02-16'],
  ])(
    'GET /api/calendar/deadline from %s + %i working days = %s (no login needed)',
    async (from, n, expected) => {
      const res = await deadline(t.baseUrl, from, n);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ from, workingDays: n, deadline: expected });
    },
  );

  it('refuses a year it does not cover with 422 and a bilingual message naming the year', async () => {
    for (const [from, n] of [
      ['2027-03-01', 5],
      ['2026-12-20', 15], // starts in 2026, ends in 2027
      ['2019-06-03', 1],
    ] as const) {
      const res = await deadline(t.baseUrl, from, n);
      expect(res.status).toBe(422);
      const body = await res.json();
      const year = from === '2026-12-20' ? '2027' : from.slice(0, 4);
      expect(body.statusCode).toBe(422);
      expect(body.message).toContain(`工作日历未覆盖 ${year} 年`);
      expect(body.message).toContain(`does not cover ${year}`);
    }
  });

  it('answers 400 with a bilingual message for a malformed date or number', async () => {
    for (const [from, n] of [
      ['2026-02-30', 5],
      ['2026/02/10', 5],
      ['2026-02-10', -1],
      ['2026-02-10', 'abc'],
      ['2026-02-10', 1001],
    ] as const) {
      const res = await deadline(t.baseUrl, from, n);
      expect(res.status).toBe(400);
      const body = await res.json();
      expect(body.message).toMatch(/[\u4e00-\u9fff]/);
      expect(body.message).toMatch(/must be/);
    }
    const missing = await fetch(`${t.baseUrl}/api/calendar/deadline?from=2026-02-10`);
    expect(missing.status).toBe(400);
  });

  it('lists the covered years with their sources', async () => {
    const years = await (await fetch(`${t.baseUrl}/api/calendar/years`)).json();
    const y2026 = years.find((y: { year: number }) => y.year === 2026);
    expect(y2026).toMatchObject({ year: 2026, source: '国办发明电〔2025〕7号', origin: 'official' });
    expect(years.map((y: { year: number }) => y.year)).toEqual([2020, 2021, 2022, 2023, 2024, 2025, 2026]);
  });

  // A 2027 schedule for the test only (the mechanism, not the data): 元旦 1月1日 (Fri), a Spring Festival
  // block 2月5日–11日 with Saturday 2月13日 a make-up working day.
  const schedule2027 = {
    holidays: [
      '2027-01-01',
      '2027-02-05',
      '2027-02-06',
      '2027-02-07',
      '2027-02-08',
      '2027-02-09',
      '2027-02-10',
      '2027-02-11',
    ],
    makeupWorkdays: ['2027-02-13'],
    source: '测试用安排（非官方） / test schedule, not the official notice',
  };

  const put = (year: string, body: unknown, token = admin) =>
    fetch(`${t.baseUrl}/api/admin/calendar/${year}`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
      body: JSON.stringify(body),
    });

  it('only a regulator admin may load a schedule, and bad data is refused with a precise message', async () => {
    expect((await fetch(`${t.baseUrl}/api/admin/calendar/2027`, { method: 'PUT' })).status).toBe(401);
    const analyst = await loginAs(t.baseUrl, 'reg-analyst', 'reg-analyst-password-1');
    expect((await put('2027', schedule2027, analyst)).status).toBe(403);
    const insurer = await loginAs(t.baseUrl, 'life-submitter', 'life-submitter-pass-1');
    expect((await put('2027', schedule2027, insurer)).status).toBe(403);

    const weekdayMakeup = await put('2027', { ...schedule2027, makeupWorkdays: ['2027-02-15'] });
    expect(weekdayMakeup.status).toBe(400);
    expect((await weekdayMakeup.json()).message).toContain('is not a Saturday or Sunday');
    const wrongYear = await put('2027', { ...schedule2027, holidays: ['2028-01-01'] });
    expect(wrongYear.status).toBe(400);
    expect((await wrongYear.json()).message).toContain('不在 2027 年内');
    const extra = await put('2027', { ...schedule2027, note: 'x' });
    expect(extra.status).toBe(400);
    const noSource = await put('2027', { ...schedule2027, source: ' ' });
    expect(noSource.status).toBe(400);
    // Nothing was stored by the refused calls.
    expect((await deadline(t.baseUrl, '2027-02-01', 5)).status).toBe(422);
  });

  it('loading 2027 as data makes 2027 work at once, here and in another API process, and is audited', async () => {
    expect((await deadline(other.baseUrl, '2027-02-01', 5)).status).toBe(422);

    const res = await put('2027', schedule2027);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      year: 2027,
      revision: 1,
      replaced: null,
      makeupWorkdays: ['2027-02-13'],
    });

    // Feb 2, 3, 4 (1–3), 5–11 off, Feb 12 (4), Saturday Feb 13 make-up (5). (PORTAL_TOPOLOGY=multi: the next
    // request may reach the other API process, which re-checks a year it does not cover at most every 250 ms.)
    if (MULTI_TOPOLOGY)
      await pollEveryProcess(async () => (await deadline(t.baseUrl, '2027-02-01', 5)).status === 200);
    expect(await (await deadline(t.baseUrl, '2027-02-01', 5)).json()).toEqual({
      from: '2027-02-01',
      workingDays: 5,
      deadline: '2027-02-13',
    });
    // A deadline that crosses into 2027 now works too: Dec 21–31 (9), Jan 1 off, Jan 4–8 (14), Jan 11 (15).
    expect((await (await deadline(t.baseUrl, '2026-12-20', 15)).json()).deadline).toBe('2027-01-11');

    // The other process converges without a restart.
    const seen = await poll(async () => (await deadline(other.baseUrl, '2027-02-01', 5)).status === 200);
    expect(seen).toBe(true);

    const yearsOf = async (base: string) =>
      (await (await fetch(`${base}/api/calendar/years`)).json()) as { year: number }[];
    // PORTAL_TOPOLOGY=multi: `other` is two processes behind a proxy; each converges within CALENDAR_MAX_AGE_MS.
    if (MULTI_TOPOLOGY)
      await pollEveryProcess(async () => (await yearsOf(other.baseUrl)).some((y) => y.year === 2027));
    const years = await yearsOf(other.baseUrl);
    expect(years.find((y: { year: number }) => y.year === 2027)).toMatchObject({
      origin: 'loaded',
      source: schedule2027.source,
      revision: 1,
    });

    const audit = await query(
      `SELECT actor, action, object_id, detail FROM audit_entry WHERE action = 'calendar.schedule.load'`,
    );
    expect(audit).toEqual([
      {
        actor: 'reg-admin',
        action: 'calendar.schedule.load',
        object_id: '2027',
        detail: { source: schedule2027.source, holidays: 8, makeupWorkdays: 1, revision: 1, replaced: null },
      },
    ]);
  });

  it('a corrected schedule replaces the year everywhere (revision 2)', async () => {
    const corrected = {
      ...schedule2027,
      makeupWorkdays: [],
      source: '测试用安排（更正） / corrected test schedule',
    };
    const res = await put('2027', corrected);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ revision: 2, replaced: schedule2027.source });
    // Without the make-up Saturday the 5th working day is Monday Feb 15. (PORTAL_TOPOLOGY=multi: the next
    // request may reach the other API process, in force there within CALENDAR_MAX_AGE_MS.)
    if (MULTI_TOPOLOGY)
      await pollEveryProcess(
        async () => (await (await deadline(t.baseUrl, '2027-02-01', 5)).json()).deadline === '2027-02-15',
      );
    expect((await (await deadline(t.baseUrl, '2027-02-01', 5)).json()).deadline).toBe('2027-02-15');
    const converged = await poll(
      async () => (await (await deadline(other.baseUrl, '2027-02-01', 5)).json()).deadline === '2027-02-15',
    );
    expect(converged).toBe(true);
  });

  /** Round robin over two API processes: two answers in a row that pass = both processes have converged. */
  function pollEveryProcess(check: () => Promise<boolean>): Promise<boolean> {
    return poll(async () => (await check()) && (await check()));
  }

  async function poll(check: () => Promise<boolean>, timeoutMs = 8000): Promise<boolean> {
    const until = Date.now() + timeoutMs;
    while (Date.now() < until) {
      if (await check()) return true;
      await new Promise((r) => setTimeout(r, 200));
    }
    return false;
  }

  async function query(sql: string): Promise<Record<string, unknown>[]> {
    const c = new Client({ connectionString: db.url });
    await c.connect();
    try {
      return (await c.query(sql)).rows;
    } finally {
      await c.end();
    }
  }
});
