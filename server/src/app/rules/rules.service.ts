import { BadRequestException, Injectable, NotFoundException } from '@nestjs/common';
import {
  CATALOG_V1,
  CatalogOverrideError,
  catalogFor,
  findRule,
  resolveCatalog,
  type Catalog,
  type CatalogOverrides,
  type LocalPack,
  type RuleOverride,
} from '@portal/reporting-standard';
import type { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../auth/auth-user';
import { TenantDb } from '../database/tenant-db.service';
import type { PublishRulesDto } from './dto/publish-rules.dto';
import { toRuleDtos, type CatalogVersionDto, type RuleDto } from './dto/rule.dto';

const PUBLISH_LOCK = 7341201;

interface VersionRow {
  version: number;
  overrides: { rules?: Record<string, RuleOverride>; localPacks?: Record<string, LocalPack> } | null;
  note: string | null;
  published_at: Date;
}

/**
 * The rule catalog as data. Version 1 is the catalog shipped with @portal/reporting-standard; every later
 * version stores the complete overrides relative to version 1 (a new version starts from the previous one and
 * changes what the regulator sends), so each version resolves on its own with `resolveCatalog`, which also
 * validates them. A version may carry local packs (`localPacks`, by jurisdiction), stored complete like the
 * rules; an insurer is checked against `catalogFor(version, its organisation's jurisdiction)`.
 * Published versions never change; resolved catalogs are therefore cached for good.
 */
@Injectable()
export class RulesService {
  private readonly cache = new Map<number, Catalog>([[1, CATALOG_V1]]);

  constructor(
    private readonly db: TenantDb,
    private readonly audit: AuditService,
  ) {}

  /** The latest published version: the one in force for checks starting now. */
  async currentVersion(em?: EntityManager): Promise<number> {
    const work = async (m: EntityManager) => {
      const [row]: { version: number }[] = await m.query(
        'SELECT max(version)::int AS version FROM rule_catalog_version',
      );
      return row?.version ?? 1;
    };
    return em ? work(em) : this.db.run('system', work);
  }

  /** The resolved catalog of a published version (404 when there is no such version). */
  async catalog(version: number, em?: EntityManager): Promise<Catalog> {
    const hit = this.cache.get(version);
    if (hit) return hit;
    const work = async (m: EntityManager) => {
      const rows: VersionRow[] = await m.query(
        'SELECT version, overrides, note, published_at FROM rule_catalog_version WHERE version = $1',
        [version],
      );
      if (!rows.length)
        throw new NotFoundException(
          `规则目录第 ${version} 版不存在 / Rule catalog version ${version} does not exist`,
        );
      const o = rows[0].overrides;
      return resolveCatalog(CATALOG_V1, { version, rules: o?.rules ?? {}, localPacks: o?.localPacks ?? {} });
    };
    const catalog = await (em ? work(em) : this.db.run('system', work));
    this.cache.set(version, catalog);
    return catalog;
  }

  /** The jurisdiction of an organisation (null: national rules only, or no such organisation). */
  async jurisdictionOf(orgCode: string, em?: EntityManager): Promise<string | null> {
    const work = async (m: EntityManager) => {
      const rows: { jurisdiction: string | null }[] = await m.query(
        'SELECT jurisdiction FROM organisation WHERE code = $1',
        [orgCode],
      );
      return rows[0]?.jurisdiction ?? null;
    };
    return em ? work(em) : this.db.run('system', work);
  }

  /** The catalog an organisation is checked against: `version` with its jurisdiction's pack, if any. */
  async catalogForOrg(version: number, orgCode: string, em?: EntityManager): Promise<Catalog> {
    const national = await this.catalog(version, em);
    return catalogFor(national, await this.jurisdictionOf(orgCode, em));
  }

  /**
   * `GET /api/rules?version=&jurisdiction=`: the catalog as insurers of `jurisdiction` are checked against it
   * (the national catalog without one, or when the version has no pack for it). Each rule lists the packs that
   * change it (`localPacks`): all of the version's packs in the national catalog, the one applied otherwise.
   */
  async list(
    version?: number,
    jurisdiction?: string | null,
  ): Promise<{ version: number; jurisdiction: string | null; rules: RuleDto[] }> {
    const v = version ?? (await this.currentVersion());
    const catalog = catalogFor(await this.catalog(v), jurisdiction ?? null);
    return { version: v, jurisdiction: catalog.jurisdiction ?? null, rules: toRuleDtos(catalog) };
  }

  /** `GET /api/rules/effective`: what the caller's organisation is checked against. */
  async listForOrg(
    orgCode: string,
    version?: number,
  ): Promise<{ version: number; jurisdiction: string | null; rules: RuleDto[] }> {
    return this.list(version, await this.jurisdictionOf(orgCode));
  }

  async versions(): Promise<CatalogVersionDto[]> {
    return this.db.run('system', async (em) => {
      const rows: VersionRow[] = await em.query(
        'SELECT version, note, published_at FROM rule_catalog_version ORDER BY version DESC',
      );
      return rows.map((r) => ({
        version: r.version,
        note: r.note,
        publishedAt: r.published_at.toISOString(),
      }));
    });
  }

  /** Publishes the next version: the previous version's overrides with `dto.rules` applied on top. */
  async publish(actor: AuthUser, dto: PublishRulesDto): Promise<CatalogVersionDto> {
    return this.db.run(actor, async (em) => {
      await em.query('SELECT pg_advisory_xact_lock($1)', [PUBLISH_LOCK]);
      const [prev]: VersionRow[] = await em.query(
        'SELECT version, overrides FROM rule_catalog_version ORDER BY version DESC LIMIT 1',
      );
      const version = (prev?.version ?? 1) + 1;
      const rules = mergeOverrides(prev?.overrides?.rules ?? {}, dto.rules);
      const localPacks = mergePacks(prev?.overrides?.localPacks ?? {}, dto.localPacks ?? {});
      const overrides: CatalogOverrides = { version, rules, localPacks };
      let catalog: Catalog;
      try {
        catalog = resolveCatalog(CATALOG_V1, overrides);
      } catch (e) {
        if (e instanceof CatalogOverrideError)
          throw new BadRequestException(
            `规则目录覆盖无效：${e.details.map((d) => d.zh).join('；')} / Invalid catalog overrides: ${e.problems.join('; ')}`,
          );
        throw e;
      }
      refuseCompanyRulesInPacks(catalog);
      const [row]: VersionRow[] = await em.query(
        `INSERT INTO rule_catalog_version (version, overrides, note, published_by) VALUES ($1, $2, $3, $4)
         RETURNING version, note, published_at`,
        [version, JSON.stringify(overrides), dto.note ?? null, actor.username],
      );
      await this.audit.append(em, actor, {
        action: 'rules.publish',
        objectType: 'rule_catalog_version',
        objectId: String(version),
        detail: {
          basedOn: prev?.version ?? 1,
          changes: dto.rules as Record<string, unknown>,
          localPacks: (dto.localPacks ?? {}) as Record<string, unknown>,
          note: dto.note ?? null,
        },
      });
      this.cache.set(version, catalog);
      return { version: row.version, note: row.note, publishedAt: row.published_at.toISOString() };
    });
  }
}

/** Per rule: settings given now replace earlier ones; parameters merge one by one. */
export function mergeOverrides(
  base: Readonly<Record<string, RuleOverride>>,
  changes: Readonly<Record<string, RuleOverride>>,
): Record<string, RuleOverride> {
  const out: Record<string, RuleOverride> = { ...base };
  for (const [code, change] of Object.entries(changes)) {
    if (change === null || typeof change !== 'object' || Array.isArray(change)) {
      throw new BadRequestException(
        `规则目录覆盖无效：${code} 应为设置对象 / Invalid catalog overrides: ${code} must be an object of settings`,
      );
    }
    const prev = out[code] ?? {};
    const params =
      prev.params || change.params ? { ...(prev.params ?? {}), ...(change.params ?? {}) } : undefined;
    out[code] = { ...prev, ...change, ...(params ? { params } : {}) };
  }
  return out;
}

/**
 * Local packs of the next version: the previous version's packs, with each pack given now replacing that
 * jurisdiction's pack whole (a pack is published as one unit, with its own name and citation); `null`
 * withdraws a jurisdiction's pack.
 */
export function mergePacks(
  base: Readonly<Record<string, LocalPack>>,
  changes: Readonly<Record<string, LocalPack | null>>,
): Record<string, LocalPack> {
  // A Map, not object assignment: a key like "__proto__" stays a key (and is then refused by the library).
  const out = new Map<string, LocalPack>(Object.entries(base));
  for (const [jurisdiction, pack] of Object.entries(changes)) {
    if (pack === null) {
      if (!out.has(jurisdiction))
        throw new BadRequestException(
          `规则目录覆盖无效：没有辖区 ${jurisdiction} 的地方规则包可撤销 / Invalid catalog overrides: there is no local pack ${jurisdiction} to withdraw`,
        );
      out.delete(jurisdiction);
    } else out.set(jurisdiction, pack);
  }
  return Object.fromEntries(out);
}

/**
 * Company-level rules (CB-C1, CB-C2, CP-C1) are evaluated by the statistics across all insurers with the
 * national catalog of the version; until they are evaluated per jurisdiction, a local pack may not change them
 * (refused rather than silently ignored).
 */
function refuseCompanyRulesInPacks(catalog: Catalog): void {
  const found: [string, string][] = [];
  for (const [jurisdiction, pack] of Object.entries(catalog.localPacks ?? {})) {
    for (const code of Object.keys(pack.overrides.rules ?? {}))
      if (findRule(catalog, code)?.scope === 'company') found.push([jurisdiction, code]);
  }
  if (found.length === 0) return;
  const zh = found.map(
    ([j, code]) => `地方规则包 ${j}：${code} 为机构整体规则，统计按全国目录计算，暂不能由地方规则包调整`,
  );
  const en = found.map(
    ([j, code]) =>
      `local pack ${j}: ${code} is a company-level rule, computed by the statistics with the national catalog; a local pack cannot change it yet`,
  );
  throw new BadRequestException(
    `规则目录覆盖无效：${zh.join('；')} / Invalid catalog overrides: ${en.join('; ')}`,
  );
}
