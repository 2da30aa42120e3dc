import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Role } from '../users/user.entity';

/** The signed-in caller, as the access guard put it on the request. */
export interface AuthUser {
  id: string;
  username: string;
  role: Role;
  /** The caller's organisation for insurer roles; null for regulators and associations. */
  orgCode: string | null;
}

export const isRegulator = (u: AuthUser): boolean =>
  u.role === 'regulator_admin' || u.role === 'regulator_analyst';
export const isInsurer = (u: AuthUser): boolean =>
  u.role === 'insurer_submitter' || u.role === 'insurer_approver';

/** `@CurrentUser() user: AuthUser` in a controller method of a route with `@Roles(...)`. */
export const CurrentUser = createParamDecorator((_: unknown, ctx: ExecutionContext): AuthUser => {
  const user = ctx.switchToHttp().getRequest<{ user?: AuthUser }>().user;
  if (!user) throw new Error('CurrentUser used on a route without @Roles');
  return user;
});
