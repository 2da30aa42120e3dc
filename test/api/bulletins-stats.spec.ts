import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatNumber, formatPercent } from '../../server/src/app/pdf/helpers';
import { firstPagePng, pdfFonts, pdfText, rowPattern } from '../pdf/pdf-inspect';
import { startTestApp, type TestApp } from '../support/app';
import { loginAs, seedOrgAndUsers } from '../support/auth';
import { screenshotPath } from '../support/browser';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { loadDemo } from './stats-demo-data';

/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-non-null-assertion */

/**
 * A bulletin from generated data, end to end on the real application: the demo data set (@portal/demo-data,
 * both half-years) is loaded as submitted files, the statistics feature computes the figures, and the
 * bulletin's PDF (read back with pdftotext) shows every insurer with exactly the figures of `GET /api/stats`;
 * the published CSV carries the same unrounded numbers.
 */
describe('bulletins from the statistics API', () => {
  let db: TestDatabase;
  let t: TestApp;
  let outDir: string;
  let analyst: string;
  let admin: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    outDir = mkdtempSync(join(tmpdir(), 'bulletin-demo-'));
    await loadDemo(db.url, { outDir, periods: ['2025H2', '2026H1'] });
    await seedOrgAndUsers(db.url, {
      users: [
        { username: 'reg-admin', password: 'reg-admin-password-1', role: 'regulator_admin' },
        { username: 'reg-analyst', password: 'reg-analyst-password-1', role: 'regulator_analyst' },
      ],
    });
    t = await startTestApp(db.url);
    analyst = await loginAs(t.baseUrl, 'reg-analyst', 'reg-analyst-password-1');
    admin = await loginAs(t.baseUrl, 'reg-admin', 'reg-admin-password-1');
  });
  afterAll(async () => {
    await t?.close();
    await db?.drop();
    rmSync(outDir, { recursive: true, force: true });
  });

  const get = async (path: string, token?: string) => {
    const res = await fetch(t.baseUrl + path, { headers: token ? { Authorization: `Bearer ${token}` } : {} });
    return { status: res.status, bytes: Buffer.from(await res.arrayBuffer()) };
  };
  const json = async (method: string, path: string, token: string, body?: unknown) => {
    const res = await fetch(t.baseUrl + path, {
      method,
      headers: { Authorization: `Bearer ${token}`, ...(body ? { 'Content-Type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    return { status: res.status, body: (await res.json()) as any };
  };

  it('renders every insurer with the figures of GET /api/stats, and publishes the same numbers as CSV', async () => {
    const stats: Record<string, any> = {};
    for (const group of ['life', 'property']) {
      const r = await json('GET', `/api/stats?period=2026H1&group=${group}`, analyst);
      expect(r.status).toBe(200);
      stats[group] = r.body;
    }
    expect(stats['life'].companies.length).toBeGreaterThan(5);
    expect(stats['property'].companies.length).toBeGreaterThan(5);

    const created = await json('POST', '/api/bulletins', analyst, {
      period: '2026H1',
      documentNo: '京金发〔2026〕12号',
    });
    expect(created.status).toBe(201);
    let detail: any;
    for (let i = 0; i < 240; i++) {
      detail = (await json('GET', `/api/bulletins/${created.body.id}`, analyst)).body;
      if (detail.status !== 'rendering') break;
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(detail).toMatchObject({ status: 'draft', blockedRequests: 0, failureReason: null });
    const pdf = (await get(`/api/bulletins/${created.body.id}.pdf`, analyst)).bytes;
    expect(createHash('sha256').update(pdf).digest('hex')).toBe(detail.sha256);

    const text = pdfText(pdf);
    const flat = pdfText(pdf, false).replace(/\s+/g, '');
    expect(flat).toContain('关于2026年上半年保险消费投诉及回访情况的通报');
    for (const group of ['life', 'property']) {
      for (const c of stats[group].companies) {
        expect(text).toContain(c.name);
        expect(text).toMatch(
          rowPattern(c.name, [
            formatNumber(c.complaints.total),
            formatPercent(c.complaints.share),
            formatNumber(c.complaints.per100mPremium, 2),
            formatNumber(c.complaints.per10kPolicies, 2),
            formatNumber(c.complaints.per10kInsured, 2),
            formatNumber(c.complaints.complaintIndex, 2),
            formatPercent(c.complaints.decidedWithinLimit),
            formatPercent(c.complaints.repeatRate),
          ]),
        );
        expect(text).toMatch(
          rowPattern(c.name, [
            formatNumber(c.complaints.forwarded?.total),
            formatNumber(c.complaints.forwarded?.onTime),
            formatPercent(c.complaints.forwarded?.callbackRate),
            formatPercent(c.complaints.satisfiedRate),
            formatPercent(c.complaints.upheldRate),
          ]),
        );
        if ((c.callbacks.due ?? 0) > 0) {
          expect(text).toMatch(
            rowPattern(c.name, [
              formatNumber(c.callbacks.due),
              formatNumber(c.callbacks.succeeded),
              formatPercent(c.callbacks.successRate),
              formatPercent(c.callbacks.onTimeRate),
            ]),
          );
        }
        // Named below the 90% success line (CB-C1) or above the 10% visit/letter line (CB-C2).
        if (c.callbacks.successRate !== null && c.callbacks.successRate < 0.9) {
          expect(flat).toContain(`${c.name}（${formatPercent(c.callbacks.successRate)}）`);
        }
        if (c.callbacks.visitLetterShare !== null && c.callbacks.visitLetterShare > 0.1) {
          expect(flat).toContain(`${c.name}（${formatPercent(c.callbacks.visitLetterShare)}）`);
        }
      }
    }
    // The demo set's CB-C1 insurer (澄江人寿, success rate ≈ 86%) is named.
    expect(flat).toMatch(/回访成功率低于90\.00%的公司：[^。]*澄江人寿保险股份有限公司/);
    expect(pdfFonts(pdf)).toMatch(/NotoSansSC\S*\s+CID TrueType/);
    expect(firstPagePng(pdf, screenshotPath('bulletin-demo-page1')).inkShare).toBeGreaterThan(0.005);

    const pub = await json('POST', `/api/bulletins/${created.body.id}/publish`, admin);
    expect(pub.status).toBe(200);
    const csv = (await get(`/api/public/bulletins/${created.body.id}.csv`)).bytes.toString('utf8');
    const [header, ...rows] = csv
      .trimEnd()
      .split('\r\n')
      .map((l) => l.split(','));
    const col = (name: string) => header.indexOf(name);
    for (const group of ['life', 'property']) {
      for (const c of stats[group].companies) {
        const row = rows.find((r) => r[0] === c.orgCode)!;
        expect(row).toBeDefined();
        const cell = (v: number | null) => (v === null || v === undefined ? '' : String(v));
        expect([c.orgCode, row[col('complaints.total')]]).toEqual([c.orgCode, cell(c.complaints.total)]);
        expect([c.orgCode, row[col('complaints.per100mPremium')]]).toEqual([
          c.orgCode,
          cell(c.complaints.per100mPremium),
        ]);
        expect([c.orgCode, row[col('callbacks.successRate')]]).toEqual([
          c.orgCode,
          cell(c.callbacks.successRate),
        ]);
      }
    }
  });
});
