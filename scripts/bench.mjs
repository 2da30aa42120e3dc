// `npm run bench`: runs every benchmark under test/bench/ and prints one table:
// measured value, baseline, ratio, goal. Each benchmark prints, as its last line,
// `BENCH_RESULT ` followed by a JSON array of rows {name, measured, unit, baseline?, ratio?, goal, ok}.
// `npm run bench -- ingest` runs only the benchmarks whose file name contains "ingest"; options after the names
// go to every benchmark run (e.g. `--rows 200000`).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { checkNode, ensureDependencies, root, say } from './lib/setup.mjs';

checkNode();
ensureDependencies();
// Names first, then options for the benchmarks: `npm run bench -- ingest --rows 200000`.
const args = process.argv.slice(2);
const firstOption = args.findIndex((a) => a.startsWith('--'));
const filter = firstOption < 0 ? args : args.slice(0, firstOption);
const passThrough = firstOption < 0 ? [] : args.slice(firstOption);
const dir = path.join(root, 'test/bench');
const benches = fs
  .readdirSync(dir)
  .filter((f) => f.endsWith('.ts') && !f.endsWith('.spec.ts') && !f.startsWith('_'))
  .filter((f) => filter.length === 0 || filter.some((x) => f.includes(x)))
  .sort();

const rows = [];
let failed = 0;
for (const file of benches) {
  say(`基准测试 ${file}`, `benchmark ${file}`);
  const r = spawnSync(
    path.join(root, 'node_modules/.bin/tsx'),
    ['--tsconfig', 'tsconfig.base.json', path.join('test/bench', file), ...passThrough],
    {
      cwd: root,
      stdio: ['ignore', 'pipe', 'inherit'],
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  process.stdout.write(
    r.stdout
      .split('\n')
      .filter((l) => !l.startsWith('BENCH_RESULT '))
      .join('\n'),
  );
  const line = r.stdout
    .split('\n')
    .reverse()
    .find((l) => l.startsWith('BENCH_RESULT '));
  if (r.status !== 0 || !line) {
    failed++;
    rows.push({ name: file, measured: 'failed', unit: '', goal: '', ok: false });
    continue;
  }
  rows.push(...JSON.parse(line.slice('BENCH_RESULT '.length)));
}

const fmt = (v) =>
  typeof v === 'number' ? (Number.isInteger(v) ? String(v) : v.toFixed(v < 10 ? 3 : 1)) : (v ?? '—');
const table = [['benchmark', 'measured', 'baseline', 'ratio', 'goal', 'ok']].concat(
  rows.map((r) => [
    r.name,
    `${fmt(r.measured)} ${r.unit ?? ''}`.trim(),
    r.baseline === undefined ? '—' : `${fmt(r.baseline)} ${r.unit ?? ''}`.trim(),
    r.ratio === undefined ? '—' : fmt(r.ratio),
    r.goal ?? '',
    r.ok ? 'yes' : 'NO',
  ]),
);
const widths = table[0].map((_, i) => Math.max(...table.map((row) => String(row[i]).length)));
console.log('\n' + table.map((row) => row.map((c, i) => String(c).padEnd(widths[i])).join('  ')).join('\n'));
process.exit(failed ? 1 : 0);
