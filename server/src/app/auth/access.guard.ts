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
import { ACCESS_KEY, type AccessRule } from '../common/access';
import { TenantDb } from '../database/tenant-db.service';
import type { AuthUser } from './auth-user';

export interface AccessTokenPayload {
  sub: string;
  username: string;
  role: AuthUser['role'];
  orgCode: string | null;
}

/**
 * Authorization in one place, deny by default: every route declares `@Public()` or `@Roles(...)`;
 * a route that declares neither is refused. Bearer tokens are verified and the user must still exist
 * and be enabled with the same role (a changed or disabled account loses access at once).
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly jwt: JwtService,
    private readonly db: TenantDb,
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
    const user = await this.db.run('system', async (em) => {
      const rows: { id: string; username: string; role: AuthUser['role']; org_code: string | null }[] =
        await em.query(
          'SELECT id, username, role, org_code FROM app_user WHERE id = $1 AND disabled_at IS NULL',
          [payload.sub],
        );
      return rows[0];
    });
    if (!user || user.role !== payload.role) {
      throw new UnauthorizedException(
        '账号已变更或停用，请重新登录 / Account changed or disabled: sign in again',
      );
    }
    req.user = { id: user.id, username: user.username, role: user.role, orgCode: user.org_code };
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
