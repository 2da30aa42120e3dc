import type { DataSource } from 'typeorm';

const MIGRATION_LOCK = 7341001;

/**
 * Applies pending migrations, holding an advisory lock on a connection of its own, so that several
 * processes starting at once (API replicas, a worker) apply each migration exactly once.
 */
export async function runPendingMigrations(dataSource: DataSource): Promise<string[]> {
  const lock = dataSource.createQueryRunner();
  await lock.connect();
  try {
    await lock.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return applied.map((m) => m.name);
  } finally {
    await lock.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    await lock.release();
  }
}

/** Migrates the database at `url` on a connection of its own (the schema owner's), then disconnects. */
export async function migrateDatabase(url: string): Promise<string[]> {
  const { DataSource } = await import('typeorm');
  const { dataSourceOptions } = await import('./data-source-options');
  // Two connections: one holds the advisory lock while the other runs the migrations.
  const dataSource = new DataSource(dataSourceOptions(url, 2));
  await dataSource.initialize();
  try {
    return await runPendingMigrations(dataSource);
  } finally {
    await dataSource.destroy();
  }
}
