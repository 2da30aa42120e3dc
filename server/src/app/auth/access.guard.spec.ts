import { ForbiddenException, UnauthorizedException, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import { Public, Roles } from '../common/access';
import type { TenantDb } from '../database/tenant-db.service';
import { AccessGuard } from './access.guard';

class Routes {
  undeclared(): void {
    /* a route that forgot its access rule */
  }
  @Public() open(): void {
    /* public */
  }
  @Roles('regulator_admin') adminOnly(): void {
    /* admins only */
  }
}

const jwt = new JwtService({ secret: 'unit-test-secret-0123456789abcdef0123' });
const user = { id: 'u1', username: 'alice', role: 'regulator_analyst', org_code: null };
const db = {
  run: (_: unknown, fn: (em: unknown) => unknown) => fn({ query: async () => [user] }),
} as unknown as TenantDb;
const guard = new AccessGuard(new Reflector(), jwt, db);

function ctx(handler: () => void, authorization?: string): ExecutionContext {
  const req = { headers: authorization ? { authorization } : {} };
  return {
    getHandler: () => handler,
    getClass: () => Routes,
    switchToHttp: () => ({ getRequest: () => req }),
  } as unknown as ExecutionContext;
}

describe('AccessGuard', () => {
  it('refuses a route that declares no access rule, even for a signed-in user (deny by default)', async () => {
    const token = await jwt.signAsync({
      sub: 'u1',
      username: 'alice',
      role: 'regulator_analyst',
      orgCode: null,
    });
    await expect(
      guard.canActivate(ctx(Routes.prototype.undeclared, `Bearer ${token}`)),
    ).rejects.toBeInstanceOf(ForbiddenException);
  });

  it('lets anyone through a public route', async () => {
    await expect(guard.canActivate(ctx(Routes.prototype.open))).resolves.toBe(true);
  });

  it('asks for a token (401) and then for the role (403)', async () => {
    await expect(guard.canActivate(ctx(Routes.prototype.adminOnly))).rejects.toBeInstanceOf(
      UnauthorizedException,
    );
    const token = await jwt.signAsync({
      sub: 'u1',
      username: 'alice',
      role: 'regulator_analyst',
      orgCode: null,
    });
    await expect(
      guard.canActivate(ctx(Routes.prototype.adminOnly, `Bearer ${token}`)),
    ).rejects.toBeInstanceOf(ForbiddenException);
  });

  it('refuses a token whose role no longer matches the account', async () => {
    const token = await jwt.signAsync({
      sub: 'u1',
      username: 'alice',
      role: 'regulator_admin',
      orgCode: null,
    });
    await expect(
      guard.canActivate(ctx(Routes.prototype.adminOnly, `Bearer ${token}`)),
    ).rejects.toBeInstanceOf(UnauthorizedException);
  });
});
