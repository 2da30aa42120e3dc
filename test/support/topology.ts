import { once } from 'node:events';
import { createServer, request, type IncomingHttpHeaders, type Server } from 'node:http';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import { startServerProcess, type ServerProcess } from './server-process';

/**
 * `PORTAL_TOPOLOGY=multi` (`npm run test:multi`): every `startTestApp` is a deployment of separate server
 * processes (the dist bundle) behind a round-robin proxy, instead of one app in the test process.
 */
export const MULTI_TOPOLOGY = process.env.PORTAL_TOPOLOGY === 'multi';

/** Why a test that needs the single in-process topology does not run under `PORTAL_TOPOLOGY=multi`. */
export const itSingleProcess = (reason: string): jest.It =>
  MULTI_TOPOLOGY ? Object.assign(it.skip, { reason }) : it;

export interface Deployment {
  /** The proxy's URL (what clients use). */
  readonly baseUrl: string;
  readonly apis: ServerProcess[];
  /** The background process, when the deployment has one. */
  readonly worker: ServerProcess | null;
  /** Requests the proxy passed to each API process, in order of `apis`. */
  readonly served: number[];
  close(): Promise<void>;
}

export interface DeploymentOptions {
  readonly apis?: number;
  /** Start a PROCESS_ROLE=worker process (default true). */
  readonly worker?: boolean;
  readonly jwtSecret: string;
  readonly env?: Record<string, string>;
  /** Every process's stdout and stderr (pino JSON lines) are copied here too. */
  readonly logStream?: NodeJS.WritableStream;
}

/** `apis` PROCESS_ROLE=api processes (+ one PROCESS_ROLE=worker) on one database, behind a round-robin proxy. */
export async function startDeployment(databaseUrl: string, opts: DeploymentOptions): Promise<Deployment> {
  const env = { ...(process.env.TZ ? { TZ: process.env.TZ } : {}), ...opts.env };
  // A port the system just handed out (a random one may be an outgoing connection's); retried if taken meanwhile.
  const start = async (role: 'api' | 'worker'): Promise<ServerProcess> => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await startServerProcess(databaseUrl, {
          server: 'dist',
          port: await freePort(),
          jwtSecret: opts.jwtSecret,
          env: { ...env, PROCESS_ROLE: role },
        });
      } catch (e) {
        if (attempt >= 3 || !String(e).includes('EADDRINUSE')) throw e;
      }
    }
  };
  const started = await Promise.allSettled([
    ...Array.from({ length: opts.apis ?? 2 }, () => start('api')),
    ...(opts.worker === false ? [] : [start('worker')]),
  ]);
  const procs = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  const failed = started.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed) {
    await Promise.all(procs.map((p) => p.stop(2000)));
    throw failed.reason;
  }
  if (opts.logStream) {
    const sink = opts.logStream;
    for (const p of procs) {
      sink.write(p.output());
      p.child.stdout?.on('data', (chunk: Buffer) => sink.write(chunk));
      p.child.stderr?.on('data', (chunk: Buffer) => sink.write(chunk));
    }
  }
  const apis = procs.slice(0, opts.apis ?? 2);
  const worker = opts.worker === false ? null : procs[procs.length - 1];
  const proxy = await startProxy(apis.map((a) => a.port));
  return {
    baseUrl: proxy.baseUrl,
    apis,
    worker,
    served: proxy.served,
    close: async () => {
      await proxy.close();
      await Promise.all(procs.map((p) => p.stop()));
    },
  };
}

/** Hop-by-hop headers: they describe one connection, never forwarded (RFC 9110 §7.6.1). */
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'te',
  'trailer',
  'upgrade',
]);

function forwardable(headers: IncomingHttpHeaders): IncomingHttpHeaders {
  const out: IncomingHttpHeaders = {};
  for (const [k, v] of Object.entries(headers)) if (!HOP_BY_HOP.has(k) && v !== undefined) out[k] = v;
  return out;
}

/**
 * A tiny round-robin reverse proxy (node:http, no keep-alive on either side, bodies streamed both ways), as a
 * load balancer would sit in front of several API processes: each request goes to the next process in turn.
 * It appends the client's address to X-Forwarded-For (the app trusts a loopback proxy).
 */
export async function startProxy(
  ports: readonly number[],
): Promise<{ baseUrl: string; served: number[]; close(): Promise<void> }> {
  const served = ports.map(() => 0);
  let next = 0;
  const server: Server = createServer((req, res) => {
    const i = next++ % ports.length;
    served[i]++;
    const headers = forwardable(req.headers);
    const client = req.socket.remoteAddress ?? '127.0.0.1';
    const xff = req.headers['x-forwarded-for'];
    headers['x-forwarded-for'] = xff ? `${String(xff)}, ${client}` : client;
    headers['connection'] = 'close';
    const upstream = request(
      { host: '127.0.0.1', port: ports[i], method: req.method, path: req.url, headers, agent: false },
      (up) => {
        const back = forwardable(up.headers);
        back['connection'] = 'close';
        res.writeHead(up.statusCode ?? 502, up.statusMessage, back as Record<string, string | string[]>);
        up.pipe(res);
        up.on('error', () => res.destroy());
      },
    );
    upstream.on('error', (err) => {
      if (res.headersSent) return void res.destroy();
      res.writeHead(502, { 'Content-Type': 'application/json; charset=utf-8', Connection: 'close' });
      res.end(
        JSON.stringify({
          statusCode: 502,
          error: 'Bad Gateway',
          message: `上游进程不可用 / Upstream process unavailable (${err.message})`,
        }),
      );
    });
    // The client went away: stop the upstream request too (an aborted upload must abort there as well).
    res.on('close', () => {
      if (!res.writableFinished) upstream.destroy();
    });
    req.pipe(upstream);
  });
  server.keepAliveTimeout = 0;
  server.requestTimeout = 0; // long uploads
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    served,
    close: async () => {
      const closed = new Promise<void>((r) => server.close(() => r()));
      server.closeAllConnections();
      await closed;
    },
  };
}

/** A free loopback port (the kernel's choice; free when this returns). */
export async function freePort(): Promise<number> {
  const probe = createNetServer();
  probe.listen(0, '127.0.0.1');
  await once(probe, 'listening');
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((r) => probe.close(() => r()));
  return port;
}
