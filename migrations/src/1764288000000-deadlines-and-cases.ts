import { MigrationInterface, QueryRunner } from 'typeorm';

/** Tables whose rows belong to one insurer: the standard tenant-isolation policy (see 1764115200000). */
const TENANT_TABLES = ['forwarded_complaint', 'supervision_sample_item', 'notification', 'notification_read'];

/**
 * Deadlines: the working-day calendar as data, regulator-forwarded complaints (转办) with their follow-up
 * checks (督查), extensions of the reporting deadlines, and notifications inside the portal.
 * Generated from the entities, then reviewed; additions the entities cannot express:
 * - row-level security: the standard policy on the tenant tables; `period_extension` also shows every insurer
 *   the extensions granted to all insurers (org_code null);
 * - least-privilege grants to `portal_app` (the calendar, samples, notifications and extensions are never
 *   deleted by the application; notifications and their read marks are never updated).
 */
export class DeadlinesAndCases1764288000000 implements MigrationInterface {
  name = 'DeadlinesAndCases1764288000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    for (const statement of [
      `CREATE TABLE "calendar_schedule" ("year" integer NOT NULL, "holidays" jsonb NOT NULL, "makeup_workdays" jsonb NOT NULL, "source" text NOT NULL, "revision" integer NOT NULL DEFAULT '1', "loaded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "loaded_by" character varying(64) NOT NULL, CONSTRAINT "ck_calendar_schedule_year" CHECK ("year" BETWEEN 1900 AND 9999), CONSTRAINT "pk_calendar_schedule" PRIMARY KEY ("year"))`,
      `CREATE TABLE "forwarded_complaint" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "org_code" character(18) NOT NULL, "forward_no" character varying(64) NOT NULL, "forwarded_on" date NOT NULL, "category" character varying(16) NOT NULL, "summary" text NOT NULL, "working_days" smallint NOT NULL, "catalog_version" integer NOT NULL, "deadline" date NOT NULL, "status" character varying(16) NOT NULL DEFAULT 'open', "decided_on" date, "outcome" character varying(24), "callback_on" date, "callback_method" character varying(16), "satisfaction" character varying(24), "handling_note" text, "on_time" boolean, "handled_at" TIMESTAMP WITH TIME ZONE, "handled_by" character varying(64), "supervision_result" character varying(16), "supervision_note" text, "supervised_at" TIMESTAMP WITH TIME ZONE, "supervised_by" character varying(64), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "created_by" character varying(64) NOT NULL, CONSTRAINT "ck_forwarded_complaint_handled" CHECK ("status" = 'open' OR ("decided_on" IS NOT NULL AND "callback_on" IS NOT NULL AND "outcome" IS NOT NULL AND "on_time" IS NOT NULL)), CONSTRAINT "ck_forwarded_complaint_supervision" CHECK ("supervision_result" IS NULL OR "supervision_result" IN ('agree', 'disagree')), CONSTRAINT "ck_forwarded_complaint_satisfaction" CHECK ("satisfaction" IS NULL OR "satisfaction" IN ('satisfied', 'basically_satisfied', 'dissatisfied', 'unreachable')), CONSTRAINT "ck_forwarded_complaint_callback_method" CHECK ("callback_method" IS NULL OR "callback_method" IN ('phone', 'electronic', 'visit', 'letter')), CONSTRAINT "ck_forwarded_complaint_outcome" CHECK ("outcome" IS NULL OR "outcome" IN ('upheld', 'partially_upheld', 'not_upheld', 'withdrawn')), CONSTRAINT "ck_forwarded_complaint_category" CHECK ("category" IN ('sales', 'claims', 'surrender', 'policy_service', 'premium', 'callback', 'service_quality', 'other')), CONSTRAINT "ck_forwarded_complaint_status" CHECK ("status" IN ('open', 'handled')), CONSTRAINT "pk_forwarded_complaint" PRIMARY KEY ("id"))`,
      `CREATE UNIQUE INDEX "uq_forwarded_complaint_forward_no" ON "forwarded_complaint" ("forward_no")`,
      `CREATE INDEX "ix_forwarded_complaint_org_status" ON "forwarded_complaint" ("org_code", "status", "deadline")`,
      `CREATE TABLE "supervision_sample" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "seed" character varying(64) NOT NULL, "requested_size" integer, "requested_share" double precision, "criteria" jsonb NOT NULL, "population" integer NOT NULL, "drawn_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "drawn_by" character varying(64) NOT NULL, CONSTRAINT "pk_supervision_sample" PRIMARY KEY ("id"))`,
      `CREATE TABLE "supervision_sample_item" ("sample_id" uuid NOT NULL, "case_id" uuid NOT NULL, "org_code" character(18) NOT NULL, "position" integer NOT NULL, CONSTRAINT "pk_supervision_sample_item" PRIMARY KEY ("sample_id", "case_id"))`,
      `CREATE TABLE "notification" ("id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL, "audience" character varying(16) NOT NULL, "user_id" uuid, "org_code" character(18), "role" character varying(32), "kind" character varying(48) NOT NULL, "message_zh" text NOT NULL, "message_en" text NOT NULL, "link" character varying(200), "object_type" character varying(32), "object_id" character varying(64), "dedupe_key" character varying(200), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_notification_recipient" CHECK (("audience" = 'user' AND "user_id" IS NOT NULL) OR ("audience" = 'org' AND "org_code" IS NOT NULL) OR ("audience" = 'regulators' AND "org_code" IS NULL)), CONSTRAINT "ck_notification_audience" CHECK ("audience" IN ('user', 'org', 'regulators')), CONSTRAINT "pk_notification" PRIMARY KEY ("id"))`,
      `CREATE UNIQUE INDEX "uq_notification_dedupe_key" ON "notification" ("dedupe_key")`,
      `CREATE INDEX "ix_notification_user" ON "notification" ("user_id")`,
      `CREATE INDEX "ix_notification_org" ON "notification" ("org_code", "created_at")`,
      `CREATE TABLE "notification_read" ("notification_id" bigint NOT NULL, "user_id" uuid NOT NULL, "org_code" character(18), "read_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_notification_read" PRIMARY KEY ("notification_id", "user_id"))`,
      `CREATE TABLE "period_extension" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "period_code" character varying(6) NOT NULL, "kind" character varying(16) NOT NULL, "org_code" character(18), "due_on" date NOT NULL, "reason" text NOT NULL, "granted_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "granted_by" character varying(64) NOT NULL, CONSTRAINT "ck_period_extension_kind" CHECK ("kind" IN ('callbacks', 'complaints', 'profile')), CONSTRAINT "pk_period_extension" PRIMARY KEY ("id"))`,
      `CREATE INDEX "ix_period_extension_lookup" ON "period_extension" ("period_code", "kind", "org_code")`,
      `ALTER TABLE "forwarded_complaint" ADD CONSTRAINT "fk_forwarded_complaint_org" FOREIGN KEY ("org_code") REFERENCES "organisation"("code") ON DELETE RESTRICT ON UPDATE NO ACTION`,
      `ALTER TABLE "forwarded_complaint" ADD CONSTRAINT "fk_forwarded_complaint_catalog_version" FOREIGN KEY ("catalog_version") REFERENCES "rule_catalog_version"("version") ON DELETE RESTRICT ON UPDATE NO ACTION`,
      `ALTER TABLE "supervision_sample_item" ADD CONSTRAINT "fk_supervision_sample_item_sample" FOREIGN KEY ("sample_id") REFERENCES "supervision_sample"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
      `ALTER TABLE "supervision_sample_item" ADD CONSTRAINT "fk_supervision_sample_item_case" FOREIGN KEY ("case_id") REFERENCES "forwarded_complaint"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
      `ALTER TABLE "notification" ADD CONSTRAINT "fk_notification_user" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
      `ALTER TABLE "notification" ADD CONSTRAINT "fk_notification_org" FOREIGN KEY ("org_code") REFERENCES "organisation"("code") ON DELETE RESTRICT ON UPDATE NO ACTION`,
      `ALTER TABLE "notification_read" ADD CONSTRAINT "fk_notification_read_notification" FOREIGN KEY ("notification_id") REFERENCES "notification"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
      `ALTER TABLE "notification_read" ADD CONSTRAINT "fk_notification_read_user" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
      `ALTER TABLE "period_extension" ADD CONSTRAINT "fk_period_extension_period" FOREIGN KEY ("period_code") REFERENCES "period"("code") ON DELETE CASCADE ON UPDATE NO ACTION`,
      `ALTER TABLE "period_extension" ADD CONSTRAINT "fk_period_extension_org" FOREIGN KEY ("org_code") REFERENCES "organisation"("code") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    ]) {
      await queryRunner.query(statement);
    }

    await queryRunner.query(`GRANT SELECT, INSERT, UPDATE ON "calendar_schedule" TO portal_app`);
    await queryRunner.query(`GRANT SELECT, INSERT, UPDATE ON "forwarded_complaint" TO portal_app`);
    await queryRunner.query(
      `GRANT SELECT, INSERT ON "supervision_sample", "supervision_sample_item" TO portal_app`,
    );
    await queryRunner.query(`GRANT SELECT, INSERT ON "period_extension" TO portal_app`);
    await queryRunner.query(`GRANT SELECT, INSERT ON "notification", "notification_read" TO portal_app`);
    await queryRunner.query(`GRANT USAGE, SELECT ON SEQUENCE "notification_id_seq" TO portal_app`);

    for (const table of TENANT_TABLES) {
      await queryRunner.query(`ALTER TABLE "${table}" ENABLE ROW LEVEL SECURITY`);
      await queryRunner.query(`
        CREATE POLICY tenant_isolation ON "${table}"
          USING (current_setting('app.all_orgs', true) = 'on' OR org_code = current_setting('app.org_code', true))
          WITH CHECK (current_setting('app.all_orgs', true) = 'on' OR org_code = current_setting('app.org_code', true))`);
    }
    // An extension for every insurer (org_code null) is visible to every insurer; only regulators write them.
    await queryRunner.query(`ALTER TABLE "period_extension" ENABLE ROW LEVEL SECURITY`);
    await queryRunner.query(`
      CREATE POLICY tenant_isolation ON "period_extension"
        USING (current_setting('app.all_orgs', true) = 'on' OR org_code IS NULL OR org_code = current_setting('app.org_code', true))
        WITH CHECK (current_setting('app.all_orgs', true) = 'on')`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    // Dropping a table drops its indexes, constraints, policies and grants with it.
    for (const table of [
      'period_extension',
      'notification_read',
      'notification',
      'supervision_sample_item',
      'supervision_sample',
      'forwarded_complaint',
      'calendar_schedule',
    ]) {
      await queryRunner.query(`DROP TABLE "${table}"`);
    }
  }
}
