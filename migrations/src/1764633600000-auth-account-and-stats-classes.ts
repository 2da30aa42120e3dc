import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Two things the per-request path and the statistics need to be fast (issue 5, benchmark goals):
 * - `auth_account(id)`: what the access guard checks on every request (username, role, organisation, whether
 *   disabled), in one statement and one round trip instead of a transaction. SECURITY DEFINER, owned by the
 *   schema owner, so it reads `app_user` whatever the caller's role; it returns no password hash. Executable by
 *   the owner and by `portal_app` only.
 * - `stats_submission_class`: a submitted version is immutable, so what the statistics classify its records
 *   into (call-backs: rows per type, new-business scope, status, method, on time, problems, claim on time;
 *   complaints: the same for their figures) is computed once per version and kept here as small jsonb rows.
 *   `signature` names what the classification depends on (the classifying SQL, the rule parameters, the
 *   working-day calendar): a row whose signature differs is recomputed from the records. Tenant table.
 */
export class AuthAccountAndStatsClasses1764633600000 implements MigrationInterface {
  name = 'AuthAccountAndStatsClasses1764633600000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE FUNCTION auth_account(account_id uuid)
        RETURNS TABLE (username character varying, role character varying, org_code character, disabled_at timestamptz)
        LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
        SELECT u.username, u.role, u.org_code, u.disabled_at FROM app_user u WHERE u.id = account_id
      $$`);
    await queryRunner.query(`REVOKE ALL ON FUNCTION auth_account(uuid) FROM PUBLIC`);
    await queryRunner.query(`GRANT EXECUTE ON FUNCTION auth_account(uuid) TO portal_app`);

    await queryRunner.query(
      `CREATE TABLE "stats_submission_class" ("submission_id" uuid NOT NULL, "period_code" character varying(6) NOT NULL, "org_code" character(18) NOT NULL, "kind" character varying(16) NOT NULL, "signature" text NOT NULL, "classes" jsonb NOT NULL, "computed_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_stats_submission_class_kind" CHECK ("kind" IN ('callbacks', 'complaints')), CONSTRAINT "pk_stats_submission_class" PRIMARY KEY ("submission_id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_stats_submission_class_period" ON "stats_submission_class" ("period_code", "org_code")`,
    );
    await queryRunner.query(
      `ALTER TABLE "stats_submission_class" ADD CONSTRAINT "fk_stats_submission_class_submission" FOREIGN KEY ("submission_id") REFERENCES "submission"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON "stats_submission_class" TO portal_app`);
    await queryRunner.query(`ALTER TABLE "stats_submission_class" ENABLE ROW LEVEL SECURITY`);
    await queryRunner.query(`
      CREATE POLICY tenant_isolation ON "stats_submission_class"
        USING (current_setting('app.all_orgs', true) = 'on' OR org_code = current_setting('app.org_code', true))
        WITH CHECK (current_setting('app.all_orgs', true) = 'on' OR org_code = current_setting('app.org_code', true))`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "stats_submission_class"`);
    await queryRunner.query(`DROP FUNCTION auth_account(uuid)`);
  }
}
