import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The initial schema. Generated from the entities, then reviewed; additions the entities cannot express:
 * - the large tables (callback_record, complaint_record, validation_issue) are partitioned by period
 *   (LIST on period_code); a trigger on `period` creates each period's partitions when the period is added;
 * - the audit ledger refuses UPDATE, DELETE and TRUNCATE;
 * - the first rule-catalog version (the catalog shipped with the reporting-standard library, no overrides).
 */
export class InitialSchema1764028800000 implements MigrationInterface {
  name = 'InitialSchema1764028800000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    for (const statement of [
      `CREATE TABLE "audit_entry" ("id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL, "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL, "actor" character varying(64), "actor_role" character varying(32), "org_code" character(18), "action" character varying(64) NOT NULL, "object_type" character varying(32), "object_id" character varying(64), "detail" jsonb, "prev_hash" character(64) NOT NULL, "hash" character(64) NOT NULL, CONSTRAINT "PK_58a130a4b9da189f46ba2a01801" PRIMARY KEY ("id"))`,
      `CREATE TABLE "organisation" ("code" character(18) NOT NULL, "name" character varying(200) NOT NULL, "org_group" character varying(16) NOT NULL, "founded_on" date NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_organisation_group" CHECK ("org_group" IN ('life', 'property')), CONSTRAINT "PK_6a3122daf3cb06cb4f1f87ae642" PRIMARY KEY ("code"))`,
      `CREATE TABLE "period" ("code" character varying(6) NOT NULL, "starts_on" date NOT NULL, "ends_on" date NOT NULL, CONSTRAINT "ck_period_code" CHECK ("code" ~ '^[0-9]{4}H[12]$'), CONSTRAINT "PK_3f00e84c51c73680e63cfb3de42" PRIMARY KEY ("code"))`,
      `CREATE TABLE "period_deadline" ("period_code" character varying(6) NOT NULL, "kind" character varying(16) NOT NULL, "due_on" date NOT NULL, CONSTRAINT "ck_period_deadline_kind" CHECK ("kind" IN ('callbacks', 'complaints', 'profile')), CONSTRAINT "PK_1670c974f0560f0ef2925530a20" PRIMARY KEY ("period_code", "kind"))`,
      `CREATE TABLE "rule_catalog_version" ("version" integer NOT NULL, "overrides" jsonb NOT NULL, "note" text, "published_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "published_by" character varying(64), CONSTRAINT "PK_92d491eb530d487750f22755821" PRIMARY KEY ("version"))`,
      `CREATE TABLE "callback_record" ("period_code" character varying(6) NOT NULL, "org_code" character(18) NOT NULL, "submission_id" uuid NOT NULL, "row_no" integer NOT NULL, "callback_type" character varying(16) NOT NULL, "policy_no" character varying(64) NOT NULL, "case_no" character varying(64), "product_type" character varying(16) NOT NULL, "channel" character varying(16) NOT NULL, "term_months" smallint NOT NULL, "payment_mode" character varying(8) NOT NULL, "policyholder_age" smallint NOT NULL, "underwritten_on" date NOT NULL, "receipt_signed_on" date, "cooling_off_days" smallint, "sales_recorded" boolean, "case_closed_on" date, "status" character varying(16) NOT NULL, "method" character varying(16), "methods_tried" text array, "first_attempt_on" date, "completed_on" date, "recording_ref" character varying(128), "receipt_ref" character varying(128), "identity_check" text array, "confirmed_items" text array, "caller_is_sales" boolean NOT NULL, "problems" text array, "problem_resolved_on" date, "problem_resolution" character varying(16), CONSTRAINT "PK_f978b3fe945a36481dddaaca874" PRIMARY KEY ("period_code", "org_code", "submission_id", "row_no")) PARTITION BY LIST ("period_code")`,
      `CREATE TABLE "complaint_record" ("period_code" character varying(6) NOT NULL, "org_code" character(18) NOT NULL, "submission_id" uuid NOT NULL, "row_no" integer NOT NULL, "complaint_no" character varying(64) NOT NULL, "source" character varying(24) NOT NULL, "forward_no" character varying(64), "forwarded_on" date, "received_on" date NOT NULL, "product_type" character varying(16) NOT NULL, "category" character varying(16) NOT NULL, "channel" character varying(16), "decided_on" date, "extension" character varying(24) NOT NULL, "outcome" character varying(24) NOT NULL, "callback_on" date, "callback_method" character varying(16), "satisfaction" character varying(24), "repeat_complaint" boolean NOT NULL, CONSTRAINT "PK_6b01bbfa8b0eecf6afcf91efbcb" PRIMARY KEY ("period_code", "org_code", "submission_id", "row_no")) PARTITION BY LIST ("period_code")`,
      `CREATE TABLE "submission" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "org_code" character(18) NOT NULL, "period_code" character varying(6) NOT NULL, "kind" character varying(16) NOT NULL, "version" integer NOT NULL, "status" character varying(16) NOT NULL, "sha256" character(64) NOT NULL, "file_name" character varying(255) NOT NULL, "file_bytes" bigint NOT NULL, "rows" bigint NOT NULL DEFAULT '0', "errors" bigint NOT NULL DEFAULT '0', "warnings" bigint NOT NULL DEFAULT '0', "findings" bigint NOT NULL DEFAULT '0', "progress_rows" bigint NOT NULL DEFAULT '0', "catalog_version" integer NOT NULL, "failure_reason" text, "late" boolean NOT NULL DEFAULT false, "created_by" character varying(64) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "validated_at" TIMESTAMP WITH TIME ZONE, "submitted_at" TIMESTAMP WITH TIME ZONE, "submitted_by" character varying(64), "receipt_no" character varying(32), CONSTRAINT "ck_submission_status" CHECK ("status" IN ('validating', 'invalid', 'valid', 'submitted', 'superseded', 'failed')), CONSTRAINT "ck_submission_kind" CHECK ("kind" IN ('callbacks', 'complaints', 'profile')), CONSTRAINT "PK_7faa571d0e4a7076e85890c9bd0" PRIMARY KEY ("id"))`,
      `CREATE UNIQUE INDEX "uq_submission_receipt_no" ON "submission" ("receipt_no")`,
      `CREATE INDEX "ix_submission_sha256" ON "submission" ("org_code", "period_code", "kind", "sha256")`,
      `CREATE UNIQUE INDEX "uq_submission_version" ON "submission" ("org_code", "period_code", "kind", "version")`,
      `CREATE TABLE "profile_record" ("submission_id" uuid NOT NULL, "period_code" character varying(6) NOT NULL, "org_code" character(18) NOT NULL, "premium_income" numeric(18,2) NOT NULL, "new_policies" bigint NOT NULL, "policies_in_force" bigint NOT NULL, "insured_persons" bigint NOT NULL, "sales_staff" integer NOT NULL, "employees" integer NOT NULL, CONSTRAINT "PK_c506e995a07351ac64478595f78" PRIMARY KEY ("submission_id"))`,
      `CREATE TABLE "validation_issue" ("period_code" character varying(6) NOT NULL, "submission_id" uuid NOT NULL, "issue_no" integer NOT NULL, "row_no" integer, "column_key" character varying(64), "value" text, "rule_code" character varying(16) NOT NULL, "severity" character varying(8) NOT NULL, "params" jsonb, CONSTRAINT "PK_2910dcedc6ed002e9da1a4bf74c" PRIMARY KEY ("period_code", "submission_id", "issue_no")) PARTITION BY LIST ("period_code")`,
      `CREATE TABLE "submission_rule_count" ("submission_id" uuid NOT NULL, "rule_code" character varying(16) NOT NULL, "severity" character varying(8) NOT NULL, "count" bigint NOT NULL, CONSTRAINT "ck_submission_rule_count_severity" CHECK ("severity" IN ('error', 'warning', 'finding')), CONSTRAINT "PK_f75412dedccdb867d067a2ad9b4" PRIMARY KEY ("submission_id", "rule_code"))`,
      `CREATE TABLE "app_user" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "username" character varying(64) NOT NULL, "password_hash" text NOT NULL, "role" character varying(32) NOT NULL, "org_code" character(18), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "disabled_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "ck_app_user_org" CHECK (("role" LIKE 'insurer_%') = ("org_code" IS NOT NULL)), CONSTRAINT "ck_app_user_role" CHECK ("role" IN ('regulator_admin', 'regulator_analyst', 'insurer_submitter', 'insurer_approver', 'association_reader')), CONSTRAINT "PK_22a5c4a3d9b2fb8e4e73fc4ada1" PRIMARY KEY ("id"))`,
      `CREATE UNIQUE INDEX "uq_app_user_username" ON "app_user" ("username")`,
      `ALTER TABLE "period_deadline" ADD CONSTRAINT "fk_period_deadline_period" FOREIGN KEY ("period_code") REFERENCES "period"("code") ON DELETE CASCADE ON UPDATE NO ACTION`,
      `ALTER TABLE "submission" ADD CONSTRAINT "fk_submission_org" FOREIGN KEY ("org_code") REFERENCES "organisation"("code") ON DELETE RESTRICT ON UPDATE NO ACTION`,
      `ALTER TABLE "submission" ADD CONSTRAINT "fk_submission_period" FOREIGN KEY ("period_code") REFERENCES "period"("code") ON DELETE RESTRICT ON UPDATE NO ACTION`,
      `ALTER TABLE "submission" ADD CONSTRAINT "fk_submission_catalog_version" FOREIGN KEY ("catalog_version") REFERENCES "rule_catalog_version"("version") ON DELETE RESTRICT ON UPDATE NO ACTION`,
      `ALTER TABLE "profile_record" ADD CONSTRAINT "fk_profile_record_submission" FOREIGN KEY ("submission_id") REFERENCES "submission"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
      `ALTER TABLE "submission_rule_count" ADD CONSTRAINT "fk_submission_rule_count_submission" FOREIGN KEY ("submission_id") REFERENCES "submission"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
      `ALTER TABLE "app_user" ADD CONSTRAINT "fk_app_user_org" FOREIGN KEY ("org_code") REFERENCES "organisation"("code") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    ]) {
      await queryRunner.query(statement);
    }

    await queryRunner.query(`
      CREATE FUNCTION create_period_partitions() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        t text;
      BEGIN
        FOREACH t IN ARRAY ARRAY['callback_record', 'complaint_record', 'validation_issue'] LOOP
          EXECUTE format('CREATE TABLE IF NOT EXISTS %I PARTITION OF %I FOR VALUES IN (%L)',
                         t || '_' || lower(NEW.code), t, NEW.code);
        END LOOP;
        RETURN NEW;
      END $$`);
    await queryRunner.query(
      `CREATE TRIGGER trg_period_partitions AFTER INSERT ON "period" FOR EACH ROW EXECUTE FUNCTION create_period_partitions()`,
    );

    await queryRunner.query(`
      CREATE FUNCTION audit_entry_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION '审计记录只能追加 / the audit ledger is append-only (% refused)', TG_OP
          USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await queryRunner.query(
      `CREATE TRIGGER trg_audit_entry_no_update_delete BEFORE UPDATE OR DELETE ON "audit_entry" FOR EACH ROW EXECUTE FUNCTION audit_entry_is_append_only()`,
    );
    await queryRunner.query(
      `CREATE TRIGGER trg_audit_entry_no_truncate BEFORE TRUNCATE ON "audit_entry" FOR EACH STATEMENT EXECUTE FUNCTION audit_entry_is_append_only()`,
    );

    await queryRunner.query(
      `INSERT INTO "rule_catalog_version" ("version", "overrides", "note") VALUES (1, '{}'::jsonb, '规则目录第1版 / rule catalog v1')`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "app_user"`);
    await queryRunner.query(`DROP TABLE "submission_rule_count"`);
    await queryRunner.query(`DROP TABLE "validation_issue"`);
    await queryRunner.query(`DROP TABLE "profile_record"`);
    await queryRunner.query(`DROP TABLE "complaint_record"`);
    await queryRunner.query(`DROP TABLE "callback_record"`);
    await queryRunner.query(`DROP TABLE "submission"`);
    await queryRunner.query(`DROP TABLE "rule_catalog_version"`);
    await queryRunner.query(`DROP TABLE "period_deadline"`);
    await queryRunner.query(`DROP TABLE "period"`);
    await queryRunner.query(`DROP TABLE "organisation"`);
    await queryRunner.query(`DROP TABLE "audit_entry"`);
    await queryRunner.query(`DROP FUNCTION audit_entry_is_append_only()`);
    await queryRunner.query(`DROP FUNCTION create_period_partitions()`);
  }
}
