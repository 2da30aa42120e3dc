import { BadRequestException, Injectable, NotFoundException } from '@nestjs/common';
import {
  CATALOG_V1,
  CatalogOverrideError,
  resolveCatalog,
  type Catalog,
  type CatalogOverrides,
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
  overrides: { rules?: Record<string, RuleOverride> } | null;
  note: string | null;
  published_at: Date;
}

/**
 * The rule catalog as data. Version 1 is the catalog shipped with @portal/reporting-standard; every later
 * version stores the complete overrides relative to version 1 (a new version starts from the previous one and
 * changes what the regulator sends), so each version resolves on its own with `resolveCatalog`, which also
 * validates them. Published versions never change; resolved catalogs are therefore cached for good.
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
      return resolveCatalog(CATALOG_V1, { version, rules: rows[0].overrides?.rules ?? {} });
    };
    const catalog = await (em ? work(em) : this.db.run('system', work));
    this.cache.set(version, catalog);
    return catalog;
  }

  /** `GET /api/rules?version=`: the catalog as insurers are checked against it. */
  async list(version?: number): Promise<{ version: number; rules: RuleDto[] }> {
    const v = version ?? (await this.currentVersion());
    return { version: v, rules: toRuleDtos(await this.catalog(v)) };
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
      const overrides: CatalogOverrides = { version, rules };
      let catalog: Catalog;
      try {
        catalog = resolveCatalog(CATALOG_V1, overrides);
      } catch (e) {
        if (e instanceof CatalogOverrideError)
          throw new BadRequestException(
            `规则目录覆盖无效 / Invalid catalog overrides: ${e.problems.join('; ')}`,
          );
        throw e;
      }
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
        `规则目录覆盖无效 / Invalid catalog overrides: ${code} must be an object of settings`,
      );
    }
    const prev = out[code] ?? {};
    const params =
      prev.params || change.params ? { ...(prev.params ?? {}), ...(change.params ?? {}) } : undefined;
    out[code] = { ...prev, ...change, ...(params ? { params } : {}) };
  }
  return out;
}
