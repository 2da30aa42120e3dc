import { HttpException, HttpStatus, Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { AuditService } from '../audit/audit.service';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { TenantDb } from '../database/tenant-db.service';
import type { AccessTokenPayload } from './access.guard';
import type { AuthUser } from './auth-user';
import { LoginThrottleService } from './login-throttle.service';
import { dummyPasswordHash, verifyPassword } from './passwords';

export interface LoginResult {
  accessToken: string;
  expiresIn: number;
  user: { username: string; role: AuthUser['role']; orgCode: string | null };
}

const WRONG_CREDENTIALS = '用户名或密码错误 / Wrong username or password';

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
      throw new HttpException(
        { message: '登录失败次数过多，请 15 分钟后再试 / Too many failed sign-ins: try again in 15 minutes' },
        HttpStatus.TOO_MANY_REQUESTS,
      );
    }
    const user = await this.db.run('system', async (em) => {
      const rows: {
        id: string;
        username: string;
        password_hash: string;
        role: AuthUser['role'];
        org_code: string | null;
      }[] = await em.query(
        'SELECT id, username, password_hash, role, org_code FROM app_user WHERE username = $1 AND disabled_at IS NULL',
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
    const payload: AccessTokenPayload = {
      sub: user.id,
      username: user.username,
      role: user.role,
      orgCode: user.org_code,
    };
    return {
      accessToken: await this.jwt.signAsync(payload),
      expiresIn: this.config.ACCESS_TOKEN_TTL_SECONDS,
      user: { username: user.username, role: user.role, orgCode: user.org_code },
    };
  }
}
