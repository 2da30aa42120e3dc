import {
  type CanActivate,
  type ExecutionContext,
  ForbiddenException,
  Injectable,
  UnauthorizedException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import type { Request } from 'express';
import { DataSource } from 'typeorm';
import { ACCESS_KEY, type AccessRule } from '../common/access';
import type { AuthUser } from './auth-user';
import { tokenIsCurrent } from './token-version';

export interface AccessTokenPayload {
  sub: string;
  username: string;
  role: AuthUser['role'];
  orgCode: string | null;
  /** The account's token_version when the token was signed (see token-version.ts). */
  ver?: number;
}

/** `auth_account(id)`: what the guard needs of the account, and nothing else (no password hash). */
interface AccountRow {
  username: string;
  role: AuthUser['role'];
  org_code: string | null;
  disabled_at: Date | null;
  /** Incremented by a password change or sign-out: tokens carrying an older `ver` are revoked. */
  token_version: number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Authorization in one place, deny by default: every route declares `@Public()` or `@Roles(...)`;
 * a route that declares neither is refused. Bearer tokens are verified and the user must still exist
 * and be enabled with the same role (a changed or disabled account loses access at once: the account is read
 * on every request, with the SECURITY DEFINER function `auth_account`, one statement outside any transaction).
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly jwt: JwtService,
    private readonly dataSource: DataSource,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const rule = this.reflector.getAllAndOverride<AccessRule | undefined>(ACCESS_KEY, [
      ctx.getHandler(),
      ctx.getClass(),
    ]);
    if (!rule) {
      throw new ForbiddenException(
        '此接口未声明访问规则，默认拒绝 / No access rule declared for this route: denied by default',
      );
    }
    if (rule.kind === 'public') return true;

    const req = ctx.switchToHttp().getRequest<Request & { user?: AuthUser }>();
    const token = bearerToken(req);
    if (!token) throw new UnauthorizedException('请先登录 / Sign in first');
    let payload: AccessTokenPayload;
    try {
      payload = await this.jwt.verifyAsync<AccessTokenPayload>(token, { algorithms: ['HS256'] });
    } catch {
      throw new UnauthorizedException(
        '登录已过期或无效，请重新登录 / Session expired or invalid: sign in again',
      );
    }
    // One statement, one round trip on every request (migration 1764633600000): the account as it is now.
    const rows: AccountRow[] = UUID.test(String(payload.sub))
      ? await this.dataSource.query(
          'SELECT username, role, org_code, disabled_at, token_version FROM auth_account($1::uuid)',
          [payload.sub],
        )
      : [];
    const user = rows[0];
    if (!user || user.disabled_at !== null || user.role !== payload.role || !tokenIsCurrent(payload, user)) {
      throw new UnauthorizedException(
        '账号已变更或停用，请重新登录 / Account changed or disabled: sign in again',
      );
    }
    req.user = { id: payload.sub, username: user.username, role: user.role, orgCode: user.org_code };
    if (!rule.roles.includes(user.role)) {
      throw new ForbiddenException('当前角色无权执行此操作 / Your role may not do this');
    }
    return true;
  }
}

function bearerToken(req: Request): string | null {
  const header = req.headers.authorization;
  if (typeof header === 'string' && header.startsWith('Bearer ')) return header.slice(7).trim() || null;
  return null;
}
