// `npm test`: every project's unit tests, then the integration and browser tests on a real PostgreSQL
// (started by the test harness unless DATABASE_URL is given) with the real migrations.
// Extra arguments go to Jest, e.g. `npm test -- libs/calendar`.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { checkNode, ensureDependencies, nxEnv, root, run, say } from './lib/setup.mjs';

checkNode();
ensureDependencies();

say('构建前端与服务端（浏览器测试与多进程测试需要）', 'building the client and the server bundle (browser and multi-process tests)');
run('npx', ['nx', 'run-many', '-t', 'build', '--projects=server,client', '--parallel=2'], { env: nxEnv });

const outDir = path.join(root, 'test-output');
fs.mkdirSync(outDir, { recursive: true });
const report = path.join(outDir, 'jest-results.json');
fs.rmSync(report, { force: true });
const args = [
  'jest',
  '-c',
  'jest.config.ts',
  '--ci',
  '--json',
  `--outputFile=${report}`,
  ...process.argv.slice(2),
];
say('运行全部测试', 'running every test');
const result = spawnSync('npx', args, {
  stdio: 'inherit',
  cwd: root,
  env: { ...process.env, TZ: process.env.TZ ?? 'Asia/Shanghai' },
});

if (fs.existsSync(report)) {
  const r = JSON.parse(fs.readFileSync(report, 'utf8'));
  const skipped = r.numPendingTests + r.numTodoTests;
  // The plain closing line CI reads: "N passed, N failed".
  console.log(
    `\ntests: ${r.numPassedTests} passed, ${r.numFailedTests} failed${skipped ? `, ${skipped} skipped` : ''}`,
  );
  if (r.numTotalTests === 0) {
    console.error('没有运行任何测试 / no test ran');
    process.exit(1);
  }
}
process.exit(result.status ?? 1);
