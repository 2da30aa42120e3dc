import { ForbiddenException, UnauthorizedException, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import { Public, Roles } from '../common/access';
import type { DataSource } from 'typeorm';
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
const U1 = '4f1c2f4e-9a41-4c55-8d3e-0b7a2b9c1d01';
let account: Record<string, unknown> | undefined;
const queries: unknown[][] = [];
const db = {
  query: async (sql: string, params: unknown[]) => {
    queries.push([sql, ...params]);
    return account ? [account] : [];
  },
} as unknown as DataSource;
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
  beforeEach(() => {
    account = {
      username: 'alice',
      role: 'regulator_analyst',
      org_code: null,
      disabled_at: null,
      token_version: 0,
    };
    queries.length = 0;
  });

  it('refuses a route that declares no access rule, even for a signed-in user (deny by default)', async () => {
    const token = await jwt.signAsync({
      sub: U1,
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
      sub: U1,
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
      sub: U1,
      username: 'alice',
      role: 'regulator_admin',
      orgCode: null,
    });
    await expect(
      guard.canActivate(ctx(Routes.prototype.adminOnly, `Bearer ${token}`)),
    ).rejects.toBeInstanceOf(UnauthorizedException);
  });

  it('reads the account in one statement per request and refuses a disabled or deleted account and a subject that is no account id', async () => {
    const token = await jwt.signAsync({ sub: U1, username: 'alice', role: 'regulator_admin', orgCode: null });
    account = {
      username: 'alice',
      role: 'regulator_admin',
      org_code: null,
      disabled_at: null,
      token_version: 0,
    };
    await expect(guard.canActivate(ctx(Routes.prototype.adminOnly, `Bearer ${token}`))).resolves.toBe(true);
    expect(queries).toEqual([[expect.stringContaining('auth_account($1::uuid)'), U1]]);

    account = { ...account, disabled_at: new Date() };
    await expect(
      guard.canActivate(ctx(Routes.prototype.adminOnly, `Bearer ${token}`)),
    ).rejects.toBeInstanceOf(UnauthorizedException);
    account = undefined;
    await expect(
      guard.canActivate(ctx(Routes.prototype.adminOnly, `Bearer ${token}`)),
    ).rejects.toBeInstanceOf(UnauthorizedException);

    // A subject that is not an account id never reaches the database.
    queries.length = 0;
    account = {
      username: 'alice',
      role: 'regulator_admin',
      org_code: null,
      disabled_at: null,
      token_version: 0,
    };
    const odd = await jwt.signAsync({
      sub: "x' OR true",
      username: 'alice',
      role: 'regulator_admin',
      orgCode: null,
    });
    await expect(guard.canActivate(ctx(Routes.prototype.adminOnly, `Bearer ${odd}`))).rejects.toBeInstanceOf(
      UnauthorizedException,
    );
    expect(queries).toEqual([]);
  });

  it("refuses a token signed before the account's last password change or sign-out (token_version)", async () => {
    const old = await jwt.signAsync({
      sub: U1,
      username: 'alice',
      role: 'regulator_admin',
      orgCode: null,
      ver: 1,
    });
    account = {
      username: 'alice',
      role: 'regulator_admin',
      org_code: null,
      disabled_at: null,
      token_version: 1,
    };
    await expect(guard.canActivate(ctx(Routes.prototype.adminOnly, `Bearer ${old}`))).resolves.toBe(true);
    account = { ...account, token_version: 2 };
    await expect(guard.canActivate(ctx(Routes.prototype.adminOnly, `Bearer ${old}`))).rejects.toBeInstanceOf(
      UnauthorizedException,
    );
    const fresh = await jwt.signAsync({
      sub: U1,
      username: 'alice',
      role: 'regulator_admin',
      orgCode: null,
      ver: 2,
    });
    await expect(guard.canActivate(ctx(Routes.prototype.adminOnly, `Bearer ${fresh}`))).resolves.toBe(true);
  });
});
