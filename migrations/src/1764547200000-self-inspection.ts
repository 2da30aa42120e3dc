import { MigrationInterface, QueryRunner } from 'typeorm';

/** Tables whose rows belong to one insurer: the standard tenant-isolation policy (see 1764115200000). */
const TENANT_TABLES = [
  'self_inspection_report',
  'self_inspection_report_version',
  'self_inspection_sample',
  'self_inspection_sample_item',
];

/**
 * Self-inspection (自查, METRICS.md "Self-inspection report", 京保监发[2008]294号): the regulator's notice,
 * one report per insurer with its signed versions (each with its PDF), and the recording-review sample
 * (回访质量抽检) with the insurer's review outcome per sampled callback.
 * Generated from the entities, then reviewed; additions the entities cannot express:
 * - row-level security: the standard policy on the insurer tables; a notice is visible to the regulators and
 *   to the insurers it was sent to (a report of theirs exists), and only regulators create notices;
 * - a signed version is immutable: a trigger refuses DELETE, and UPDATE except recording the regulator's
 *   review once (decision, comments, reviewer, time);
 * - the selection of a sample item never changes: a trigger lets only the review outcome columns change;
 * - least-privilege grants to `portal_app` (nothing is ever deleted by the application).
 */
export class SelfInspection1764547200000 implements MigrationInterface {
  name = 'SelfInspection1764547200000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    for (const statement of [
      `CREATE TABLE "self_inspection" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "period_code" character varying(6) NOT NULL, "title" character varying(200) NOT NULL, "scope" text NOT NULL, "deadline" date NOT NULL, "created_by" character varying(64) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_self_inspection_period" CHECK ("period_code" ~ '^[0-9]{4}H[12]$'), CONSTRAINT "pk_self_inspection" PRIMARY KEY ("id"))`,
      `CREATE INDEX "ix_self_inspection_created" ON "self_inspection" ("created_at")`,
      `CREATE TABLE "self_inspection_report" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "notice_id" uuid NOT NULL, "org_code" character(18) NOT NULL, "period_code" character varying(6) NOT NULL, "status" character varying(16) NOT NULL, "version" integer NOT NULL, "revision" integer NOT NULL, "problems" jsonb NOT NULL, "measures" jsonb NOT NULL, "updated_by" character varying(64), "updated_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_self_inspection_report_version" CHECK ("version" >= 1), CONSTRAINT "ck_self_inspection_report_status" CHECK ("status" IN ('requested', 'draft', 'submitted', 'returned', 'accepted')), CONSTRAINT "pk_self_inspection_report" PRIMARY KEY ("id"))`,
      `CREATE UNIQUE INDEX "uq_self_inspection_report_notice_org" ON "self_inspection_report" ("notice_id", "org_code")`,
      `CREATE INDEX "ix_self_inspection_report_org" ON "self_inspection_report" ("org_code", "status")`,
      `CREATE TABLE "self_inspection_report_version" ("report_id" uuid NOT NULL, "version" integer NOT NULL, "org_code" character(18) NOT NULL, "content" jsonb NOT NULL, "signer_name" character varying(64) NOT NULL, "signer_title" character varying(64) NOT NULL, "signed_by" character varying(64) NOT NULL, "signed_at" TIMESTAMP WITH TIME ZONE NOT NULL, "pdf" bytea NOT NULL, "pdf_sha256" character(64) NOT NULL, "review_decision" character varying(8), "review_comments" text, "reviewed_by" character varying(64), "reviewed_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "ck_self_inspection_report_version_review" CHECK ("review_decision" IS NULL OR ("review_decision" IN ('accept', 'return') AND "reviewed_by" IS NOT NULL AND "reviewed_at" IS NOT NULL)), CONSTRAINT "pk_self_inspection_report_version" PRIMARY KEY ("report_id", "version"))`,
      `CREATE TABLE "self_inspection_sample" ("report_id" uuid NOT NULL, "org_code" character(18) NOT NULL, "period_code" character varying(6) NOT NULL, "submission_id" uuid NOT NULL, "seed" character varying(64) NOT NULL, "min_term_months" smallint NOT NULL, "population" integer NOT NULL, "size" integer NOT NULL, "strata" jsonb NOT NULL, "drawn_by" character varying(64) NOT NULL, "drawn_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_self_inspection_sample_size" CHECK ("size" >= 0 AND "size" <= "population"), CONSTRAINT "pk_self_inspection_sample" PRIMARY KEY ("report_id"))`,
      `CREATE TABLE "self_inspection_sample_item" ("report_id" uuid NOT NULL, "item_no" integer NOT NULL, "org_code" character(18) NOT NULL, "row_no" integer NOT NULL, "policy_no" character varying(64) NOT NULL, "channel" character varying(16) NOT NULL, "product_type" character varying(16) NOT NULL, "channel_group" character varying(16) NOT NULL, "product_group" character varying(16) NOT NULL, "status" character varying(16) NOT NULL, "method" character varying(16), "completed_on" date, "recording_ref" character varying(128), "receipt_ref" character varying(128), "outcome" character varying(16), "problem_codes" text array NOT NULL, "rule_codes" text array NOT NULL, "note" text, "reviewed_by" character varying(64), "reviewed_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "ck_self_inspection_sample_item_outcome" CHECK ("outcome" IS NULL OR "outcome" IN ('compliant', 'non_compliant')), CONSTRAINT "pk_self_inspection_sample_item" PRIMARY KEY ("report_id", "item_no"))`,
      `CREATE INDEX "ix_self_inspection_sample_item_policy" ON "self_inspection_sample_item" ("report_id", "policy_no")`,
      `ALTER TABLE "self_inspection_report" ADD CONSTRAINT "fk_self_inspection_report_notice" FOREIGN KEY ("notice_id") REFERENCES "self_inspection"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
      `ALTER TABLE "self_inspection_report" ADD CONSTRAINT "fk_self_inspection_report_org" FOREIGN KEY ("org_code") REFERENCES "organisation"("code") ON DELETE RESTRICT ON UPDATE NO ACTION`,
      `ALTER TABLE "self_inspection_report_version" ADD CONSTRAINT "fk_self_inspection_report_version_report" FOREIGN KEY ("report_id") REFERENCES "self_inspection_report"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
      `ALTER TABLE "self_inspection_sample" ADD CONSTRAINT "fk_self_inspection_sample_report" FOREIGN KEY ("report_id") REFERENCES "self_inspection_report"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
      `ALTER TABLE "self_inspection_sample" ADD CONSTRAINT "fk_self_inspection_sample_submission" FOREIGN KEY ("submission_id") REFERENCES "submission"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
      `ALTER TABLE "self_inspection_sample_item" ADD CONSTRAINT "fk_self_inspection_sample_item_sample" FOREIGN KEY ("report_id") REFERENCES "self_inspection_sample"("report_id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    ]) {
      await queryRunner.query(statement);
    }

    await queryRunner.query(`
      CREATE FUNCTION self_inspection_version_is_locked() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' THEN
          RAISE EXCEPTION '已签署的自查报告版本不可删除 / a signed self-inspection report version is never deleted'
            USING ERRCODE = 'insufficient_privilege';
        END IF;
        -- Only the regulator's review may be added, once; everything signed stays as it was.
        IF OLD.review_decision IS NOT NULL
           OR (to_jsonb(NEW) - 'review_decision' - 'review_comments' - 'reviewed_by' - 'reviewed_at')
              IS DISTINCT FROM (to_jsonb(OLD) - 'review_decision' - 'review_comments' - 'reviewed_by' - 'reviewed_at') THEN
          RAISE EXCEPTION '已签署的自查报告版本不可更改 / a signed self-inspection report version is never changed'
            USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN NEW;
      END $$`);
    await queryRunner.query(
      `CREATE TRIGGER trg_self_inspection_version_locked BEFORE UPDATE OR DELETE ON "self_inspection_report_version" FOR EACH ROW EXECUTE FUNCTION self_inspection_version_is_locked()`,
    );
    await queryRunner.query(`
      CREATE FUNCTION self_inspection_sample_item_is_fixed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF (to_jsonb(NEW) - 'outcome' - 'problem_codes' - 'rule_codes' - 'note' - 'reviewed_by' - 'reviewed_at')
           IS DISTINCT FROM (to_jsonb(OLD) - 'outcome' - 'problem_codes' - 'rule_codes' - 'note' - 'reviewed_by' - 'reviewed_at') THEN
          RAISE EXCEPTION '抽检样本不可更改，只能记录复核结果 / a drawn sample never changes: only review outcomes are recorded'
            USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN NEW;
      END $$`);
    await queryRunner.query(
      `CREATE TRIGGER trg_self_inspection_sample_item_fixed BEFORE UPDATE ON "self_inspection_sample_item" FOR EACH ROW EXECUTE FUNCTION self_inspection_sample_item_is_fixed()`,
    );

    await queryRunner.query(`GRANT SELECT, INSERT ON "self_inspection" TO portal_app`);
    await queryRunner.query(`GRANT SELECT, INSERT, UPDATE ON "self_inspection_report" TO portal_app`);
    await queryRunner.query(`GRANT SELECT, INSERT, UPDATE ON "self_inspection_report_version" TO portal_app`);
    await queryRunner.query(`GRANT SELECT, INSERT ON "self_inspection_sample" TO portal_app`);
    await queryRunner.query(`GRANT SELECT, INSERT, UPDATE ON "self_inspection_sample_item" TO portal_app`);

    for (const table of TENANT_TABLES) {
      await queryRunner.query(`ALTER TABLE "${table}" ENABLE ROW LEVEL SECURITY`);
      await queryRunner.query(`
        CREATE POLICY tenant_isolation ON "${table}"
          USING (current_setting('app.all_orgs', true) = 'on' OR org_code = current_setting('app.org_code', true))
          WITH CHECK (current_setting('app.all_orgs', true) = 'on' OR org_code = current_setting('app.org_code', true))`);
    }
    // A notice: regulators see every one; an insurer only those it was sent to. Only regulators issue them.
    await queryRunner.query(`ALTER TABLE "self_inspection" ENABLE ROW LEVEL SECURITY`);
    await queryRunner.query(`
      CREATE POLICY tenant_isolation ON "self_inspection"
        USING (current_setting('app.all_orgs', true) = 'on'
               OR EXISTS (SELECT 1 FROM self_inspection_report r
                           WHERE r.notice_id = self_inspection.id
                             AND r.org_code = current_setting('app.org_code', true)))
        WITH CHECK (current_setting('app.all_orgs', true) = 'on')`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    // The notice's policy reads the report table: it goes first. Dropping a table drops its indexes,
    // constraints, triggers, policies and grants with it.
    await queryRunner.query(`DROP POLICY tenant_isolation ON "self_inspection"`);
    for (const table of [
      'self_inspection_sample_item',
      'self_inspection_sample',
      'self_inspection_report_version',
      'self_inspection_report',
      'self_inspection',
    ]) {
      await queryRunner.query(`DROP TABLE "${table}"`);
    }
    await queryRunner.query(`DROP FUNCTION self_inspection_sample_item_is_fixed()`);
    await queryRunner.query(`DROP FUNCTION self_inspection_version_is_locked()`);
  }
}
