import { SetMetadata } from '@nestjs/common';
import type { Role } from '../users/user.entity';

/**
 * Authorization is declared on every route and enforced in one place (the global AccessGuard):
 * a route with neither `@Public()` nor `@Roles(...)` is refused — deny by default.
 */
export const ACCESS_KEY = 'portal:access';

export type AccessRule = { kind: 'public' } | { kind: 'roles'; roles: readonly Role[] };

/** Anyone, without signing in. */
export const Public = () => SetMetadata(ACCESS_KEY, { kind: 'public' } satisfies AccessRule);

/** Signed-in callers holding one of these roles. */
export const Roles = (...roles: Role[]) =>
  SetMetadata(ACCESS_KEY, { kind: 'roles', roles } satisfies AccessRule);

export const REGULATOR_ROLES: readonly Role[] = ['regulator_admin', 'regulator_analyst'];
export const INSURER_ROLES: readonly Role[] = ['insurer_submitter', 'insurer_approver'];
export const ALL_ROLES: readonly Role[] = [...REGULATOR_ROLES, ...INSURER_ROLES, 'association_reader'];
