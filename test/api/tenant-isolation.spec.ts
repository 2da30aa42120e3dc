import { Client } from 'pg';
import { DataSource } from 'typeorm';
import type { AuthUser } from '../../server/src/app/auth/auth-user';
import { TenantDb } from '../../server/src/app/database/tenant-db.service';
import { startTestApp, type TestApp } from '../support/app';
import { seedOrgAndUsers, STANDARD_SEED } from '../support/auth';
import { createTestDatabase, type TestDatabase } from '../support/database';

const LIFE = STANDARD_SEED.orgs[0].code;
const PROPERTY = STANDARD_SEED.orgs[1].code;
const lifeUser: AuthUser = { id: 'x', username: 'life-submitter', role: 'insurer_submitter', orgCode: LIFE };
const regulator: AuthUser = { id: 'y', username: 'reg-analyst', role: 'regulator_analyst', orgCode: null };

/** Row-level security alone, with no service-layer filter at all, keeps insurers apart. */
describe('tenant isolation in the database (RLS)', () => {
  let db: TestDatabase;
  let t: TestApp;
  let tenantDb: TenantDb;

  beforeAll(async () => {
    db = await createTestDatabase();
    await seedOrgAndUsers(db.url, STANDARD_SEED);
    const owner = new Client({ connectionString: db.url });
    await owner.connect();
    await owner.query(
      `INSERT INTO period (code, starts_on, ends_on) VALUES ('2026H1', '2026-01-01', '2026-06-30')`,
    );
    for (const org of [LIFE, PROPERTY]) {
      const [{ id }] = (
        await owner.query(
          `INSERT INTO submission (org_code, period_code, kind, version, status, sha256, file_name, file_bytes, catalog_version, created_by)
           VALUES ($1, '2026H1', 'complaints', 1, 'valid', repeat('a', 64), 'f.csv', 10, 1, 'seed') RETURNING id`,
          [org],
        )
      ).rows;
      await owner.query(
        `INSERT INTO complaint_record (period_code, org_code, submission_id, row_no, complaint_no, source, received_on,
           product_type, category, extension, outcome, repeat_complaint)
         VALUES ('2026H1', $1, $2, 2, 'C-1', 'direct', '2026-02-01', 'health', 'claims', 'none', 'pending', false)`,
        [org, id],
      );
    }
    await owner.end();
    t = await startTestApp(db.url);
    tenantDb = t.app.get(TenantDb);
  });
  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  const orgsSeen = (actor: AuthUser | 'system', sql: string) =>
    tenantDb.run(actor, async (em) =>
      ((await em.query(sql)) as { org_code: string }[]).map((r) => r.org_code).sort(),
    );

  it('an insurer’s unfiltered SELECT sees only its own rows, in every tenant table', async () => {
    for (const table of ['submission', 'complaint_record', 'app_user']) {
      expect(await orgsSeen(lifeUser, `SELECT org_code FROM ${table} WHERE org_code IS NOT NULL`)).toEqual(
        table === 'app_user' ? [LIFE, LIFE] : [LIFE],
      );
    }
  });

  it('regulators and the system see every organisation', async () => {
    expect(await orgsSeen(regulator, 'SELECT org_code FROM submission')).toEqual([LIFE, PROPERTY].sort());
    expect(await orgsSeen('system', 'SELECT org_code FROM complaint_record')).toEqual(
      [LIFE, PROPERTY].sort(),
    );
  });

  it('an insurer cannot write a row for another organisation, nor change one', async () => {
    await expect(
      tenantDb.run(lifeUser, (em) =>
        em.query(
          `INSERT INTO submission (org_code, period_code, kind, version, status, sha256, file_name, file_bytes, catalog_version, created_by)
           VALUES ($1, '2026H1', 'profile', 1, 'valid', repeat('b', 64), 'p.csv', 1, 1, 'x')`,
          [PROPERTY],
        ),
      ),
    ).rejects.toThrow(/row-level security/);
    const updated = await tenantDb.run(lifeUser, (em) =>
      em.query(`UPDATE submission SET status = 'failed' WHERE org_code = $1`, [PROPERTY]),
    );
    expect(updated[1]).toBe(0);
  });

  it('an application connection that sets no tenant sees nothing, and cannot reach partitions or the ledger directly', async () => {
    const ds = t.app.get(DataSource);
    expect(await ds.query('SELECT * FROM submission')).toEqual([]);
    expect((await ds.query('SELECT current_user AS u'))[0].u).toBe('portal_app');
    await expect(ds.query('SELECT * FROM complaint_record_2026h1')).rejects.toThrow(/permission denied/);
    await expect(ds.query(`UPDATE audit_entry SET action = 'x'`)).rejects.toThrow(/permission denied/);
    // The pool logs in as portal_app: resetting the role cannot reach the owner.
    const qr = ds.createQueryRunner();
    try {
      await qr.query('RESET ROLE');
      expect((await qr.query('SELECT session_user AS s, current_user AS c'))[0]).toEqual({
        s: 'portal_app',
        c: 'portal_app',
      });
    } finally {
      await qr.release();
    }
  });
});
