import { MigrationInterface, QueryRunner } from 'typeorm';

/** The tables that hold what an upload produced; written once by the validation worker, never changed. */
const WRITE_ONCE_TABLES = [
  'callback_record',
  'complaint_record',
  'profile_record',
  'validation_issue',
  'submission_rule_count',
];

/**
 * Submissions: versions, sign-off, and the guarantees around them.
 * - `file_format`, `text_encoding`: how the upload was read (shown in the report).
 * - At most one `submitted` version per (org, period, kind) — a partial unique index, so two approvers
 *   signing off at once cannot both win.
 * - A submitted version is never changed or deleted: a trigger allows only status `submitted` → `superseded`
 *   and the `late` flag (recomputed by the deadlines feature when an extension is granted).
 * - Records, issues and counts are written once: the application role may not update or delete them.
 * - An index for reading a report filtered by rule, page by page, on files with millions of issues.
 * - profile_record.sales_staff and .employees as bigint: the standard bounds them only by ≥ 0, and a value the
 *   library accepts must never fail the COPY.
 */
export class Submissions1764201600000 implements MigrationInterface {
  name = 'Submissions1764201600000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "submission" ADD "file_format" character varying(8)`);
    await queryRunner.query(`ALTER TABLE "submission" ADD "text_encoding" character varying(16)`);
    await queryRunner.query(`ALTER TABLE "profile_record" ALTER COLUMN "sales_staff" TYPE bigint`);
    await queryRunner.query(`ALTER TABLE "profile_record" ALTER COLUMN "employees" TYPE bigint`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_submission_submitted" ON "submission" ("org_code", "period_code", "kind") WHERE "status" = 'submitted'`,
    );
    await queryRunner.query(`CREATE INDEX "ix_submission_created" ON "submission" ("created_at")`);
    await queryRunner.query(
      `CREATE INDEX "ix_validation_issue_rule" ON "validation_issue" ("submission_id", "rule_code", "issue_no")`,
    );
    await queryRunner.query(`
      CREATE FUNCTION submission_is_locked() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' THEN
          IF OLD.status IN ('submitted', 'superseded') THEN
            RAISE EXCEPTION '已提交的报送不可删除 / a submitted submission is never deleted'
              USING ERRCODE = 'insufficient_privilege';
          END IF;
          RETURN OLD;
        END IF;
        -- Only the late flag (recomputed when a deadline is extended) and submitted → superseded may change.
        IF OLD.status IN ('submitted', 'superseded')
           AND ((to_jsonb(NEW) - 'status' - 'late') IS DISTINCT FROM (to_jsonb(OLD) - 'status' - 'late')
                OR NOT (NEW.status = OLD.status OR (OLD.status = 'submitted' AND NEW.status = 'superseded'))) THEN
          RAISE EXCEPTION '已提交的报送不可更改 / a submitted submission is never changed'
            USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN NEW;
      END $$`);
    await queryRunner.query(
      `CREATE TRIGGER trg_submission_locked BEFORE UPDATE OR DELETE ON "submission" FOR EACH ROW EXECUTE FUNCTION submission_is_locked()`,
    );
    for (const table of WRITE_ONCE_TABLES) {
      await queryRunner.query(`REVOKE UPDATE, DELETE, TRUNCATE ON "${table}" FROM portal_app`);
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of WRITE_ONCE_TABLES) {
      await queryRunner.query(`GRANT UPDATE, DELETE ON "${table}" TO portal_app`);
    }
    await queryRunner.query(`DROP TRIGGER trg_submission_locked ON "submission"`);
    await queryRunner.query(`DROP FUNCTION submission_is_locked()`);
    await queryRunner.query(`DROP INDEX "ix_validation_issue_rule"`);
    await queryRunner.query(`DROP INDEX "ix_submission_created"`);
    await queryRunner.query(`DROP INDEX "uq_submission_submitted"`);
    await queryRunner.query(`ALTER TABLE "profile_record" ALTER COLUMN "employees" TYPE integer`);
    await queryRunner.query(`ALTER TABLE "profile_record" ALTER COLUMN "sales_staff" TYPE integer`);
    await queryRunner.query(`ALTER TABLE "submission" DROP COLUMN "text_encoding"`);
    await queryRunner.query(`ALTER TABLE "submission" DROP COLUMN "file_format"`);
  }
}
