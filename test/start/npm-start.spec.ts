import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import net from 'node:net';

const root = path.resolve(__dirname, '../..');

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/**
 * README command 1 as a newcomer runs it: `npm start` on its own database, in a data folder of its own,
 * then again — the data must still be there. Ctrl-C must leave nothing running.
 */
describe('npm start', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'portal-start-'));
  fs.chmodSync(dataDir, 0o755);
  let port = 0;
  let pgPort = 0;

  beforeAll(async () => {
    port = await freePort();
    pgPort = await freePort();
  });
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  function start(): { child: ChildProcess; output: () => string; ready: Promise<void> } {
    let out = '';
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PORT: String(port),
      PGPORT: String(pgPort),
      PORTAL_DATA_DIR: dataDir,
    };
    delete env.DATABASE_URL;
    const child = spawn(process.execPath, ['scripts/start.mjs'], {
      cwd: root,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr?.on('data', (c: Buffer) => (out += c.toString()));
    const ready = new Promise<void>((resolve, reject) => {
      const timer = setInterval(() => {
        if (!out.includes('Ctrl-C')) return;
        clearInterval(timer);
        resolve();
      }, 200);
      child.once('exit', (code) => {
        clearInterval(timer);
        reject(new Error(`npm start exited ${code}:\n${out}`));
      });
    });
    return { child, output: () => out, ready };
  }

  async function stop(child: ChildProcess): Promise<void> {
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGINT');
    await exited;
  }

  async function adminToken(): Promise<string> {
    const res = await fetch(`http://127.0.0.1:${port}/api/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: 'demo-admin-2026' }),
    });
    expect(res.status).toBe(200);
    return ((await res.json()) as { accessToken: string }).accessToken;
  }

  it('brings the portal up with demo data and logins, and keeps the data across a restart', async () => {
    const first = start();
    await first.ready;
    expect(first.output()).toContain(`http://localhost:${port}`);
    expect(first.output()).toMatch(/admin \/ demo-admin-2026/);
    expect((await fetch(`http://127.0.0.1:${port}/api/health`)).status).toBe(200);
    const home = await fetch(`http://127.0.0.1:${port}/`);
    expect(await home.text()).toContain('回访与投诉监管报送平台');
    const orgs = await (
      await fetch(`http://127.0.0.1:${port}/api/orgs`, {
        headers: { Authorization: `Bearer ${await adminToken()}` },
      })
    ).json();
    expect(orgs).toHaveLength(20);
    await stop(first.child);
    await expect(fetch(`http://127.0.0.1:${port}/api/health`)).rejects.toThrow();

    const second = start();
    await second.ready;
    expect(second.output()).toContain('演示数据已加载');
    const again = await (
      await fetch(`http://127.0.0.1:${port}/api/orgs`, {
        headers: { Authorization: `Bearer ${await adminToken()}` },
      })
    ).json();
    expect(again).toEqual(orgs);
    await stop(second.child);
    // Nothing left behind: neither the portal nor its database.
    await expect(fetch(`http://127.0.0.1:${port}/api/health`)).rejects.toThrow();
    await expect(fetch(`http://127.0.0.1:${pgPort}`)).rejects.toThrow();
  }, 600_000);
});
