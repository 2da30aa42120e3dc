import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { createServer, type Server } from 'node:http';
import { Logger } from 'nestjs-pino';
import { DataSource } from 'typeorm';
import { AppModule } from './app/app.module';
import { configureApp } from './app/common/configure-app';
import { installProcessGuards } from './app/common/process-guards';
import { type AppConfig, ConfigError, loadConfig, servesHttp } from './app/config/config';
import { migrateDatabase } from './app/database/migrate';

async function bootstrap(): Promise<void> {
  // A database outage must not end the process (a library's un-awaited query would): see process-guards.ts.
  installProcessGuards((msg) => process.stderr.write(JSON.stringify({ level: 40, time: Date.now(), msg }) + '\n'));
  const config = loadConfig();
  // The schema changes only through migrations: apply pending ones (as the schema owner) before serving.
  const applied = await migrateDatabase(config.DATABASE_URL);
  if (!servesHttp(config)) return startWorker(config, applied);
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), {
    bufferLogs: true,
    bodyParser: false,
  });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();

  for (const name of applied) app.get(Logger).log(`migration applied: ${name}`);

  configureApp(app, config);
  // Uploads of several GB over a slow link take longer than Node's default 5-minute request timeout.
  const server = app.getHttpServer() as import('node:http').Server;
  server.requestTimeout = 60 * 60 * 1000;
  await app.listen(config.PORT, config.HOST);
  app.get(Logger).log(`listening on http://localhost:${config.PORT} (PROCESS_ROLE=${config.PROCESS_ROLE})`);
}

/**
 * PROCESS_ROLE=worker: the application without its HTTP API (the same modules, so the same background jobs),
 * and on PORT only `GET /api/health` (200 when the database answers, else 503) for the orchestrator's probe.
 */
async function startWorker(config: AppConfig, applied: string[]): Promise<void> {
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(config), { bufferLogs: true });
  const logger = app.get(Logger);
  app.useLogger(logger);
  for (const name of applied) logger.log(`migration applied: ${name}`);
  const dataSource = app.get(DataSource);
  const health: Server = createServer((req, res) => {
    const send = (status: number, body: object) => {
      res.writeHead(status, {
        'Content-Type': 'application/json; charset=utf-8',
        'Cache-Control': 'no-store',
      });
      res.end(JSON.stringify(body));
    };
    const path = (req.url ?? '').split('?')[0];
    if (path !== '/api/health' || (req.method !== 'GET' && req.method !== 'HEAD'))
      return send(404, {
        statusCode: 404,
        error: 'Not Found',
        message: '后台处理进程只提供 /api/health / A worker process serves only /api/health',
      });
    dataSource.query('SELECT 1').then(
      () => send(200, { status: 'ok', database: 'up', role: 'worker' }),
      () =>
        send(503, {
          statusCode: 503,
          error: 'Service Unavailable',
          message: '数据库不可用 / Database unavailable',
        }),
    );
  });
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.log(`${signal}: stopping the worker`);
    health.close();
    // Closing the context stops the queue gracefully (a running check rolls back and is retried later).
    app.close().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error(err);
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  await app.init();
  await new Promise<void>((resolve, reject) => {
    health.once('error', reject);
    health.listen(config.PORT, config.HOST, resolve);
  });
  logger.log(`worker running; health on http://localhost:${config.PORT}/api/health (PROCESS_ROLE=worker)`);
}

bootstrap().catch((err: unknown) => {
  // A bad configuration is the operator's to fix: print it plainly, without a stack trace.
  if (err instanceof ConfigError) console.error(err.message);
  else console.error(err);
  process.exit(1);
});
