import {
  CATALOG_V1,
  catalogFor,
  findRule,
  resolveCatalog,
  type Catalog,
  type CatalogOverrides,
  type LocalPack,
  type RuleOverride,
} from '@portal/reporting-standard';
import type { EntityManager } from 'typeorm';

export interface ForwardingPeriod {
  /** The rule-catalog version the parameter was read from. */
  catalogVersion: number;
  /** CP-02 `forwardWorkingDays`: working days after `forwarded_on` (北京保险业信访回访和督查制度 第六条, 15). */
  workingDays: number;
}

/**
 * The forwarding period in force: CP-02's `forwardWorkingDays` in the latest published rule-catalog version
 * (the overrides of a version apply to the catalog shipped with @portal/reporting-standard), so a regulator
 * who changes the parameter by publishing a catalog version changes the deadline of cases registered after it.
 * With the insurer's `jurisdiction`, that jurisdiction's local pack applies (as in the CP-02 check of its files).
 */
export async function forwardingPeriod(
  em: EntityManager,
  jurisdiction: string | null = null,
): Promise<ForwardingPeriod> {
  const rows: { version: number; overrides: Record<string, unknown> }[] = await em.query(
    `SELECT version, overrides FROM rule_catalog_version ORDER BY version DESC LIMIT 1`,
  );
  const latest = rows[0];
  let catalog: Catalog = CATALOG_V1;
  if (latest && latest.version !== CATALOG_V1.version) {
    const o = latest.overrides ?? {};
    const rules = (o['rules'] ?? o) as Record<string, RuleOverride>;
    const localPacks = (o['localPacks'] ?? {}) as Record<string, LocalPack>;
    catalog = resolveCatalog(CATALOG_V1, {
      version: latest.version,
      rules,
      localPacks,
    } satisfies CatalogOverrides);
  }
  const n = findRule(catalogFor(catalog, jurisdiction), 'CP-02')?.params['forwardWorkingDays'];
  return {
    catalogVersion: latest?.version ?? CATALOG_V1.version,
    workingDays: typeof n === 'number' ? n : 15,
  };
}
