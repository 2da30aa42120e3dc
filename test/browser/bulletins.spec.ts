/* eslint-disable @typescript-eslint/no-explicit-any */
import { createHash } from 'node:crypto';
import type { Browser, Page } from 'puppeteer-core';
import type { OrgGroup } from '../../server/src/app/bulletins/bulletin-data';
import { seededFixtureStats, startBulletinTestApp } from '../pdf/bulletin-app';
import type { TestApp } from '../support/app';
import { seedOrgAndUsers, STANDARD_SEED } from '../support/auth';
import { launchBrowser, requireClientBuild, screenshotPath } from '../support/browser';
import { createTestDatabase, type TestDatabase } from '../support/database';

const LIFE = STANDARD_SEED.orgs[0];

/**
 * A bulletin in the browser: the public page is honestly empty; the analyst drafts the bulletin with
 * inspection findings; the life insurer previews its own figures and disputes one; the administrator sees
 * the dispute and publishes; the public page then lists it with its downloads and SHA-256, in both languages.
 */
describe('browser journey: a semiannual bulletin', () => {
  let db: TestDatabase;
  let t: TestApp;
  let browser: Browser;
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    await seedOrgAndUsers(db.url, STANDARD_SEED);
    t = await startBulletinTestApp(
      db.url,
      {
        periodStats: async (period: string, group?: OrgGroup) => seededFixtureStats(period, group ?? 'life'),
      },
      { CLIENT_DIST: requireClientBuild() },
    );
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await db?.drop();
  });

  async function page(): Promise<Page> {
    const p = await (await browser.createBrowserContext()).newPage();
    p.on('console', (m) => m.type() === 'error' && consoleErrors.push(m.text()));
    p.on('pageerror', (e) => consoleErrors.push(String(e)));
    p.on('dialog', (d) => void d.accept());
    await p.setViewport({ width: 1280, height: 1100 });
    return p;
  }

  async function signedIn(username: string, password: string, path: string): Promise<Page> {
    const p = await page();
    await p.goto(`${t.baseUrl}/login?returnUrl=${encodeURIComponent(path)}`, { waitUntil: 'networkidle0' });
    await p.type('#username', username);
    await p.type('#password', password);
    await Promise.all([
      p.waitForNavigation({ waitUntil: 'networkidle0' }),
      p.click('form button[type=submit]'),
    ]);
    if (!p.url().endsWith(path)) await p.goto(t.baseUrl + path, { waitUntil: 'networkidle0' });
    return p;
  }

  const text = (p: Page, selector: string) => p.$eval(selector, (el) => el.textContent ?? '');

  it('goes from an empty public page to a published bulletin with verified downloads', async () => {
    const visitor = await page();
    await visitor.goto(t.baseUrl + '/', { waitUntil: 'networkidle0' });
    await visitor.waitForSelector('[data-testid="bulletins-empty"]');

    // The analyst drafts the bulletin; the list follows the rendering until it is a draft.
    const analyst = await signedIn('reg-analyst', 'reg-analyst-password-1', '/bulletins');
    await analyst.type('[data-testid="bulletin-period"]', '2026H1');
    await analyst.type('input[name="documentNo"]', '京金发〔2026〕12号');
    await analyst.type('[data-testid="bulletin-findings"]', '一、部分公司回访录音调阅不全。');
    await analyst.click('[data-testid="bulletin-form"] button[type=submit]');
    await analyst.waitForSelector('[data-testid="bulletin-detail"]');
    await analyst.waitForFunction(
      () => document.querySelector('[data-testid="detail-status"]')?.textContent?.trim() === '草稿',
      { timeout: 60_000 },
    );
    await analyst.waitForSelector('[data-testid="detail-sha256"]');
    expect(await text(analyst, '[data-testid="bulletin-detail"]')).toContain('仅管理员可发布');
    await analyst.screenshot({ path: screenshotPath('bulletins-regulator-draft'), fullPage: true });

    // The life insurer previews its own figures and disputes one.
    const insurer = await signedIn('life-submitter', 'life-submitter-pass-1', '/bulletins');
    await insurer.waitForSelector('[data-testid="open-preview"]');
    await insurer.click('[data-testid="open-preview"]');
    await insurer.waitForSelector('[data-testid="preview-figures"]');
    expect(await text(insurer, '[data-testid="preview-org"]')).toBe(LIFE.name);
    const expected = (seededFixtureStats('2026H1', 'life') as { companies: any[] }).companies[0];
    const total = await text(insurer, 'tr[data-figure="complaints.total"] td.n');
    expect(total).toBe(expected.complaints.total.toLocaleString('en-US'));
    expect(await insurer.$$eval('[data-testid="preview-org"]', (els) => els.length)).toBe(1);
    await insurer.select('[data-testid="dispute-figure"]', 'complaints.total');
    await insurer.type('[data-testid="dispute-comment"]', '投诉总量含3件重复登记。');
    await insurer.click('[data-testid="dispute-form"] button[type=submit]');
    await insurer.waitForFunction(() =>
      document.querySelector('[data-testid="dispute-message"]')?.textContent?.includes('异议已提交'),
    );
    await insurer.screenshot({ path: screenshotPath('bulletins-insurer-preview'), fullPage: true });

    // The administrator sees the dispute and publishes.
    const admin = await signedIn('reg-admin', 'reg-admin-password-1', '/bulletins');
    await admin.waitForSelector('[data-testid="bulletin-row"] button');
    await admin.click('[data-testid="bulletin-row"] button');
    await admin.waitForSelector('[data-testid="dispute-list"]');
    expect(await text(admin, '[data-testid="dispute-list"]')).toContain('投诉总量含3件重复登记。');
    await admin.click('[data-testid="publish"]');
    await admin.waitForFunction(
      () => document.querySelector('[data-testid="detail-status"]')?.textContent?.trim() === '已发布',
    );
    const sha = (await text(admin, '[data-testid="detail-sha256"]')).trim();
    expect(sha).toMatch(/^[0-9a-f]{64}$/);

    // The public page lists it, with downloads whose PDF matches the SHA-256 shown.
    await visitor.goto(t.baseUrl + '/', { waitUntil: 'networkidle0' });
    await visitor.waitForSelector('[data-testid="published-bulletin"]');
    expect(await visitor.$('[data-testid="bulletins-empty"]')).toBeNull();
    expect((await text(visitor, '[data-testid="bulletin-sha256"]')).trim()).toBe(sha);
    const card = await text(visitor, '[data-testid="published-bulletin"]');
    expect(card).toContain('关于2026年上半年保险消费投诉及回访情况的通报');
    expect(card).toContain('第1版');
    const pdfHref = await visitor.$eval('[data-testid="download-pdf"]', (a) => (a as HTMLAnchorElement).href);
    const pdf = Buffer.from(await (await fetch(pdfHref)).arrayBuffer());
    expect(createHash('sha256').update(pdf).digest('hex')).toBe(sha);
    const csvHref = await visitor.$eval('[data-testid="download-csv"]', (a) => (a as HTMLAnchorElement).href);
    expect((await (await fetch(csvHref)).text()).startsWith('orgCode,name,')).toBe(true);
    await visitor.screenshot({ path: screenshotPath('bulletins-public-zh'), fullPage: true });

    // In English.
    await visitor.click('button.lang');
    await visitor.waitForFunction(() => document.body.textContent?.includes('Published bulletins'));
    expect(await text(visitor, '[data-testid="published-bulletin"]')).toContain('Edition 1');
    await visitor.screenshot({ path: screenshotPath('bulletins-public-en'), fullPage: true });
    expect(consoleErrors).toEqual([]);
  });
});
