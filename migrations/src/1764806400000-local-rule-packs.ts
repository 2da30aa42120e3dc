import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Local rule packs (RULES.md: "Local packs (e.g. Beijing) override parameters or add rules for insurers in
 * their jurisdiction"). The packs themselves are data inside `rule_catalog_version.overrides` (`localPacks`);
 * the schema only gains:
 * - `organisation.jurisdiction`: the insurer's jurisdiction, a 6-digit GB/T 2260 administrative division code
 *   (e.g. `110000` 北京市); null = national rules only;
 * - `submission.catalog_jurisdiction`: the jurisdiction whose pack checked the submission, next to its
 *   `catalog_version` (null = the national catalog), so a report says exactly what checked it.
 * Both are nullable columns without a default: adding them rewrites no table.
 */
export class LocalRulePacks1764806400000 implements MigrationInterface {
  name = 'LocalRulePacks1764806400000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "organisation" ADD "jurisdiction" character varying(6)`);
    await queryRunner.query(
      `ALTER TABLE "organisation" ADD CONSTRAINT "ck_organisation_jurisdiction" CHECK ("jurisdiction" ~ '^[1-9][0-9]{5}$')`,
    );
    await queryRunner.query(`ALTER TABLE "submission" ADD "catalog_jurisdiction" character varying(6)`);
    await queryRunner.query(
      `ALTER TABLE "submission" ADD CONSTRAINT "ck_submission_catalog_jurisdiction" CHECK ("catalog_jurisdiction" ~ '^[1-9][0-9]{5}$')`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "submission" DROP CONSTRAINT "ck_submission_catalog_jurisdiction"`);
    await queryRunner.query(`ALTER TABLE "submission" DROP COLUMN "catalog_jurisdiction"`);
    await queryRunner.query(`ALTER TABLE "organisation" DROP CONSTRAINT "ck_organisation_jurisdiction"`);
    await queryRunner.query(`ALTER TABLE "organisation" DROP COLUMN "jurisdiction"`);
  }
}
