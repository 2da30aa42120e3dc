import {
  ConflictException,
  Inject,
  Injectable,
  Logger,
  NotFoundException,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import {
  CATALOG_V1,
  type Catalog,
  type CatalogOverrides,
  findRule,
  resolveCatalog,
} from '@portal/reporting-standard';
import { createHash } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { type AuthUser, isInsurer } from '../auth/auth-user';
import { todayInChina } from '../calendar/china-date';
import { APP_CONFIG, type AppConfig, runsBackgroundJobs } from '../config/config';
import { TenantDb } from '../database/tenant-db.service';
import { PdfRenderer } from '../pdf/pdf-renderer.service';
import {
  type BulletinContent,
  buildBulletinContent,
  bulletinCsv,
  bulletinJson,
  defaultTitle,
  type IndustryTotals,
  previousPeriod,
  type RuleReference,
  type Thresholds,
} from './bulletin-content';
import {
  type CompanyStats,
  normalizePeriodStats,
  ORG_GROUPS,
  type OrgGroup,
  type OrgInfo,
  type PeriodStats,
  STATS_SOURCE,
  type StatsSource,
} from './bulletin-data';
import { bulletinView } from './bulletin-view';
import type { BulletinStatus } from './bulletin.entity';
import { BULLETINS_CONFIG, type BulletinsConfig } from './bulletins.config';
import type { CreateBulletinDto, DisputeDto } from './dto/bulletin.dto';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Serialises drafting and publishing per period (with the period in the second key). */
const BULLETIN_LOCK = 7341501;
/** Held (per draft id) for the whole render, so two processes never render the same draft. */
const RENDER_LOCK = 7341502;
/** How often a background process looks for drafts left `rendering` by a process that stopped. */
const STALE_SWEEP_MS = 60_000;
/** A draft `rendering` this long, that nobody renders, was left by a stopped process. */
const STALE_AFTER_SECONDS = 60;

export interface BulletinSummary {
  id: string;
  period: string;
  edition: number;
  status: BulletinStatus;
  title: string;
  documentNo: string | null;
  issuedOn: string;
  replaces: string | null;
  createdAt: string;
  publishedAt: string | null;
  /** SHA-256 of the PDF bytes (draft or published); null until rendered. */
  sha256: string | null;
}

export interface BulletinDetail extends BulletinSummary {
  failureReason: string | null;
  createdBy: string;
  renderedAt: string | null;
  renderMs: number | null;
  blockedRequests: number | null;
  publishedBy: string | null;
  catalogVersion: number | null;
  dataCutoff: string | null;
  disputes: number;
  pdfUrl: string | null;
}

export interface PublicBulletin {
  id: string;
  period: string;
  edition: number;
  title: string;
  publishedAt: string;
  sha256: string;
  replaces: string | null;
  pdfUrl: string;
  csvUrl: string;
  jsonUrl: string;
}

export interface DisputeItem {
  id: string;
  bulletinId: string;
  orgCode: string;
  orgName: string;
  figure: string | null;
  comment: string;
  createdBy: string;
  createdAt: string;
}

export interface BulletinPreview {
  id: string;
  period: string;
  edition: number;
  status: BulletinStatus;
  title: string;
  orgCode: string;
  /** The insurer's own rows of the bulletin's tables (every figure), and its group's industry totals. */
  rows: (CompanyStats & { group: OrgGroup })[];
  industry: { group: OrgGroup; totals: IndustryTotals }[];
  thresholds: Thresholds;
}

interface Row {
  id: string;
  period_code: string;
  edition: number;
  status: BulletinStatus;
  title: string;
  document_no: string | null;
  issued_on: string;
  inspection_findings: string | null;
  replaces_id: string | null;
  failure_reason: string | null;
  catalog_version: number | null;
  data_cutoff: Date | null;
  pdf_sha256: string | null;
  render_ms: number | null;
  blocked_requests: number | null;
  created_by: string;
  created_at: Date;
  rendered_at: Date | null;
  published_at: Date | null;
  published_by: string | null;
}

const COLUMNS = `id, period_code, edition, status, title, document_no, issued_on::text AS issued_on,
  inspection_findings, replaces_id, failure_reason, catalog_version, data_cutoff, pdf_sha256, render_ms,
  blocked_requests, created_by, created_at, rendered_at, published_at, published_by`;

const notFound = () => new NotFoundException('通报不存在 / Bulletin not found');
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const iso = (d: Date | null) => (d ? d.toISOString() : null);

/**
 * Semiannual bulletins: drafting (rendered in the background from the statistics), the insurers' preview of
 * their own rows and their disputes, publication (the reviewed draft's PDF frozen with the CSV and JSON of
 * the same snapshot, SHA-256 in the audit ledger), corrections as new editions, and the public downloads.
 */
@Injectable()
export class BulletinsService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly log = new Logger('Bulletins');
  private queue: Promise<void> = Promise.resolve();
  private closing = false;
  private staleTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly db: TenantDb,
    private readonly audit: AuditService,
    private readonly pdf: PdfRenderer,
    @Inject(STATS_SOURCE) private readonly stats: StatsSource,
    @Inject(BULLETINS_CONFIG) private readonly config: BulletinsConfig,
    @Inject(APP_CONFIG) private readonly appConfig: AppConfig,
  ) {}

  /**
   * Drafts left `rendering` by a stopped process are rendered again: at start-up and every minute, by the
   * processes that run the background jobs (PROCESS_ROLE `all` or `worker`). A draft is rendered by the process
   * that drafted it; the render lock makes sure no two processes render the same draft.
   */
  async onApplicationBootstrap(): Promise<void> {
    if (!runsBackgroundJobs(this.appConfig)) return;
    await this.resumeStale(0);
    this.staleTimer = setInterval(
      () =>
        void this.resumeStale(STALE_AFTER_SECONDS).catch((err: unknown) =>
          this.log.warn(`stale drafts: ${String(err)}`),
        ),
      STALE_SWEEP_MS,
    );
    this.staleTimer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    this.closing = true;
    if (this.staleTimer) clearInterval(this.staleTimer);
    await this.queue;
  }

  private async resumeStale(olderThanSeconds: number): Promise<void> {
    const stale: { id: string }[] = await this.db.run('system', (em) =>
      em.query(
        `SELECT id FROM bulletin WHERE status = 'rendering' AND created_at <= now() - make_interval(secs => $1)
          ORDER BY created_at`,
        [olderThanSeconds],
      ),
    );
    for (const { id } of stale) this.enqueue(id);
  }

  /** Waits until every queued render has finished (tests and the benchmark). */
  idle(): Promise<void> {
    return this.queue;
  }

  // ---- drafting ---------------------------------------------------------------------------------------

  async create(actor: AuthUser, dto: CreateBulletinDto): Promise<{ id: string; status: BulletinStatus }> {
    const id = await this.db.run(actor, async (em) => {
      await em.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [BULLETIN_LOCK, dto.period]);
      const latest = await this.latestPublished(em, dto.period);
      if (latest && dto.replaces !== latest.id) {
        throw new ConflictException(
          `${dto.period} 的通报已发布（第 ${latest.edition} 版，${latest.id}）；更正须以 replaces 指明被替代的通报 / ` +
            `A bulletin for ${dto.period} is already published (edition ${latest.edition}, ${latest.id}); a correction must name it in replaces`,
        );
      }
      if (!latest && dto.replaces) {
        throw new ConflictException(
          `${dto.period} 尚无已发布的通报，replaces 无可替代的对象 / No bulletin for ${dto.period} is published: replaces names nothing to correct`,
        );
      }
      const edition = (latest?.edition ?? 0) + 1;
      const inserted: { id: string }[] = await em.query(
        `INSERT INTO bulletin (period_code, edition, status, title, document_no, issued_on, inspection_findings, replaces_id, created_by)
         VALUES ($1, $2, 'rendering', $3, $4, $5, $6, $7, $8) RETURNING id`,
        [
          dto.period,
          edition,
          dto.title?.trim() || defaultTitle(dto.period),
          dto.documentNo?.trim() || null,
          dto.issuedOn ?? todayInChina(),
          dto.inspectionFindings?.trim() || null,
          latest?.id ?? null,
          actor.username,
        ],
      );
      await this.audit.append(em, actor, {
        action: 'bulletin.draft',
        objectType: 'bulletin',
        objectId: inserted[0].id,
        detail: { period: dto.period, edition, replaces: latest?.id ?? null },
      });
      return inserted[0].id;
    });
    this.enqueue(id);
    return { id, status: 'rendering' };
  }

  private enqueue(id: string): void {
    this.queue = this.queue
      .then(() => this.renderDraft(id))
      .catch((err: unknown) => {
        this.log.error(`bulletin ${id}: ${(err as Error).message}`);
      });
  }

  /**
   * Renders the draft while holding its render lock (in a transaction of its own); another process rendering
   * the same draft holds it already, and this one leaves it to that one.
   */
  private renderDraft(id: string): Promise<void> {
    return this.db.run('system', async (em) => {
      const [{ locked }]: { locked: boolean }[] = await em.query(
        'SELECT pg_try_advisory_xact_lock($1, hashtext($2)) AS locked',
        [RENDER_LOCK, id],
      );
      if (locked) await this.renderLocked(id);
    });
  }

  /** Reads the statistics, stores the snapshot and renders the draft PDF; on any error the draft fails. */
  private async renderLocked(id: string): Promise<void> {
    const rows: Row[] = await this.db.run('system', (em) =>
      em.query(`SELECT ${COLUMNS} FROM bulletin WHERE id = $1 AND status = 'rendering'`, [id]),
    );
    const row = rows[0];
    if (!row) return;
    try {
      if (this.closing) throw new Error('服务正在停止 / the service is stopping');
      const content = await this.buildContent(row);
      const { pdf, report } = await this.pdf.renderWithReport('bulletin', bulletinView(content));
      const digest = sha256(pdf);
      await this.db.run('system', async (em) => {
        await em.query(
          `UPDATE bulletin SET status = 'draft', content = $2, catalog_version = $3, data_cutoff = $4, pdf = $5,
             pdf_sha256 = $6, render_ms = $7, blocked_requests = $8, rendered_at = now(), failure_reason = NULL
           WHERE id = $1 AND status = 'rendering'`,
          [
            id,
            JSON.stringify(content),
            content.meta.catalogVersion,
            content.meta.dataCutoff,
            pdf,
            digest,
            report.ms,
            report.blocked.length,
          ],
        );
        await this.audit.append(em, 'system', {
          action: 'bulletin.render',
          objectType: 'bulletin',
          objectId: id,
          detail: {
            period: row.period_code,
            edition: row.edition,
            sha256: digest,
            bytes: pdf.length,
            ms: report.ms,
            blockedRequests: report.blocked.length,
          },
        });
      });
    } catch (err) {
      const reason = `${(err as Error).message}`.slice(0, 1000);
      this.log.warn(`bulletin ${id} failed: ${reason}`);
      await this.db.run('system', async (em) => {
        await em.query(
          `UPDATE bulletin SET status = 'failed', failure_reason = $2 WHERE id = $1 AND status = 'rendering'`,
          [id, reason],
        );
        await this.audit.append(em, 'system', {
          action: 'bulletin.render_failed',
          objectType: 'bulletin',
          objectId: id,
          detail: { period: row.period_code, edition: row.edition, reason },
        });
      });
    }
  }

  private async buildContent(row: Row): Promise<BulletinContent> {
    const cutoff = new Date();
    const { orgs, catalog, replaces } = await this.db.run('system', async (em) => {
      const orgRows: { code: string; name: string; org_group: OrgGroup; founded_on: string }[] =
        await em.query(`SELECT code, name, org_group, founded_on::text AS founded_on FROM organisation`);
      const orgs = new Map<string, OrgInfo>(
        orgRows.map((o) => [o.code, { name: o.name, group: o.org_group, foundedOn: o.founded_on }]),
      );
      const replaces: { id: string; edition: number }[] = row.replaces_id
        ? await em.query(`SELECT id, edition FROM bulletin WHERE id = $1`, [row.replaces_id])
        : [];
      return { orgs, catalog: await this.currentCatalog(em), replaces: replaces[0] ?? null };
    });
    const current: PeriodStats[] = [];
    for (const group of ORG_GROUPS) {
      current.push(
        normalizePeriodStats(
          await this.stats.periodStats(row.period_code, group),
          row.period_code,
          group,
          orgs,
        ),
      );
    }
    if (current.every((s) => s.companies.length === 0)) {
      throw new Error(
        `${row.period_code} 没有可通报的统计数据（尚无已签署报送）/ No statistics to publish for ${row.period_code} (nothing submitted yet)`,
      );
    }
    const prev = previousPeriod(row.period_code);
    const previous: PeriodStats[] = [];
    for (const group of ORG_GROUPS) {
      try {
        previous.push(normalizePeriodStats(await this.stats.periodStats(prev, group), prev, group, orgs));
      } catch {
        // No statistics for the previous period: the comparison shows "—".
      }
    }
    const param = (code: string, key: string, fallback: number): number => {
      const v = findRule(catalog, code)?.params[key];
      return typeof v === 'number' ? v : fallback;
    };
    const rules: RuleReference[] = ['CB-C1', 'CB-C2', 'CP-C1'].flatMap((code) => {
      const r = findRule(catalog, code);
      return r ? [{ code, title: r.title.zh, citation: r.citation.zh }] : [];
    });
    return buildBulletinContent({
      meta: {
        period: row.period_code,
        edition: row.edition,
        title: row.title,
        documentNo: row.document_no,
        issuer: this.config.issuer,
        issuedOn: row.issued_on,
        catalogVersion: catalog.version,
        dataCutoff: cutoff.toISOString(),
        replaces,
      },
      thresholds: {
        minSuccessRate: param('CB-C1', 'minSuccessRate', 0.9),
        maxVisitLetterShare: param('CB-C2', 'maxVisitLetterShare', 0.1),
        minForwardedCallbackRate: param('CP-C1', 'minForwardedCallbackRate', 1),
      },
      rules,
      current,
      previous,
      inspectionFindings: row.inspection_findings,
    });
  }

  /** The rule catalog in force (the latest published version), for the thresholds and citations. */
  private async currentCatalog(em: EntityManager): Promise<Catalog> {
    const rows: { version: number; overrides: { rules?: CatalogOverrides['rules'] } | null }[] =
      await em.query(`SELECT version, overrides FROM rule_catalog_version ORDER BY version DESC LIMIT 1`);
    const r = rows[0];
    if (!r || r.version === 1) return CATALOG_V1;
    return resolveCatalog(CATALOG_V1, { version: r.version, rules: r.overrides?.rules ?? {} });
  }

  private async latestPublished(
    em: EntityManager,
    period: string,
  ): Promise<{ id: string; edition: number } | null> {
    const rows: { id: string; edition: number }[] = await em.query(
      `SELECT id, edition FROM bulletin WHERE period_code = $1 AND status = 'published' ORDER BY edition DESC LIMIT 1`,
      [period],
    );
    return rows[0] ?? null;
  }

  // ---- reading ------------------------------------------------------------------------------------------

  private async row(em: EntityManager, id: string, forUpdate = false): Promise<Row> {
    if (!UUID.test(id)) throw notFound();
    const rows: Row[] = await em.query(
      `SELECT ${COLUMNS} FROM bulletin WHERE id = $1${forUpdate ? ' FOR UPDATE' : ''}`,
      [id],
    );
    if (!rows[0]) throw notFound();
    return rows[0];
  }

  private summary(r: Row): BulletinSummary {
    return {
      id: r.id,
      period: r.period_code,
      edition: r.edition,
      status: r.status,
      title: r.title,
      documentNo: r.document_no,
      issuedOn: r.issued_on,
      replaces: r.replaces_id,
      createdAt: r.created_at.toISOString(),
      publishedAt: iso(r.published_at),
      sha256: r.pdf_sha256,
    };
  }

  /** Regulators: every bulletin. Insurers: drafts open for preview and published bulletins. */
  async list(actor: AuthUser): Promise<BulletinSummary[]> {
    const rows: Row[] = await this.db.run(actor, (em) =>
      em.query(
        `SELECT ${COLUMNS} FROM bulletin ${isInsurer(actor) ? `WHERE status IN ('draft', 'published')` : ''}
         ORDER BY period_code DESC, edition DESC, created_at DESC LIMIT 500`,
      ),
    );
    return rows.map((r) => this.summary(r));
  }

  async get(actor: AuthUser, id: string): Promise<BulletinDetail> {
    return this.db.run(actor, async (em) => {
      const r = await this.row(em, id);
      const [{ n }]: { n: number }[] = await em.query(
        `SELECT count(*)::int AS n FROM bulletin_dispute WHERE bulletin_id = $1`,
        [id],
      );
      return {
        ...this.summary(r),
        failureReason: r.failure_reason,
        createdBy: r.created_by,
        renderedAt: iso(r.rendered_at),
        renderMs: r.render_ms,
        blockedRequests: r.blocked_requests,
        publishedBy: r.published_by,
        catalogVersion: r.catalog_version,
        dataCutoff: iso(r.data_cutoff),
        disputes: n,
        pdfUrl: r.pdf_sha256 ? `/api/bulletins/${r.id}.pdf` : null,
      };
    });
  }

  /** The draft or published PDF (regulators). */
  async pdfOf(actor: AuthUser, id: string): Promise<{ bytes: Buffer; fileName: string; sha256: string }> {
    return this.db.run(actor, async (em) => {
      const r = await this.row(em, id);
      if (r.status === 'rendering') {
        throw new ConflictException(
          '通报正在生成，请稍后再试 / The bulletin is still rendering: try again shortly',
        );
      }
      const [{ pdf }]: { pdf: Buffer | null }[] = await em.query(`SELECT pdf FROM bulletin WHERE id = $1`, [
        id,
      ]);
      if (!pdf || !r.pdf_sha256) {
        throw new NotFoundException(
          `通报没有 PDF（${r.failure_reason ?? r.status}）/ The bulletin has no PDF (${r.status})`,
        );
      }
      return { bytes: pdf, fileName: fileName(r, 'pdf'), sha256: r.pdf_sha256 };
    });
  }

  // ---- preview and disputes ---------------------------------------------------------------------------

  /** An insurer's own rows of a draft (or published) bulletin; regulators name the insurer. */
  async preview(actor: AuthUser, id: string, orgCodeQuery?: string): Promise<BulletinPreview> {
    const orgCode = isInsurer(actor) ? actor.orgCode : orgCodeQuery;
    if (!orgCode) {
      throw new NotFoundException('请指定机构 orgCode / orgCode is required');
    }
    return this.db.run(actor, async (em) => {
      const r = await this.row(em, id);
      if (r.status !== 'draft' && r.status !== 'published') {
        if (isInsurer(actor)) throw notFound();
        throw new ConflictException(
          `通报状态为 ${r.status}，无可预览内容 / The bulletin is ${r.status}: nothing to preview`,
        );
      }
      const [{ content }]: { content: BulletinContent }[] = await em.query(
        `SELECT content FROM bulletin WHERE id = $1`,
        [id],
      );
      const rows = content.groups.flatMap((g) =>
        g.companies.filter((c) => c.orgCode === orgCode).map((c) => ({ ...c, group: g.group })),
      );
      const groups = new Set(rows.map((x) => x.group));
      return {
        id: r.id,
        period: r.period_code,
        edition: r.edition,
        status: r.status,
        title: r.title,
        orgCode,
        rows,
        industry: content.groups
          .filter((g) => groups.has(g.group))
          .map((g) => ({ group: g.group, totals: g.industry })),
        thresholds: content.thresholds,
      };
    });
  }

  async dispute(actor: AuthUser, id: string, dto: DisputeDto): Promise<DisputeItem> {
    if (!actor.orgCode) throw notFound();
    const orgCode = actor.orgCode;
    return this.db.run(actor, async (em) => {
      const r = await this.row(em, id);
      if (r.status === 'rendering' || r.status === 'failed') throw notFound();
      if (r.status !== 'draft') {
        throw new ConflictException(
          '通报已发布，不再接受异议；如数据有误请联系监管机构发布更正版 / The bulletin is published: disputes are closed; ask the regulator for a correction',
        );
      }
      const inserted: { id: string; created_at: Date }[] = await em.query(
        `INSERT INTO bulletin_dispute (bulletin_id, org_code, figure, comment, created_by)
         VALUES ($1, $2, $3, $4, $5) RETURNING id, created_at`,
        [id, orgCode, dto.figure ?? null, dto.comment.trim(), actor.username],
      );
      // The comment is free text: it is stored for the regulator, never copied into the ledger.
      await this.audit.append(em, actor, {
        action: 'bulletin.dispute',
        objectType: 'bulletin',
        objectId: id,
        orgCode,
        detail: { disputeId: inserted[0].id, figure: dto.figure ?? null, edition: r.edition },
      });
      const [org]: { name: string }[] = await em.query(`SELECT name FROM organisation WHERE code = $1`, [
        orgCode,
      ]);
      return {
        id: inserted[0].id,
        bulletinId: id,
        orgCode,
        orgName: org?.name ?? orgCode,
        figure: dto.figure ?? null,
        comment: dto.comment.trim(),
        createdBy: actor.username,
        createdAt: inserted[0].created_at.toISOString(),
      };
    });
  }

  /** Regulators: every dispute of the bulletin; insurers: their own (row-level security). */
  async disputes(actor: AuthUser, id: string): Promise<DisputeItem[]> {
    return this.db.run(actor, async (em) => {
      const r = await this.row(em, id);
      if (isInsurer(actor) && r.status !== 'draft' && r.status !== 'published') throw notFound();
      const rows: {
        id: string;
        org_code: string;
        name: string;
        figure: string | null;
        comment: string;
        created_by: string;
        created_at: Date;
      }[] = await em.query(
        `SELECT d.id, d.org_code, o.name, d.figure, d.comment, d.created_by, d.created_at
         FROM bulletin_dispute d JOIN organisation o ON o.code = d.org_code
         WHERE d.bulletin_id = $1 ORDER BY d.created_at, d.id`,
        [id],
      );
      return rows.map((d) => ({
        id: d.id,
        bulletinId: id,
        orgCode: d.org_code,
        orgName: d.name,
        figure: d.figure,
        comment: d.comment,
        createdBy: d.created_by,
        createdAt: d.created_at.toISOString(),
      }));
    });
  }

  // ---- publishing -------------------------------------------------------------------------------------

  async publish(
    actor: AuthUser,
    id: string,
  ): Promise<{ status: 'published'; publishedAt: string; sha256: string }> {
    return this.db.run(actor, async (em) => {
      const r0 = await this.row(em, id);
      await em.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [BULLETIN_LOCK, r0.period_code]);
      const r = await this.row(em, id, true);
      if (r.status === 'rendering') {
        throw new ConflictException(
          '通报正在生成，生成完成后才能发布 / The bulletin is still rendering: publish it once it is a draft',
        );
      }
      if (r.status === 'failed') {
        throw new ConflictException(
          `通报生成失败，不能发布：${r.failure_reason ?? ''} / The bulletin failed to render and cannot be published`,
        );
      }
      if (r.status === 'published') {
        throw new ConflictException('通报已发布，不可更改 / The bulletin is already published and immutable');
      }
      const latest = await this.latestPublished(em, r.period_code);
      if ((latest?.id ?? null) !== r.replaces_id) {
        throw new ConflictException(
          `${r.period_code} 已有更新的通报发布（第 ${latest?.edition} 版），本草稿已过期，请重新起草 / ` +
            `A newer bulletin for ${r.period_code} was published (edition ${latest?.edition}): this draft is stale, draft again`,
        );
      }
      const [{ content, pdf }]: { content: BulletinContent; pdf: Buffer }[] = await em.query(
        `SELECT content, pdf FROM bulletin WHERE id = $1`,
        [id],
      );
      const pdfSha = sha256(pdf);
      if (pdfSha !== r.pdf_sha256) {
        throw new ConflictException('草稿 PDF 校验失败 / The draft PDF does not match its checksum');
      }
      const [{ now }]: { now: Date }[] = await em.query(`SELECT date_trunc('milliseconds', now()) AS now`);
      const publishedAt = now.toISOString();
      const csv = bulletinCsv(content);
      const json = bulletinJson(content, { id, publishedAt, pdfSha256: pdfSha });
      await em.query(
        `UPDATE bulletin SET status = 'published', published_at = $2, published_by = $3, csv = $4, json = $5
         WHERE id = $1 AND status = 'draft'`,
        [id, publishedAt, actor.username, csv, json],
      );
      await this.audit.append(em, actor, {
        action: 'bulletin.publish',
        objectType: 'bulletin',
        objectId: id,
        detail: {
          period: r.period_code,
          edition: r.edition,
          sha256: pdfSha,
          csvSha256: sha256(csv),
          jsonSha256: sha256(json),
          replaces: r.replaces_id,
        },
      });
      return { status: 'published' as const, publishedAt, sha256: pdfSha };
    });
  }

  // ---- public -------------------------------------------------------------------------------------------

  async publicList(): Promise<PublicBulletin[]> {
    const rows: Row[] = await this.db.run('system', (em) =>
      em.query(
        `SELECT ${COLUMNS} FROM bulletin WHERE status = 'published' ORDER BY period_code DESC, edition DESC`,
      ),
    );
    return rows.map((r) => ({
      id: r.id,
      period: r.period_code,
      edition: r.edition,
      title: r.title,
      publishedAt: (r.published_at as Date).toISOString(),
      sha256: r.pdf_sha256 as string,
      replaces: r.replaces_id,
      pdfUrl: `/api/public/bulletins/${r.id}.pdf`,
      csvUrl: `/api/public/bulletins/${r.id}.csv`,
      jsonUrl: `/api/public/bulletins/${r.id}.json`,
    }));
  }

  /** A published bulletin's document; 404 for anything not published. */
  async publicFile(
    id: string,
    kind: 'pdf' | 'csv' | 'json',
  ): Promise<{ bytes: Buffer; fileName: string; sha256: string }> {
    return this.db.run('system', async (em) => {
      if (!UUID.test(id)) throw notFound();
      const rows: (Row & { bytes: Buffer })[] = await em.query(
        `SELECT ${COLUMNS}, ${kind} AS bytes FROM bulletin WHERE id = $1 AND status = 'published'`,
        [id],
      );
      const r = rows[0];
      if (!r) throw notFound();
      return { bytes: r.bytes, fileName: fileName(r, kind), sha256: sha256(r.bytes) };
    });
  }
}

function fileName(r: Row, ext: string): string {
  return `bulletin-${r.period_code}-e${r.edition}.${ext}`;
}
