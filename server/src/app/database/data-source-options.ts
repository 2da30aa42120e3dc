import type { DataSourceOptions } from 'typeorm';
import { MIGRATIONS } from '@portal/migrations';
import { ENTITIES } from './entities';

/** The role application connections run as: not the owner, no BYPASSRLS (see the tenant-isolation migration). */
export const APP_ROLE = 'portal_app';

/**
 * The one description of the database used by the server, the migration command and the tests.
 * The schema changes only through migrations; `synchronize` is never on.
 * `asAppRole`: every connection of the pool switches to `portal_app` at start-up, so row-level security
 * applies to everything the application does; migrations connect as the schema owner instead.
 */
export function dataSourceOptions(
  url: string,
  poolSize = 10,
  opts: { asAppRole?: boolean } = {},
): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'schema_migration',
    migrationsTransactionMode: 'each',
    synchronize: false,
    // gen_random_uuid() is built into PostgreSQL 13+; never try to install extensions at connect time.
    uuidExtension: 'pgcrypto',
    installExtensions: false,
    logging: ['error'],
    extra: {
      max: poolSize,
      application_name: 'portal',
      ...(opts.asAppRole ? { options: `-c role=${APP_ROLE}` } : {}),
    },
  };
}
