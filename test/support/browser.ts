import fs from 'node:fs';
import path from 'node:path';
import puppeteer, { type Browser } from 'puppeteer-core';

export const SCREENSHOT_DIR = path.resolve(__dirname, '../../test-output/screenshots');
export const CLIENT_DIST = path.resolve(__dirname, '../../dist/client/browser');

export function chromiumPath(): string {
  const candidates = [
    process.env.CHROME_PATH,
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
    '/usr/bin/google-chrome',
  ];
  const found = candidates.find((p): p is string => !!p && fs.existsSync(p));
  if (!found)
    throw new Error(
      '找不到 Chromium：请安装 Debian 的 chromium 包或设置 CHROME_PATH / Chromium not found: apt-get install chromium, or set CHROME_PATH',
    );
  return found;
}

export function requireClientBuild(): string {
  if (!fs.existsSync(path.join(CLIENT_DIST, 'index.html'))) {
    throw new Error(
      '前端未构建：npm test 会先构建前端 / client not built: `npm test` builds it first (or run `npx nx build client`)',
    );
  }
  return CLIENT_DIST;
}

/** Headless Chromium as a person's browser would be, minus the network beyond loopback. */
export async function launchBrowser(): Promise<Browser> {
  return puppeteer.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
      '--lang=zh-CN',
    ],
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
  });
}

export function screenshotPath(name: string): string {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  return path.join(SCREENSHOT_DIR, `${name}.png`);
}
