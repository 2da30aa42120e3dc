import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/** The repository root. */
export const ROOT = resolve(__dirname, '../..');

export interface ServerProcess {
  readonly child: ChildProcess;
  readonly baseUrl: string;
  readonly port: number;
  /** Everything the process wrote to stdout and stderr so far (pino JSON lines). */
  output(): string;
  /** SIGTERM, then SIGKILL after the grace period. */
  stop(graceMs?: number): Promise<void>;
  /** kill -9: no shutdown hook runs. */
  kill9(): Promise<void>;
}

export interface ServerProcessOptions {
  /** `dist` = the production bundle (dist/server/main.js, built by `nx build server`); `source` = swc on the fly. */
  readonly server?: 'dist' | 'source';
  /** Fixed port (default: a random free-ish one). */
  readonly port?: number;
  /** Extra environment (e.g. SUBMISSION_WORKER=false, UPLOAD_DIR, NODE_OPTIONS). */
  readonly env?: Record<string, string>;
  /** Same secret for every process of one deployment (replicas must agree). */
  readonly jwtSecret?: string;
  /** Wait for /api/health (default true). */
  readonly waitHealthy?: boolean;
  readonly startTimeoutMs?: number;
}

/** A test JWT secret that every process of one test deployment shares. */
export const newJwtSecret = (): string => randomBytes(32).toString('hex');

/**
 * The real server as a separate OS process — for what an in-process app cannot show: kill -9, peak RSS of the
 * server alone, several API processes and a separate worker against one database.
 */
export async function startServerProcess(
  databaseUrl: string,
  opts: ServerProcessOptions = {},
): Promise<ServerProcess> {
  const server = opts.server ?? 'dist';
  if (server === 'dist' && !existsSync(resolve(ROOT, 'dist/server/main.js')))
    throw new Error('dist/server/main.js is missing: run `npx nx build server` first (npm test does)');
  const port = opts.port ?? 20000 + Math.floor(Math.random() * 30000);
  const entry =
    server === 'dist' ? ['dist/server/main.js'] : ['-r', '@swc-node/register', 'server/src/main.ts'];
  const child = spawn(process.execPath, entry, {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '/root',
      SWC_NODE_PROJECT: 'server/tsconfig.app.json',
      NODE_ENV: 'production',
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      HOST: '127.0.0.1',
      JWT_SECRET: opts.jwtSecret ?? newJwtSecret(),
      LOG_LEVEL: 'info',
      ...opts.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const keep = (chunk: Buffer) => {
    out += chunk.toString('utf8');
    if (out.length > 4_000_000) out = out.slice(-2_000_000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const baseUrl = `http://127.0.0.1:${port}`;
  const proc: ServerProcess = {
    child,
    baseUrl,
    port,
    output: () => out,
    stop: async (graceMs = 15_000) => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      await Promise.race([once(child, 'exit'), new Promise((r) => setTimeout(r, graceMs))]);
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGKILL');
        await once(child, 'exit');
      }
    },
    kill9: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGKILL');
      await once(child, 'exit');
    },
  };
  if (opts.waitHealthy === false) return proc;
  const until = Date.now() + (opts.startTimeoutMs ?? 120_000);
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(`server exited (${child.exitCode ?? child.signalCode}):\n${out.slice(-4000)}`);
    try {
      if ((await fetch(`${baseUrl}/api/health`)).ok) return proc;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > until) {
      await proc.stop(1000);
      throw new Error(`server did not become healthy:\n${out.slice(-4000)}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Current and peak resident set size of a process, in bytes (Linux /proc). */
export function processMemory(pid: number): { rss: number; hwm: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0) * 1024;
  return { rss: kb('VmRSS'), hwm: kb('VmHWM') };
}
