/* eslint-disable @typescript-eslint/no-non-null-assertion */
import { findOrg } from '@portal/demo-data';
import fs from 'node:fs';
import { Client } from 'pg';
import type { Browser, Page } from 'puppeteer-core';
import { ensurePeriod, loadCallbacks } from '../api/self-inspection.fixtures';
import { startTestApp, type TestApp } from '../support/app';
import { seedOrgAndUsers, type SeedUser } from '../support/auth';
import { launchBrowser, requireClientBuild, screenshotPath } from '../support/browser';
import { createTestDatabase, type TestDatabase } from '../support/database';

const PERIOD = '2026H1';
const XSRS = findOrg('XSRS')!;
const SYRS = findOrg('SYRS')!;
const USERS: SeedUser[] = [
  { username: 'reg-analyst', password: 'reg-analyst-password-1', role: 'regulator_analyst' },
  {
    username: 'xsrs-submitter',
    password: 'xsrs-submitter-pass-1',
    role: 'insurer_submitter',
    orgCode: XSRS.code,
  },
  {
    username: 'xsrs-approver',
    password: 'xsrs-approver-pass-1',
    role: 'insurer_approver',
    orgCode: XSRS.code,
  },
  {
    username: 'syrs-submitter',
    password: 'syrs-submitter-pass-1',
    role: 'insurer_submitter',
    orgCode: SYRS.code,
  },
];

/**
 * An insurer fills in and submits its self-inspection report in the browser: the regulator sends the notice,
 * the submitter reads the pre-filled section 1, draws the recording-review sample, records the review
 * outcomes, writes the problems and measures; the approver signs; the regulator returns it with comments,
 * which the insurer reads on the new version. Another insurer never sees the report.
 */
describe('browser journey: a self-inspection report', () => {
  let db: TestDatabase;
  let t: TestApp;
  let browser: Browser;
  let owner: Client;
  let loaded: Awaited<ReturnType<typeof loadCallbacks>>;
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    await seedOrgAndUsers(db.url, {
      orgs: [XSRS, SYRS].map((o) => ({ code: o.code, name: o.name, group: o.group, foundedOn: o.foundedOn })),
      users: USERS,
    });
    owner = new Client({ connectionString: db.url });
    await owner.connect();
    await ensurePeriod(owner, PERIOD);
    loaded = await loadCallbacks(owner, XSRS, PERIOD, 60);
    t = await startTestApp(db.url, { CLIENT_DIST: requireClientBuild() });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await owner?.end();
    await db?.drop();
  });

  async function signedIn(username: string, path: string): Promise<Page> {
    const user = USERS.find((u) => u.username === username)!;
    const page = await (await browser.createBrowserContext()).newPage();
    page.on('console', (m) => m.type() === 'error' && consoleErrors.push(`${username}: ${m.text()}`));
    page.on('pageerror', (e) => consoleErrors.push(`${username}: ${String(e)}`));
    page.on('dialog', (d) => void d.accept());
    await page.setViewport({ width: 1280, height: 1100 });
    await page.goto(`${t.baseUrl}/login?returnUrl=${encodeURIComponent(path)}`, {
      waitUntil: 'networkidle0',
    });
    await page.type('#username', user.username);
    await page.type('#password', user.password);
    await Promise.all([
      page.waitForNavigation({ waitUntil: 'networkidle0' }),
      page.click('form button[type=submit]'),
    ]);
    if (!page.url().endsWith(path)) await page.goto(t.baseUrl + path, { waitUntil: 'networkidle0' });
    return page;
  }

  const text = (page: Page, selector: string) =>
    page.$eval(selector, (el) => (el as HTMLElement).innerText.trim());

  async function setValue(page: Page, selector: string, value: string): Promise<void> {
    await page.$eval(
      selector,
      (el, v) => {
        const input = el as HTMLInputElement;
        input.value = v as string;
        input.dispatchEvent(new Event('input', { bubbles: true }));
        input.dispatchEvent(new Event('change', { bubbles: true }));
      },
      value,
    );
  }

  it('the regulator asks, the insurer fills in the report and the approver signs it', async () => {
    // 1. The regulator sends the notice.
    const reg = await signedIn('reg-analyst', '/self-inspection');
    await reg.waitForSelector('[data-testid=notice-form]');
    await reg.waitForSelector(`input[data-org="${XSRS.code}"]`);
    await setValue(reg, '#si-period', PERIOD);
    await setValue(reg, '#si-deadline', '2026-12-15');
    await reg.type('#si-title', '关于开展2026年上半年新单回访规定执行情况自查的通知');
    await reg.type('#si-scope', '对照京保监发[2008]294号，自查新单回访规定执行情况。');
    await reg.click(`input[data-org="${XSRS.code}"]`);
    await reg.click('[data-testid=notice-form] button[type=submit]');
    await reg.waitForSelector('[data-testid=notice-message].ok');
    await reg.waitForSelector(`tr[data-org="${XSRS.code}"]`);
    expect(await text(reg, `tr[data-org="${XSRS.code}"] [data-testid=report-status]`)).toBe('待填报');
    const reportId = await reg.$eval(`tr[data-org="${XSRS.code}"]`, (el) => el.getAttribute('data-report')!);
    await reg.screenshot({ path: screenshotPath('self-inspection-1-regulator-notice'), fullPage: true });

    // 2. The submitter opens the report: section 1 is pre-filled from the submitted callbacks.
    const ins = await signedIn('xsrs-submitter', '/self-inspection');
    await ins.waitForSelector(`tr[data-report="${reportId}"] [data-testid=open-report]`);
    await Promise.all([
      ins.waitForSelector('[data-testid=section-execution]'),
      ins.click(`tr[data-report="${reportId}"] [data-testid=open-report]`),
    ]);
    const f = loaded.tally.figures();
    await ins.waitForSelector('[data-testid=callback-figures] tr[data-figure="callbacks.due"]');
    expect(await text(ins, '[data-testid=callback-figures] tr[data-figure="callbacks.due"] td.n')).toBe(
      String(f.due),
    );
    expect(
      await text(ins, '[data-testid=callback-figures] tr[data-figure="callbacks.successRate"] td.n'),
    ).toBe(`${(f.successRate! * 100).toFixed(2)}%`);
    expect(await text(ins, '[data-testid=rule-findings] tr[data-rule="CB-04"] td.n')).toBe(
      String(loaded.tally.findings['CB-04']),
    );
    expect(await text(ins, '[data-testid=report-status]')).toBe('待填报');

    // 3. The recording-review sample: fewer than 1,200 new-business callbacks, so all of them.
    await ins.type('#si-seed', 'ui-seed');
    await ins.click('[data-testid=draw-form] button[type=submit]');
    await ins.waitForSelector('[data-testid=sample-items] tr[data-item="1"]');
    expect(await text(ins, '[data-testid=sample-size]')).toBe(String(loaded.newBusiness.length));
    expect(await text(ins, '[data-testid=count-pending]')).toBe(String(loaded.newBusiness.length));
    const firstPolicy = await ins.$eval('tr[data-item="1"] td:nth-child(3)', (el) =>
      (el as HTMLElement).innerText.trim(),
    );
    // Item 1: no recording.
    await ins.select('[data-testid=outcome-1]', 'non_compliant');
    await ins.waitForSelector('[data-testid=problem-1-recording_missing]');
    await ins.click('[data-testid=problem-1-recording_missing]');
    await ins.type('[data-testid=note-1]', '录音文件缺失');
    await ins.click('[data-testid=save-1]');
    await ins.waitForFunction(
      () => document.querySelector('[data-testid=count-non-compliant]')?.textContent?.trim() === '1',
    );
    // A note with a mobile number is refused, and the number is not echoed.
    await ins.select('[data-testid=outcome-2]', 'compliant');
    await ins.type('[data-testid=note-2]', '客户电话13812345678');
    await ins.click('[data-testid=save-2]');
    await ins.waitForSelector('[data-testid=sample-message].error');
    const refused = await text(ins, '[data-testid=sample-message]');
    expect(refused).toContain('个人信息');
    expect(refused).not.toContain('13812345678');
    // The rest are fine.
    await ins.click('[data-testid=mark-rest]');
    await ins.waitForFunction(
      () => document.querySelector('[data-testid=count-pending]')?.textContent?.trim() === '0',
    );
    expect(await text(ins, '[data-testid=count-compliant]')).toBe(String(loaded.newBusiness.length - 1));
    await ins.screenshot({ path: screenshotPath('self-inspection-2-insurer-sample'), fullPage: true });

    // 4. Sections 2 and 3.
    await ins.click('[data-testid=add-problem]');
    await ins.waitForSelector('[data-testid=problem-description-0]');
    await ins.type('[data-testid=problem-description-0]', '抽检发现1件电话回访录音缺失，录音归档不到位。');
    await ins.type('[data-testid=problem-rules-0]', 'CB-04');
    await ins.type('[data-testid=problem-refs-0]', firstPolicy);
    await ins.click('[data-testid=add-measure]');
    await ins.waitForSelector('[data-testid=measure-action-0]');
    await ins.type('[data-testid=measure-action-0]', '完善回访录音归档流程，每日核对录音与回访记录。');
    await ins.type('[data-testid=measure-owner-0]', '客户服务部');
    await setValue(ins, '[data-testid=measure-due-0]', '2026-12-31');
    await ins.select('[data-testid=measure-status-0]', 'in_progress');
    await ins.click('[data-testid=save-sections]');
    await ins.waitForSelector('[data-testid=sections-message].ok');
    await ins.waitForFunction(
      () => document.querySelector('[data-testid=report-status]')?.textContent?.trim() === '填报中',
    );
    // A submitter cannot sign.
    expect(await text(ins, '[data-testid=section-submit]')).toContain('只有审批人可以签署提交');
    await ins.screenshot({ path: screenshotPath('self-inspection-3-insurer-sections'), fullPage: true });

    // 5. The approver signs.
    const appr = await signedIn('xsrs-approver', `/self-inspection/${reportId}`);
    await appr.waitForSelector('[data-testid=submit-form]');
    expect(
      await appr.$eval('[data-testid=problem-description-0]', (el) => (el as HTMLTextAreaElement).value),
    ).toContain('录音缺失');
    await appr.type('#si-signer', '陈静');
    await appr.type('#si-signer-title', '总经理');
    await appr.click('[data-testid=submit-form] button[type=submit]');
    await appr.waitForFunction(
      () => document.querySelector('[data-testid=report-status]')?.textContent?.trim() === '已提交',
      {
        timeout: 60_000,
      },
    );
    expect(await appr.$('[data-testid=submit-form]')).toBeNull();
    expect(await text(appr, '[data-testid=section-versions]')).toContain('陈静（总经理）');
    expect(await appr.$('[data-testid=download-pdf]')).not.toBeNull();
    expect(await text(appr, '[data-testid=problem-list]')).toContain('录音缺失');
    await appr.screenshot({ path: screenshotPath('self-inspection-4-approver-signed'), fullPage: true });
    // The PDF is there, signed.
    const pdf = await owner.query(
      `SELECT length(pdf) AS bytes, signer_name FROM self_inspection_report_version WHERE report_id = $1`,
      [reportId],
    );
    expect(pdf.rows[0].signer_name).toBe('陈静');
    expect(Number(pdf.rows[0].bytes)).toBeGreaterThan(10_000);

    // 6. The regulator sees it submitted.
    await reg.reload({ waitUntil: 'networkidle0' });
    await reg.waitForSelector(`tr[data-org="${XSRS.code}"]`);
    expect(await text(reg, `tr[data-org="${XSRS.code}"] [data-testid=report-status]`)).toBe('已提交');
    // It returns the report with comments; the insurer sees them on the new version.
    await Promise.all([
      reg.waitForSelector('[data-testid=section-review]'),
      reg.click(`tr[data-org="${XSRS.code}"] [data-testid=open-report]`),
    ]);
    expect(await text(reg, '[data-testid=problem-list]')).toContain('录音缺失');
    await reg.type('#si-comments', '请补充录音缺失的原因及整改完成时限。');
    await reg.click('[data-testid=review-return]');
    await reg.waitForFunction(
      () => document.querySelector('[data-testid=report-status]')?.textContent?.trim() === '已退回',
    );
    expect(await text(reg, '[data-testid=report-version]')).toBe('2');
    await appr.reload({ waitUntil: 'networkidle0' });
    await appr.waitForSelector('[data-testid=return-comments]');
    expect(await text(appr, '[data-testid=return-comments]')).toContain(
      '请补充录音缺失的原因及整改完成时限。',
    );
    expect(await appr.$('[data-testid=submit-form]')).not.toBeNull();
    await reg.goto(`${t.baseUrl}/self-inspection`, { waitUntil: 'networkidle0' });
    await reg.waitForSelector(`tr[data-org="${XSRS.code}"]`);
    // In English on request.
    await reg.click('button.lang');
    await reg.waitForFunction(() => document.documentElement.lang === 'en');
    expect(await text(reg, `tr[data-org="${XSRS.code}"] [data-testid=report-status]`)).toBe('Returned');
    const file = screenshotPath('self-inspection-5-regulator-returned-en');
    await reg.screenshot({ path: file, fullPage: true });
    expect(fs.statSync(file).size).toBeGreaterThan(10_000);

    // 7. Another insurer sees neither the notice nor the report.
    const other = await signedIn('syrs-submitter', '/self-inspection');
    await other.waitForSelector('[data-testid=notice-empty]');
    await other.goto(`${t.baseUrl}/self-inspection/${reportId}`, { waitUntil: 'networkidle0' });
    await other.waitForSelector('[data-testid=report-error]');
    expect(await text(other, '[data-testid=report-error]')).toContain('自查报告不存在');

    expect(consoleErrors.filter((e) => !e.includes('404') && !e.includes('400'))).toEqual([]);
  });
});
