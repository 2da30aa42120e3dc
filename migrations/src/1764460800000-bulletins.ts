import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Semiannual bulletins (通报) and the insurers' disputes of their draft figures.
 * Generated from the entities, then reviewed; additions the entities cannot express:
 * - a published bulletin is immutable: a trigger refuses UPDATE and DELETE of a row whose status is
 *   `published` (its PDF, CSV and JSON bytes stay the same forever; a correction is a new edition);
 * - row-level security on `bulletin_dispute` (one insurer's rows), the standard policy;
 * - least-privilege grants to `portal_app` (bulletins are never deleted; disputes never changed).
 */
export class Bulletins1764460800000 implements MigrationInterface {
  name = 'Bulletins1764460800000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    for (const statement of [
      `CREATE TABLE "bulletin" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "period_code" character varying(6) NOT NULL, "edition" integer NOT NULL, "status" character varying(16) NOT NULL, "title" character varying(200) NOT NULL, "document_no" character varying(64), "issued_on" date NOT NULL, "inspection_findings" text, "replaces_id" uuid, "failure_reason" text, "content" jsonb, "catalog_version" integer, "data_cutoff" TIMESTAMP WITH TIME ZONE, "pdf" bytea, "pdf_sha256" character(64), "csv" bytea, "json" bytea, "render_ms" integer, "blocked_requests" integer, "created_by" character varying(64) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "rendered_at" TIMESTAMP WITH TIME ZONE, "published_at" TIMESTAMP WITH TIME ZONE, "published_by" character varying(64), CONSTRAINT "ck_bulletin_published" CHECK ("status" <> 'published' OR ("pdf" IS NOT NULL AND "pdf_sha256" IS NOT NULL AND "csv" IS NOT NULL AND "json" IS NOT NULL AND "published_at" IS NOT NULL)), CONSTRAINT "ck_bulletin_edition" CHECK ("edition" >= 1), CONSTRAINT "ck_bulletin_period" CHECK ("period_code" ~ '^[0-9]{4}H[12]$'), CONSTRAINT "ck_bulletin_status" CHECK ("status" IN ('rendering', 'draft', 'failed', 'published')), CONSTRAINT "pk_bulletin" PRIMARY KEY ("id"))`,
      `CREATE INDEX "ix_bulletin_period" ON "bulletin" ("period_code", "edition")`,
      `CREATE UNIQUE INDEX "uq_bulletin_published_edition" ON "bulletin" ("period_code", "edition") WHERE "status" = 'published'`,
      `CREATE TABLE "bulletin_dispute" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "bulletin_id" uuid NOT NULL, "org_code" character(18) NOT NULL, "figure" character varying(64), "comment" text NOT NULL, "created_by" character varying(64) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_bulletin_dispute" PRIMARY KEY ("id"))`,
      `CREATE INDEX "ix_bulletin_dispute_bulletin" ON "bulletin_dispute" ("bulletin_id", "created_at")`,
      `ALTER TABLE "bulletin" ADD CONSTRAINT "fk_bulletin_replaces" FOREIGN KEY ("replaces_id") REFERENCES "bulletin"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
      `ALTER TABLE "bulletin" ADD CONSTRAINT "fk_bulletin_catalog_version" FOREIGN KEY ("catalog_version") REFERENCES "rule_catalog_version"("version") ON DELETE RESTRICT ON UPDATE NO ACTION`,
      `ALTER TABLE "bulletin_dispute" ADD CONSTRAINT "fk_bulletin_dispute_bulletin" FOREIGN KEY ("bulletin_id") REFERENCES "bulletin"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
      `ALTER TABLE "bulletin_dispute" ADD CONSTRAINT "fk_bulletin_dispute_org" FOREIGN KEY ("org_code") REFERENCES "organisation"("code") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    ]) {
      await queryRunner.query(statement);
    }

    await queryRunner.query(`
      CREATE FUNCTION bulletin_published_is_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF OLD.status = 'published' THEN
          RAISE EXCEPTION '已发布的通报不可更改 / a published bulletin is immutable (% refused)', TG_OP
            USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
      END $$`);
    await queryRunner.query(
      `CREATE TRIGGER trg_bulletin_published_immutable BEFORE UPDATE OR DELETE ON "bulletin" FOR EACH ROW EXECUTE FUNCTION bulletin_published_is_immutable()`,
    );

    await queryRunner.query(`GRANT SELECT, INSERT, UPDATE ON "bulletin" TO portal_app`);
    await queryRunner.query(`GRANT SELECT, INSERT ON "bulletin_dispute" TO portal_app`);
    await queryRunner.query(`ALTER TABLE "bulletin_dispute" ENABLE ROW LEVEL SECURITY`);
    await queryRunner.query(`
      CREATE POLICY tenant_isolation ON "bulletin_dispute"
        USING (current_setting('app.all_orgs', true) = 'on' OR org_code = current_setting('app.org_code', true))
        WITH CHECK (current_setting('app.all_orgs', true) = 'on' OR org_code = current_setting('app.org_code', true))`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "bulletin_dispute"`);
    await queryRunner.query(`DROP TABLE "bulletin"`);
    await queryRunner.query(`DROP FUNCTION bulletin_published_is_immutable()`);
  }
}
