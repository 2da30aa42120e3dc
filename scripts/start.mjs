// `npm start`: the portal on http://localhost:3000 with a database and demo data, in one command.
// Uses DATABASE_URL when set (and then starts no database and loads no demo data);
// otherwise starts a local PostgreSQL whose data lives in .data/ and survives restarts.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { checkNode, ensureDependencies, nxEnv, root, say } from './lib/setup.mjs';

checkNode();
ensureDependencies();

const { startLocalPostgres } = await import('./lib/postgres.mjs');
// Local state (database, secrets, logs): .data/ unless PORTAL_DATA_DIR names another folder.
const dataDir = path.resolve(process.env.PORTAL_DATA_DIR ?? path.join(root, '.data'));
fs.mkdirSync(dataDir, { recursive: true });

let database = null;
let databaseUrl = process.env.DATABASE_URL;
const ownDatabase = !databaseUrl;
if (ownDatabase) {
  say('启动本地 PostgreSQL', 'starting a local PostgreSQL');
  database = await startLocalPostgres({
    dataDir: path.join(dataDir, 'pg'),
    port: Number(process.env.PGPORT ?? 54329),
    log: (m) => say(m),
  });
  databaseUrl = database.url;
  say(`数据库 ${database.engine}，数据目录 ${database.dataDir}`, `database ready`);
}

say('构建服务端与前端（有缓存时很快）', 'building server and client (cached after the first time)');
const build = spawnSync('npx', ['nx', 'run-many', '-t', 'build', '-p', 'server', 'client', '--parallel=2'], {
  cwd: root,
  env: nxEnv,
  stdio: 'inherit',
});
if (build.status !== 0) {
  console.error('构建失败 / the build failed');
  await database?.stop();
  process.exit(1);
}

// Sessions survive restarts: the signing secret is kept beside the local data.
const secretFile = path.join(dataDir, 'jwt-secret');
if (!fs.existsSync(secretFile))
  fs.writeFileSync(secretFile, randomBytes(48).toString('base64url'), { mode: 0o600 });
const port = Number(process.env.PORT ?? 3000);
const demo = ownDatabase
  ? {
      DEMO_MODE: 'true',
      ADMIN_USERNAME: 'admin',
      ADMIN_PASSWORD: process.env.ADMIN_PASSWORD ?? 'demo-admin-2026',
    }
  : {};
const serverEnv = {
  ...process.env,
  NODE_ENV: 'production',
  PORT: String(port),
  DATABASE_URL: databaseUrl,
  JWT_SECRET: process.env.JWT_SECRET ?? fs.readFileSync(secretFile, 'utf8').trim(),
  CLIENT_DIST: path.join(root, 'dist/client/browser'),
  ...demo,
};

say('启动门户', 'starting the portal');
// A bounded heap keeps ingest memory flat (V8 otherwise grows lazily up to its default limit).
const server = spawn(process.execPath, ['--max-old-space-size=256', path.join(root, 'dist/server/main.js')], {
  cwd: root,
  env: serverEnv,
  stdio: ['ignore', 'pipe', 'inherit'],
});
server.stdout.pipe(fs.createWriteStream(path.join(dataDir, 'server.log'), { flags: 'a' }));
server.stdout.on('data', (chunk) => {
  if (process.env.LOG_TO_CONSOLE) process.stdout.write(chunk);
});

let stopping = false;
async function stop(code = 0) {
  if (stopping) return;
  stopping = true;
  say('正在停止', 'stopping');
  server.kill('SIGTERM');
  await new Promise((r) => (server.exitCode !== null ? r() : server.once('exit', r)));
  if (database) await database.stop();
  process.exit(code);
}
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));
server.on('exit', (code) => {
  if (!stopping) {
    console.error(
      `门户进程退出（代码 ${code}），日志见 .data/server.log / the portal exited (code ${code}); see .data/server.log`,
    );
    stop(code ?? 1);
  }
});

const base = `http://localhost:${port}`;
try {
  await waitForHealth(`${base}/api/health`);
  if (ownDatabase) {
    say('加载演示数据（仅首次）', 'loading the demo data (first start only)');
    const loaded = spawnSync(
      path.join(root, 'node_modules/.bin/tsx'),
      ['--tsconfig', 'tsconfig.base.json', 'scripts/demo-load.ts'],
      {
        cwd: root,
        stdio: 'inherit',
        env: {
          ...process.env,
          PORTAL_DATA_DIR: dataDir,
          PORTAL_URL: base,
          ADMIN_USERNAME: demo.ADMIN_USERNAME,
          ADMIN_PASSWORD: demo.ADMIN_PASSWORD,
        },
      },
    );
    if (loaded.status !== 0) {
      console.error(
        '演示数据加载失败，门户仍在运行 / loading the demo data failed; the portal keeps running',
      );
    }
  }
  printWelcome();
} catch (err) {
  // Whatever went wrong, leave nothing running behind.
  console.error(err);
  await stop(1);
}

async function waitForHealth(url) {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  console.error(
    '门户 120 秒内未就绪，日志见 .data/server.log / the portal did not become healthy within 120 s',
  );
  await stop(1);
}

function printWelcome() {
  const loginsFile = path.join(dataDir, 'demo-logins.txt');
  const logins = ownDatabase && fs.existsSync(loginsFile) ? fs.readFileSync(loginsFile, 'utf8') : '';
  console.log(`
  \x1b[1m回访与投诉监管报送平台已启动 / The portal is running\x1b[0m

    打开 / open:        ${base}
    接口文档 / API docs: ${base}/api/docs
    健康检查 / health:   ${base}/api/health
${ownDatabase ? `\n  演示账号 / demo logins:\n${logins}` : '\n  使用 DATABASE_URL 指定的数据库，未加载演示数据 / using DATABASE_URL: no demo data loaded\n'}
  按 Ctrl-C 停止 / press Ctrl-C to stop
`);
}
