import type { DataSourceOptions } from 'typeorm';
import { MIGRATIONS } from '@portal/migrations';
import { ENTITIES } from './entities';

/**
 * The one description of the database used by the server, the migration command and the tests.
 * The schema changes only through migrations; `synchronize` is never on.
 */
export function dataSourceOptions(url: string, poolSize = 10): DataSourceOptions {
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
    extra: { max: poolSize, application_name: 'portal' },
  };
}
