import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateCallbacks } from './callbacks';
import { openFileSink, writeCsv } from './csv';
import { LIFE_ORGS } from './orgs';
import { CALLBACK_COLUMNS } from './standard';

describe('streaming', () => {
  const dir = mkdtempSync(join(tmpdir(), 'demo-data-stream-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes 300k rows to a file with flat heap use', async () => {
    const rows = 300_000;
    const path = join(dir, 'big.csv');
    const sink = await openFileSink(path);
    const before = process.memoryUsage().heapUsed;
    let peak = before;
    const samples: number[] = [];
    const res = await writeCsv(
      generateCallbacks({ seed: 1, org: LIFE_ORGS[0], period: '2026H1', rows }),
      sink.stream,
      {
        columns: CALLBACK_COLUMNS,
        onProgress: (n) => {
          if (n % 1000 < 400) {
            const h = process.memoryUsage().heapUsed;
            peak = Math.max(peak, h);
            samples.push(h);
          }
        },
      },
    );
    const { bytes } = await sink.finish();
    expect(res.rows).toBe(rows);
    expect(statSync(path).size).toBe(bytes);
    expect(bytes).toBeGreaterThan(40e6);
    const growth = peak - before;
    // the file is > 40 MB; holding it (or the rows) in memory would show here
    expect(growth).toBeLessThan(32 * 1024 * 1024);
    // no upward trend: the last third of samples is not above the first third by more than a few MB
    const third = Math.floor(samples.length / 3);
    const avg = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
    expect(avg(samples.slice(-third)) - avg(samples.slice(0, third))).toBeLessThan(12 * 1024 * 1024);
  }, 20000);
});
