import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule } from '../../server/src/app/app.module';
import { configureApp } from '../../server/src/app/common/configure-app';
import { loadConfig } from '../../server/src/app/config/config';
import { MULTI_TOPOLOGY, startDeployment, type Deployment } from './topology';

export interface TestApp {
  /**
   * The application in this process. Under `PORTAL_TOPOLOGY=multi` an extra, non-listening instance
   * (PROCESS_ROLE=api) on the same database, for tests that reach into services or the route table; HTTP
   * goes to `baseUrl`, i.e. to the separate processes.
   */
  app: INestApplication;
  baseUrl: string;
  /** Under `PORTAL_TOPOLOGY=multi`: the processes behind `baseUrl`. */
  deployment?: Deployment;
  close(): Promise<void>;
}

const TEST_JWT_SECRET = 'test-secret-that-is-long-enough-0123456789';

/**
 * The real application against the given database. By default in this process, on a random loopback port.
 * With `PORTAL_TOPOLOGY=multi` (`npm run test:multi`): two PROCESS_ROLE=api processes and one PROCESS_ROLE=worker
 * process (the dist bundle, same JWT secret, same database) behind a round-robin proxy whose URL is `baseUrl`.
 * `env` PROCESS_ROLE=api (or SUBMISSION_WORKER=false) there means the two API processes without the worker.
 */
export async function startTestApp(
  databaseUrl: string,
  env: Record<string, string> = {},
  opts: { logStream?: NodeJS.WritableStream } = {},
): Promise<TestApp> {
  const defaults = {
    NODE_ENV: 'test',
    DATABASE_URL: databaseUrl,
    JWT_SECRET: TEST_JWT_SECRET,
    LOG_LEVEL: 'silent',
    DATABASE_POOL_SIZE: '5',
  };
  if (MULTI_TOPOLOGY) return startMulti(databaseUrl, { ...defaults, ...env }, opts);
  const config = loadConfig({ ...defaults, ...env });
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, opts), {
    logger: false,
    bodyParser: false,
  });
  configureApp(app, config);
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  return { app, baseUrl: `http://127.0.0.1:${address.port}`, close: () => app.close() };
}

async function startMulti(
  databaseUrl: string,
  env: Record<string, string>,
  opts: { logStream?: NodeJS.WritableStream },
): Promise<TestApp> {
  const { PROCESS_ROLE, SUBMISSION_WORKER, ...rest } = env;
  // startServerProcess sets these from its own arguments.
  delete rest.DATABASE_URL;
  delete rest.JWT_SECRET;
  // Validated as the processes will validate it (a contradiction fails here, with the same message).
  const role = loadConfig({ ...env, PROCESS_ROLE, SUBMISSION_WORKER }).PROCESS_ROLE;
  if (role === 'worker')
    throw new Error('PORTAL_TOPOLOGY=multi: startTestApp with PROCESS_ROLE=worker serves no HTTP');
  // Child processes log at the requested level (in memory, printed when a start fails), at least warnings.
  const childEnv = {
    ...rest,
    LOG_LEVEL: opts.logStream || rest.LOG_LEVEL !== 'silent' ? rest.LOG_LEVEL : 'warn',
  };
  const internals = async () => {
    const app = await NestFactory.create<NestExpressApplication>(
      AppModule.forRoot(
        loadConfig({ ...env, PROCESS_ROLE: 'api', SUBMISSION_WORKER: undefined, LOG_LEVEL: 'silent' }),
      ),
      { logger: false, bodyParser: false },
    );
    configureApp(app, loadConfig({ ...env, PROCESS_ROLE: 'api', SUBMISSION_WORKER: undefined }));
    await app.init();
    return app;
  };
  const [started, built] = await Promise.allSettled([
    startDeployment(databaseUrl, {
      jwtSecret: TEST_JWT_SECRET,
      env: childEnv,
      worker: role === 'all',
      logStream: opts.logStream,
    }),
    internals(),
  ]);
  if (started.status === 'rejected' || built.status === 'rejected') {
    if (started.status === 'fulfilled') await started.value.close();
    if (built.status === 'fulfilled') await built.value.close();
    throw started.status === 'rejected' ? started.reason : (built as PromiseRejectedResult).reason;
  }
  const deployment = started.value;
  const app = built.value;
  return {
    app,
    baseUrl: deployment.baseUrl,
    deployment,
    close: async () => {
      await Promise.all([deployment.close(), app.close()]);
    },
  };
}
