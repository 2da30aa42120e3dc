import {
  BadRequestException,
  ConflictException,
  Injectable,
  Logger,
  NotFoundException,
  ServiceUnavailableException,
} from '@nestjs/common';
import { type Catalog, findRule, periodFromCode } from '@portal/reporting-standard';
import { createHash } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { type AuthUser, isInsurer } from '../auth/auth-user';
import { todayInChina } from '../calendar/china-date';
import { TenantDb } from '../database/tenant-db.service';
import { NotificationsService } from '../notifications/notifications.service';
import { PdfRenderer } from '../pdf/pdf-renderer.service';
import { StatsService } from '../stats/stats.service';
import type {
  CreateNoticeDto,
  ReviewReportDto,
  SubmitReportDto,
  UpdateReportDto,
} from './dto/self-inspection.dto';
import { buildExecution, emptyExecution } from './execution';
import {
  assertEditable,
  EDITABLE,
  findReport,
  isOverdue,
  type ReportRow,
  touchReport,
} from './report-access';
import { periodLabel, reportView } from './report-view';
import { SampleService } from './sample.service';
import type { ReportStatus } from './self-inspection.entity';
import type {
  Execution,
  Measure,
  MeasureStatus,
  Problem,
  SampleSummary,
  VersionContent,
} from './self-inspection.model';

const NOTICES_LISTED = 200;

export interface ReportListItem {
  id: string;
  orgCode: string;
  orgName: string;
  status: ReportStatus;
  version: number;
  overdue: boolean;
  updatedAt: string | null;
  submittedAt: string | null;
}

export interface NoticeItem {
  id: string;
  period: string;
  title: string;
  scope: string;
  deadline: string;
  createdAt: string;
  createdBy: string;
  reports: ReportListItem[];
}

export interface VersionSummary {
  version: number;
  signerName: string;
  signerTitle: string;
  signedBy: string;
  signedAt: string;
  late: boolean;
  pdfSha256: string;
  pdfUrl: string;
  reviewDecision: 'accept' | 'return' | null;
  reviewComments: string | null;
  reviewedBy: string | null;
  reviewedAt: string | null;
}

export interface ReportDetail {
  id: string;
  noticeId: string;
  title: string;
  scope: string;
  orgCode: string;
  orgName: string;
  period: string;
  status: ReportStatus;
  version: number;
  deadline: string;
  overdue: boolean;
  /** Section 1: live while the insurer works on the report, the signed snapshot once submitted. */
  execution: Execution;
  problems: Problem[];
  measures: Measure[];
  /** The recording-review sample's summary (null until drawn); `required` says whether one must be drawn. */
  sample: SampleSummary | null;
  sampleRequired: boolean;
  /** The comments of the last return, while the insurer works on the new version. */
  returnComments: string | null;
  versions: VersionSummary[];
  pdfUrl: string | null;
  updatedAt: string | null;
  updatedBy: string | null;
}

export interface VersionDetail extends VersionSummary {
  reportId: string;
  content: VersionContent;
}

interface VersionRow {
  version: number;
  signer_name: string;
  signer_title: string;
  signed_by: string;
  signed_at: Date;
  pdf_sha256: string;
  review_decision: 'accept' | 'return' | null;
  review_comments: string | null;
  reviewed_by: string | null;
  reviewed_at: Date | null;
}

const VERSION_COLUMNS = `version, signer_name, signer_title, signed_by, signed_at, pdf_sha256, review_decision,
  review_comments, reviewed_by, reviewed_at`;

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/**
 * Self-inspection (自查): the regulator's notice, the insurers' reports — section 1 pre-filled from their
 * submitted data, sections 2 and 3 written by them, the recording-review sample (SampleService) — the
 * approver's sign-off (locked version + PDF), and the regulator's review (accept, or return as a new version).
 * Free text (scope, problems, measures, notes, comments) is stored and shown, never written to the audit ledger.
 */
@Injectable()
export class SelfInspectionService {
  private readonly log = new Logger('SelfInspection');

  constructor(
    private readonly db: TenantDb,
    private readonly audit: AuditService,
    private readonly stats: StatsService,
    private readonly samples: SampleService,
    private readonly pdf: PdfRenderer,
    private readonly notifications: NotificationsService,
  ) {}

  // ---- notices ------------------------------------------------------------------------------------------

  async createNotice(
    actor: AuthUser,
    dto: CreateNoticeDto,
  ): Promise<{ id: string; reports: { id: string; orgCode: string; status: 'requested' }[] }> {
    const today = todayInChina();
    const period = periodFromCode(dto.period);
    if (!period) throw new BadRequestException('period 须形如 2026H1 / period must look like 2026H1');
    if (period.startsOn > today) {
      throw new BadRequestException(
        `报告期 ${dto.period} 尚未开始 / The period ${dto.period} has not begun yet`,
      );
    }
    if (dto.deadline < today) {
      throw new BadRequestException(
        `截止日期 ${dto.deadline} 早于今天 ${today} / The deadline ${dto.deadline} is before today ${today}`,
      );
    }
    return this.db.run(actor, async (em) => {
      const known: { code: string }[] = await em.query(
        `SELECT code FROM organisation WHERE code = ANY($1::text[])`,
        [dto.orgCodes],
      );
      const unknown = dto.orgCodes.filter((c) => !known.some((k) => k.code === c));
      if (unknown.length) {
        throw new BadRequestException(
          `机构不存在：${unknown.join(', ')} / Unknown organisations: ${unknown.join(', ')}`,
        );
      }
      const [notice]: { id: string }[] = await em.query(
        `INSERT INTO self_inspection (period_code, title, scope, deadline, created_by)
         VALUES ($1, $2, $3, $4, $5) RETURNING id`,
        [period.code, dto.title.trim(), dto.scope.trim(), dto.deadline, actor.username],
      );
      const reports: { id: string; org_code: string }[] = await em.query(
        `INSERT INTO self_inspection_report (notice_id, org_code, period_code, status, version, revision, problems, measures)
         SELECT $1, c, $2, 'requested', 1, 0, '[]'::jsonb, '[]'::jsonb FROM unnest($3::text[]) WITH ORDINALITY AS t(c, ord)
         ORDER BY ord
         RETURNING id, org_code`,
        [notice.id, period.code, dto.orgCodes],
      );
      await this.audit.append(em, actor, {
        action: 'self_inspection.notice',
        objectType: 'self_inspection',
        objectId: notice.id,
        detail: {
          period: period.code,
          deadline: dto.deadline,
          orgCodes: dto.orgCodes,
          reports: reports.map((r) => r.id),
        },
      });
      await this.notifications.notifyMany(
        reports.map((r) => ({
          kind: 'self_inspection.requested',
          to: { orgCode: r.org_code },
          message: {
            zh: `监管机构要求贵公司开展${periodLabel(period.code)}自查（${dto.title.trim()}），请于 ${dto.deadline} 前提交自查报告。`,
            en: `The regulator asks you for a self-inspection report for ${period.code} ("${dto.title.trim()}"), due on ${dto.deadline}.`,
          },
          link: `/self-inspection/${r.id}`,
          objectType: 'self_inspection_report',
          objectId: r.id,
        })),
        em,
        actor,
      );
      return {
        id: notice.id,
        reports: reports.map((r) => ({ id: r.id, orgCode: r.org_code, status: 'requested' as const })),
      };
    });
  }

  /** Regulators: every notice with every report. Insurers: the notices sent to them, with their own report. */
  async list(actor: AuthUser): Promise<NoticeItem[]> {
    const today = todayInChina();
    const rows: {
      id: string;
      period_code: string;
      title: string;
      scope: string;
      deadline: string;
      created_at: Date;
      created_by: string;
      reports: {
        id: string;
        org_code: string;
        org_name: string;
        status: ReportStatus;
        version: number;
        updated_at: string | null;
        submitted_at: string | null;
      }[];
    }[] = await this.db.run(actor, (em) =>
      em.query(
        `SELECT n.id, n.period_code, n.title, n.scope, n.deadline::text AS deadline, n.created_at, n.created_by,
                coalesce(jsonb_agg(jsonb_build_object(
                  'id', r.id, 'org_code', r.org_code, 'org_name', o.name, 'status', r.status, 'version', r.version,
                  'updated_at', r.updated_at,
                  'submitted_at', (SELECT max(v.signed_at) FROM self_inspection_report_version v WHERE v.report_id = r.id))
                  ORDER BY o.name, r.org_code) FILTER (WHERE r.id IS NOT NULL), '[]'::jsonb) AS reports
           FROM self_inspection n
           LEFT JOIN self_inspection_report r ON r.notice_id = n.id AND ($1::text IS NULL OR r.org_code = $1)
           LEFT JOIN organisation o ON o.code = r.org_code
          GROUP BY n.id
         HAVING $1::text IS NULL OR count(r.id) > 0
          ORDER BY n.created_at DESC, n.id
          LIMIT ${NOTICES_LISTED}`,
        [isInsurer(actor) ? actor.orgCode : null],
      ),
    );
    return rows.map((n) => ({
      id: n.id,
      period: n.period_code,
      title: n.title,
      scope: n.scope,
      deadline: n.deadline,
      createdAt: new Date(n.created_at).toISOString(),
      createdBy: n.created_by,
      reports: n.reports.map((r) => ({
        id: r.id,
        orgCode: r.org_code,
        orgName: r.org_name,
        status: r.status,
        version: r.version,
        overdue: isOverdue(r.status, n.deadline, today),
        updatedAt: r.updated_at ? new Date(r.updated_at).toISOString() : null,
        submittedAt: r.submitted_at ? new Date(r.submitted_at).toISOString() : null,
      })),
    }));
  }

  // ---- reports ------------------------------------------------------------------------------------------

  async get(actor: AuthUser, id: string): Promise<ReportDetail> {
    const { r, versions, sample, snapshot } = await this.db.run(actor, async (em) => {
      const r = await findReport(em, actor, id);
      const versions = await this.versionRows(em, r.id);
      const sample = await this.samples.summary(em, r.id);
      let snapshot: VersionContent | null = null;
      if (r.status === 'submitted' || r.status === 'accepted') {
        const [v]: { content: VersionContent }[] = await em.query(
          `SELECT content FROM self_inspection_report_version WHERE report_id = $1 AND version = $2`,
          [r.id, r.version],
        );
        snapshot = v?.content ?? null;
      }
      return { r, versions, sample, snapshot };
    });
    const catalog = await this.samples.catalog();
    const execution = snapshot ? snapshot.execution : await this.execution(r, catalog);
    const sampleRequired =
      sample === null && EDITABLE.includes(r.status)
        ? (await this.db.run(actor, (em) => this.samples.population(em, r, catalog))) > 0
        : sample !== null;
    const last = versions[versions.length - 1];
    const today = todayInChina();
    return {
      id: r.id,
      noticeId: r.notice_id,
      title: r.title,
      scope: r.scope,
      orgCode: r.org_code,
      orgName: r.org_name,
      period: r.period_code,
      status: r.status,
      version: r.version,
      deadline: r.deadline,
      overdue: isOverdue(r.status, r.deadline, today),
      execution,
      problems: snapshot ? snapshot.problems : r.problems,
      measures: snapshot ? snapshot.measures : r.measures,
      sample: snapshot ? snapshot.sample : sample,
      sampleRequired,
      returnComments:
        EDITABLE.includes(r.status) && last?.review_decision === 'return' ? last.review_comments : null,
      versions: versions.map((v) => this.versionSummary(r, v)),
      pdfUrl: last ? `/api/self-inspections/reports/${r.id}.pdf` : null,
      updatedAt: iso(r.updated_at),
      updatedBy: r.updated_by,
    };
  }

  /** Section 1 from the insurer's company statistics; every figure missing when it has none for the period. */
  private async execution(r: ReportRow, catalog: Catalog): Promise<Execution> {
    try {
      return buildExecution(await this.stats.companyStats(r.period_code, r.org_code), catalog);
    } catch (err) {
      if (err instanceof NotFoundException)
        return emptyExecution({ name: r.org_name, group: r.org_group }, catalog);
      throw err;
    }
  }

  /** Sections 2 and 3 (insurer): the lists replace what was there. */
  async update(actor: AuthUser, id: string, dto: UpdateReportDto): Promise<ReportDetail> {
    const catalog = await this.samples.catalog();
    const problems: Problem[] = dto.problems.map((p, i) => {
      const ruleCodes = [...new Set(p.ruleCodes ?? [])];
      const unknown = ruleCodes.filter((c) => !findRule(catalog, c));
      if (unknown.length) {
        throw new BadRequestException(
          `problems[${i}].ruleCodes：规则目录第${catalog.version}版中没有 ${unknown.join(', ')} / ` +
            `problems[${i}].ruleCodes: not in rule catalog version ${catalog.version}: ${unknown.join(', ')}`,
        );
      }
      return { description: p.description.trim(), ruleCodes, sampleRefs: [...new Set(p.sampleRefs ?? [])] };
    });
    const measures: Measure[] = dto.measures.map((m) => ({
      action: m.action.trim(),
      owner: m.owner.trim(),
      dueOn: m.dueOn,
      status: m.status as MeasureStatus,
    }));
    await this.db.run(actor, async (em) => {
      const r = await findReport(em, actor, id, true);
      assertEditable(r);
      const refs = [...new Set(problems.flatMap((p) => p.sampleRefs))];
      if (refs.length) {
        const found: { policy_no: string }[] = await em.query(
          `SELECT DISTINCT policy_no FROM self_inspection_sample_item WHERE report_id = $1 AND policy_no = ANY($2::text[])`,
          [r.id, refs],
        );
        const missing = refs.filter((x) => !found.some((f) => f.policy_no === x));
        if (missing.length) {
          throw new BadRequestException(
            `sampleRefs 中的保单号不在本报告的抽检样本中：${missing.slice(0, 20).join(', ')} / ` +
              `sampleRefs names policies that are not in this report's sample: ${missing.slice(0, 20).join(', ')}`,
          );
        }
      }
      await em.query(`UPDATE self_inspection_report SET problems = $2, measures = $3 WHERE id = $1`, [
        r.id,
        JSON.stringify(problems),
        JSON.stringify(measures),
      ]);
      const status = await touchReport(em, actor, r);
      await this.audit.append(em, actor, {
        action: 'self_inspection.update',
        objectType: 'self_inspection_report',
        objectId: r.id,
        orgCode: r.org_code,
        detail: {
          version: r.version,
          from: r.status,
          to: status,
          problems: problems.length,
          measures: measures.length,
          ruleCodes: [...new Set(problems.flatMap((p) => p.ruleCodes))],
        },
      });
    });
    return this.get(actor, id);
  }

  // ---- sign-off and review -------------------------------------------------------------------------------

  /**
   * The approver signs the current version: its content (section 1 as computed now, sections 2 and 3, the
   * sample summary) is frozen with the signer, rendered to PDF, and the report is locked. The PDF is rendered
   * outside any transaction; the version is stored only if nobody changed the report meanwhile.
   */
  async submit(
    actor: AuthUser,
    id: string,
    dto: SubmitReportDto,
  ): Promise<{ status: 'submitted'; version: number; signedAt: string; pdfSha256: string }> {
    const catalog = await this.samples.catalog();
    const prepared = await this.db.run(actor, async (em) => {
      const r = await findReport(em, actor, id);
      assertEditable(r);
      const sample = await this.samples.summary(em, r.id);
      if (!sample) {
        const population = await this.samples.population(em, r, catalog);
        if (population > 0) {
          throw new ConflictException(
            `请先抽取回访质量抽检样本并完成复核（本期新单回访 ${population} 件）/ ` +
              `Draw the recording-review sample and review it first (${population} new-business callbacks this period)`,
          );
        }
      } else if (sample.outcomes.pending > 0) {
        throw new ConflictException(
          `抽检样本尚有 ${sample.outcomes.pending} 件未复核，复核完成后才能签署 / ` +
            `${sample.outcomes.pending} sampled callbacks are not reviewed yet: review them all before signing`,
        );
      }
      const previous: { version: number; review_comments: string | null }[] = await em.query(
        `SELECT version, review_comments FROM self_inspection_report_version
          WHERE report_id = $1 AND review_decision = 'return' ORDER BY version DESC LIMIT 1`,
        [r.id],
      );
      return { r, sample, previous: previous[0] ?? null };
    });
    const { r, sample, previous } = prepared;
    const execution = await this.execution(r, catalog);
    const signedAt = new Date(Math.floor(Date.now() / 1000) * 1000);
    const content: VersionContent = {
      reportId: r.id,
      version: r.version,
      notice: {
        id: r.notice_id,
        title: r.title,
        scope: r.scope,
        deadline: r.deadline,
        createdAt: new Date(r.notice_created_at).toISOString(),
      },
      org: { code: r.org_code, name: r.org_name, group: r.org_group },
      period: r.period_code,
      execution,
      problems: r.problems,
      measures: r.measures,
      sample,
      signer: {
        name: dto.signerName.trim(),
        title: dto.signerTitle.trim(),
        signedBy: actor.username,
        signedAt: signedAt.toISOString(),
      },
      answers: previous ? { version: previous.version, comments: previous.review_comments } : null,
    };
    let pdf: Buffer;
    try {
      pdf = await this.pdf.render('self-inspection', reportView(content));
    } catch (err) {
      this.log.warn(`report ${r.id}: PDF failed: ${(err as Error).message}`);
      throw new ServiceUnavailableException(
        `自查报告 PDF 生成失败，报告未提交，请稍后重试 / The report PDF could not be rendered; nothing was submitted, try again: ${(err as Error).message}`.slice(
          0,
          600,
        ),
      );
    }
    const digest = sha256(pdf);
    await this.db.run(actor, async (em) => {
      const now = await findReport(em, actor, id, true);
      if (now.revision !== r.revision || now.status !== r.status || now.version !== r.version) {
        throw new ConflictException(
          '签署期间报告已被修改或已提交，请刷新后重新签署 / The report changed or was submitted while signing: reload and sign again',
        );
      }
      await em.query(
        `INSERT INTO self_inspection_report_version
           (report_id, version, org_code, content, signer_name, signer_title, signed_by, signed_at, pdf, pdf_sha256)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
        [
          r.id,
          r.version,
          r.org_code,
          JSON.stringify(content),
          content.signer.name,
          content.signer.title,
          actor.username,
          signedAt.toISOString(),
          pdf,
          digest,
        ],
      );
      await em.query(
        `UPDATE self_inspection_report SET status = 'submitted', revision = revision + 1, updated_by = $2, updated_at = now()
          WHERE id = $1`,
        [r.id, actor.username],
      );
      const late = todayInChina(signedAt) > r.deadline;
      // The signer's name is personal data: the ledger keeps the signing account, the version and the PDF hash.
      await this.audit.append(em, actor, {
        action: 'self_inspection.submit',
        objectType: 'self_inspection_report',
        objectId: r.id,
        orgCode: r.org_code,
        detail: {
          version: r.version,
          from: r.status,
          sha256: digest,
          bytes: pdf.length,
          late,
          sampleSize: sample?.size ?? 0,
          problems: r.problems.length,
          measures: r.measures.length,
        },
      });
    });
    // After the commit, as the system: an insurer's transaction may only write its own organisation's rows.
    await this.notifications
      .notify({
        kind: 'self_inspection.submitted',
        to: { regulators: true },
        message: {
          zh: `${r.org_name} 已提交${periodLabel(r.period_code)}自查报告（第${r.version}版），请审阅。`,
          en: `${r.org_name} submitted its self-inspection report for ${r.period_code} (version ${r.version}) for review.`,
        },
        link: `/self-inspection/${r.id}`,
        objectType: 'self_inspection_report',
        objectId: r.id,
      })
      .catch((err: unknown) =>
        this.log.warn(`report ${r.id}: notifying the regulators failed: ${String(err)}`),
      );
    return { status: 'submitted', version: r.version, signedAt: signedAt.toISOString(), pdfSha256: digest };
  }

  /** The regulator accepts the submitted version, or returns it with comments (the insurer gets a new version). */
  async review(
    actor: AuthUser,
    id: string,
    dto: ReviewReportDto,
  ): Promise<{ status: ReportStatus; version: number }> {
    const comments = dto.comments?.trim() || null;
    if (dto.decision === 'return' && !comments) {
      throw new BadRequestException('退回时须填写意见（comments）/ Returning a report needs comments');
    }
    return this.db.run(actor, async (em) => {
      const r = await findReport(em, actor, id, true);
      if (r.status !== 'submitted') {
        throw new ConflictException(
          `只能审阅已提交的报告（当前状态 ${r.status}）/ Only a submitted report can be reviewed (it is ${r.status})`,
        );
      }
      await em.query(
        `UPDATE self_inspection_report_version
            SET review_decision = $3, review_comments = $4, reviewed_by = $5, reviewed_at = now()
          WHERE report_id = $1 AND version = $2 AND review_decision IS NULL`,
        [r.id, r.version, dto.decision, comments, actor.username],
      );
      const status: ReportStatus = dto.decision === 'accept' ? 'accepted' : 'returned';
      const version = dto.decision === 'accept' ? r.version : r.version + 1;
      await em.query(
        `UPDATE self_inspection_report SET status = $2, version = $3, revision = revision + 1, updated_by = $4, updated_at = now()
          WHERE id = $1`,
        [r.id, status, version, actor.username],
      );
      await this.audit.append(em, actor, {
        action: dto.decision === 'accept' ? 'self_inspection.accept' : 'self_inspection.return',
        objectType: 'self_inspection_report',
        objectId: r.id,
        orgCode: r.org_code,
        detail: { version: r.version, newVersion: version, comments: comments ? comments.length : 0 },
      });
      await this.notifications.notify(
        dto.decision === 'return'
          ? {
              kind: 'self_inspection.returned',
              to: { orgCode: r.org_code },
              params: { period: r.period_code },
              link: `/self-inspection/${r.id}`,
              objectType: 'self_inspection_report',
              objectId: r.id,
            }
          : {
              kind: 'self_inspection.accepted',
              to: { orgCode: r.org_code },
              message: {
                zh: `${periodLabel(r.period_code)}自查报告（第${r.version}版）已通过审阅。`,
                en: `Your self-inspection report for ${r.period_code} (version ${r.version}) was accepted.`,
              },
              link: `/self-inspection/${r.id}`,
              objectType: 'self_inspection_report',
              objectId: r.id,
            },
        em,
        actor,
      );
      return { status, version };
    });
  }

  // ---- versions and PDFs ---------------------------------------------------------------------------------

  private async versionRows(em: EntityManager, reportId: string): Promise<VersionRow[]> {
    return em.query(
      `SELECT ${VERSION_COLUMNS} FROM self_inspection_report_version WHERE report_id = $1 ORDER BY version`,
      [reportId],
    );
  }

  private versionSummary(r: ReportRow, v: VersionRow): VersionSummary {
    const signedAt = new Date(v.signed_at);
    return {
      version: v.version,
      signerName: v.signer_name,
      signerTitle: v.signer_title,
      signedBy: v.signed_by,
      signedAt: signedAt.toISOString(),
      late: todayInChina(signedAt) > r.deadline,
      pdfSha256: v.pdf_sha256,
      pdfUrl: `/api/self-inspections/reports/${r.id}/versions/${v.version}.pdf`,
      reviewDecision: v.review_decision,
      reviewComments: v.review_comments,
      reviewedBy: v.reviewed_by,
      reviewedAt: iso(v.reviewed_at),
    };
  }

  private parseVersion(n: string): number {
    if (!/^\d{1,6}$/.test(n) || Number(n) < 1) {
      throw new NotFoundException('该版本不存在 / No such version of the report');
    }
    return Number(n);
  }

  async version(actor: AuthUser, id: string, n: string): Promise<VersionDetail> {
    const version = this.parseVersion(n);
    return this.db.run(actor, async (em) => {
      const r = await findReport(em, actor, id);
      const rows: (VersionRow & { content: VersionContent })[] = await em.query(
        `SELECT ${VERSION_COLUMNS}, content FROM self_inspection_report_version WHERE report_id = $1 AND version = $2`,
        [r.id, version],
      );
      if (!rows[0])
        throw new NotFoundException('该版本不存在或尚未签署 / No such signed version of the report');
      return { reportId: r.id, ...this.versionSummary(r, rows[0]), content: rows[0].content };
    });
  }

  /** The PDF of a signed version (default: the latest signed one). */
  async pdfOf(
    actor: AuthUser,
    id: string,
    n?: string,
  ): Promise<{ bytes: Buffer; fileName: string; sha256: string }> {
    const version = n === undefined ? null : this.parseVersion(n);
    return this.db.run(actor, async (em) => {
      const r = await findReport(em, actor, id);
      const rows: { version: number; pdf: Buffer; pdf_sha256: string }[] = await em.query(
        `SELECT version, pdf, pdf_sha256 FROM self_inspection_report_version
          WHERE report_id = $1 AND ($2::int IS NULL OR version = $2) ORDER BY version DESC LIMIT 1`,
        [r.id, version],
      );
      const row = rows[0];
      if (!row) {
        throw new NotFoundException(
          version === null
            ? '报告尚未签署，没有 PDF / The report has not been signed yet: there is no PDF'
            : '该版本不存在或尚未签署 / No such signed version of the report',
        );
      }
      return {
        bytes: row.pdf,
        fileName: `self-inspection-${r.org_code}-${r.period_code}-v${row.version}.pdf`,
        sha256: row.pdf_sha256,
      };
    });
  }
}
