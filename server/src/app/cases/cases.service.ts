import {
  BadRequestException,
  ConflictException,
  Injectable,
  NotFoundException,
  UnprocessableEntityException,
} from '@nestjs/common';
import { CalendarNotCoveredError, type WorkingDayCalendar } from '@portal/calendar';
import { periodFromCode } from '@portal/reporting-standard';
import { randomBytes } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { type AuthUser, isInsurer } from '../auth/auth-user';
import { CalendarService } from '../calendar/calendar.service';
import { todayInChina } from '../calendar/china-date';
import { TenantDb } from '../database/tenant-db.service';
import { NotificationsService } from '../notifications/notifications.service';
import type { HandleCaseDto, RegisterCaseDto, SupervisionDto, SupervisionSampleDto } from './dto/case.dto';
import type { CaseStatus, HandledOutcome, SupervisionResult } from './forwarded-complaint.entity';
import { forwardingPeriod } from './forwarding-period';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const LIST_LIMIT = 2000;

export interface CaseListItem {
  id: string;
  orgCode: string;
  orgName: string;
  forwardNo: string;
  forwardedOn: string;
  category: string;
  workingDays: number;
  deadline: string;
  status: CaseStatus;
  /** Open past its deadline as of today (China), or handled late. */
  overdue: boolean;
  /** Handled with decidedOn and callbackOn both on or before the deadline; null while open. */
  onTime: boolean | null;
  /** Working days from today to the deadline while open and not overdue; null when unknown or not applicable. */
  workingDaysLeft: number | null;
  decidedOn: string | null;
  callbackOn: string | null;
  supervisionResult: SupervisionResult | null;
}

export interface CaseDetail extends CaseListItem {
  summary: string;
  catalogVersion: number;
  outcome: HandledOutcome | null;
  callbackMethod: string | null;
  satisfaction: string | null;
  note: string | null;
  handledAt: string | null;
  supervisionNote: string | null;
  supervisedAt: string | null;
  createdAt: string;
}

export interface CaseQuery {
  orgCode?: string;
  status?: string;
  overdue?: string;
}

interface CaseRow {
  id: string;
  org_code: string;
  org_name: string;
  forward_no: string;
  forwarded_on: string;
  category: string;
  summary?: string;
  working_days: number;
  catalog_version: number;
  deadline: string;
  status: CaseStatus;
  overdue: boolean;
  on_time: boolean | null;
  decided_on: string | null;
  outcome: HandledOutcome | null;
  callback_on: string | null;
  callback_method: string | null;
  satisfaction: string | null;
  handling_note: string | null;
  handled_at: Date | null;
  supervision_result: SupervisionResult | null;
  supervision_note: string | null;
  supervised_at: Date | null;
  created_at: Date;
}

/** Columns of a case as the API shows them; `$1` is today's date. */
const CASE_COLUMNS = `
  c.id, c.org_code, o.name AS org_name, c.forward_no, c.forwarded_on::text AS forwarded_on, c.category,
  c.working_days, c.catalog_version, c.deadline::text AS deadline, c.status, c.on_time,
  ((c.status = 'open' AND c.deadline < $1::date) OR (c.status = 'handled' AND NOT c.on_time)) AS overdue,
  c.decided_on::text AS decided_on, c.outcome, c.callback_on::text AS callback_on, c.callback_method,
  c.satisfaction, c.handling_note, c.handled_at, c.supervision_result, c.supervision_note, c.supervised_at,
  c.created_at`;

const notFound = () => new NotFoundException('转办件不存在 / Forwarded complaint not found');

/**
 * Regulator-forwarded complaints (信访转办): registration with the deadline, the insurer's handling and
 * callback, overdue lists, follow-up checks (督查) on random samples, and matching with the complaints files.
 * Summaries and notes are free text: they are stored and shown to the two parties, never logged or audited.
 */
@Injectable()
export class CasesService {
  constructor(
    private readonly db: TenantDb,
    private readonly audit: AuditService,
    private readonly calendar: CalendarService,
    private readonly notifications: NotificationsService,
  ) {}

  async register(actor: AuthUser, dto: RegisterCaseDto): Promise<{ id: string; deadline: string }> {
    const today = todayInChina();
    if (dto.forwardedOn > today) {
      throw new BadRequestException(
        `转办日期 ${dto.forwardedOn} 晚于今天 ${today} / forwardedOn ${dto.forwardedOn} is after today ${today}`,
      );
    }
    const forwardNo = dto.forwardNo.trim();
    return this.db.run(actor, async (em) => {
      const org: { name: string; jurisdiction: string | null }[] = await em.query(
        `SELECT name, jurisdiction FROM organisation WHERE code = $1`,
        [dto.orgCode],
      );
      if (org.length === 0) {
        throw new BadRequestException(`机构不存在：${dto.orgCode} / Unknown organisation: ${dto.orgCode}`);
      }
      const period = await forwardingPeriod(em, org[0].jurisdiction);
      let deadline: string;
      try {
        deadline = await this.calendar.compute((cal) =>
          cal.addWorkingDays(dto.forwardedOn, period.workingDays),
        );
      } catch (err) {
        if (err instanceof CalendarNotCoveredError) throw new UnprocessableEntityException(err.message);
        throw err;
      }
      const inserted: { id: string }[] = await em.query(
        `INSERT INTO forwarded_complaint
           (org_code, forward_no, forwarded_on, category, summary, working_days, catalog_version, deadline, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
         ON CONFLICT (forward_no) DO NOTHING
         RETURNING id`,
        [
          dto.orgCode,
          forwardNo,
          dto.forwardedOn,
          dto.category,
          dto.summary.trim(),
          period.workingDays,
          period.catalogVersion,
          deadline,
          actor.username,
        ],
      );
      if (inserted.length === 0) {
        throw new ConflictException(
          `转办编号 ${forwardNo} 已登记 / Forward number ${forwardNo} is already registered`,
        );
      }
      const id = inserted[0].id;
      await this.audit.append(em, actor, {
        action: 'case.register',
        objectType: 'forwarded_complaint',
        objectId: id,
        orgCode: dto.orgCode,
        detail: {
          forwardNo,
          forwardedOn: dto.forwardedOn,
          category: dto.category,
          workingDays: period.workingDays,
          catalogVersion: period.catalogVersion,
          deadline,
        },
      });
      await this.notifications.notify(
        {
          kind: 'case.new',
          to: { orgCode: dto.orgCode },
          params: { forwardNo, forwardedOn: dto.forwardedOn, deadline },
          link: `/cases?id=${id}`,
          objectType: 'forwarded_complaint',
          objectId: id,
        },
        em,
        actor,
      );
      return { id, deadline };
    });
  }

  async list(actor: AuthUser, q: CaseQuery): Promise<CaseListItem[]> {
    if (q.status !== undefined && q.status !== 'open' && q.status !== 'handled') {
      throw new BadRequestException('status 须为 open 或 handled / status must be open or handled');
    }
    if (q.overdue !== undefined && q.overdue !== 'true' && q.overdue !== 'false') {
      throw new BadRequestException('overdue 须为 true 或 false / overdue must be true or false');
    }
    if (q.orgCode !== undefined && !/^[0-9A-Z]{18}$/.test(q.orgCode)) {
      throw new BadRequestException(
        'orgCode 须为18位统一社会信用代码 / orgCode must be an 18-character unified social credit code',
      );
    }
    const today = todayInChina();
    // An insurer sees its own cases only: row-level security, and the filter says so explicitly.
    const orgCode = isInsurer(actor) ? actor.orgCode : (q.orgCode ?? null);
    const overdueSql = `((c.status = 'open' AND c.deadline < $1::date) OR (c.status = 'handled' AND NOT c.on_time))`;
    const rows = await this.db.run(actor, (em) =>
      em.query(
        `SELECT ${CASE_COLUMNS}
           FROM forwarded_complaint c JOIN organisation o ON o.code = c.org_code
          WHERE ($2::text IS NULL OR c.org_code = $2)
            AND ($3::text IS NULL OR c.status = $3)
            AND ($4::boolean IS NULL OR ${overdueSql} = $4::boolean)
          ORDER BY (c.status = 'open') DESC, c.deadline, c.forward_no
          LIMIT ${LIST_LIMIT}`,
        [today, orgCode, q.status ?? null, q.overdue === undefined ? null : q.overdue === 'true'],
      ),
    );
    const cal = await this.calendar.fresh();
    return (rows as CaseRow[]).map((r) => mapListItem(r, today, cal));
  }

  async get(actor: AuthUser, id: string): Promise<CaseDetail> {
    if (!UUID.test(id)) throw notFound();
    const today = todayInChina();
    const row = await this.db.run(actor, (em) => this.findRow(em, id, today, false));
    return mapDetail(row, today, await this.calendar.fresh());
  }

  async handle(
    actor: AuthUser,
    id: string,
    dto: HandleCaseDto,
  ): Promise<{ status: 'handled'; onTime: boolean }> {
    if (!UUID.test(id)) throw notFound();
    const today = todayInChina();
    for (const [field, value] of [
      ['decidedOn', dto.decidedOn],
      ['callbackOn', dto.callbackOn],
    ] as const) {
      if (value > today) {
        throw new BadRequestException(
          `${field} ${value} 晚于今天 ${today} / ${field} ${value} is after today ${today}`,
        );
      }
    }
    if (dto.callbackOn < dto.decidedOn) {
      throw new BadRequestException(
        `回访日期 ${dto.callbackOn} 早于处理决定日期 ${dto.decidedOn}（应在处理完毕时回访） / ` +
          `callbackOn ${dto.callbackOn} is before decidedOn ${dto.decidedOn} (the callback follows the decision)`,
      );
    }
    return this.db.run(actor, async (em) => {
      const c = await this.findRow(em, id, today, true);
      if (c.status === 'handled') {
        throw new ConflictException(
          `转办件 ${c.forward_no} 已办结 / Forwarded complaint ${c.forward_no} is already handled`,
        );
      }
      if (dto.decidedOn < c.forwarded_on) {
        throw new BadRequestException(
          `处理决定日期 ${dto.decidedOn} 早于转办日期 ${c.forwarded_on} / decidedOn ${dto.decidedOn} is before forwardedOn ${c.forwarded_on}`,
        );
      }
      const onTime = dto.decidedOn <= c.deadline && dto.callbackOn <= c.deadline;
      await em.query(
        `UPDATE forwarded_complaint
            SET status = 'handled', decided_on = $2, outcome = $3, callback_on = $4, callback_method = $5,
                satisfaction = $6, handling_note = $7, on_time = $8, handled_at = now(), handled_by = $9
          WHERE id = $1`,
        [
          id,
          dto.decidedOn,
          dto.outcome,
          dto.callbackOn,
          dto.callbackMethod,
          dto.satisfaction,
          dto.note?.trim() || null,
          onTime,
          actor.username,
        ],
      );
      await this.audit.append(em, actor, {
        action: 'case.handle',
        objectType: 'forwarded_complaint',
        objectId: id,
        orgCode: c.org_code,
        detail: {
          forwardNo: c.forward_no,
          decidedOn: dto.decidedOn,
          callbackOn: dto.callbackOn,
          outcome: dto.outcome,
          callbackMethod: dto.callbackMethod,
          satisfaction: dto.satisfaction,
          deadline: c.deadline,
          onTime,
        },
      });
      return { status: 'handled' as const, onTime };
    });
  }

  async supervise(
    actor: AuthUser,
    id: string,
    dto: SupervisionDto,
  ): Promise<{
    id: string;
    supervisionResult: SupervisionResult;
    supervisionNote: string | null;
    supervisedAt: string;
  }> {
    if (!UUID.test(id)) throw notFound();
    const today = todayInChina();
    return this.db.run(actor, async (em) => {
      const c = await this.findRow(em, id, today, true);
      if (c.status !== 'handled') {
        throw new ConflictException(
          `转办件 ${c.forward_no} 尚未办结，无法记录督查结果 / Forwarded complaint ${c.forward_no} is not handled yet: nothing to check`,
        );
      }
      const note = dto.note?.trim() || null;
      // TypeORM answers an UPDATE with [rows, affected].
      const [[row]]: [{ supervised_at: Date }[], number] = await em.query(
        `UPDATE forwarded_complaint
            SET supervision_result = $2, supervision_note = $3, supervised_at = now(), supervised_by = $4
          WHERE id = $1 RETURNING supervised_at`,
        [id, dto.result, note, actor.username],
      );
      await this.audit.append(em, actor, {
        action: 'case.supervise',
        objectType: 'forwarded_complaint',
        objectId: id,
        orgCode: c.org_code,
        detail: { forwardNo: c.forward_no, result: dto.result, previous: c.supervision_result },
      });
      return {
        id,
        supervisionResult: dto.result as SupervisionResult,
        supervisionNote: note,
        supervisedAt: new Date(row.supervised_at).toISOString(),
      };
    });
  }

  /**
   * Draws a reproducible random sample of handled cases (抽查, 第十条): the population (handled cases matching
   * the filters) is ordered by md5(seed:id), and the first `size` (or ⌈share × population⌉) are taken.
   */
  async drawSample(actor: AuthUser, dto: SupervisionSampleDto) {
    if ((dto.size === undefined) === (dto.share === undefined)) {
      throw new BadRequestException(
        '请给出 size（件数）或 share（比例）中的一个 / Give exactly one of size and share',
      );
    }
    if (dto.forwardedFrom && dto.forwardedTo && dto.forwardedFrom > dto.forwardedTo) {
      throw new BadRequestException(
        `forwardedFrom ${dto.forwardedFrom} 晚于 forwardedTo ${dto.forwardedTo} / forwardedFrom is after forwardedTo`,
      );
    }
    const seed = dto.seed?.trim() || randomBytes(8).toString('hex');
    const criteria = {
      orgCode: dto.orgCode ?? null,
      forwardedFrom: dto.forwardedFrom ?? null,
      forwardedTo: dto.forwardedTo ?? null,
    };
    const today = todayInChina();
    const sampleId = await this.db.run(actor, async (em) => {
      const population: { id: string; org_code: string }[] = await em.query(
        `SELECT id, org_code FROM forwarded_complaint
          WHERE status = 'handled'
            AND ($1::text IS NULL OR org_code = $1)
            AND ($2::date IS NULL OR forwarded_on >= $2::date)
            AND ($3::date IS NULL OR forwarded_on <= $3::date)
          ORDER BY md5($4 || ':' || id::text), id`,
        [criteria.orgCode, criteria.forwardedFrom, criteria.forwardedTo, seed],
      );
      if (population.length === 0) {
        throw new BadRequestException(
          '没有符合条件的已办结转办件可供抽查 / No handled forwarded complaints match: nothing to sample',
        );
      }
      const n =
        dto.size !== undefined
          ? Math.min(dto.size, population.length)
          : Math.max(1, Math.ceil((dto.share as number) * population.length - 1e-9));
      const chosen = population.slice(0, n);
      const [sample]: { id: string }[] = await em.query(
        `INSERT INTO supervision_sample (seed, requested_size, requested_share, criteria, population, drawn_by)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
        [
          seed,
          dto.size ?? null,
          dto.share ?? null,
          JSON.stringify(criteria),
          population.length,
          actor.username,
        ],
      );
      await em.query(
        `INSERT INTO supervision_sample_item (sample_id, case_id, org_code, position)
         SELECT $1, c.id, c.org_code, c.position
           FROM unnest($2::uuid[], $3::text[]) WITH ORDINALITY AS c(id, org_code, position)`,
        [sample.id, chosen.map((c) => c.id), chosen.map((c) => c.org_code)],
      );
      await this.audit.append(em, actor, {
        action: 'case.supervision_sample',
        objectType: 'supervision_sample',
        objectId: sample.id,
        detail: {
          seed,
          size: dto.size ?? null,
          share: dto.share ?? null,
          criteria,
          population: population.length,
          drawn: n,
        },
      });
      return sample.id;
    });
    return this.getSample(actor, sampleId, today);
  }

  async listSamples(actor: AuthUser) {
    const rows: {
      id: string;
      seed: string;
      requested_size: number | null;
      requested_share: number | null;
      criteria: Record<string, string | null>;
      population: number;
      drawn_at: Date;
      drawn_by: string;
      size: number;
      checked: number;
    }[] = await this.db.run(actor, (em) =>
      em.query(
        `SELECT s.id, s.seed, s.requested_size, s.requested_share, s.criteria, s.population, s.drawn_at, s.drawn_by,
                count(i.case_id)::int AS size, count(c.supervision_result)::int AS checked
           FROM supervision_sample s
           LEFT JOIN supervision_sample_item i ON i.sample_id = s.id
           LEFT JOIN forwarded_complaint c ON c.id = i.case_id
          GROUP BY s.id ORDER BY s.drawn_at DESC LIMIT 200`,
      ),
    );
    return rows.map((r) => ({
      id: r.id,
      seed: r.seed,
      requestedSize: r.requested_size,
      requestedShare: r.requested_share,
      criteria: r.criteria,
      population: r.population,
      drawnAt: new Date(r.drawn_at).toISOString(),
      drawnBy: r.drawn_by,
      size: r.size,
      checked: r.checked,
    }));
  }

  async getSample(actor: AuthUser, id: string, today: string = todayInChina()) {
    if (!UUID.test(id)) throw new NotFoundException('抽查批次不存在 / Supervision sample not found');
    return this.db.run(actor, async (em) => {
      const samples: {
        id: string;
        seed: string;
        requested_size: number | null;
        requested_share: number | null;
        criteria: Record<string, string | null>;
        population: number;
        drawn_at: Date;
        drawn_by: string;
      }[] = await em.query(`SELECT * FROM supervision_sample WHERE id = $1`, [id]);
      if (samples.length === 0) throw new NotFoundException('抽查批次不存在 / Supervision sample not found');
      const s = samples[0];
      const rows: CaseRow[] = await em.query(
        `SELECT ${CASE_COLUMNS}
           FROM supervision_sample_item i
           JOIN forwarded_complaint c ON c.id = i.case_id
           JOIN organisation o ON o.code = c.org_code
          WHERE i.sample_id = $2
          ORDER BY i.position`,
        [today, id],
      );
      const cal = await this.calendar.fresh();
      return {
        id: s.id,
        seed: s.seed,
        requestedSize: s.requested_size,
        requestedShare: s.requested_share,
        criteria: s.criteria,
        population: s.population,
        drawnAt: new Date(s.drawn_at).toISOString(),
        drawnBy: s.drawn_by,
        cases: rows.map((r) => mapListItem(r, today, cal)),
      };
    });
  }

  /**
   * The register against the insurer's latest submitted complaints file of a period, by forward number:
   * - `missing_in_file`: a case forwarded inside the period that no forwarded row of the file carries;
   * - `unknown_in_register`: a forwarded row whose forward_no the register does not know (for that insurer);
   * - `date_mismatch`: forwarded_on, decided_on or callback_on differ between the two.
   */
  async reconcile(actor: AuthUser, q: { orgCode?: string; period?: string }) {
    const p = typeof q.period === 'string' ? periodFromCode(q.period) : null;
    if (!p) {
      throw new BadRequestException(
        `period 须为 YYYYH1 或 YYYYH2（如 2026H1） / period must be YYYYH1 or YYYYH2 (e.g. 2026H1)`,
      );
    }
    const orgCode = isInsurer(actor) ? (actor.orgCode as string) : q.orgCode;
    if (!orgCode || !/^[0-9A-Z]{18}$/.test(orgCode)) {
      throw new BadRequestException(
        'orgCode 须为18位统一社会信用代码 / orgCode must be an 18-character unified social credit code',
      );
    }
    return this.db.run(actor, async (em) => {
      const org: unknown[] = await em.query(`SELECT 1 FROM organisation WHERE code = $1`, [orgCode]);
      if (org.length === 0)
        throw new NotFoundException(`机构不存在：${orgCode} / Organisation not found: ${orgCode}`);
      const [cases]: { n: number }[] = await em.query(
        `SELECT count(*)::int AS n FROM forwarded_complaint WHERE org_code = $1 AND forwarded_on BETWEEN $2 AND $3`,
        [orgCode, p.startsOn, p.endsOn],
      );
      const subs: { id: string; version: number; submitted_at: Date }[] = await em.query(
        `SELECT id, version, submitted_at FROM submission
          WHERE org_code = $1 AND period_code = $2 AND kind = 'complaints' AND status = 'submitted'
          ORDER BY version DESC LIMIT 1`,
        [orgCode, p.code],
      );
      if (subs.length === 0) {
        return {
          orgCode,
          period: p.code,
          submission: null,
          note:
            `${p.code} 尚无已提交的投诉明细文件，无法与转办登记核对（登记的转办件 ${cases.n} 件） / ` +
            `No complaints file has been submitted for ${p.code}, so there is nothing to match the register against (${cases.n} registered cases)`,
          counts: {
            registerCases: cases.n,
            fileRows: 0,
            matched: 0,
            missingInFile: 0,
            unknownInRegister: 0,
            dateMismatches: 0,
          },
          disagreements: [],
        };
      }
      const sub = subs[0];
      const rows: {
        forward_no: string;
        case_id: string | null;
        row_no: number | null;
        reg_forwarded_on: string | null;
        file_forwarded_on: string | null;
        reg_decided_on: string | null;
        file_decided_on: string | null;
        reg_callback_on: string | null;
        file_callback_on: string | null;
        in_period: boolean | null;
      }[] = await em.query(
        `WITH f AS (
           SELECT row_no, forward_no, forwarded_on, decided_on, callback_on
             FROM complaint_record
            WHERE period_code = $2 AND org_code = $1 AND submission_id = $3
              AND source = 'regulator_forwarded' AND forward_no IS NOT NULL AND forward_no <> ''),
         c AS (
           SELECT id, forward_no, forwarded_on, decided_on, callback_on,
                  forwarded_on BETWEEN $4::date AND $5::date AS in_period
             FROM forwarded_complaint WHERE org_code = $1)
         SELECT coalesce(f.forward_no, c.forward_no) AS forward_no, c.id AS case_id, f.row_no, c.in_period,
                c.forwarded_on::text AS reg_forwarded_on, f.forwarded_on::text AS file_forwarded_on,
                c.decided_on::text AS reg_decided_on, f.decided_on::text AS file_decided_on,
                c.callback_on::text AS reg_callback_on, f.callback_on::text AS file_callback_on
           FROM f FULL JOIN c ON c.forward_no = f.forward_no
          WHERE f.forward_no IS NOT NULL OR c.in_period
          ORDER BY 1, f.row_no`,
        [orgCode, p.code, sub.id, p.startsOn, p.endsOn],
      );
      const disagreements: {
        type: 'missing_in_file' | 'unknown_in_register' | 'date_mismatch';
        forwardNo: string;
        caseId: string | null;
        rowNo: number | null;
        fields: { field: string; register: string | null; file: string | null }[];
      }[] = [];
      let matched = 0;
      let fileRows = 0;
      for (const r of rows) {
        if (r.row_no !== null) fileRows++;
        if (r.row_no === null) {
          disagreements.push({
            type: 'missing_in_file',
            forwardNo: r.forward_no,
            caseId: r.case_id,
            rowNo: null,
            fields: [],
          });
          continue;
        }
        if (r.case_id === null) {
          disagreements.push({
            type: 'unknown_in_register',
            forwardNo: r.forward_no,
            caseId: null,
            rowNo: r.row_no,
            fields: [],
          });
          continue;
        }
        const fields = (
          [
            ['forwardedOn', r.reg_forwarded_on, r.file_forwarded_on],
            ['decidedOn', r.reg_decided_on, r.file_decided_on],
            ['callbackOn', r.reg_callback_on, r.file_callback_on],
          ] as const
        )
          .filter(([, a, b]) => a !== b)
          .map(([field, register, file]) => ({ field, register, file }));
        if (fields.length > 0) {
          disagreements.push({
            type: 'date_mismatch',
            forwardNo: r.forward_no,
            caseId: r.case_id,
            rowNo: r.row_no,
            fields,
          });
        } else {
          matched++;
        }
      }
      const count = (t: string) => disagreements.filter((d) => d.type === t).length;
      return {
        orgCode,
        period: p.code,
        submission: {
          id: sub.id,
          version: sub.version,
          submittedAt: new Date(sub.submitted_at).toISOString(),
        },
        note: null,
        counts: {
          registerCases: cases.n,
          fileRows,
          matched,
          missingInFile: count('missing_in_file'),
          unknownInRegister: count('unknown_in_register'),
          dateMismatches: count('date_mismatch'),
        },
        disagreements,
      };
    });
  }

  /** One case the caller may see (row-level security hides other insurers' cases: 404, as for no case). */
  private async findRow(em: EntityManager, id: string, today: string, lock: boolean): Promise<CaseRow> {
    const rows: CaseRow[] = await em.query(
      `SELECT ${CASE_COLUMNS}, c.summary
         FROM forwarded_complaint c JOIN organisation o ON o.code = c.org_code
        WHERE c.id = $2 ${lock ? 'FOR UPDATE OF c' : ''}`,
      [today, id],
    );
    if (rows.length === 0) throw notFound();
    return rows[0];
  }
}

function workingDaysLeft(r: CaseRow, today: string, cal: WorkingDayCalendar): number | null {
  if (r.status !== 'open' || r.deadline < today) return null;
  try {
    return cal.workingDaysBetween(today, r.deadline);
  } catch {
    return null; // a year the calendar does not cover: unknown, never guessed
  }
}

function mapListItem(r: CaseRow, today: string, cal: WorkingDayCalendar): CaseListItem {
  return {
    id: r.id,
    orgCode: r.org_code,
    orgName: r.org_name,
    forwardNo: r.forward_no,
    forwardedOn: r.forwarded_on,
    category: r.category,
    workingDays: r.working_days,
    deadline: r.deadline,
    status: r.status,
    overdue: r.overdue,
    onTime: r.on_time,
    workingDaysLeft: workingDaysLeft(r, today, cal),
    decidedOn: r.decided_on,
    callbackOn: r.callback_on,
    supervisionResult: r.supervision_result,
  };
}

function mapDetail(r: CaseRow, today: string, cal: WorkingDayCalendar): CaseDetail {
  return {
    ...mapListItem(r, today, cal),
    summary: r.summary ?? '',
    catalogVersion: r.catalog_version,
    outcome: r.outcome,
    callbackMethod: r.callback_method,
    satisfaction: r.satisfaction,
    note: r.handling_note,
    handledAt: r.handled_at ? new Date(r.handled_at).toISOString() : null,
    supervisionNote: r.supervision_note,
    supervisedAt: r.supervised_at ? new Date(r.supervised_at).toISOString() : null,
    createdAt: new Date(r.created_at).toISOString(),
  };
}
