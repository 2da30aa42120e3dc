import 'reflect-metadata';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import { AppModule } from '../../server/src/app/app.module';
import { STATS_SOURCE, type OrgGroup, type StatsSource } from '../../server/src/app/bulletins/bulletin-data';
import { configureApp } from '../../server/src/app/common/configure-app';
import { loadConfig } from '../../server/src/app/config/config';
import type { TestApp } from '../support/app';
import { STANDARD_SEED } from '../support/auth';
import { statsFixture } from './stats-fixture';

/**
 * The real application (as test/support/app.ts starts it) with the bulletins' statistics adapter given
 * fixture statistics in the shape of `GET /api/stats`, for tests that exercise rendering and publication
 * independently of how the statistics are computed.
 */
export async function startBulletinTestApp(
  databaseUrl: string,
  stats: StatsSource,
  env: Record<string, string> = {},
): Promise<TestApp> {
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: databaseUrl,
    JWT_SECRET: 'test-secret-that-is-long-enough-0123456789',
    LOG_LEVEL: 'silent',
    DATABASE_POOL_SIZE: '5',
    ...env,
  });
  const moduleRef = await Test.createTestingModule({ imports: [AppModule.forRoot(config)] })
    .overrideProvider(STATS_SOURCE)
    .useValue(stats)
    .compile();
  const app = moduleRef.createNestApplication<NestExpressApplication>({ logger: false, bodyParser: false });
  configureApp(app, config);
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  return { app, baseUrl: `http://127.0.0.1:${address.port}`, close: () => app.close() };
}

/** Fixture statistics of 12 insurers per group, with STANDARD_SEED's two insurers among them. */
export function seededFixtureStats(
  period: string,
  group: OrgGroup,
  scale = 1,
  seed = 7,
): Record<string, unknown> {
  const stats = statsFixture({ period, group, companies: 12, scale, seed });
  const companies = stats['companies'] as { orgCode: string; name: string }[];
  const seeded = group === 'life' ? STANDARD_SEED.orgs[0] : STANDARD_SEED.orgs[1];
  companies[0] = { ...companies[0], orgCode: seeded.code, name: seeded.name };
  return stats;
}
