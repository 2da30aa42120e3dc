import fs from 'node:fs';
import type { Browser } from 'puppeteer-core';
import { startTestApp, type TestApp } from '../support/app';
import { launchBrowser, requireClientBuild, screenshotPath } from '../support/browser';
import { createTestDatabase, type TestDatabase } from '../support/database';

describe('browser smoke: the public landing page', () => {
  let db: TestDatabase;
  let t: TestApp;
  let browser: Browser;

  beforeAll(async () => {
    db = await createTestDatabase();
    t = await startTestApp(db.url, { CLIENT_DIST: requireClientBuild() });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await db?.drop();
  });

  it('opens / and shows visible Chinese text, then switches to English', async () => {
    const page = await browser.newPage();
    const consoleErrors: string[] = [];
    page.on('console', (m) => m.type() === 'error' && consoleErrors.push(m.text()));
    page.on('pageerror', (e) => consoleErrors.push(String(e)));
    await page.setViewport({ width: 1280, height: 900 });
    await page.goto(t.baseUrl + '/', { waitUntil: 'networkidle0' });

    const heading = await page.waitForSelector('h1', { visible: true });
    const text = await heading!.evaluate((el) => el.textContent ?? '');
    expect(text).toMatch(/[\u4e00-\u9fff]{4,}/);
    expect(await page.$eval('html', (el) => el.lang)).toBe('zh-CN');
    expect(await page.title()).toBe('回访与投诉监管报送平台');
    const empty = await page.$eval('[data-testid="bulletins-empty"]', (el) => (el as HTMLElement).innerText);
    expect(empty).toContain('尚未发布任何通报');

    const file = screenshotPath('home-zh');
    await page.screenshot({ path: file, fullPage: true });
    expect(fs.statSync(file).size).toBeGreaterThan(10_000);

    await page.click('button.lang');
    await page.waitForFunction(() => document.documentElement.lang === 'en');
    expect(await page.$eval('h1', (el) => el.textContent)).toContain('Semiannual bulletins');
    await page.screenshot({ path: screenshotPath('home-en'), fullPage: true });
    expect(consoleErrors).toEqual([]);
    await page.close();
  });

  it('serves client-side routes through index.html and keeps /api 404s in JSON', async () => {
    const context = await browser.createBrowserContext(); // fresh storage: no language remembered
    const page = await context.newPage();
    const res = await page.goto(t.baseUrl + '/login', { waitUntil: 'networkidle0' });
    expect(res?.status()).toBe(200);
    expect(await page.$eval('h1', (el) => el.textContent)).toContain('登录');
    const api = await fetch(`${t.baseUrl}/api/unknown`);
    expect(api.headers.get('content-type')).toContain('application/json');
    await context.close();
  });
});
