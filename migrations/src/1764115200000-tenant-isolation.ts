import { MigrationInterface, QueryRunner } from 'typeorm';

/** Tables whose rows belong to one insurer: row-level security hides other insurers' rows from them. */
const TENANT_TABLES = [
  'submission',
  'callback_record',
  'complaint_record',
  'profile_record',
  'validation_issue',
  'submission_rule_count',
  'app_user',
];

/**
 * Tenant isolation in the database itself, and sign-in throttling.
 * - `portal_app`: the role every application transaction runs as (SET LOCAL ROLE); not a superuser, not the
 *   owner, no BYPASSRLS, so row-level security always applies to it. It may not update or delete the audit
 *   ledger, nor touch the period partitions directly.
 * - Policies: a row is visible when the transaction acts for all organisations (`app.all_orgs` = on:
 *   regulators, associations, the system) or for the row's own organisation (`app.org_code`). A transaction
 *   that sets neither sees nothing.
 */
export class TenantIsolation1764115200000 implements MigrationInterface {
  name = 'TenantIsolation1764115200000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "login_failure" ("id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL, "username" character varying(64) NOT NULL, "address" character varying(64) NOT NULL, "failed_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_5df78140d5d3f4afc249d879cdf" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_login_failure_address" ON "login_failure" ("address", "failed_at")`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_login_failure_username" ON "login_failure" ("username", "failed_at")`,
    );
    await queryRunner.query(`ALTER TABLE "validation_issue" ADD "org_code" character(18) NOT NULL`);
    await queryRunner.query(`ALTER TABLE "submission_rule_count" ADD "org_code" character(18) NOT NULL`);

    // Roles are per cluster: another database of the same server may have created it already.
    await queryRunner.query(`
      DO $$ BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'portal_app') THEN
          CREATE ROLE portal_app NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE;
        END IF;
      END $$`);
    await queryRunner.query(`GRANT portal_app TO CURRENT_USER`);
    await queryRunner.query(`GRANT USAGE ON SCHEMA public TO portal_app`);
    await queryRunner.query(
      `GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO portal_app`,
    );
    await queryRunner.query(`REVOKE UPDATE, DELETE, TRUNCATE ON audit_entry FROM portal_app`);
    await queryRunner.query(`REVOKE ALL ON schema_migration FROM portal_app`);
    await queryRunner.query(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO portal_app`);
    // Partitions are reached through their parent (whose policies apply), never directly.
    await queryRunner.query(`
      DO $$ DECLARE r record; BEGIN
        FOR r IN SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE c.relkind IN ('r', 'p') LOOP
          EXECUTE format('REVOKE ALL ON %I FROM portal_app', r.relname);
        END LOOP;
      END $$`);
    // Adding a period creates its partitions as the schema owner, whoever inserts the period.
    await queryRunner.query(
      `ALTER FUNCTION create_period_partitions() SECURITY DEFINER SET search_path = public`,
    );

    for (const table of TENANT_TABLES) {
      await queryRunner.query(`ALTER TABLE "${table}" ENABLE ROW LEVEL SECURITY`);
      await queryRunner.query(`
        CREATE POLICY tenant_isolation ON "${table}"
          USING (current_setting('app.all_orgs', true) = 'on' OR org_code = current_setting('app.org_code', true))
          WITH CHECK (current_setting('app.all_orgs', true) = 'on' OR org_code = current_setting('app.org_code', true))`);
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of TENANT_TABLES) {
      await queryRunner.query(`DROP POLICY tenant_isolation ON "${table}"`);
      await queryRunner.query(`ALTER TABLE "${table}" DISABLE ROW LEVEL SECURITY`);
    }
    await queryRunner.query(`ALTER FUNCTION create_period_partitions() SECURITY INVOKER RESET search_path`);
    await queryRunner.query(`REVOKE ALL ON ALL TABLES IN SCHEMA public FROM portal_app`);
    await queryRunner.query(`REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM portal_app`);
    await queryRunner.query(`REVOKE USAGE ON SCHEMA public FROM portal_app`);
    // The role itself stays: other databases of the cluster may use it.
    await queryRunner.query(`ALTER TABLE "submission_rule_count" DROP COLUMN "org_code"`);
    await queryRunner.query(`ALTER TABLE "validation_issue" DROP COLUMN "org_code"`);
    await queryRunner.query(`DROP TABLE "login_failure"`);
  }
}
