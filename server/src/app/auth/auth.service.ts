import {
  BadRequestException,
  HttpException,
  HttpStatus,
  Inject,
  Injectable,
  UnauthorizedException,
} from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import type { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { TenantDb } from '../database/tenant-db.service';
import { updated } from '../submissions/typeorm-results';
import type { AccessTokenPayload } from './access.guard';
import type { AuthUser } from './auth-user';
import { LoginThrottleService } from './login-throttle.service';
import { dummyPasswordHash, hashPassword, passwordProblem, verifyPassword } from './passwords';
import type { VersionClaim } from './token-version';

export interface LoginResult {
  accessToken: string;
  expiresIn: number;
  user: { username: string; role: AuthUser['role']; orgCode: string | null };
}

const WRONG_CREDENTIALS = '用户名或密码错误 / Wrong username or password';
const TOO_MANY_FAILURES =
  '登录失败次数过多，请 15 分钟后再试 / Too many failed sign-ins: try again in 15 minutes';

interface AccountRow {
  id: string;
  username: string;
  password_hash: string;
  role: AuthUser['role'];
  org_code: string | null;
  token_version: number;
}

@Injectable()
export class AuthService {
  constructor(
    private readonly db: TenantDb,
    private readonly jwt: JwtService,
    private readonly throttle: LoginThrottleService,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async login(username: string, password: string, address: string): Promise<LoginResult> {
    if (await this.throttle.isThrottled(username, address)) {
      await this.db.run('system', (em) =>
        this.audit.append(
          em,
          { username, role: null },
          { action: 'auth.login_throttled', detail: { address } },
        ),
      );
      throw new HttpException({ message: TOO_MANY_FAILURES }, HttpStatus.TOO_MANY_REQUESTS);
    }
    const user = await this.db.run('system', async (em) => {
      const rows: AccountRow[] = await em.query(
        'SELECT id, username, password_hash, role, org_code, token_version FROM app_user WHERE username = $1 AND disabled_at IS NULL',
        [username],
      );
      return rows[0];
    });
    // Verify against a dummy hash for unknown users, so the answer takes as long either way.
    const ok = await verifyPassword(user?.password_hash ?? (await dummyPasswordHash()), password);
    if (!user || !ok) {
      await this.throttle.recordFailure(username, address);
      await this.db.run('system', (em) =>
        this.audit.append(em, { username, role: null }, { action: 'auth.login_failed', detail: { address } }),
      );
      throw new UnauthorizedException(WRONG_CREDENTIALS);
    }
    await this.throttle.recordSuccess(username);
    const authUser: AuthUser = {
      id: user.id,
      username: user.username,
      role: user.role,
      orgCode: user.org_code,
    };
    await this.db.run('system', (em) =>
      this.audit.append(em, authUser, {
        action: 'auth.login',
        objectType: 'user',
        objectId: user.id,
        orgCode: user.org_code,
        detail: { address },
      }),
    );
    return this.issue(user);
  }

  /**
   * Changes the signed-in user's password (ASVS 2.1.5, 2.1.6): the current password is required (wrong ones
   * count towards the sign-in throttle), the new one must pass the password rules. Every token signed before
   * is revoked (the account's token_version is incremented, ASVS 3.3.3); the answer carries a fresh token for
   * the session that made the change. Audited as `user.password_change` (failures as
   * `user.password_change_failed`).
   */
  async changePassword(
    actor: AuthUser,
    currentPassword: string,
    newPassword: string,
    address: string,
  ): Promise<LoginResult> {
    if (await this.throttle.isThrottled(actor.username, address)) {
      throw new HttpException({ message: TOO_MANY_FAILURES }, HttpStatus.TOO_MANY_REQUESTS);
    }
    const account = await this.db.run(actor, (em) => this.account(em, actor.id));
    if (!account)
      throw new UnauthorizedException(
        '账号已变更或停用，请重新登录 / Account changed or disabled: sign in again',
      );
    if (!(await verifyPassword(account.password_hash, currentPassword))) {
      await this.throttle.recordFailure(actor.username, address);
      await this.db.run(actor, (em) =>
        this.audit.append(em, actor, {
          action: 'user.password_change_failed',
          objectType: 'user',
          objectId: actor.id,
          orgCode: actor.orgCode,
          detail: { address, reason: 'wrong current password' },
        }),
      );
      throw new BadRequestException('当前密码不正确 / The current password is wrong');
    }
    const problem = passwordProblem(newPassword, this.config.DEMO_MODE, actor.username);
    if (problem) throw new BadRequestException(problem);
    if (newPassword === currentPassword)
      throw new BadRequestException(
        '新密码不能与当前密码相同 / The new password must differ from the current one',
      );
    const passwordHash = await hashPassword(newPassword);
    const changed = await this.db.run(actor, async (em) => {
      // Only if the password is still the one just verified: two concurrent changes cannot both win.
      const rows = updated<AccountRow>(
        await em.query(
          `UPDATE app_user SET password_hash = $2, token_version = token_version + 1
          WHERE id = $1 AND password_hash = $3 AND disabled_at IS NULL
          RETURNING id, username, password_hash, role, org_code, token_version`,
          [actor.id, passwordHash, account.password_hash],
        ),
      );
      if (!rows.length) return null;
      await this.audit.append(em, actor, {
        action: 'user.password_change',
        objectType: 'user',
        objectId: actor.id,
        orgCode: actor.orgCode,
        detail: { address, tokensRevoked: true },
      });
      return rows[0];
    });
    if (!changed)
      throw new UnauthorizedException(
        '账号已变更或停用，请重新登录 / Account changed or disabled: sign in again',
      );
    await this.throttle.recordSuccess(actor.username);
    return this.issue(changed);
  }

  /**
   * Signs out everywhere (ASVS 3.3.1): increments the account's token_version, so this token and every other
   * token of the user is refused from now on. Audited as `auth.logout`.
   */
  async logout(actor: AuthUser): Promise<void> {
    await this.db.run(actor, async (em) => {
      await em.query(`UPDATE app_user SET token_version = token_version + 1 WHERE id = $1`, [actor.id]);
      await this.audit.append(em, actor, {
        action: 'auth.logout',
        objectType: 'user',
        objectId: actor.id,
        orgCode: actor.orgCode,
      });
    });
  }

  private async account(em: EntityManager, id: string): Promise<AccountRow | undefined> {
    const rows: AccountRow[] = await em.query(
      'SELECT id, username, password_hash, role, org_code, token_version FROM app_user WHERE id = $1 AND disabled_at IS NULL',
      [id],
    );
    return rows[0];
  }

  private async issue(user: AccountRow): Promise<LoginResult> {
    const payload: AccessTokenPayload & VersionClaim = {
      sub: user.id,
      username: user.username,
      role: user.role,
      orgCode: user.org_code,
      ver: Number(user.token_version),
    };
    return {
      accessToken: await this.jwt.signAsync(payload),
      expiresIn: this.config.ACCESS_TOKEN_TTL_SECONDS,
      user: { username: user.username, role: user.role, orgCode: user.org_code },
    };
  }
}
