import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../server/src/app/database/data-source-options';
import { runPendingMigrations } from '../../server/src/app/database/migrate';
import { MIGRATIONS } from '@portal/migrations';
import { createTestDatabase, type TestDatabase } from '../support/database';

/** The schema is defined by the migrations alone; the entities must describe exactly that schema. */
describe('migrations', () => {
  let db: TestDatabase;
  let ds: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase({ fromTemplate: false });
    ds = new DataSource(dataSourceOptions(db.url, 2));
    await ds.initialize();
  });
  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  const drift = async () => (await ds.driver.createSchemaBuilder().log()).upQueries.map((q) => q.query);
  const tables = async () =>
    (
      await ds.query(
        `SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND c.relname <> 'schema_migration' ORDER BY 1`,
      )
    ).map((r: { relname: string }) => r.relname);

  it('go up from empty with no drift between entities and migrations', async () => {
    expect(await runPendingMigrations(ds)).toHaveLength(MIGRATIONS.length);
    expect(await drift()).toEqual([]);
    expect(await tables()).toEqual(
      expect.arrayContaining(['organisation', 'submission', 'callback_record', 'audit_entry']),
    );
  });

  it('partition the record tables by period, creating partitions when a period is added', async () => {
    const kinds = await ds.query(
      `SELECT relname, relkind FROM pg_class WHERE relname IN ('callback_record', 'complaint_record', 'validation_issue')`,
    );
    expect(kinds.map((k: { relkind: string }) => k.relkind)).toEqual(['p', 'p', 'p']);
    await ds.query(
      `INSERT INTO period (code, starts_on, ends_on) VALUES ('2026H1', '2026-01-01', '2026-06-30')`,
    );
    const parts = await ds.query(
      `SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
       JOIN pg_class p ON p.oid = i.inhparent WHERE p.relname = 'callback_record'`,
    );
    expect(parts.map((p: { relname: string }) => p.relname)).toEqual(['callback_record_2026h1']);
  });

  it('keep the audit ledger append-only', async () => {
    await ds.query(
      `INSERT INTO audit_entry (occurred_at, action, prev_hash, hash) VALUES (now(), 'test', repeat('0', 64), repeat('1', 64))`,
    );
    await expect(ds.query(`UPDATE audit_entry SET action = 'changed'`)).rejects.toThrow(/append-only/);
    await expect(ds.query(`DELETE FROM audit_entry`)).rejects.toThrow(/append-only/);
    await expect(ds.query(`TRUNCATE audit_entry`)).rejects.toThrow(/append-only/);
  });

  it('go down to empty and up again, still without drift', async () => {
    for (let i = 0; i < MIGRATIONS.length; i++) await ds.undoLastMigration({ transaction: 'each' });
    expect(await tables()).toEqual([]);
    await runPendingMigrations(ds);
    expect(await drift()).toEqual([]);
  });

  it('refuse invalid rows by constraint', async () => {
    await expect(
      ds.query(
        `INSERT INTO organisation (code, name, org_group, founded_on) VALUES ('914403007109307395', 'x', 'bank', '2000-01-01')`,
      ),
    ).rejects.toThrow(/ck_organisation_group/);
    await expect(
      ds.query(`INSERT INTO period (code, starts_on, ends_on) VALUES ('2026H3', '2026-01-01', '2026-06-30')`),
    ).rejects.toThrow(/ck_period_code/);
  });
});
