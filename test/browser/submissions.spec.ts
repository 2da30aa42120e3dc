import fs from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, ElementHandle, Page } from 'puppeteer-core';
import { generateDemo, type ManifestFile } from '@portal/demo-data';
import { startTestApp, type TestApp } from '../support/app';
import { seedOrgAndUsers, STANDARD_SEED } from '../support/auth';
import { launchBrowser, requireClientBuild, screenshotPath } from '../support/browser';
import { createTestDatabase, type TestDatabase } from '../support/database';

const LIFE = STANDARD_SEED.orgs[0];

/**
 * 数据报送 in the browser: an insurer's submitter picks a generated callbacks file with known errors, sees the
 * browser pre-check's counts per rule (before anything is sent), uploads it and sees the server's report with
 * the same counts; uploads the corrected file (valid); the approver attests and submits it and gets a receipt
 * number. The public rule catalog lists every rule with its citation.
 */
describe('browser journey: upload, pre-check, report, sign-off', () => {
  let db: TestDatabase;
  let t: TestApp;
  let browser: Browser;
  let dir: string;
  let invalid: ManifestFile;
  let valid: ManifestFile;
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'submissions-journey-'));
    // MHRS is built with an invalid first upload of its 2026H1 callbacks; callbacks rows carry no org code,
    // so its files serve the seeded life insurer as they are.
    const manifest = await generateDemo({ outDir: dir, orgs: ['MHRS'], periods: ['2026H1'], scale: 0.25 });
    invalid = manifest.files.find((f) => f.kind === 'callbacks' && !f.valid)!;
    valid = manifest.files.find((f) => f.kind === 'callbacks' && f.valid)!;
    db = await createTestDatabase();
    await seedOrgAndUsers(db.url, STANDARD_SEED);
    t = await startTestApp(db.url, { CLIENT_DIST: requireClientBuild() });
    browser = await launchBrowser();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await db?.drop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  async function signedIn(
    username: string,
    password: string,
    to: string,
    downloadPath?: string,
  ): Promise<Page> {
    const context = await browser.createBrowserContext(
      downloadPath ? { downloadBehavior: { policy: 'allow', downloadPath } } : {},
    );
    const page = await context.newPage();
    page.on('console', (m) => m.type() === 'error' && consoleErrors.push(`${username}: ${m.text()}`));
    page.on('pageerror', (e) => consoleErrors.push(`${username}: ${String(e)}`));
    await page.setViewport({ width: 1280, height: 1100 });
    await page.goto(`${t.baseUrl}/login?returnUrl=${encodeURIComponent(to)}`, { waitUntil: 'networkidle0' });
    await page.type('#username', username);
    await page.type('#password', password);
    await Promise.all([
      page.waitForNavigation({ waitUntil: 'networkidle0' }),
      page.click('form button[type=submit]'),
    ]);
    if (!page.url().endsWith(to)) await page.goto(t.baseUrl + to, { waitUntil: 'networkidle0' });
    return page;
  }

  const text = (page: Page, selector: string) =>
    page.$eval(selector, (el) => (el as HTMLElement).innerText.trim());

  /** Rule code → count (and the pre-check's count, when shown) of a rule-counts table. */
  async function counts(page: Page, container: string): Promise<Record<string, number>> {
    return page.$$eval(`${container} tr[data-rule]`, (rows) =>
      Object.fromEntries(
        rows.map((r) => [
          r.getAttribute('data-rule'),
          Number((r.querySelector('[data-testid=rule-count]') as HTMLElement).innerText.replace(/,/g, '')),
        ]),
      ),
    );
  }

  /** What the generator planted: the findings of a valid file, the errors of an invalid first version. */
  function plantedCounts(f: ManifestFile): Record<string, number> {
    const out: Record<string, number> = {};
    for (const [rule, n] of Object.entries(f.expected?.findings ?? {})) if (n > 0) out[rule] = n;
    for (const e of f.expectedErrors ?? []) out[e.rule] = (out[e.rule] ?? 0) + 1;
    return out;
  }

  /** Picks a file, waits for the pre-check, returns its counts per rule. */
  async function precheck(page: Page, file: string): Promise<Record<string, number>> {
    const input = (await page.waitForSelector('#sub-file')) as ElementHandle<HTMLInputElement>;
    await input.uploadFile(file);
    await page.waitForSelector('[data-testid=precheck-summary]', { timeout: 60_000 });
    return counts(page, '[data-testid=precheck-counts]');
  }

  /** Uploads, follows to the report and waits for the server's validation to finish. */
  async function uploadAndWait(page: Page): Promise<string> {
    await page.click('[data-testid=upload-button]');
    await page.waitForFunction(() => /\/submissions\/[0-9a-f-]{36}$/.test(location.pathname), {
      timeout: 60_000,
    });
    await page.waitForFunction(
      () => {
        const s = document.querySelector('[data-testid=report-status]')?.textContent?.trim();
        return (
          !!s &&
          s !== '校验中' &&
          !!document.querySelector('[data-testid=report-counts], [data-testid=report-clean]')
        );
      },
      { timeout: 90_000 },
    );
    return page.url().split('/').pop()!;
  }

  it('pre-checks in the browser, uploads, reports the same counts, and the approver submits with attestation', async () => {
    const downloads = path.join(dir, 'downloads');
    fs.mkdirSync(downloads, { recursive: true });
    const sub = await signedIn('life-submitter', 'life-submitter-pass-1', '/submissions', downloads);
    await sub.waitForSelector('[data-testid=upload-card]');
    // the default period is the last half-year that has ended (2026H1 on the test machine's clock or later)
    const defaultPeriod = await sub.$eval('#sub-period', (el) => (el as HTMLSelectElement).value);
    expect(defaultPeriod).toMatch(/^\d{4}H[12]$/);
    if (defaultPeriod !== invalid.period) await sub.select('#sub-period', invalid.period);
    await sub.select('#sub-kind', 'callbacks');

    // 1. The invalid first version: pre-check counts = what the generator planted, before any upload.
    let uploads = 0;
    sub.on('request', (r) => r.method() === 'POST' && r.url().endsWith('/api/submissions') && uploads++);
    const pre1 = await precheck(sub, path.join(dir, invalid.path));
    const errorRules = Object.fromEntries(Object.entries(pre1).filter(([rule]) => /^(STR|PII)-/.test(rule)));
    expect(errorRules).toEqual(plantedCounts(invalid));
    expect(Object.keys(pre1).some((rule) => rule.startsWith('CB-'))).toBe(true);
    expect(uploads).toBe(0);
    expect(Number(await text(sub, '[data-testid=precheck-row-count]'))).toBe(invalid.rows);
    expect(await text(sub, '[data-testid=precheck-verdict]')).toContain('发现数据错误');
    // titles and citations come with the counts
    const cb = await text(sub, '[data-testid=precheck-counts] tr[data-rule="STR-005"]');
    expect(cb).toContain('重复');
    await sub.screenshot({ path: screenshotPath('submissions-1-precheck-invalid'), fullPage: true });

    // 2. Upload it: the server's report has the same counts, and says so.
    const id1 = await uploadAndWait(sub);
    expect(uploads).toBe(1);
    expect(await text(sub, '[data-testid=report-status]')).toBe('未通过校验');
    expect(await text(sub, '[data-testid=report-header]')).toContain(LIFE.code);
    expect(await counts(sub, '[data-testid=report-counts]')).toEqual(pre1);
    expect(await sub.$eval('[data-testid=precheck-compare]', (el) => el.getAttribute('data-agrees'))).toBe(
      'true',
    );
    const errors = Number((await text(sub, '[data-testid=report-errors]')).replace(/,/g, ''));
    expect(errors).toBe((invalid.expectedErrors ?? []).length);
    // the issue list: filtered to PII-001, the values are masked
    await sub.select('#issue-rule', 'PII-001');
    await sub.click('[data-testid=issue-filters] button[type=submit]');
    await sub.waitForFunction(() =>
      Array.from(document.querySelectorAll('[data-testid=issue-table] tbody tr[data-rule]')).every(
        (r) => r.getAttribute('data-rule') === 'PII-001',
      ),
    );
    const issueText = await text(sub, '[data-testid=issue-table]');
    for (const e of invalid.expectedErrors ?? [])
      if (e.rule === 'PII-001') expect(issueText).not.toContain(e.value);
    expect(issueText).toContain('*');
    await sub.click('[data-testid=issue-table] tbody tr button.linkish');
    await sub.waitForSelector('[data-testid=issue-detail]');
    expect(await text(sub, '[data-testid=issue-citation]')).not.toBe('—');
    // the full report downloads (bearer token: fetched, then saved from a blob)
    await sub.click('[data-testid=download-csv]');
    const deadline = Date.now() + 30_000;
    let saved: string[] = [];
    while (Date.now() < deadline) {
      saved = (await readdir(downloads)).filter((f) => f.endsWith('.csv'));
      if (saved.length > 0) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(saved).toHaveLength(1);
    const csv = fs.readFileSync(path.join(downloads, saved[0]), 'utf8');
    expect(csv).toContain('PII-001');
    for (const e of invalid.expectedErrors ?? [])
      if (e.rule === 'PII-001') expect(csv).not.toContain(e.value);
    await sub.screenshot({ path: screenshotPath('submissions-2-report-invalid'), fullPage: true });

    // 3. The corrected file: no errors in the pre-check, valid on the server, same counts again.
    await sub.goto(t.baseUrl + '/submissions', { waitUntil: 'networkidle0' });
    if ((await sub.$eval('#sub-period', (el) => (el as HTMLSelectElement).value)) !== valid.period)
      await sub.select('#sub-period', valid.period);
    const pre2 = await precheck(sub, path.join(dir, valid.path));
    expect(pre2).toEqual(plantedCounts(valid));
    expect(await text(sub, '[data-testid=precheck-errors]')).toBe('0');
    // a slow line, so the upload progress bar is seen moving
    await sub.emulateNetworkConditions({ download: 10_000_000, upload: 60_000, latency: 20 });
    const progressSeen = sub
      .waitForFunction(
        () =>
          Number(
            (document.querySelector('[data-testid=upload-progress]') as HTMLProgressElement | null)?.value,
          ) > 0,
        { timeout: 30_000 },
      )
      .then(() => true);
    const id2 = await uploadAndWait(sub);
    expect(await progressSeen).toBe(true);
    await sub.emulateNetworkConditions(null);
    expect(id2).not.toBe(id1);
    expect(await text(sub, '[data-testid=report-status]')).toBe('校验通过');
    expect(await counts(sub, '[data-testid=report-counts]')).toEqual(pre2);
    expect(await sub.$eval('[data-testid=precheck-compare]', (el) => el.getAttribute('data-agrees'))).toBe(
      'true',
    );
    expect(await text(sub, '[data-testid=needs-approver]')).toContain('审核人');
    expect(await sub.$('[data-testid=submit-button]')).toBeNull();

    // the history lists both versions
    await sub.goto(t.baseUrl + '/submissions', { waitUntil: 'networkidle0' });
    await sub.waitForSelector(`tr[data-submission="${id2}"]`);
    expect(await text(sub, `tr[data-submission="${id1}"] [data-testid=history-status]`)).toBe('未通过校验');
    expect(await text(sub, `tr[data-submission="${id2}"] [data-testid=history-status]`)).toBe('校验通过');
    expect(await sub.$eval(`tr[data-submission="${id2}"]`, (el) => el.getAttribute('data-version'))).toBe(
      '2',
    );

    // 4. The approver attests and submits; the receipt number and SHA-256 are shown.
    const app = await signedIn('life-approver', 'life-approver-pass-1', `/submissions/${id2}`);
    await app.waitForSelector('[data-testid=submit-card]');
    expect(await app.$eval('[data-testid=submit-button]', (el) => (el as HTMLButtonElement).disabled)).toBe(
      true,
    );
    expect(await text(app, '[data-testid=submit-card]')).toContain('真实、完整、准确');
    expect(await text(app, '[data-testid=submit-card]')).toContain('true, complete and accurate');
    await app.click('#attest');
    await app.click('[data-testid=submit-button]');
    await app.waitForSelector('[data-testid=receipt-no]');
    const receiptNo = await text(app, '[data-testid=receipt-no]');
    expect(receiptNo.length).toBeGreaterThan(5);
    expect(await text(app, '[data-testid=receipt-sha256]')).toBe(valid.sha256);
    await app.waitForFunction(
      () => document.querySelector('[data-testid=report-status]')?.textContent?.trim() === '已报送',
    );
    await app.screenshot({ path: screenshotPath('submissions-3-submitted'), fullPage: true });
    // in the history, with its receipt number; in English on request
    await app.goto(t.baseUrl + '/submissions', { waitUntil: 'networkidle0' });
    await app.waitForSelector(`tr[data-submission="${id2}"]`);
    expect(await text(app, `tr[data-submission="${id2}"]`)).toContain(receiptNo);
    expect(await app.$('[data-testid=upload-card]')).toBeNull();
    await app.click('button.lang');
    await app.waitForFunction(() => document.documentElement.lang === 'en');
    expect(await text(app, `tr[data-submission="${id2}"] [data-testid=history-status]`)).toBe('Submitted');
    await app.screenshot({ path: screenshotPath('submissions-4-history-en'), fullPage: true });

    // 5. A regulator reads the report; the other insurer gets a 404 for it.
    const reg = await signedIn('reg-analyst', 'reg-analyst-password-1', `/submissions/${id2}`);
    await reg.waitForSelector('[data-testid=report-counts]');
    expect(await text(reg, '[data-testid=report-status]')).toBe('已报送');
    expect(await text(reg, '[data-testid=report-receipt]')).toBe(receiptNo);
    const other = await signedIn('prop-submitter', 'prop-submitter-pass-1', `/submissions/${id2}`);
    await other.waitForSelector('[data-testid=report-error]');
    expect(await other.$('[data-testid=report-header]')).toBeNull();
    consoleErrors.splice(
      0,
      consoleErrors.length,
      ...consoleErrors.filter((e) => !(e.startsWith('prop-submitter:') && e.includes('404'))),
    );
    expect(consoleErrors).toEqual([]);
  }, 300_000);

  it('shows the public rule catalog with citations and parameters', async () => {
    const page = await (await browser.createBrowserContext()).newPage();
    page.on('pageerror', (e) => consoleErrors.push(`rules: ${String(e)}`));
    await page.setViewport({ width: 1280, height: 1000 });
    await page.goto(`${t.baseUrl}/rules`, { waitUntil: 'networkidle0' });
    await page.waitForSelector('[data-testid=rules-finding] tr[data-rule="CB-02"]');
    const cb02 = await text(page, 'tr[data-rule="CB-02"]');
    expect(cb02).toContain('人身保险业务基本服务规定');
    expect(await text(page, 'tr[data-rule="CB-C1"]')).toContain('minSuccessRate = 0.9');
    const codes = await page.$$eval('tr[data-rule]', (rows) => rows.map((r) => r.getAttribute('data-rule')));
    for (const code of [
      'STR-001',
      'STR-010',
      'PII-001',
      'CB-01',
      'CB-11',
      'CL-01',
      'CP-01',
      'CP-03',
      'CP-C1',
    ])
      expect(codes).toContain(code);
    expect(await text(page, '[data-testid=catalog-version]')).toBe('v1');
    await page.screenshot({ path: screenshotPath('submissions-5-rules'), fullPage: true });
    expect(consoleErrors).toEqual([]);
  });
});
