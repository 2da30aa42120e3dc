/**
 * Benchmark: a bulletin for 200 insurers (fixture statistics, 100 per group) rendered by the portal's
 * renderer with a warm browser, against Chromium printing the same final HTML from the command line
 * (`chromium --headless --print-to-pdf`) in the same run. Goals: ratio ≤ 1.3 and ≤ 3 s warm.
 *
 *   npx tsx --tsconfig tsconfig.base.json test/bench/pdf.ts [--companies 200] [--runs 5]
 */
import 'reflect-metadata';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildBulletinContent, defaultTitle } from '../../server/src/app/bulletins/bulletin-content';
import { normalizePeriodStats, ORG_GROUPS } from '../../server/src/app/bulletins/bulletin-data';
import { bulletinView } from '../../server/src/app/bulletins/bulletin-view';
import { chromePath, PdfRenderer } from '../../server/src/app/pdf/pdf-renderer.service';
import { loadPdfConfig } from '../../server/src/app/pdf/pdf.config';
import { statsFixture } from '../pdf/stats-fixture';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const pages = (file: string) =>
  Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file]).toString())?.[1] ?? 0);

async function main(): Promise<void> {
  const companies = arg('companies', 200);
  const runs = arg('runs', 5);
  const period = '2026H1';
  const content = buildBulletinContent({
    meta: {
      period,
      edition: 1,
      title: defaultTitle(period),
      documentNo: '京金发〔2026〕12号',
      issuer: '国家金融监督管理总局北京监管局',
      issuedOn: '2026-07-15',
      catalogVersion: 1,
      dataCutoff: '2026-07-10T10:00:00.000Z',
      replaces: null,
    },
    thresholds: { minSuccessRate: 0.9, maxVisitLetterShare: 0.1, minForwardedCallbackRate: 1 },
    rules: [],
    current: ORG_GROUPS.map((g) =>
      normalizePeriodStats(statsFixture({ period, group: g, companies: companies / 2 }), period, g),
    ),
    previous: ORG_GROUPS.map((g) =>
      normalizePeriodStats(
        statsFixture({ period: '2025H2', group: g, companies: companies / 2, scale: 0.9, seed: 3 }),
        '2025H2',
        g,
      ),
    ),
    inspectionFindings: '一、部分公司回访录音调阅不全。\n二、个别公司由销售人员自行回访。',
  });
  const renderer = new PdfRenderer(loadPdfConfig());
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'pdf-bench-'));
  try {
    let t = Date.now();
    const first = await renderer.renderWithReport('bulletin', bulletinView(content));
    const cold = Date.now() - t;
    const ours: number[] = [];
    const phases: Record<string, number>[] = [];
    let last = first;
    for (let i = 0; i < runs; i++) {
      t = Date.now();
      last = await renderer.renderWithReport('bulletin', bulletinView(content));
      ours.push(Date.now() - t);
      phases.push(last.report.phases);
    }
    const oursPdf = path.join(out, 'ours.pdf');
    fs.writeFileSync(oursPdf, last.pdf);

    // The same final HTML (fonts as file:// URLs, charts inline), printed by Chromium on its own.
    const html = path.join(out, 'bulletin.html');
    fs.writeFileSync(html, last.html);
    const cliPdf = path.join(out, 'cli.pdf');
    const cli: number[] = [];
    for (let i = 0; i < Math.max(3, Math.min(runs, 5)); i++) {
      t = Date.now();
      execFileSync(
        chromePath(process.env['CHROME_PATH']),
        [
          '--headless',
          '--no-sandbox',
          '--disable-gpu',
          '--disable-dev-shm-usage',
          '--no-first-run',
          '--no-pdf-header-footer',
          `--print-to-pdf=${cliPdf}`,
          html,
        ],
        { stdio: 'ignore' },
      );
      cli.push(Date.now() - t);
    }
    const oursMs = median(ours);
    const cliMs = median(cli);
    const result = {
      companies,
      pages: { ours: pages(oursPdf), chromiumCli: pages(cliPdf) },
      bytes: {
        ours: last.pdf.length,
        chromiumCli: fs.statSync(cliPdf).size,
        html: Buffer.byteLength(last.html),
      },
      coldMs: cold,
      warmMs: { median: oursMs, runs: ours },
      warmPhasesMs: Object.fromEntries(
        Object.keys(phases[0] ?? {}).map((k) => [k, median(phases.map((p) => p[k]))]),
      ),
      chromiumCliMs: { median: cliMs, runs: cli },
      ratio: Number((oursMs / cliMs).toFixed(2)),
      blockedRequests: last.report.blocked.length,
      loadAverage: os.loadavg().map((l) => Number(l.toFixed(2))),
      goals: { ratioAtMost1_3: oursMs / cliMs <= 1.3, warmAtMost3s: oursMs <= 3000 },
    };
    console.log(JSON.stringify(result, null, 2));
    // The line `npm run bench` reads (scripts/bench.mjs); the baseline is Chromium printing the same HTML.
    console.log(
      'BENCH_RESULT ' +
        JSON.stringify([
          {
            name: 'pdf: 200-insurer bulletin, warm',
            measured: oursMs / 1000,
            unit: 's',
            baseline: cliMs / 1000,
            ratio: result.ratio,
            goal: 'ratio ≤ 1.3 and ≤ 3 s',
            ok: result.ratio <= 1.3 && oursMs <= 3000,
          },
        ]),
    );
  } finally {
    await renderer.onModuleDestroy();
    fs.rmSync(out, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
