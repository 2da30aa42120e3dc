import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import type { RuleDto } from '../precheck/catalog-from-api';

export type { RuleDto } from '../precheck/catalog-from-api';

export interface RuleCatalog {
  /** The catalog version served (header `X-Catalog-Version`). */
  version: number;
  rules: RuleDto[];
}

/** `GET /api/rules`: the catalog insurers are checked against (public). */
@Injectable({ providedIn: 'root' })
export class RulesApi {
  private readonly http = inject(HttpClient);
  private current: Promise<RuleCatalog> | null = null;

  /** The catalog in force; fetched once per page load unless `fresh`. */
  catalog(fresh = false): Promise<RuleCatalog> {
    if (!this.current || fresh) {
      const request = firstValueFrom(this.http.get<RuleDto[]>('/api/rules', { observe: 'response' })).then(
        (res) => ({
          version: Number(res.headers.get('X-Catalog-Version') ?? '1') || 1,
          rules: res.body ?? [],
        }),
      );
      request.catch(() => (this.current = null));
      this.current = request;
    }
    return this.current;
  }
}
