import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app/app.module';
import { configureApp } from './app/common/configure-app';
import { ConfigError, loadConfig } from './app/config/config';
import { migrateDatabase } from './app/database/migrate';

async function bootstrap(): Promise<void> {
  const config = loadConfig();
  // The schema changes only through migrations: apply pending ones (as the schema owner) before serving.
  const applied = await migrateDatabase(config.DATABASE_URL);
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
  app.get(Logger).log(`listening on http://localhost:${config.PORT}`);
}

bootstrap().catch((err: unknown) => {
  // A bad configuration is the operator's to fix: print it plainly, without a stack trace.
  if (err instanceof ConfigError) console.error(err.message);
  else console.error(err);
  process.exit(1);
});
