import fs from 'node:fs';
import { Client } from 'pg';
import type { Browser, Page } from 'puppeteer-core';
import { startTestApp, type TestApp } from '../support/app';
import { seedOrgAndUsers, STANDARD_SEED } from '../support/auth';
import { launchBrowser, requireClientBuild, screenshotPath } from '../support/browser';
import { createTestDatabase, type TestDatabase } from '../support/database';

const LIFE = STANDARD_SEED.orgs[0];

/**
 * A forwarded complaint in the browser: the regulator registers it, the insurer fills in the callback form
 * (回访单) and the case shows "on time" on both sides; the other insurer never sees it.
 */
describe('browser journey: a forwarded complaint', () => {
  let db: TestDatabase;
  let t: TestApp;
  let browser: Browser;
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    await seedOrgAndUsers(db.url, STANDARD_SEED);
    t = await startTestApp(db.url, { CLIENT_DIST: requireClientBuild() });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await db?.drop();
  });

  async function signedIn(username: string, password: string, path: string): Promise<Page> {
    const page = await (await browser.createBrowserContext()).newPage();
    page.on('console', (m) => m.type() === 'error' && consoleErrors.push(`${username}: ${m.text()}`));
    page.on('pageerror', (e) => consoleErrors.push(`${username}: ${String(e)}`));
    await page.setViewport({ width: 1280, height: 1100 });
    await page.goto(`${t.baseUrl}/login?returnUrl=${encodeURIComponent(path)}`, {
      waitUntil: 'networkidle0',
    });
    await page.type('#username', username);
    await page.type('#password', password);
    await Promise.all([
      page.waitForNavigation({ waitUntil: 'networkidle0' }),
      page.click('form button[type=submit]'),
    ]);
    if (!page.url().endsWith(path)) await page.goto(t.baseUrl + path, { waitUntil: 'networkidle0' });
    return page;
  }

  async function setDate(page: Page, selector: string, value: string): Promise<void> {
    await page.$eval(
      selector,
      (el, v) => {
        const input = el as HTMLInputElement;
        input.value = v as string;
        input.dispatchEvent(new Event('input', { bubbles: true }));
      },
      value,
    );
  }

  const text = (page: Page, selector: string) => page.$eval(selector, (el) => (el as HTMLElement).innerText);

  it('the regulator registers it, the insurer handles it, and it shows on time', async () => {
    // 1. The regulator registers the case in the UI.
    const reg = await signedIn('reg-analyst', 'reg-analyst-password-1', '/cases');
    await reg.waitForSelector('[data-testid=register-form]');
    await reg.waitForFunction(
      (code) => !!document.querySelector(`#reg-org option[value="${code}"]`),
      {},
      LIFE.code,
    );
    await reg.select('#reg-org', LIFE.code);
    await reg.type('#reg-no', 'JB-UI-0001');
    await setDate(reg, '#reg-date', '2026-02-10');
    await reg.select('#reg-category', 'claims');
    await reg.type('#reg-summary', '投保人反映理赔款未到账，要求尽快处理。');
    await reg.click('[data-testid=register-form] button[type=submit]');
    await reg.waitForSelector('[data-testid=register-message]');
    // 15 working days after 10 Feb 2026, across the Spring Festival: 9 March.
    expect(await text(reg, '[data-testid=register-message]')).toContain('已登记，办结期限为 2026-03-09');
    await reg.waitForSelector('tr[data-forward-no="JB-UI-0001"]');
    const row = 'tr[data-forward-no="JB-UI-0001"]';
    // Open and past its deadline as of today: highlighted as overdue.
    expect(await reg.$eval(row, (el) => el.classList.contains('overdue'))).toBe(true);
    expect(await text(reg, `${row} [data-testid=case-status]`)).toBe('已逾期');
    await reg.screenshot({ path: screenshotPath('cases-1-regulator-registered'), fullPage: true });

    // 2. The insurer opens it and fills in the callback form.
    const ins = await signedIn('life-submitter', 'life-submitter-pass-1', '/cases');
    await ins.waitForSelector(row);
    // The insurer was told of the new case (its reminders load alongside the list).
    await ins.waitForFunction(() =>
      document.querySelector('[data-testid=notifications]')?.textContent?.includes('JB-UI-0001'),
    );
    await ins.click(`${row} button.link`);
    await ins.waitForSelector('[data-testid=handling-form]');
    expect(await text(ins, '[data-testid=case-deadline]')).toBe('2026-03-09');
    await setDate(ins, '#h-decided', '2026-03-02');
    await ins.select('#h-outcome', 'partially_upheld');
    await setDate(ins, '#h-callback', '2026-03-09');
    await ins.select('#h-method', 'phone');
    await ins.select('#h-satisfaction', 'basically_satisfied');
    await ins.type('#h-note', '电话回访已录音。');
    await ins.screenshot({ path: screenshotPath('cases-2-insurer-callback-form'), fullPage: true });
    await ins.click('[data-testid=handling-form] button[type=submit]');
    await ins.waitForFunction(
      () => document.querySelector('[data-testid=case-result]')?.textContent?.trim() === '按时办结',
    );
    expect(await text(ins, '[data-testid=detail-message]')).toContain('已办结：按时办结');
    await ins.waitForFunction(
      (sel) => document.querySelector(`${sel} [data-testid=case-status]`)?.textContent?.trim() === '按时办结',
      {},
      row,
    );
    expect(await ins.$eval(row, (el) => el.classList.contains('overdue'))).toBe(false);
    await ins.screenshot({ path: screenshotPath('cases-3-insurer-handled'), fullPage: true });

    // 3. The regulator sees it on time, with the callback details.
    await reg.reload({ waitUntil: 'networkidle0' });
    await reg.waitForSelector(row);
    expect(await text(reg, `${row} [data-testid=case-status]`)).toBe('按时办结');
    await reg.click(`${row} button.link`);
    await reg.waitForSelector('[data-testid=supervision-form]');
    const detail = await text(reg, '[data-testid=case-detail]');
    expect(detail).toContain('部分支持');
    expect(detail).toContain('基本满意');
    // English on request.
    await reg.click('button.lang');
    await reg.waitForFunction(() => document.documentElement.lang === 'en');
    expect(await text(reg, `${row} [data-testid=case-status]`)).toBe('On time');
    const file = screenshotPath('cases-4-regulator-on-time-en');
    await reg.screenshot({ path: file, fullPage: true });
    expect(fs.statSync(file).size).toBeGreaterThan(10_000);

    // 4. The other insurer never sees it.
    const other = await signedIn('prop-submitter', 'prop-submitter-pass-1', '/cases');
    await other.waitForSelector('[data-testid=case-table]');
    expect(await other.$(row)).toBeNull();

    expect(consoleErrors).toEqual([]);
  });

  it('the reporting calendar: a late file is flagged, and an extension granted in the UI clears it', async () => {
    const c = new Client({ connectionString: db.url });
    await c.connect();
    try {
      await c.query(
        `INSERT INTO period (code, starts_on, ends_on) VALUES ('2026H1', '2026-01-01', '2026-06-30') ON CONFLICT DO NOTHING`,
      );
      await c.query(
        `INSERT INTO period_deadline (period_code, kind, due_on)
         SELECT '2026H1', k, '2026-07-30' FROM unnest(ARRAY['callbacks', 'complaints', 'profile']) k ON CONFLICT DO NOTHING`,
      );
      // The life insurer's complaints file was submitted on 3 August, after the 30 July deadline.
      await c.query(
        `INSERT INTO submission (org_code, period_code, kind, version, status, sha256, file_name, file_bytes, catalog_version,
                                 created_by, created_at, submitted_at, late)
         VALUES ($1, '2026H1', 'complaints', 1, 'submitted', repeat('c', 64), 'complaints.csv', 10, 1, 'life-submitter',
                 '2026-08-03T09:00:00+08:00', '2026-08-03T09:00:00+08:00', true)`,
        [LIFE.code],
      );
    } finally {
      await c.end();
    }

    const admin = await signedIn('reg-admin', 'reg-admin-password-1', '/deadlines');
    await admin.waitForSelector('[data-testid=period-form] input');
    await admin.$eval('[data-testid=period-form] input', (el) => ((el as HTMLInputElement).value = ''));
    await admin.type('[data-testid=period-form] input', '2026H1');
    await admin.click('[data-testid=period-form] button[type=submit]');
    const cell = `[data-testid=status-grid] tr[data-org="${LIFE.code}"] td[data-kind=complaints]`;
    await admin.waitForSelector(cell);
    expect(await text(admin, `${cell} strong`)).toBe('逾期');

    await admin.select('#ext-kind', 'complaints');
    await admin.select('#ext-org', LIFE.code);
    await setDate(admin, '#ext-due', '2026-08-05');
    await admin.type('#ext-reason', '系统迁移导致数据提取延迟');
    await admin.click('[data-testid=extension-form] button[type=submit]');
    await admin.waitForFunction(
      (sel) => document.querySelector(`${sel} strong`)?.textContent?.trim() === '按时',
      {},
      cell,
    );
    expect(await text(admin, cell)).toContain('已延期');
    expect(await text(admin, '[data-testid=deadline-table]')).toContain('系统迁移导致数据提取延迟');
    await admin.screenshot({ path: screenshotPath('deadlines-1-extension-granted'), fullPage: true });

    // The insurer sees its own row only, and the reminder of the extension.
    const ins = await signedIn('life-approver', 'life-approver-pass-1', '/deadlines');
    await ins.waitForSelector('[data-testid=status-grid] tbody tr');
    expect(await ins.$$eval('[data-testid=status-grid] tbody tr', (rows) => rows.length)).toBe(1);
    await ins.waitForFunction(() =>
      document.querySelector('[data-testid=notifications]')?.textContent?.includes('2026-08-05'),
    );
    expect(await ins.$('[data-testid=extension-form]')).toBeNull();
    await ins.screenshot({ path: screenshotPath('deadlines-2-insurer'), fullPage: true });
    expect(consoleErrors).toEqual([]);
  });
});
