import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Statistics (METRICS.md): figures computed in SQL from the latest submitted versions and kept for fast reads.
 * - `stats_org_period`: one insurer's figures for one period (jsonb, METRICS.md keys) with the signature of
 *   its inputs (the submitted versions, the rule catalog version, the working-day calendar), plus the part
 *   that depends on its group (`comparison`: rank, funnel-plot limits, shares, submission status). Tenant
 *   table: row-level security shows an insurer only its own rows.
 * - `stats_group_period`: the group blocks (`life`, `property`, and `all` insurers): sums, pooled rates,
 *   medians, largest/worst lists.
 * - `stats_calendar_day`: the working-day calendar as a table (filled from CalendarService), so SQL can
 *   decide "on or before N working days after D" set-based: within a run of consecutive covered years
 *   (`segment`), X is on time when the working days before X are fewer than the working days up to D plus N.
 *   `stats_calendar_fill` records which calendar the table holds.
 * - `stats_within_working_days(base, x, n)`: that test; NULL when a date is not covered (never a guess).
 */
export class Statistics1764374400000 implements MigrationInterface {
  name = 'Statistics1764374400000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    for (const statement of [
      `CREATE TABLE "stats_calendar_day" ("day" date NOT NULL, "segment" smallint NOT NULL, "workdays_through" integer NOT NULL, "is_working" boolean NOT NULL, CONSTRAINT "pk_stats_calendar_day" PRIMARY KEY ("day"))`,
      `CREATE TABLE "stats_calendar_fill" ("id" smallint NOT NULL, "signature" character(64) NOT NULL, "filled_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_stats_calendar_fill_single" CHECK ("id" = 1), CONSTRAINT "pk_stats_calendar_fill" PRIMARY KEY ("id"))`,
      `CREATE TABLE "stats_org_period" ("period_code" character varying(6) NOT NULL, "org_code" character(18) NOT NULL, "org_group" character varying(16) NOT NULL, "signature" text NOT NULL, "figures" jsonb NOT NULL, "comparison" jsonb, "group_signature" text, "computed_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_stats_org_period_group" CHECK ("org_group" IN ('life', 'property')), CONSTRAINT "pk_stats_org_period" PRIMARY KEY ("period_code", "org_code"))`,
      `CREATE TABLE "stats_group_period" ("period_code" character varying(6) NOT NULL, "org_group" character varying(16) NOT NULL, "signature" text NOT NULL, "figures" jsonb NOT NULL, "computed_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_stats_group_period_group" CHECK ("org_group" IN ('life', 'property', 'all')), CONSTRAINT "pk_stats_group_period" PRIMARY KEY ("period_code", "org_group"))`,
      `ALTER TABLE "stats_org_period" ADD CONSTRAINT "fk_stats_org_period_org" FOREIGN KEY ("org_code") REFERENCES "organisation"("code") ON DELETE CASCADE ON UPDATE NO ACTION`,
    ]) {
      await queryRunner.query(statement);
    }

    await queryRunner.query(`
      CREATE FUNCTION stats_within_working_days(base date, x date, n integer) RETURNS boolean
        LANGUAGE sql STABLE PARALLEL SAFE AS $$
        SELECT CASE
                 WHEN x <= base + n THEN true
                 ELSE (SELECT CASE WHEN b.segment = d.segment
                                   THEN d.workdays_through - d.is_working::int < b.workdays_through + n END
                         FROM stats_calendar_day b, stats_calendar_day d
                        WHERE b.day = base AND d.day = x)
               END
      $$`);

    await queryRunner.query(
      `GRANT SELECT, INSERT, DELETE ON "stats_calendar_day", "stats_calendar_fill" TO portal_app`,
    );
    await queryRunner.query(`GRANT UPDATE ON "stats_calendar_fill" TO portal_app`);
    await queryRunner.query(
      `GRANT SELECT, INSERT, UPDATE, DELETE ON "stats_org_period", "stats_group_period" TO portal_app`,
    );
    await queryRunner.query(
      `GRANT EXECUTE ON FUNCTION stats_within_working_days(date, date, integer) TO portal_app`,
    );

    await queryRunner.query(`ALTER TABLE "stats_org_period" ENABLE ROW LEVEL SECURITY`);
    await queryRunner.query(`
      CREATE POLICY tenant_isolation ON "stats_org_period"
        USING (current_setting('app.all_orgs', true) = 'on' OR org_code = current_setting('app.org_code', true))
        WITH CHECK (current_setting('app.all_orgs', true) = 'on' OR org_code = current_setting('app.org_code', true))`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP FUNCTION stats_within_working_days(date, date, integer)`);
    for (const table of [
      'stats_group_period',
      'stats_org_period',
      'stats_calendar_fill',
      'stats_calendar_day',
    ]) {
      await queryRunner.query(`DROP TABLE "${table}"`);
    }
  }
}
