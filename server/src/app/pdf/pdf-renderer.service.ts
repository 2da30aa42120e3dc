import { Inject, Injectable, Logger, type OnModuleDestroy, Optional } from '@nestjs/common';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Browser, HTTPRequest } from 'puppeteer-core';
import { notoSansScFonts } from './fonts';
import { loadPdfConfig, type PdfConfig } from './pdf.config';
import { TemplateEngine } from './template-engine';

export const PDF_CONFIG = Symbol('PDF_CONFIG');

export type PdfFailure = 'timeout' | 'template' | 'browser';

/** A render that did not produce a PDF; `message` is bilingual and safe to show to the regulator. */
export class PdfRenderError extends Error {
  constructor(
    message: string,
    readonly reason: PdfFailure,
  ) {
    super(message);
  }
}

/** What one render job asked the network for: only our own file:// assets and data: URLs are let through. */
export interface RenderReport {
  /** file:// (our fonts and templates) and data: URLs the page loaded. */
  allowed: string[];
  /** Everything else the page tried to load; each was aborted before it left the browser. */
  blocked: string[];
  /** Wall time of the job, and of its phases (filling the template, loading the page with its fonts, printing). */
  ms: number;
  phases: { templateMs: number; loadMs: number; printMs: number };
}

export interface RenderResult {
  pdf: Buffer;
  html: string;
  report: RenderReport;
}

const LAUNCH_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-default-apps',
  '--disable-extensions',
  '--disable-domain-reliability',
  '--no-first-run',
  '--no-pings',
  '--disable-quic',
  '--mute-audio',
];

interface BrowserSlot {
  browser: Browser;
  jobs: number;
  active: number;
  retired: boolean;
}

export function chromePath(configured?: string): string {
  const candidates = [configured, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];
  const found = candidates.find((p): p is string => !!p && fs.existsSync(p));
  if (!found) {
    throw new PdfRenderError(
      '找不到 Chromium：请安装 chromium 或设置 CHROME_PATH / Chromium not found: install chromium or set CHROME_PATH',
      'browser',
    );
  }
  return found;
}

/**
 * Renders Handlebars templates to PDF with one long-lived headless Chromium (puppeteer-core).
 * Each job gets a fresh browser context (no cookies, cache or storage shared between documents), with
 * JavaScript disabled and every request intercepted: only data: URLs and files under the font and template
 * directories load; anything else is aborted and counted. The page first navigates to a file:// blank page so
 * the file:// fonts are same-origin (stack-notes §1), page numbers come from CSS @page margin boxes, and the
 * PDF is tagged with an outline built from the headings. The browser is relaunched after `recycleAfter` jobs
 * and closed when the module is destroyed (launched without puppeteer's signal handlers, pitfall P5).
 */
@Injectable()
export class PdfRenderer implements OnModuleDestroy {
  private readonly log = new Logger('PdfRenderer');
  readonly config: PdfConfig;
  readonly templates: TemplateEngine;
  private slot: BrowserSlot | null = null;
  private launching: Promise<BrowserSlot> | null = null;
  private running = 0;
  private readonly waiting: (() => void)[] = [];
  private destroyed = false;
  private counters = { jobs: 0, launches: 0, blocked: 0, failures: 0 };

  constructor(@Optional() @Inject(PDF_CONFIG) config?: PdfConfig) {
    this.config = config ?? loadPdfConfig();
    this.templates = new TemplateEngine(this.config.templatesDir);
  }

  /** The PDF of template `templateName` filled with `data`. */
  async render(templateName: string, data: Record<string, unknown>): Promise<Buffer> {
    return (await this.renderWithReport(templateName, data)).pdf;
  }

  /** Same as `render`, with the final HTML and what the page asked the network for. */
  async renderWithReport(templateName: string, data: Record<string, unknown>): Promise<RenderResult> {
    let html: string;
    const started = Date.now();
    try {
      html = this.templates.html(templateName, data);
    } catch (err) {
      throw new PdfRenderError(
        `模板填充失败 / Template failed: ${(err as Error).message}`.slice(0, 500),
        'template',
      );
    }
    const templateMs = Date.now() - started;
    const { pdf, report } = await this.printHtml(html);
    report.phases.templateMs = templateMs;
    report.ms += templateMs;
    return { pdf, html, report };
  }

  /** Prints a complete HTML document (fonts inlined) under the same rules as a template. */
  async printHtml(html: string): Promise<{ pdf: Buffer; report: RenderReport }> {
    if (this.destroyed) throw new PdfRenderError('渲染服务已关闭 / The renderer has shut down', 'browser');
    await this.acquire();
    try {
      return await this.job(html);
    } finally {
      this.release();
    }
  }

  /** Jobs run, browsers launched, requests blocked and jobs failed since start. */
  totals(): { jobs: number; launches: number; blocked: number; failures: number } {
    return { ...this.counters };
  }

  async onModuleDestroy(): Promise<void> {
    this.destroyed = true;
    const slot = this.slot ?? (this.launching ? await this.launching.catch(() => null) : null);
    this.slot = null;
    if (slot) await this.closeBrowser(slot.browser);
  }

  private async job(html: string): Promise<{ pdf: Buffer; report: RenderReport }> {
    const started = Date.now();
    const slot = await this.browserSlot();
    slot.jobs++;
    slot.active++;
    this.counters.jobs++;
    const report: RenderReport = {
      allowed: [],
      blocked: [],
      ms: 0,
      phases: { templateMs: 0, loadMs: 0, printMs: 0 },
    };
    const context = await slot.browser.createBrowserContext();
    let timer: NodeJS.Timeout | undefined;
    try {
      const work = (async () => {
        const page = await context.newPage();
        await page.setJavaScriptEnabled(false);
        await page.setRequestInterception(true);
        page.on('request', (req: HTTPRequest) => this.screen(req, report));
        const loading = Date.now();
        await page.goto(pathToFileURL(this.templates.blankPage()).href, { waitUntil: 'load' });
        await page.setContent(html, { waitUntil: 'load', timeout: this.config.timeoutMs });
        const printing = Date.now();
        report.phases.loadMs = printing - loading;
        const pdf = await page.pdf({
          printBackground: true,
          preferCSSPageSize: true,
          displayHeaderFooter: false,
          outline: true,
          tagged: true,
          waitForFonts: true,
          timeout: this.config.timeoutMs,
        });
        report.phases.printMs = Date.now() - printing;
        return Buffer.from(pdf);
      })();
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () =>
            reject(
              new PdfRenderError(
                `PDF 渲染超时（${this.config.timeoutMs} 毫秒）/ PDF rendering timed out after ${this.config.timeoutMs} ms`,
                'timeout',
              ),
            ),
          this.config.timeoutMs,
        );
      });
      work.catch(() => undefined); // settled by the race below; keep a late rejection from going unhandled
      const pdf = await Promise.race([work, timeout]);
      report.ms = Date.now() - started;
      this.counters.blocked += report.blocked.length;
      return { pdf, report };
    } catch (err) {
      this.counters.failures++;
      // A browser that timed out or crashed may be wedged: retire it so the next job gets a fresh one.
      slot.retired = true;
      if (err instanceof PdfRenderError) throw err;
      throw new PdfRenderError(
        `PDF 渲染失败 / PDF rendering failed: ${(err as Error).message}`.slice(0, 500),
        'browser',
      );
    } finally {
      clearTimeout(timer);
      await context.close().catch(() => undefined);
      slot.active--;
      if (slot.jobs >= this.config.recycleAfter) slot.retired = true;
      if (slot.retired && slot.active === 0) {
        if (this.slot === slot) this.slot = null;
        await this.closeBrowser(slot.browser);
      }
    }
  }

  /** Lets through data: URLs and files under our font and template directories; aborts the rest. */
  private screen(req: HTTPRequest, report: RenderReport): void {
    const url = req.url();
    if (this.isOwnAsset(url)) {
      report.allowed.push(url.startsWith('data:') ? url.slice(0, 40) : url);
      void req.continue().catch(() => undefined);
    } else {
      report.blocked.push(url);
      void req.abort('blockedbyclient').catch(() => undefined);
    }
  }

  private isOwnAsset(url: string): boolean {
    if (url.startsWith('data:')) return true;
    if (!url.startsWith('file://')) return false;
    let file: string;
    try {
      file = path.resolve(fileURLToPath(url));
    } catch {
      return false;
    }
    return [notoSansScFonts().dir, this.config.templatesDir].some((dir) => {
      const rel = path.relative(dir, file);
      return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
    });
  }

  private async browserSlot(): Promise<BrowserSlot> {
    if (this.slot && !this.slot.retired && this.slot.browser.connected) return this.slot;
    if (this.slot && !this.slot.browser.connected) this.slot = null;
    if (!this.launching) {
      this.launching = this.launch().finally(() => {
        this.launching = null;
      });
    }
    const slot = await this.launching;
    return slot;
  }

  private async launch(): Promise<BrowserSlot> {
    let browser: Browser;
    try {
      // Loaded on the first rendering (~21 MB of RSS): most server processes never render a PDF.
      const { default: puppeteer } = await import('puppeteer-core');
      browser = await puppeteer.launch({
        executablePath: chromePath(this.config.chromePath),
        headless: true,
        // DevTools over a pipe (fds 3/4) rather than a WebSocket: Chromium exits as soon as the pipe closes,
        // so a server killed with SIGKILL (no shutdown hook runs) leaves no orphaned browser behind.
        pipe: true,
        args: LAUNCH_ARGS,
        handleSIGINT: false,
        handleSIGTERM: false,
        handleSIGHUP: false,
        protocolTimeout: Math.max(this.config.timeoutMs * 2, 60_000),
      });
    } catch (err) {
      if (err instanceof PdfRenderError) throw err;
      throw new PdfRenderError(
        `无法启动 Chromium / Cannot start Chromium: ${(err as Error).message}`.slice(0, 500),
        'browser',
      );
    }
    this.counters.launches++;
    const slot: BrowserSlot = { browser, jobs: 0, active: 0, retired: false };
    browser.on('disconnected', () => {
      slot.retired = true;
      if (this.slot === slot) this.slot = null;
    });
    if (this.destroyed) {
      await this.closeBrowser(browser);
      throw new PdfRenderError('渲染服务已关闭 / The renderer has shut down', 'browser');
    }
    this.slot = slot;
    return slot;
  }

  /** Closes Chromium; one that does not close within 5 s (e.g. wedged by a runaway job) is killed. */
  private async closeBrowser(browser: Browser): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        browser.close(),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error('close timed out after 5 s')), 5000);
        }),
      ]);
    } catch (err) {
      this.log.warn(`closing Chromium failed: ${(err as Error).message}`);
      browser.process()?.kill('SIGKILL');
    } finally {
      clearTimeout(timer);
    }
  }

  private acquire(): Promise<void> {
    if (this.running < this.config.concurrency) {
      this.running++;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.running--;
  }
}
