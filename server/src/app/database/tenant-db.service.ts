import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { type AuthUser, isInsurer } from '../auth/auth-user';
import { APP_ROLE } from './data-source-options';

/** Who a database transaction acts for: a signed-in user, or the system itself (background jobs, bootstrap). */
export type Actor = AuthUser | 'system';

/**
 * Every read and write of tenant data goes through here. The transaction runs as the `portal_app` role
 * (which cannot bypass row-level security) with the caller's organisation in `app.org_code`; the RLS
 * policies of the migrations then hide every other insurer's rows, even if a query forgets its WHERE.
 * Regulators, associations and the system see all organisations (`app.all_orgs`).
 */
@Injectable()
export class TenantDb {
  constructor(private readonly dataSource: DataSource) {}

  run<T>(actor: Actor, fn: (em: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(async (em) => {
      await applyTenant(em, actor);
      return fn(em);
    });
  }
}

export async function applyTenant(em: EntityManager, actor: Actor): Promise<void> {
  const insurer = actor !== 'system' && isInsurer(actor);
  await em.query(
    `SELECT set_config('role', 'portal_app', true),
            set_config('app.org_code', $1, true),
            set_config('app.all_orgs', $2, true)`,
    [insurer ? ((actor as AuthUser).orgCode ?? '') : '', insurer ? 'off' : 'on'],
  );
}
