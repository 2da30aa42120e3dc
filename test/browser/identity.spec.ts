import type { Browser, Page } from 'puppeteer-core';
import { startTestApp, type TestApp } from '../support/app';
import { seedOrgAndUsers, STANDARD_SEED } from '../support/auth';
import { launchBrowser, requireClientBuild, screenshotPath } from '../support/browser';
import { createTestDatabase, type TestDatabase } from '../support/database';

/** A valid unified social credit code (both check characters) that the seed does not use. */
const VALID_CODE = '91110000MA01ABCD52';

/** A regulator admin creates an insurer and its two users in the UI; the new submitter sees only its own organisation. */
describe('browser journey: onboarding an insurer', () => {
  let db: TestDatabase;
  let t: TestApp;
  let browser: Browser;

  beforeAll(async () => {
    db = await createTestDatabase();
    // An existing insurer whose data the new one must never see.
    await seedOrgAndUsers(db.url, STANDARD_SEED);
    t = await startTestApp(db.url, { CLIENT_DIST: requireClientBuild() });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await db?.drop();
  });

  async function signIn(page: Page, username: string, password: string): Promise<void> {
    await page.goto(`${t.baseUrl}/login`, { waitUntil: 'networkidle0' });
    await page.type('#username', username);
    await page.type('#password', password);
    await Promise.all([
      page.waitForNavigation({ waitUntil: 'networkidle0' }),
      page.click('form button[type=submit]'),
    ]);
  }

  async function fill(page: Page, selector: string, value: string): Promise<void> {
    await page.$eval(selector, (el) => ((el as HTMLInputElement).value = ''));
    await page.type(selector, value);
  }

  it('creates the insurer and its users, then the submitter sees only its organisation', async () => {
    const admin = await (await browser.createBrowserContext()).newPage();
    await admin.setViewport({ width: 1280, height: 1000 });
    await signIn(admin, 'reg-admin', 'reg-admin-password-1');
    expect(admin.url()).toContain('/regulator');
    await Promise.all([
      admin.waitForNavigation({ waitUntil: 'networkidle0' }),
      admin.click('a[href="/admin"]'),
    ]);

    // A mistyped code first: the form says why, in both languages.
    await fill(admin, '#org-code', '91110000MA01ABCD1X');
    await fill(admin, '#org-name', '新设人寿保险股份有限公司');
    await admin.select('#org-group', 'life');
    await admin.$eval('#org-founded', (el) => {
      const input = el as HTMLInputElement;
      input.value = '2021-06-18';
      input.dispatchEvent(new Event('input', { bubbles: true }));
    });
    await admin.click('[data-testid=org-form] button[type=submit]');
    await admin.waitForSelector('[data-testid=org-form] .error');
    expect(await admin.$eval('[data-testid=org-form] .error', (el) => el.textContent)).toMatch(
      /统一社会信用代码无效.*Invalid/,
    );

    await fill(admin, '#org-code', VALID_CODE);
    await admin.click('[data-testid=org-form] button[type=submit]');
    await admin.waitForFunction(() =>
      document.querySelector('[data-testid=org-table]')?.textContent?.includes('新设人寿'),
    );

    for (const [username, role] of [
      ['xinshe-submitter', 'insurer_submitter'],
      ['xinshe-approver', 'insurer_approver'],
    ] as const) {
      await fill(admin, '#user-name', username);
      await fill(admin, '#user-password', 'xinshe-password-2026');
      await admin.select('#user-role', role);
      await admin.select('#user-org', VALID_CODE);
      await admin.click('[data-testid=user-form] button[type=submit]');
      await admin.waitForFunction(
        (u) => document.querySelector('[data-testid=user-table]')?.textContent?.includes(u),
        {},
        username,
      );
    }
    expect(await admin.$eval('[data-testid=signed-in-user]', (el) => el.textContent)).toContain('reg-admin');
    await admin.screenshot({ path: screenshotPath('admin-onboarding'), fullPage: true });

    const submitter = await (await browser.createBrowserContext()).newPage();
    await signIn(submitter, 'xinshe-submitter', 'xinshe-password-2026');
    expect(submitter.url()).toContain('/insurer');
    await submitter.waitForSelector('[data-testid=my-org] .org-name');
    await submitter.screenshot({ path: screenshotPath('insurer-my-org'), fullPage: true });
    expect(await submitter.$eval('[data-testid=my-org] .org-name', (el) => el.textContent)).toBe(
      '新设人寿保险股份有限公司',
    );
    await submitter.waitForFunction(
      () => document.querySelectorAll('[data-testid=colleagues] li').length === 2,
    );
    const colleagues = await submitter.$eval('[data-testid=colleagues]', (el) => el.textContent ?? '');
    expect(colleagues).toContain('xinshe-approver');
    expect(colleagues).not.toContain('life-submitter'); // another insurer's user
    expect(await submitter.content()).not.toContain(STANDARD_SEED.orgs[0].name);
    // The regulator pages are not for insurers.
    await submitter.goto(`${t.baseUrl}/admin`, { waitUntil: 'networkidle0' });
    expect(submitter.url()).toContain('/login');
    expect(await submitter.$eval('.notice', (el) => el.textContent)).toContain('无权访问');
  });
});
