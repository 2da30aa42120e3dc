import { DynamicModule, Logger, Module, RequestMethod } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LoggerModule } from 'nestjs-pino';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { APP_CONFIG, type AppConfig } from './config/config';
import { appLoginUrl } from './database/app-login';
import { dataSourceOptions } from './database/data-source-options';
import { AuthModule } from './auth/auth.module';
import { BulletinsModule } from './bulletins/bulletins.module';
import { CoreModule } from './core/core.module';
import { HealthController } from './health/health.controller';
import { CalendarModule } from './calendar/calendar.module';
import { CasesModule } from './cases/cases.module';
import { NotificationsModule } from './notifications/notifications.module';
import { PeriodsModule } from './periods/periods.module';
import { RulesModule } from './rules/rules.module';
import { SelfInspectionModule } from './self-inspection/self-inspection.module';
import { SubmissionsModule } from './submissions/submissions.module';
import { StatsModule } from './stats/stats.module';

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

@Module({})
export class AppModule {
  /** The whole application, configured from a validated config (so tests can build it with their own). */
  static forRoot(config: AppConfig, opts: { logStream?: NodeJS.WritableStream } = {}): DynamicModule {
    return {
      module: AppModule,
      global: true,
      imports: [
        LoggerModule.forRoot({
          pinoHttp: {
            level: config.LOG_LEVEL,
            // Keep a caller's request id when it is well-formed, otherwise make one; echo it back.
            genReqId: (req: IncomingMessage, res: ServerResponse) => {
              const given = req.headers['x-request-id'];
              const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
              res.setHeader('X-Request-Id', id);
              return id;
            },
            redact: {
              paths: [
                'req.headers.authorization',
                'req.headers.cookie',
                'res.headers["set-cookie"]',
                'req.body.password',
                '*.password',
                '*.accessToken',
              ],
              censor: '[redacted]',
            },
            serializers: {
              // Log the path without the query string: queries may carry tokens or personal data.
              req: (req: { id: string; method: string; url: string }) => ({
                id: req.id,
                method: req.method,
                path: req.url.split('?')[0],
              }),
            },
            autoLogging: { ignore: (req: IncomingMessage) => req.url === '/api/health' },
            ...(opts.logStream ? { stream: opts.logStream } : {}),
          },
          forRoutes: [{ path: '{*path}', method: RequestMethod.ALL }],
        }),
        TypeOrmModule.forRootAsync({
          useFactory: async () => {
            const appUrl =
              config.APP_DATABASE_URL ?? (await appLoginUrl(config.DATABASE_URL, config.JWT_SECRET));
            if (!appUrl) {
              new Logger('Database').warn(
                'cannot create the portal_app login (owner lacks CREATEROLE): switching role per connection instead; set APP_DATABASE_URL',
              );
            }
            return dataSourceOptions(appUrl ?? config.DATABASE_URL, config.DATABASE_POOL_SIZE, {
              asAppRole: !appUrl,
            });
          },
        }),
        CoreModule,
        AuthModule,
        // Feature modules: one line each.
        CalendarModule,
        PeriodsModule,
        CasesModule,
        NotificationsModule,
        RulesModule,
        SubmissionsModule,
        BulletinsModule,
        StatsModule,
        SelfInspectionModule,
      ],
      controllers: [HealthController],
      providers: [{ provide: APP_CONFIG, useValue: config }],
      exports: [APP_CONFIG],
    };
  }
}
