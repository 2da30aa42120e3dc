import { HttpClient, type HttpResponse } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import { SessionService } from '../core/session.service';
import type { RuleDto } from '../precheck/catalog-from-api';

export type { LocalRuleChangeDto, RuleDto } from '../precheck/catalog-from-api';

export interface RuleCatalog {
  /** The catalog version served (header `X-Catalog-Version`). */
  version: number;
  /** The jurisdiction whose local pack is applied (header `X-Catalog-Jurisdiction`); null = national. */
  jurisdiction: string | null;
  rules: RuleDto[];
}

function toCatalog(res: HttpResponse<RuleDto[]>): RuleCatalog {
  const jurisdiction = res.headers.get('X-Catalog-Jurisdiction');
  return {
    version: Number(res.headers.get('X-Catalog-Version') ?? '1') || 1,
    jurisdiction: jurisdiction && jurisdiction !== 'national' ? jurisdiction : null,
    rules: res.body ?? [],
  };
}

/**
 * `GET /api/rules`: the national catalog with its local packs (public); `GET /api/rules/effective`: the catalog
 * the signed-in insurer's organisation is checked against (its jurisdiction's pack applied).
 */
@Injectable({ providedIn: 'root' })
export class RulesApi {
  private readonly http = inject(HttpClient);
  private readonly session = inject(SessionService);
  private current: Promise<RuleCatalog> | null = null;
  private own: { username: string; catalog: Promise<RuleCatalog> } | null = null;

  /** The national catalog in force, with its local packs; fetched once per page load unless `fresh`. */
  catalog(fresh = false): Promise<RuleCatalog> {
    if (!this.current || fresh) {
      const request = firstValueFrom(this.http.get<RuleDto[]>('/api/rules', { observe: 'response' })).then(
        toCatalog,
      );
      request.catch(() => (this.current = null));
      this.current = request;
    }
    return this.current;
  }

  /**
   * What the signed-in user's organisation is checked against: for an insurer the effective catalog of its
   * jurisdiction (what the server's validation uses, so the pre-check counts the same), for anyone else the
   * national catalog. Cached per user.
   */
  effective(fresh = false): Promise<RuleCatalog> {
    const user = this.session.user();
    if (!user || !this.session.isInsurer()) return this.catalog(fresh);
    if (!this.own || this.own.username !== user.username || fresh) {
      const request = firstValueFrom(
        this.http.get<RuleDto[]>('/api/rules/effective', { observe: 'response' }),
      ).then(toCatalog);
      request.catch(() => (this.own = null));
      this.own = { username: user.username, catalog: request };
    }
    return this.own.catalog;
  }
}
