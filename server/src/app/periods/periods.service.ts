import { BadRequestException, Injectable, NotFoundException } from '@nestjs/common';
import { periodFromCode } from '@portal/reporting-standard';
import type { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { type AuthUser, isInsurer, isRegulator } from '../auth/auth-user';
import { todayInChina } from '../calendar/china-date';
import { type Actor, TenantDb } from '../database/tenant-db.service';
import { KIND_LABELS } from '../notifications/notification-texts';
import { NotificationsService } from '../notifications/notifications.service';
import type { GrantExtensionDto, SetDeadlinesDto } from './dto/period.dto';
import { effectiveDeadlinesSql } from './effective-deadline.sql';
import { SUBMISSION_KINDS, type SubmissionKind } from './period.entity';

/** A period's default submission deadline: this many calendar days after the period ends. */
export const DEFAULT_DEADLINE_DAYS = 30;

export type SubmissionState = 'on_time' | 'late' | 'missing';

export interface PeriodRef {
  code: string;
  startsOn: string;
  endsOn: string;
}

export interface ExtensionView {
  id: string;
  kind: SubmissionKind;
  orgCode: string | null;
  dueOn: string;
  reason: string;
  grantedAt: string;
}

export interface PeriodDeadlinesView extends PeriodRef {
  deadlines: { kind: SubmissionKind; dueOn: string; extensions: ExtensionView[] }[];
}

export interface KindStatus {
  /** The effective deadline (the latest applicable extension wins). */
  dueOn: string;
  periodDueOn: string;
  extended: boolean;
  status: SubmissionState;
  /** Missing and the effective deadline has passed. */
  overdue: boolean;
  submissionId: string | null;
  version: number | null;
  submittedAt: string | null;
  /** The day it was submitted, in China. */
  submittedOn: string | null;
}

export interface SubmissionStatusView extends PeriodRef {
  today: string;
  insurers: {
    orgCode: string;
    name: string;
    kinds: Record<SubmissionKind, KindStatus>;
    onTimeCount: number;
    onTimeRate: number;
  }[];
}

interface StatusRow {
  org_code: string;
  org_name: string;
  kind: SubmissionKind;
  period_due_on: string;
  due_on: string;
  extended: boolean;
  submission_id: string | null;
  version: number | null;
  submitted_at: Date | null;
  submitted_on: string | null;
}

/** The reporting calendar: periods, their submission deadlines per kind, extensions, and who submitted on time. */
@Injectable()
export class PeriodsService {
  constructor(
    private readonly db: TenantDb,
    private readonly audit: AuditService,
    private readonly notifications: NotificationsService,
  ) {}

  /** The period of a code, or a bilingual 400. */
  parse(code: string): PeriodRef {
    const p = typeof code === 'string' ? periodFromCode(code) : null;
    if (!p) {
      throw new BadRequestException(
        `报送期格式应为 YYYYH1 或 YYYYH2（如 2026H1），实际为 '${String(code).slice(0, 16)}' / ` +
          `A period is written YYYYH1 or YYYYH2 (e.g. 2026H1), got '${String(code).slice(0, 16)}'`,
      );
    }
    return { code: p.code, startsOn: p.startsOn, endsOn: p.endsOn };
  }

  /**
   * Makes sure the period row and its deadline rows exist (default: {@link DEFAULT_DEADLINE_DAYS} calendar
   * days after the period ends); idempotent and safe under concurrency — rows that exist are left as they are
   * (a deadline set by a regulator is never reset). Inserting the period creates its record partitions.
   * Pass `em` to do it inside the caller's transaction; the creation is audited for `actor`.
   */
  async ensurePeriod(
    code: string,
    em?: EntityManager,
    actor: Actor = 'system',
  ): Promise<PeriodRef & { created: boolean }> {
    const p = this.parse(code);
    const work = async (m: EntityManager) => {
      const inserted: { code: string }[] = await m.query(
        `INSERT INTO period (code, starts_on, ends_on) VALUES ($1, $2, $3) ON CONFLICT (code) DO NOTHING RETURNING code`,
        [p.code, p.startsOn, p.endsOn],
      );
      const deadlines: { kind: string; due_on: string }[] = await m.query(
        `INSERT INTO period_deadline (period_code, kind, due_on)
         SELECT $1, k, $2::date + $3::int FROM unnest($4::text[]) AS k
         ON CONFLICT (period_code, kind) DO NOTHING RETURNING kind, due_on::text AS due_on`,
        [p.code, p.endsOn, DEFAULT_DEADLINE_DAYS, SUBMISSION_KINDS],
      );
      if (inserted.length > 0 || deadlines.length > 0) {
        await this.audit.append(m, actor, {
          action: 'period.create',
          objectType: 'period',
          objectId: p.code,
          detail: {
            periodCreated: inserted.length > 0,
            deadlines: Object.fromEntries(deadlines.map((d) => [d.kind, d.due_on])),
          },
        });
      }
      return { ...p, created: inserted.length > 0 };
    };
    return em ? work(em) : this.db.run(actor, work);
  }

  /**
   * Reading never sets up a period on an insurer's behalf (that would let anyone create partitions for any
   * year): a period not in the table yet is created here only for a regulator (or the system) and only once
   * it has begun — the same rule as uploads; otherwise 404.
   */
  private async ensureForRead(em: EntityManager, p: PeriodRef, actor: Actor): Promise<void> {
    const exists: unknown[] = await em.query(`SELECT 1 FROM period WHERE code = $1`, [p.code]);
    if (exists.length > 0) return;
    const trusted = actor === 'system' || isRegulator(actor);
    if (trusted && p.startsOn <= todayInChina()) {
      await this.ensurePeriod(p.code, em, actor);
      return;
    }
    throw new NotFoundException(
      `报送期 ${p.code} 尚无报送安排 / Period ${p.code} has no reporting schedule yet`,
    );
  }

  /** The effective deadline of one insurer for one kind (the latest applicable extension wins). */
  async effectiveDeadline(
    code: string,
    kind: SubmissionKind,
    orgCode: string,
    em?: EntityManager,
  ): Promise<string> {
    const work = async (m: EntityManager) => {
      await this.ensurePeriod(code, m);
      const rows: { due_on: string }[] = await m.query(
        `SELECT d.due_on FROM (${effectiveDeadlinesSql('pd.period_code = $1')}) d WHERE d.kind = $2 AND d.org_code = $3`,
        [code, kind, orgCode],
      );
      if (rows.length > 0) return rows[0].due_on;
      // An organisation founded after the period: the period deadline itself.
      const [row]: { due_on: string }[] = await m.query(
        `SELECT due_on::text AS due_on FROM period_deadline WHERE period_code = $1 AND kind = $2`,
        [code, kind],
      );
      return row.due_on;
    };
    return em ? work(em) : this.db.run('system', work);
  }

  async listPeriods(actor: AuthUser): Promise<(PeriodRef & { deadlines: Record<string, string> })[]> {
    return this.db.run(actor, async (em) => {
      const rows: { code: string; starts_on: string; ends_on: string; deadlines: Record<string, string> }[] =
        await em.query(
          `SELECT p.code, p.starts_on::text AS starts_on, p.ends_on::text AS ends_on,
                  coalesce(jsonb_object_agg(d.kind, d.due_on::text) FILTER (WHERE d.kind IS NOT NULL), '{}') AS deadlines
             FROM period p LEFT JOIN period_deadline d ON d.period_code = p.code
            GROUP BY p.code ORDER BY p.code DESC`,
        );
      return rows.map((r) => ({
        code: r.code,
        startsOn: r.starts_on,
        endsOn: r.ends_on,
        deadlines: r.deadlines,
      }));
    });
  }

  async getDeadlines(actor: AuthUser, code: string): Promise<PeriodDeadlinesView> {
    const p = this.parse(code);
    return this.db.run(actor, async (em) => {
      await this.ensureForRead(em, p, actor);
      return this.deadlinesView(em, p);
    });
  }

  private async deadlinesView(em: EntityManager, p: PeriodRef): Promise<PeriodDeadlinesView> {
    const deadlines: { kind: SubmissionKind; due_on: string }[] = await em.query(
      `SELECT kind, due_on::text AS due_on FROM period_deadline WHERE period_code = $1`,
      [p.code],
    );
    // Row-level security shows an insurer only the extensions granted to it or to every insurer.
    const extensions: {
      id: string;
      kind: SubmissionKind;
      org_code: string | null;
      due_on: string;
      reason: string;
      granted_at: Date;
    }[] = await em.query(
      `SELECT id, kind, org_code, due_on::text AS due_on, reason, granted_at
           FROM period_extension WHERE period_code = $1 ORDER BY granted_at, id`,
      [p.code],
    );
    const byKind = new Map(deadlines.map((d) => [d.kind, d.due_on]));
    return {
      ...p,
      deadlines: SUBMISSION_KINDS.map((kind) => ({
        kind,
        dueOn: byKind.get(kind) as string,
        extensions: extensions
          .filter((e) => e.kind === kind)
          .map((e) => ({
            id: e.id,
            kind: e.kind,
            orgCode: e.org_code,
            dueOn: e.due_on,
            reason: e.reason,
            grantedAt: new Date(e.granted_at).toISOString(),
          })),
      })),
    };
  }

  async setDeadlines(actor: AuthUser, code: string, dto: SetDeadlinesDto): Promise<PeriodDeadlinesView> {
    const p = this.parse(code);
    const changes = SUBMISSION_KINDS.filter((k) => dto[k] !== undefined).map((k) => ({
      kind: k,
      dueOn: dto[k] as string,
    }));
    if (changes.length === 0) {
      throw new BadRequestException(
        '请至少给出一类文件的截止日期（callbacks、complaints、profile） / Give the deadline of at least one kind (callbacks, complaints, profile)',
      );
    }
    for (const c of changes) {
      if (c.dueOn <= p.endsOn) {
        throw new BadRequestException(
          `${c.kind} 的截止日期 ${c.dueOn} 须晚于报送期末 ${p.endsOn} / The ${c.kind} deadline ${c.dueOn} must be after the period end ${p.endsOn}`,
        );
      }
    }
    return this.db.run(actor, async (em) => {
      await this.ensurePeriod(p.code, em, actor);
      const before: { kind: SubmissionKind; due_on: string }[] = await em.query(
        `SELECT kind, due_on::text AS due_on FROM period_deadline WHERE period_code = $1 FOR UPDATE`,
        [p.code],
      );
      const old = new Map(before.map((b) => [b.kind, b.due_on]));
      let lateFlagsChanged = 0;
      for (const c of changes) {
        await em.query(`UPDATE period_deadline SET due_on = $3 WHERE period_code = $1 AND kind = $2`, [
          p.code,
          c.kind,
          c.dueOn,
        ]);
        lateFlagsChanged += await this.recomputeLateFlags(em, p.code, c.kind, null);
      }
      await this.audit.append(em, actor, {
        action: 'period.deadlines.set',
        objectType: 'period',
        objectId: p.code,
        detail: {
          changes: changes.map((c) => ({ kind: c.kind, from: old.get(c.kind) ?? null, to: c.dueOn })),
          lateFlagsChanged,
        },
      });
      return this.deadlinesView(em, p);
    });
  }

  async grantExtension(
    actor: AuthUser,
    code: string,
    dto: GrantExtensionDto,
  ): Promise<ExtensionView & { periodCode: string; lateFlagsCleared: number }> {
    const p = this.parse(code);
    return this.db.run(actor, async (em) => {
      await this.ensurePeriod(p.code, em, actor);
      if (dto.orgCode) {
        const org: unknown[] = await em.query(`SELECT 1 FROM organisation WHERE code = $1`, [dto.orgCode]);
        if (org.length === 0)
          throw new BadRequestException(`机构不存在：${dto.orgCode} / Unknown organisation: ${dto.orgCode}`);
      }
      const [deadline]: { due_on: string }[] = await em.query(
        `SELECT due_on::text AS due_on FROM period_deadline WHERE period_code = $1 AND kind = $2`,
        [p.code, dto.kind],
      );
      if (dto.dueOn <= deadline.due_on) {
        throw new BadRequestException(
          `延期后的截止日期 ${dto.dueOn} 须晚于 ${p.code} ${dto.kind} 的截止日期 ${deadline.due_on} / ` +
            `The extended deadline ${dto.dueOn} must be after the ${p.code} ${dto.kind} deadline ${deadline.due_on}`,
        );
      }
      const [row]: { id: string; granted_at: Date }[] = await em.query(
        `INSERT INTO period_extension (period_code, kind, org_code, due_on, reason, granted_by)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id, granted_at`,
        [p.code, dto.kind, dto.orgCode ?? null, dto.dueOn, dto.reason.trim(), actor.username],
      );
      const lateFlagsCleared = await this.recomputeLateFlags(em, p.code, dto.kind, dto.orgCode ?? null);
      await this.audit.append(em, actor, {
        action: 'period.extension.grant',
        objectType: 'period_extension',
        objectId: row.id,
        orgCode: dto.orgCode ?? null,
        detail: {
          period: p.code,
          kind: dto.kind,
          dueOn: dto.dueOn,
          forAllInsurers: !dto.orgCode,
          lateFlagsCleared,
        },
      });
      const label = KIND_LABELS[dto.kind];
      const orgs: { code: string }[] = dto.orgCode
        ? [{ code: dto.orgCode }]
        : await em.query(`SELECT code FROM organisation WHERE founded_on <= $1 ORDER BY code`, [p.endsOn]);
      await this.notifications.notifyMany(
        orgs.map((o) => ({
          kind: 'period.extension',
          to: { orgCode: o.code },
          params: { period: p.code, kindZh: label.zh, kindEn: label.en, dueOn: dto.dueOn },
          link: '/deadlines',
          objectType: 'period_extension',
          objectId: row.id,
        })),
        em,
        actor,
      );
      return {
        id: row.id,
        periodCode: p.code,
        kind: dto.kind,
        orgCode: dto.orgCode ?? null,
        dueOn: dto.dueOn,
        reason: dto.reason.trim(),
        grantedAt: new Date(row.granted_at).toISOString(),
        lateFlagsCleared,
      };
    });
  }

  /**
   * `submission.late` = uploaded (China date of `created_at`) after the effective deadline. Recomputed for
   * one kind of a period (one insurer, or all) after a deadline or an extension changes; returns how many
   * flags changed. Only the flag changes — a submitted version is otherwise never touched.
   */
  private async recomputeLateFlags(
    em: EntityManager,
    period: string,
    kind: SubmissionKind,
    orgCode: string | null,
  ): Promise<number> {
    // TypeORM answers an UPDATE with [rows, affected].
    const [, changed]: [unknown[], number] = await em.query(
      `UPDATE submission s
          SET late = ((s.created_at AT TIME ZONE 'Asia/Shanghai')::date > d.due_on::date)
         FROM (${effectiveDeadlinesSql('pd.period_code = $1')}) d
        WHERE s.period_code = $1 AND s.kind = $2 AND d.kind = s.kind AND d.org_code = s.org_code
          AND ($3::text IS NULL OR s.org_code = $3)
          AND s.late IS DISTINCT FROM ((s.created_at AT TIME ZONE 'Asia/Shanghai')::date > d.due_on::date)`,
      [period, kind, orgCode],
    );
    return changed;
  }

  /**
   * Per insurer × kind: the latest submitted version's submission date (in China) against the effective
   * deadline. Regulators see every insurer, an insurer only itself.
   */
  async submissionStatus(actor: Actor, code: string, orgCode?: string): Promise<SubmissionStatusView> {
    const p = this.parse(code);
    const onlyOrg = actor !== 'system' && isInsurer(actor) ? actor.orgCode : (orgCode ?? null);
    const today = todayInChina();
    const rows = await this.db.run(actor, async (em) => {
      await this.ensureForRead(em, p, actor);
      const result: StatusRow[] = await em.query(
        `SELECT d.org_code, d.org_name, d.kind, d.period_due_on, d.due_on, d.extended,
                s.id AS submission_id, s.version, s.submitted_at,
                ((s.submitted_at AT TIME ZONE 'Asia/Shanghai')::date)::text AS submitted_on
           FROM (${effectiveDeadlinesSql('pd.period_code = $1')}) d
           LEFT JOIN LATERAL (
                 SELECT id, version, submitted_at FROM submission
                  WHERE org_code = d.org_code AND period_code = d.period_code AND kind = d.kind
                    AND status = 'submitted' AND submitted_at IS NOT NULL
                  ORDER BY version DESC LIMIT 1) s ON true
          WHERE ($2::text IS NULL OR d.org_code = $2)
          ORDER BY d.org_code, d.kind`,
        [p.code, onlyOrg],
      );
      return result;
    });

    const insurers = new Map<string, SubmissionStatusView['insurers'][number]>();
    for (const r of rows) {
      let entry = insurers.get(r.org_code);
      if (!entry) {
        entry = {
          orgCode: r.org_code,
          name: r.org_name,
          kinds: {} as Record<SubmissionKind, KindStatus>,
          onTimeCount: 0,
          onTimeRate: 0,
        };
        insurers.set(r.org_code, entry);
      }
      const status: SubmissionState =
        r.submission_id === null ? 'missing' : (r.submitted_on as string) <= r.due_on ? 'on_time' : 'late';
      entry.kinds[r.kind] = {
        dueOn: r.due_on,
        periodDueOn: r.period_due_on,
        extended: r.extended,
        status,
        overdue: status === 'missing' && today > r.due_on,
        submissionId: r.submission_id,
        version: r.version,
        submittedAt: r.submitted_at ? new Date(r.submitted_at).toISOString() : null,
        submittedOn: r.submitted_on,
      };
      if (status === 'on_time') entry.onTimeCount++;
    }
    for (const e of insurers.values()) e.onTimeRate = e.onTimeCount / SUBMISSION_KINDS.length;
    return { ...p, today, insurers: [...insurers.values()] };
  }

  /**
   * The insurer's on-time submission rate for a period: the share of the kinds (callbacks, complaints,
   * profile) whose latest submitted version was submitted by the effective deadline. Unrounded, 0–1.
   */
  async onTimeSubmissionRate(period: string, orgCode: string): Promise<number> {
    const view = await this.submissionStatus('system', period, orgCode);
    return view.insurers[0]?.onTimeRate ?? 0;
  }
}
