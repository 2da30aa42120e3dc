import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { PdfRenderer, PdfRenderError } from '../../server/src/app/pdf/pdf-renderer.service';
import type { PdfConfig } from '../../server/src/app/pdf/pdf.config';
import { notoSansScFonts } from '../../server/src/app/pdf/fonts';
import { pdfFonts, pdfText } from './pdf-inspect';

const TEMPLATES = path.resolve(__dirname, '../../templates');

/**
 * The shared PDF renderer with real Chromium: nothing leaves the machine (every request is counted; only
 * our own file:// assets and data: URLs load), JavaScript is off, values are escaped, strict templates,
 * timeouts fail clearly, and the one long-lived browser is recycled and closed.
 */
describe('PdfRenderer', () => {
  let dir: string;
  let server: http.Server;
  let port: number;
  const hits: string[] = [];
  const renderers: PdfRenderer[] = [];

  const renderer = (over: Partial<PdfConfig> = {}) => {
    const r = new PdfRenderer({
      templatesDir: dir,
      timeoutMs: 30_000,
      recycleAfter: 50,
      concurrency: 1,
      ...over,
    });
    renderers.push(r);
    return r;
  };
  const template = (name: string, body: string) => {
    fs.mkdirSync(path.join(dir, name), { recursive: true });
    fs.writeFileSync(path.join(dir, name, 'document.hbs'), body);
  };

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pdf-templates-'));
    fs.cpSync(path.join(TEMPLATES, 'shared'), path.join(dir, 'shared'), { recursive: true });
    server = http.createServer((req, res) => {
      hits.push(req.url ?? '');
      res.end('x');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as { port: number }).port;
    template('plain', '<h1>{{title}}</h1><h2>第一节</h2><p>{{text}}</p>');
    template(
      'leaky',
      [
        '<h1>{{title}}</h1>',
        `<link rel="stylesheet" href="http://127.0.0.1:${port}/style.css">`,
        `<style>@import url("http://127.0.0.1:${port}/import.css"); p { background: url("http://127.0.0.1:${port}/bg.png"); }</style>`,
        `<img src="http://127.0.0.1:${port}/img.png"><img src="https://example.invalid/remote.png">`,
        `<iframe src="http://127.0.0.1:${port}/frame.html"></iframe>`,
        `<img src="${pathToFileURL('/etc/hostname').href}">`,
        '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">',
        '<p>正文 {{title}}</p>',
      ].join('\n'),
    );
    template(
      'scripted',
      '<h1>{{title}}</h1><p id="t">静态文本</p><script>document.getElementById("t").textContent = "SCRIPT-RAN";</script>',
    );
    template('strict', '<h1>{{title}}</h1><p>{{missing.field}}</p>');
    template(
      'big',
      '<h1>{{title}}</h1><table><thead><tr><th>序号</th><th>名称</th></tr></thead><tbody>{{#each rows}}<tr><td>{{this}}</td><td>长乐人寿保险股份有限公司</td></tr>{{/each}}</tbody></table>',
    );
  });
  afterAll(async () => {
    for (const r of renderers) await r.onModuleDestroy();
    server.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('renders Chinese with the embedded font, escaping every value', async () => {
    const r = renderer();
    const { pdf, report } = await r.renderWithReport('plain', {
      title: '关于2026年上半年保险消费投诉及回访情况的通报',
      text: '<b>不加粗</b> & "引号" 骉①②③',
    });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const text = pdfText(pdf, false);
    expect(text).toContain('关于2026年上半年保险消费投诉及回访情况的通报');
    expect(text).toContain('<b>不加粗</b> & "引号"');
    expect(pdfFonts(pdf)).toMatch(/NotoSansSC/);
    expect(report.blocked).toEqual([]);
    expect(report.allowed.length).toBeGreaterThan(1);
  });

  it('lets nothing leave the machine: every other request is aborted and counted, and the server never sees one', async () => {
    const r = renderer();
    const { pdf, report } = await r.renderWithReport('leaky', { title: '外链测试' });
    expect(pdfText(pdf, false)).toContain('正文 外链测试');
    expect(hits).toEqual([]);
    expect(report.blocked).toEqual(
      expect.arrayContaining([
        `http://127.0.0.1:${port}/style.css`,
        `http://127.0.0.1:${port}/img.png`,
        'https://example.invalid/remote.png',
        `http://127.0.0.1:${port}/frame.html`,
        pathToFileURL('/etc/hostname').href,
      ]),
    );
    // Only our own files (the blank page, the fonts) and data: URLs were let through.
    const fontDir = pathToFileURL(notoSansScFonts().dir).href;
    const templateDir = pathToFileURL(dir).href;
    for (const url of report.allowed) {
      expect(
        url.startsWith('data:') || url.startsWith(fontDir + '/') || url.startsWith(templateDir + '/'),
      ).toBe(true);
    }
    expect(r.totals().blocked).toBe(report.blocked.length);
  });

  it('runs no JavaScript', async () => {
    const { pdf } = await renderer().renderWithReport('scripted', { title: '脚本' });
    const text = pdfText(pdf, false);
    expect(text).toContain('静态文本');
    expect(text).not.toContain('SCRIPT-RAN');
  });

  it('fails clearly on a missing field (strict mode) and on an unknown template', async () => {
    const r = renderer();
    const failure = r.render('strict', { title: 'x' });
    await expect(failure).rejects.toMatchObject({ reason: 'template' });
    await expect(failure).rejects.toThrow(/模板填充失败 \/ Template failed: "field" not defined/);
    await expect(r.render('no-such-template', {})).rejects.toBeInstanceOf(PdfRenderError);
    await expect(r.render('../shared', {})).rejects.toMatchObject({ reason: 'template' });
  });

  it('times out with a clear failure, then renders again with a fresh browser', async () => {
    const r = renderer({ timeoutMs: 2500 });
    const rows = Array.from({ length: 200_000 }, (_, i) => i + 1);
    const failure = r.render('big', { title: '超时', rows });
    await expect(failure).rejects.toMatchObject({ reason: 'timeout' });
    await expect(failure).rejects.toThrow('PDF 渲染超时（2500 毫秒）/ PDF rendering timed out after 2500 ms');
    const pdf = await r.render('plain', { title: '恢复', text: '之后' });
    expect(pdfText(pdf, false)).toContain('恢复');
    expect(r.totals()).toMatchObject({ failures: 1, launches: 2 });
  });

  it('repeats table headers on every page', async () => {
    const rows = Array.from({ length: 120 }, (_, i) => i + 1);
    const pdf = await renderer().render('big', { title: '表头', rows });
    const pages = pdfText(pdf)
      .split('\f')
      .filter((p) => p.trim());
    expect(pages.length).toBeGreaterThan(1);
    for (const page of pages) expect(page).toMatch(/序号\s+名称/);
  });

  it('uses one browser for many jobs, recycles it after N, runs jobs in parallel, and closes it on shutdown', async () => {
    const r = renderer({ recycleAfter: 3, concurrency: 2 });
    const texts = await Promise.all(
      [1, 2, 3].map((i) =>
        r.render('plain', { title: `第${i}份`, text: String(i) }).then((p) => pdfText(p, false)),
      ),
    );
    texts.forEach((t, i) => expect(t).toContain(`第${i + 1}份`));
    await r.render('plain', { title: '第4份', text: '4' });
    expect(r.totals()).toMatchObject({ jobs: 4, launches: 2 });
    const pid = (r as unknown as { slot: { browser: { process(): { pid: number } } } }).slot.browser.process()
      .pid;
    expect(() => process.kill(pid, 0)).not.toThrow();
    await r.onModuleDestroy();
    await new Promise((res) => setTimeout(res, 300));
    expect(() => process.kill(pid, 0)).toThrow();
    await expect(r.render('plain', { title: 'x', text: 'y' })).rejects.toMatchObject({ reason: 'browser' });
  });
});
