/**
 * Demo-data command line.
 *
 *   npx tsx libs/demo-data/src/cli.ts demo --out DIR [--seed 42] [--scale 1] [--no-errors] [--zh-headers] [--zh-labels] [--gzip] [--bom]
 *                                          [--periods 2025H2,2026H1] [--orgs CLRS,XYCX]
 *   npx tsx libs/demo-data/src/cli.ts callbacks  --rows N --out FILE.csv [--seed 1] [--org CODE|TAG] [--period 2026H1]
 *                                          [--gzip] [--zh-headers] [--zh-labels] [--bom] [--manifest FILE.json] [--json]
 *   npx tsx libs/demo-data/src/cli.ts complaints --rows N --out FILE.csv [same options]
 *   npx tsx libs/demo-data/src/cli.ts profile --out FILE.csv [--org …] [--period …] [--seed …]
 *   npx tsx libs/demo-data/src/cli.ts orgs
 *
 * `--out -` writes to standard output. Progress and the summary go to standard error.
 */
import { performance } from 'node:perf_hooks';
import { CallbackTally, generateCallbackRecords } from './lib/callbacks';
import { ComplaintTally, generateComplaintRecords } from './lib/complaints';
import { openFileSink, writeCsv, type CsvOptions } from './lib/csv';
import { parsePeriod } from './lib/dates';
import { generateDemo } from './lib/demo';
import { DEMO_ORGS, findOrg, type DemoOrg } from './lib/orgs';
import { profileRow } from './lib/profile';
import { CALLBACK_COLUMNS, COMPLAINT_COLUMNS, PROFILE_COLUMNS } from './lib/standard';
import { writeFile } from 'node:fs/promises';
import { Transform, type Writable } from 'node:stream';
import { createGzip } from 'node:zlib';

type Args = { _: string[]; [k: string]: string | boolean | string[] };

function parseArgs(argv: string[]): Args {
  const out: Args = { _: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      if (eq > 0) out[a.slice(2, eq)] = a.slice(eq + 1);
      else if (i + 1 < argv.length && !argv[i + 1].startsWith('--')) out[a.slice(2)] = argv[++i];
      else out[a.slice(2)] = true;
    } else out._.push(a);
  }
  return out;
}

function str(args: Args, key: string, def?: string): string | undefined {
  const v = args[key];
  return typeof v === 'string' ? v : def;
}

function num(args: Args, key: string, def: number): number {
  const v = str(args, key);
  if (v === undefined) return def;
  const n = Number(v.replace(/_/g, ''));
  if (!Number.isFinite(n)) throw new Error(`--${key} must be a number`);
  return n;
}

const MB = 1024 * 1024;
let peakRss = 0;
function sampleRss(): number {
  const rss = process.memoryUsage().rss;
  if (rss > peakRss) peakRss = rss;
  return rss;
}
function maxRss(): number {
  // resourceUsage().maxRSS is the kernel's high-water mark (kB); fall back to our samples
  const kernel = typeof process.resourceUsage === 'function' ? process.resourceUsage().maxRSS * 1024 : 0;
  return Math.max(kernel, peakRss);
}

function log(msg: string): void {
  process.stderr.write(msg + '\n');
}

function csvOptions(args: Args): CsvOptions {
  return { headers: args['zh-headers'] ? 'zh' : 'en', zhLabels: !!args['zh-labels'], bom: !!args.bom };
}

async function withSink<T>(
  out: string,
  gzip: boolean,
  body: (stream: Writable) => Promise<T>,
): Promise<{ result: T; bytes: number; sha256: string | null }> {
  if (out === '-') {
    // count the bytes on their way to standard output; backpressure comes from stdout through pipe()
    let bytes = 0;
    const tap = new Transform({
      transform(chunk: Buffer, _enc, cb) {
        bytes += chunk.length;
        cb(null, chunk);
      },
    });
    const head: Writable = gzip ? createGzip() : tap;
    if (gzip) (head as Transform).pipe(tap);
    tap.pipe(process.stdout, { end: false });
    const result = await body(head);
    const ended = new Promise<void>((resolve, reject) => {
      tap.on('end', resolve);
      tap.on('error', reject);
    });
    head.end();
    await ended;
    return { result, bytes, sha256: null };
  }
  const sink = await openFileSink(out, { gzip });
  const result = await body(sink.stream);
  const { bytes, sha256 } = await sink.finish();
  return { result, bytes, sha256 };
}

function resolveOrg(args: Args, fallback: DemoOrg): DemoOrg {
  const key = str(args, 'org');
  if (!key) return fallback;
  const org = findOrg(key);
  if (!org)
    throw new Error(`unknown org '${key}' (use a code, a tag or a short name; see the 'orgs' command)`);
  return org;
}

async function rowsCommand(kind: 'callbacks' | 'complaints', args: Args): Promise<void> {
  const rows = num(args, 'rows', NaN);
  if (!Number.isInteger(rows) || rows < 0) throw new Error('--rows N is required (a whole number)');
  const out = str(args, 'out');
  if (!out) throw new Error('--out FILE is required (or - for standard output)');
  const seed = num(args, 'seed', 1);
  const period = parsePeriod(str(args, 'period', '2026H1') as string);
  const org = resolveOrg(args, DEMO_ORGS[0]);
  const gzip = !!args.gzip || out.endsWith('.gz');
  log(
    `${kind}: ${rows.toLocaleString('en')} rows for ${org.shortName} (${org.code}) ${period.code}, seed ${seed} → ${out}${gzip ? ' (gzip)' : ''}`,
  );

  const t0 = performance.now();
  let nextReport = Math.max(100_000, Math.round(rows / 10));
  const onProgress = (n: number) => {
    sampleRss();
    if (n >= nextReport) {
      nextReport += Math.max(100_000, Math.round(rows / 10));
      const s = (performance.now() - t0) / 1000;
      log(
        `  ${n.toLocaleString('en')} rows  ${s.toFixed(1)} s  ${Math.round(n / s).toLocaleString('en')} rows/s  rss ${Math.round(sampleRss() / MB)} MB`,
      );
    }
  };

  const gen = { seed, org, period, rows };
  const callbackTally = new CallbackTally();
  const complaintTally = new ComplaintTally();
  function* source(): Generator<Record<string, string>> {
    if (kind === 'callbacks') {
      for (const r of generateCallbackRecords(gen)) {
        callbackTally.add(r);
        yield r.row;
      }
    } else {
      for (const r of generateComplaintRecords(gen)) {
        complaintTally.add(r);
        yield r.row;
      }
    }
  }
  const columns = kind === 'callbacks' ? CALLBACK_COLUMNS : COMPLAINT_COLUMNS;
  const { bytes, sha256 } = await withSink(out, gzip, (stream) =>
    writeCsv(source(), stream, { ...csvOptions(args), columns, onProgress }),
  );
  const seconds = (performance.now() - t0) / 1000;
  sampleRss();

  const tally = kind === 'callbacks' ? callbackTally : complaintTally;
  const entry = {
    orgCode: org.code,
    orgShortName: org.shortName,
    group: org.group,
    period: period.code,
    kind,
    path: out,
    seed,
    rows,
    bytes,
    sha256,
    expected: {
      findings: tally.findings,
      companyFindings: tally.companyFindings(),
      ...(kind === 'callbacks'
        ? { callbacks: callbackTally.figures() }
        : { complaints: complaintTally.figures() }),
    },
  };
  const manifestPath = str(args, 'manifest');
  if (manifestPath) await writeFile(manifestPath, JSON.stringify(entry, null, 2) + '\n');
  const summary = {
    rows,
    bytes,
    seconds: Number(seconds.toFixed(3)),
    rowsPerSecond: Math.round(rows / Math.max(seconds, 1e-9)),
    mbPerSecond: Number((bytes / MB / Math.max(seconds, 1e-9)).toFixed(1)),
    peakRssMb: Math.round(maxRss() / MB),
    heapUsedMb: Math.round(process.memoryUsage().heapUsed / MB),
    sha256,
    findings: Object.fromEntries(Object.entries(tally.findings).filter(([, v]) => v > 0)),
  };
  log(
    `done: ${rows.toLocaleString('en')} rows, ${bytes.toLocaleString('en')} bytes (${(bytes / MB).toFixed(1)} MB) in ${seconds.toFixed(2)} s ` +
      `(${summary.rowsPerSecond.toLocaleString('en')} rows/s, ${summary.mbPerSecond} MB/s), peak RSS ${summary.peakRssMb} MB`,
  );
  if (sha256) log(`sha256 ${sha256}`);
  if (args.json && out !== '-') process.stdout.write(JSON.stringify(summary, null, 2) + '\n');
}

async function demoCommand(args: Args): Promise<void> {
  const outDir = str(args, 'out');
  if (!outDir) throw new Error('--out DIR is required');
  const seed = num(args, 'seed', 42);
  const scale = num(args, 'scale', 1);
  const t0 = performance.now();
  log(`demo: seed ${seed}, scale ${scale} → ${outDir}`);
  const manifest = await generateDemo({
    outDir,
    seed,
    scale,
    periods: str(args, 'periods')?.split(','),
    orgs: str(args, 'orgs')?.split(','),
    injectErrors: !args['no-errors'],
    headers: args['zh-headers'] ? 'zh' : 'en',
    zhLabels: !!args['zh-labels'],
    gzip: !!args.gzip,
    bom: !!args.bom,
    onFile: (f) => {
      sampleRss();
      if (f.kind !== 'profile')
        log(
          `  ${f.path}  ${f.rows.toLocaleString('en')} rows${f.valid ? '' : `  (invalid v1: ${f.expectedErrors?.length} data errors)`}`,
        );
    },
  });
  const seconds = (performance.now() - t0) / 1000;
  const t = manifest.totals;
  log(
    `done: ${t.files} files, ${t.rows.toLocaleString('en')} rows (${t.validRows.toLocaleString('en')} in valid files), ` +
      `${(t.bytes / MB).toFixed(1)} MB in ${seconds.toFixed(2)} s, peak RSS ${Math.round(maxRss() / MB)} MB`,
  );
  log(
    `findings built in: ${Object.entries(t.findings)
      .map(([k, v]) => `${k}=${v}`)
      .join(' ')}`,
  );
  log(`manifest: ${outDir}/manifest.json`);
  if (args.json)
    process.stdout.write(
      JSON.stringify(
        { ...t, seconds: Number(seconds.toFixed(3)), peakRssMb: Math.round(maxRss() / MB) },
        null,
        2,
      ) + '\n',
    );
}

async function profileCommand(args: Args): Promise<void> {
  const out = str(args, 'out');
  if (!out) throw new Error('--out FILE is required');
  const org = resolveOrg(args, DEMO_ORGS[0]);
  const period = parsePeriod(str(args, 'period', '2026H1') as string);
  const seed = num(args, 'seed', 42);
  const { bytes } = await withSink(out, !!args.gzip || out.endsWith('.gz'), (s) =>
    writeCsv([profileRow({ seed, org, period })], s, { ...csvOptions(args), columns: PROFILE_COLUMNS }),
  );
  log(`profile: ${org.shortName} ${period.code} → ${out} (${bytes} bytes)`);
}

function usage(): string {
  return [
    'usage:',
    '  cli.ts demo --out DIR [--seed 42] [--scale 1] [--no-errors] [--zh-headers] [--zh-labels] [--gzip] [--bom] [--periods 2025H2,2026H1] [--orgs TAG,…] [--json]',
    '  cli.ts callbacks --rows N --out FILE|- [--seed 1] [--org CODE|TAG] [--period 2026H1] [--gzip] [--zh-headers] [--zh-labels] [--bom] [--manifest FILE] [--json]',
    '  cli.ts complaints --rows N --out FILE|- [same options as callbacks]',
    '  cli.ts profile --out FILE [--org …] [--period …] [--seed 42]',
    '  cli.ts orgs',
  ].join('\n');
}

async function main(): Promise<void> {
  // `… --out - | head` closes the pipe early: stop quietly
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(0);
    throw err;
  });
  const args = parseArgs(process.argv.slice(2));
  const cmd = args._[0];
  switch (cmd) {
    case 'demo':
      return demoCommand(args);
    case 'callbacks':
    case 'complaints':
      return rowsCommand(cmd, args);
    case 'profile':
      return profileCommand(args);
    case 'orgs':
      for (const o of DEMO_ORGS)
        process.stdout.write(
          `${o.code}\t${o.tag}\t${o.group}\t${o.foundedOn}\t${o.name}\t${o.traits.join('; ')}\n`,
        );
      return;
    default:
      log(usage());
      process.exitCode = cmd === undefined || cmd === 'help' || args.help ? 0 : 2;
  }
}

main().catch((err: unknown) => {
  log(`error: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
});
