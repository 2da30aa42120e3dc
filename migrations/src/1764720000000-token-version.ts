import { MigrationInterface, QueryRunner } from 'typeorm';

/** `auth_account(id)` of migration 1764633600000, without (`down`) and with (`up`) the token version. */
const authAccount = (withVersion: boolean) => `
  CREATE FUNCTION auth_account(account_id uuid)
    RETURNS TABLE (username character varying, role character varying, org_code character, disabled_at timestamptz${withVersion ? ', token_version integer' : ''})
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT u.username, u.role, u.org_code, u.disabled_at${withVersion ? ', u.token_version' : ''} FROM app_user u WHERE u.id = account_id
  $$`;

/**
 * Revocation of access tokens (ASVS 3.3.1, 3.3.3): every account carries a `token_version`, copied into the
 * access tokens it signs in with (claim `ver`). Changing the password and signing out increment it, so every
 * token signed before no longer matches the account and is refused by the access guard. `auth_account(id)`
 * (the guard's one-statement account read, migration 1764633600000) also returns it; a function's result
 * columns cannot be altered in place, so it is dropped and created again with the same grants.
 */
export class TokenVersion1764720000000 implements MigrationInterface {
  name = 'TokenVersion1764720000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "app_user" ADD "token_version" integer NOT NULL DEFAULT 0`);
    await queryRunner.query(
      `ALTER TABLE "app_user" ADD CONSTRAINT "ck_app_user_token_version" CHECK ("token_version" >= 0)`,
    );
    await this.replaceAuthAccount(queryRunner, true);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await this.replaceAuthAccount(queryRunner, false);
    await queryRunner.query(`ALTER TABLE "app_user" DROP CONSTRAINT "ck_app_user_token_version"`);
    await queryRunner.query(`ALTER TABLE "app_user" DROP COLUMN "token_version"`);
  }

  private async replaceAuthAccount(queryRunner: QueryRunner, withVersion: boolean): Promise<void> {
    await queryRunner.query(`DROP FUNCTION auth_account(uuid)`);
    await queryRunner.query(authAccount(withVersion));
    await queryRunner.query(`REVOKE ALL ON FUNCTION auth_account(uuid) FROM PUBLIC`);
    await queryRunner.query(`GRANT EXECUTE ON FUNCTION auth_account(uuid) TO portal_app`);
  }
}
