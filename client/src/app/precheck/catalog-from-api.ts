import {
  CATALOG_V1,
  findRule,
  resolveCatalog,
  type Bilingual,
  type Catalog,
  type ParamValue,
  type RuleOverride,
} from '@portal/reporting-standard';

/** How one local rule pack changes a rule (`GET /api/rules`, field `localPacks` of a rule). */
export interface LocalRuleChangeDto {
  jurisdiction: string;
  name: Bilingual;
  citation: Bilingual;
  enabled?: boolean;
  severity?: 'warning' | 'finding';
  params?: Record<string, ParamValue>;
  effectiveFrom?: string | null;
  effectiveTo?: string | null;
}

/** One rule as `GET /api/rules` serves it. */
export interface RuleDto {
  code: string;
  title: Bilingual;
  severity: 'error' | 'warning' | 'finding';
  scope: 'record' | 'company' | 'file';
  citation: Bilingual;
  params: Record<string, ParamValue>;
  kinds?: string[];
  enabled?: boolean;
  effectiveFrom?: string | null;
  effectiveTo?: string | null;
  note?: Bilingual;
  /** The local packs that change this rule (all in the national catalog; the one applied otherwise). */
  localPacks?: LocalRuleChangeDto[];
}

export interface CatalogInForce {
  readonly catalog: Catalog;
  /** Rules the server serves that this build of the library does not know (the pre-check cannot run them). */
  readonly unknownRules: readonly string[];
}

function sameParam(a: ParamValue | undefined, b: ParamValue): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => v === b[i]);
  return a === b;
}

/**
 * The catalog the server checks with, rebuilt in the browser from `GET /api/rules` (version from the
 * `X-Catalog-Version` header): the library's catalog v1 plus whatever the served version changes — switched
 * off rules, severities, parameters, effective dates — applied with the library's own `resolveCatalog`, so the
 * pre-check runs the same rule code with the same settings. Served as `GET /api/rules/effective` for an
 * insurer, that is the version with its jurisdiction's local pack already applied. Titles, messages and
 * citations stay the library's.
 */
export function catalogFromApi(version: number, rules: readonly RuleDto[]): CatalogInForce {
  const overrides: Record<string, RuleOverride> = {};
  const unknownRules: string[] = [];
  for (const dto of rules) {
    const base = findRule(CATALOG_V1, dto.code);
    if (!base) {
      unknownRules.push(dto.code);
      continue;
    }
    const change: { -readonly [K in keyof RuleOverride]: RuleOverride[K] } = {};
    if (dto.enabled !== undefined && dto.enabled !== base.enabled) change.enabled = dto.enabled;
    if (dto.severity !== base.severity && (dto.severity === 'warning' || dto.severity === 'finding'))
      change.severity = dto.severity;
    if (dto.effectiveFrom !== undefined && dto.effectiveFrom !== base.effectiveFrom)
      change.effectiveFrom = dto.effectiveFrom;
    if (dto.effectiveTo !== undefined && dto.effectiveTo !== base.effectiveTo)
      change.effectiveTo = dto.effectiveTo;
    const params: Record<string, ParamValue> = {};
    for (const [name, value] of Object.entries(dto.params ?? {}))
      if (!sameParam(base.params[name], value)) params[name] = value;
    if (Object.keys(params).length > 0) change.params = params;
    if (Object.keys(change).length > 0) overrides[dto.code] = change;
  }
  if (Object.keys(overrides).length === 0) return { catalog: CATALOG_V1, unknownRules };
  const catalog = resolveCatalog(CATALOG_V1, {
    version: Math.max(version, CATALOG_V1.version + 1),
    rules: overrides,
  });
  return { catalog, unknownRules };
}
