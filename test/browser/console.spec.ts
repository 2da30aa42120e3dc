import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'puppeteer-core';
import { loadDemo } from '../api/stats-demo-data';
import { startTestApp, type TestApp } from '../support/app';
import { loginAs, seedOrgAndUsers } from '../support/auth';
import { launchBrowser, requireClientBuild, screenshotPath } from '../support/browser';
import { createTestDatabase, type TestDatabase } from '../support/database';

type Figures = { [k: string]: unknown };
interface Company {
  orgCode: string;
  name: string;
  group: string;
  rank: number | null;
  profile: Figures;
  callbacks: Figures;
  complaints: Figures;
  findings: Record<string, number | null>;
}

const RATES = new Set([
  'profile.marketShare',
  'callbacks.successRate',
  'callbacks.onTimeRate',
  'callbacks.visitLetterShare',
  'complaints.share',
  'complaints.decidedWithinLimit',
  'complaints.upheldRate',
  'complaints.repeatRate',
  'complaints.forwarded.callbackRate',
  'complaints.satisfiedRate',
]);

function pick(c: Company, key: string): unknown {
  let node: unknown = c;
  for (const part of key.split('.'))
    node = node && typeof node === 'object' ? (node as Figures)[part] : undefined;
  return node;
}

/** How the console must show an API figure: rates as percentages with two decimals, counts exact, null “—”. */
function expectedText(key: string, v: unknown): string {
  if (typeof v !== 'number') return typeof v === 'string' ? v : '—';
  if (RATES.has(key)) return `${(v * 100).toFixed(2)}%`;
  return Number.isInteger(v)
    ? v.toLocaleString('en-US')
    : v.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
}

/**
 * The supervision console in real Chromium on the demo data: the regulator's overview, sorting and group
 * filter, an insurer's drill-down, the rule view and the insurer's own view — every figure read off the
 * screen equals the API's answer as the console is meant to show it.
 */
describe('browser journey: the supervision console', () => {
  let db: TestDatabase;
  let t: TestApp;
  let browser: Browser;
  let outDir: string;
  let regulatorToken: string;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    outDir = mkdtempSync(join(tmpdir(), 'console-demo-'));
    await loadDemo(db.url, { outDir });
    await seedOrgAndUsers(db.url, {
      users: [
        { username: 'reg-analyst', password: 'reg-analyst-password-1', role: 'regulator_analyst' },
        {
          username: 'clrs-approver',
          password: 'clrs-approver-pass-1',
          role: 'insurer_approver',
          orgCode: '911100005W7JJ3MH41',
        },
      ],
    });
    t = await startTestApp(db.url, { CLIENT_DIST: requireClientBuild() });
    regulatorToken = await loginAs(t.baseUrl, 'reg-analyst', 'reg-analyst-password-1');
    browser = await launchBrowser();
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await db?.drop();
    if (outDir) rmSync(outDir, { recursive: true, force: true });
  });

  async function api<T>(path: string, token = regulatorToken): Promise<T> {
    const res = await fetch(t.baseUrl + path, { headers: { Authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    return (await res.json()) as T;
  }

  async function signedIn(username: string, password: string, path: string): Promise<Page> {
    const page = await (await browser.createBrowserContext()).newPage();
    page.on('pageerror', (e) => pageErrors.push(`${username}: ${String(e)}`));
    page.on('console', (m) => m.type() === 'error' && pageErrors.push(`${username}: ${m.text()}`));
    await page.setViewport({ width: 1400, height: 1100 });
    await page.goto(`${t.baseUrl}/login?returnUrl=${encodeURIComponent(path)}`, {
      waitUntil: 'networkidle0',
    });
    await page.type('#username', username);
    await page.type('#password', password);
    await Promise.all([
      page.waitForNavigation({ waitUntil: 'networkidle0' }),
      page.click('form button[type=submit]'),
    ]);
    if (!page.url().includes(path)) await page.goto(t.baseUrl + path, { waitUntil: 'networkidle0' });
    return page;
  }

  /** Every row of the overview table: org code → {key → shown text}. */
  async function overviewCells(page: Page): Promise<Map<string, Record<string, string>>> {
    const rows = await page.$$eval('[data-testid=overview-table] tbody tr', (trs) =>
      trs.map((tr) => ({
        org: tr.getAttribute('data-org') as string,
        cells: Object.fromEntries(
          Array.from(tr.querySelectorAll('td[data-key]')).map((td) => [
            td.getAttribute('data-key'),
            (td as HTMLElement).innerText.trim(),
          ]),
        ) as Record<string, string>,
      })),
    );
    return new Map(rows.map((r) => [r.org, r.cells]));
  }

  it('shows the regulator every insurer with the API figures, sorts, filters and draws the charts', async () => {
    const stats = await api<{
      period: string;
      companies: Company[];
      industry: Company & { companies: number };
    }>('/api/stats?period=2026H1');
    const page = await signedIn('reg-analyst', 'reg-analyst-password-1', '/console');
    await page.waitForSelector('[data-testid=overview-table] tbody tr');
    expect(await page.$eval('[data-testid=period-select]', (el) => (el as HTMLSelectElement).value)).toBe(
      '2026H1',
    );
    const cells = await overviewCells(page);
    expect(cells.size).toBe(stats.companies.length);
    const columns = await page.$$eval('[data-testid=overview-table] thead th[data-sort]', (ths) =>
      ths.map((th) => th.getAttribute('data-sort') as string),
    );
    expect(columns).toContain('complaints.per100mPremium');
    expect(columns).toContain('callbacks.successRate');
    for (const c of stats.companies) {
      const shown = cells.get(c.orgCode) as Record<string, string>;
      for (const key of columns) {
        expect({ org: c.orgCode, key, shown: shown[key] }).toEqual({
          org: c.orgCode,
          key,
          shown: expectedText(key, pick(c, key)),
        });
      }
      expect(shown['rank']).toBe(c.rank === null ? '不排名' : String(c.rank));
    }
    const summary = await page.$eval('[data-key="industry.complaints.total"]', (el) =>
      (el as HTMLElement).innerText.trim(),
    );
    expect(summary).toBe(expectedText('complaints.total', pick(stats.industry, 'complaints.total')));
    expect(
      await page.$eval('[data-key="industry.callbacks.successRate"]', (el) =>
        (el as HTMLElement).innerText.trim(),
      ),
    ).toBe(expectedText('callbacks.successRate', pick(stats.industry, 'callbacks.successRate')));

    // Findings by rule: totals over the insurers.
    const cb02 = stats.companies.reduce((n, c) => n + (c.findings['CB-02'] ?? 0), 0);
    expect(
      await page.$eval('[data-testid=rules-table] tr[data-rule="CB-02"] [data-key=total]', (el) =>
        (el as HTMLElement).innerText.trim(),
      ),
    ).toBe(String(cb02));

    // Sorting by complaints per 100M premium, ascending (missing figures last).
    await page.click('th[data-sort="complaints.per100mPremium"]');
    await page.waitForFunction(() =>
      document.querySelector('th[data-sort="complaints.per100mPremium"]')?.textContent?.includes('▲'),
    );
    const order = await page.$$eval('[data-testid=overview-table] tbody tr', (trs) =>
      trs.map((tr) => tr.getAttribute('data-org')),
    );
    const expectedOrder = [...stats.companies]
      .sort((a, b) => {
        const va = pick(a, 'complaints.per100mPremium') as number | null;
        const vb = pick(b, 'complaints.per100mPremium') as number | null;
        if (va === null && vb === null) return a.orgCode.localeCompare(b.orgCode);
        if (va === null) return 1;
        if (vb === null) return -1;
        return va - vb || a.orgCode.localeCompare(b.orgCode);
      })
      .map((c) => c.orgCode);
    expect(order).toEqual(expectedOrder);

    // The charts are drawn by ECharts in the page.
    for (const chart of ['chart-ranking', 'chart-funnel', 'chart-methods', 'chart-categories']) {
      await page.waitForSelector(`[data-testid=${chart}] canvas`);
    }
    await page.screenshot({ path: screenshotPath('console-1-overview'), fullPage: true });
    await page.screenshot({ path: screenshotPath('console-1-overview-top') });

    // Group filter: only property insurers.
    await page.select('[data-testid=group-select]', 'property');
    await page.waitForFunction(
      (n) => document.querySelectorAll('[data-testid=overview-table] tbody tr').length === n,
      {},
      stats.companies.filter((c) => c.group === 'property').length,
    );
  });

  it('drills down into one insurer, with findings by rule and the rule view', async () => {
    const org = '911100005W7JJ3MH41';
    const company = await api<Company & { groupMedians: Record<string, number | null> }>(
      `/api/stats/${org}?period=2026H1`,
    );
    const page = await signedIn('reg-analyst', 'reg-analyst-password-1', `/console/${org}`);
    await page.waitForSelector('[data-testid=section-complaints] td[data-key]');
    expect(await page.$eval('[data-testid=company-name]', (el) => (el as HTMLElement).innerText.trim())).toBe(
      company.name,
    );
    const shown = Object.fromEntries(
      await page.$$eval('table[data-testid^=section-] td[data-key]', (tds) =>
        tds.map((td) => [td.getAttribute('data-key') as string, (td as HTMLElement).innerText.trim()]),
      ),
    );
    const keys = Object.keys(shown);
    expect(keys).toEqual(
      expect.arrayContaining([
        'callbacks.successRate',
        'complaints.per100mPremium',
        'profile.premiumIncome',
        'complaints.forwarded.callbackRate',
      ]),
    );
    for (const key of keys) {
      const want =
        /successRate$/.test(key) && key.startsWith('callbacks.byType')
          ? `${((pick(company, key) as number) * 100).toFixed(2)}%`
          : expectedText(key, pick(company, key));
      expect({ key, shown: shown[key] }).toEqual({ key, shown: want });
    }
    // Findings by rule with their citation.
    const cb02 = await page.$eval(
      '[data-testid=findings-table] tr[data-rule="CB-02"]',
      (tr) => (tr as HTMLElement).innerText,
    );
    expect(cb02).toContain(String(company.findings['CB-02']));
    expect(cb02).toContain('人身保险业务基本服务规定');
    await page.waitForSelector('[data-testid=chart-trend] canvas');
    await page.screenshot({ path: screenshotPath('console-2-company'), fullPage: true });

    // The rule view: insurers breaking CB-02, most first.
    const stats = await api<{ companies: Company[] }>('/api/stats?period=2026H1');
    const top = [...stats.companies]
      .filter((c) => (c.findings['CB-02'] ?? 0) > 0)
      .sort(
        (a, b) =>
          (b.findings['CB-02'] as number) - (a.findings['CB-02'] as number) ||
          a.orgCode.localeCompare(b.orgCode),
      );
    await page.goto(`${t.baseUrl}/console/rules/CB-02?period=2026H1`, { waitUntil: 'networkidle0' });
    await page.waitForSelector('[data-testid=rule-table] tbody tr');
    const ruleRows = await page.$$eval('[data-testid=rule-table] tbody tr', (trs) =>
      trs.map((tr) => [
        tr.getAttribute('data-org'),
        (tr.querySelector('[data-key=count]') as HTMLElement).innerText.trim(),
      ]),
    );
    expect(ruleRows).toEqual(top.map((c) => [c.orgCode, String(c.findings['CB-02'])]));
    expect(await page.$eval('[data-testid=rule-heading]', (el) => (el as HTMLElement).innerText)).toContain(
      '犹豫期内完成回访',
    );
    await page.screenshot({ path: screenshotPath('console-3-rule'), fullPage: true });
  });

  it('shows an insurer itself against the group median, and nothing of others', async () => {
    const org = '911100005W7JJ3MH41';
    const token = await loginAs(t.baseUrl, 'clrs-approver', 'clrs-approver-pass-1');
    const own = await api<Company & { groupMedians: Record<string, number | null> }>(
      `/api/stats/${org}?period=2026H1`,
      token,
    );
    const page = await signedIn('clrs-approver', 'clrs-approver-pass-1', '/console');
    await page.waitForSelector('[data-testid=section-complaints] td[data-key]');
    expect(page.url()).toContain(`/console/${org}`);
    const row = await page.$eval(
      '[data-testid=section-complaints] tr[data-row="complaints.per100mPremium"]',
      (tr) => Array.from(tr.querySelectorAll('td')).map((td) => (td as HTMLElement).innerText.trim()),
    );
    expect(row[1]).toBe(expectedText('complaints.per100mPremium', pick(own, 'complaints.per100mPremium')));
    expect(row[2]).toBe(
      expectedText('complaints.per100mPremium', own.groupMedians['complaints.per100mPremium']),
    );
    await page.screenshot({ path: screenshotPath('console-4-insurer'), fullPage: true });
    // Another insurer's page: nothing shown.
    await page.goto(`${t.baseUrl}/console/91110000587768812H`, { waitUntil: 'networkidle0' });
    await page.waitForSelector('[role=alert]');
    expect(await page.$eval('[role=alert]', (el) => (el as HTMLElement).innerText)).toContain('未找到');
    expect(pageErrors.filter((e) => !/404|Not Found/i.test(e))).toEqual([]);
  });
});
