// `npm run test:multi`: the API end-to-end suite (test/api) against a deployment of separate processes:
// two PROCESS_ROLE=api processes and one PROCESS_ROLE=worker process (the production bundle, one database)
// behind a round-robin proxy — see test/support/app.ts (PORTAL_TOPOLOGY=multi). Extra arguments go to Jest.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { checkNode, ensureDependencies, nxEnv, root, run, say } from './lib/setup.mjs';

checkNode();
ensureDependencies();

say('构建服务端（多进程测试需要）', 'building the server bundle (the processes under test)');
run('npx', ['nx', 'build', 'server'], { env: nxEnv });

const outDir = path.join(root, 'test-output');
fs.mkdirSync(outDir, { recursive: true });
const report = path.join(outDir, 'jest-multi-results.json');
fs.rmSync(report, { force: true });
const extra = process.argv.slice(2);
const args = [
  'jest',
  '-c',
  'test/jest.config.ts',
  '--ci',
  '--json',
  `--outputFile=${report}`,
  ...(extra.some((a) => !a.startsWith('-')) ? extra : ['test/api', ...extra]),
];
say(
  '以多进程部署运行 API 测试（2 个 API 进程 + 1 个后台进程）',
  'running the API tests on 2 API processes + 1 worker',
);
const result = spawnSync('npx', args, {
  stdio: 'inherit',
  cwd: root,
  env: { ...process.env, PORTAL_TOPOLOGY: 'multi', TZ: process.env.TZ ?? 'Asia/Shanghai' },
});

if (fs.existsSync(report)) {
  const r = JSON.parse(fs.readFileSync(report, 'utf8'));
  const skipped = r.numPendingTests + r.numTodoTests;
  console.log(
    `\ntests (2 API + 1 worker): ${r.numPassedTests} passed, ${r.numFailedTests} failed${skipped ? `, ${skipped} skipped` : ''}`,
  );
  if (r.numTotalTests === 0) {
    console.error('没有运行任何测试 / no test ran');
    process.exit(1);
  }
}
process.exit(result.status ?? 1);
