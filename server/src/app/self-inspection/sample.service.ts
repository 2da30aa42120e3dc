import { BadRequestException, ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { type Catalog, findRule } from '@portal/reporting-standard';
import ExcelJS from 'exceljs';
import type { Response } from 'express';
import { once } from 'node:events';
import { randomBytes } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { type AuthUser, isInsurer } from '../auth/auth-user';
import { TenantDb } from '../database/tenant-db.service';
import { RulesService } from '../rules/rules.service';
import { figureParams } from '../stats/metrics';
import { neutralise } from '../common/spreadsheet-cell';
import { updated } from '../submissions/typeorm-results';
import type { DrawSampleDto, SampleOutcomeDto, SampleOutcomeItemDto } from './dto/self-inspection.dto';
import { assertEditable, findReport, type ReportRow, touchReport } from './report-access';
import { channelLabel, CHANNEL_GROUP_LABELS, PRODUCT_GROUP_LABELS, productLabel } from './report-view';
import {
  drawParams,
  INSERT_ITEMS_SQL,
  SELECT_DRAWN_SQL,
  planSample,
  STRATA,
  stratumKey,
  STRATUM_COUNTS_SQL,
  stratumSizes,
  type ChannelGroup,
  type ProductGroup,
  type StratumPlan,
} from './sampling';
import { REVIEW_PROBLEMS, type ReviewOutcome, type SampleSummary } from './self-inspection.model';

const PAGE_MAX = 2000;
const NON_COMPLIANT_LISTED = 200;
const XLSX_BATCH = 5000;
/** work_mem of a draw's transaction: 2 million new-business rows sort in memory. */
const DRAW_WORK_MEM = '128MB';

export interface SampleItemView {
  itemNo: number;
  rowNo: number;
  policyNo: string;
  channel: string;
  productType: string;
  channelGroup: ChannelGroup;
  productGroup: ProductGroup;
  status: string;
  method: string | null;
  completedOn: string | null;
  recordingRef: string | null;
  receiptRef: string | null;
  outcome: ReviewOutcome | null;
  problemCodes: string[];
  ruleCodes: string[];
  note: string | null;
  reviewedBy: string | null;
  reviewedAt: string | null;
}

export interface SamplePage extends SampleSummary {
  reportId: string;
  total: number;
  page: number;
  pageSize: number;
  items: SampleItemView[];
}

interface ItemRow {
  item_no: number;
  row_no: number;
  policy_no: string;
  channel: string;
  product_type: string;
  channel_group: ChannelGroup;
  product_group: ProductGroup;
  status: string;
  method: string | null;
  completed_on: string | null;
  recording_ref: string | null;
  receipt_ref: string | null;
  outcome: ReviewOutcome | null;
  problem_codes: string[];
  rule_codes: string[];
  note: string | null;
  reviewed_by: string | null;
  reviewed_at: Date | null;
}

const ITEM_COLUMNS = `item_no, row_no, policy_no, channel, product_type, channel_group, product_group, status, method,
  completed_on::text AS completed_on, recording_ref, receipt_ref, outcome, problem_codes, rule_codes, note,
  reviewed_by, reviewed_at`;

const noSample = () =>
  new NotFoundException(
    '尚未抽取回访质量抽检样本 / No recording-review sample has been drawn for this report',
  );

function itemView(r: ItemRow): SampleItemView {
  return {
    itemNo: r.item_no,
    rowNo: r.row_no,
    policyNo: r.policy_no,
    channel: r.channel,
    productType: r.product_type,
    channelGroup: r.channel_group,
    productGroup: r.product_group,
    status: r.status,
    method: r.method,
    completedOn: r.completed_on,
    recordingRef: r.recording_ref,
    receiptRef: r.receipt_ref,
    outcome: r.outcome,
    problemCodes: r.problem_codes,
    ruleCodes: r.rule_codes,
    note: r.note,
    reviewedBy: r.reviewed_by,
    reviewedAt: r.reviewed_at ? r.reviewed_at.toISOString() : null,
  };
}

/** The latest submitted callbacks file of an insurer and period (at most one: a partial unique index). */
export async function submittedCallbacks(
  em: EntityManager,
  orgCode: string,
  period: string,
): Promise<{ id: string; version: number } | null> {
  const rows: { id: string; version: number }[] = await em.query(
    `SELECT id, version FROM submission
      WHERE org_code = $1 AND period_code = $2 AND kind = 'callbacks' AND status = 'submitted'`,
    [orgCode, period],
  );
  return rows[0] ?? null;
}

/**
 * The recording-review sample of a self-inspection report (回访质量抽检): drawn once, in the database, from the
 * insurer's submitted callbacks (see sampling.ts); listed, downloaded, and reviewed item by item by the
 * insurer, whose outcomes feed section 2 of the report.
 */
@Injectable()
export class SampleService {
  constructor(
    private readonly db: TenantDb,
    private readonly audit: AuditService,
    private readonly rules: RulesService,
  ) {}

  async catalog(em?: EntityManager): Promise<Catalog> {
    return this.rules.catalog(await this.rules.currentVersion(em), em);
  }

  /** New-business callbacks of the report's period: the population a sample is drawn from (0 without a file). */
  async population(em: EntityManager, r: ReportRow, catalog: Catalog): Promise<number> {
    const sub = await submittedCallbacks(em, r.org_code, r.period_code);
    if (!sub) return 0;
    const counts: { n: string }[] = await em.query(STRATUM_COUNTS_SQL, [
      r.period_code,
      r.org_code,
      sub.id,
      figureParams(catalog).minTermMonths,
    ]);
    return counts.reduce((a, c) => a + Number(c.n), 0);
  }

  async draw(actor: AuthUser, reportId: string, dto: DrawSampleDto): Promise<SamplePage> {
    const seed = dto.seed ?? randomBytes(8).toString('hex');
    const catalog = await this.catalog();
    const minTermMonths = figureParams(catalog).minTermMonths;
    await this.db.run(actor, async (em) => {
      const r = await findReport(em, actor, reportId, true);
      assertEditable(r);
      const existing: { seed: string }[] = await em.query(
        `SELECT seed FROM self_inspection_sample WHERE report_id = $1`,
        [r.id],
      );
      if (existing.length) {
        throw new ConflictException(
          '本报告的回访质量抽检样本已抽取，不能重新抽取 / The recording-review sample of this report has already been drawn and cannot be drawn again',
        );
      }
      const sub = await submittedCallbacks(em, r.org_code, r.period_code);
      if (!sub) {
        throw new ConflictException(
          `${r.period_code} 没有已签署的回访明细报送，无法抽样 / There is no submitted callbacks file for ${r.period_code} to draw the sample from`,
        );
      }
      const params = [r.period_code, r.org_code, sub.id, minTermMonths];
      const counts: { stratum: number; n: string }[] = await em.query(STRATUM_COUNTS_SQL, params);
      const plan = planSample(seed, stratumSizes(counts));
      await em.query(
        `INSERT INTO self_inspection_sample (report_id, org_code, period_code, submission_id, seed, min_term_months,
                                             population, size, strata, drawn_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
        [
          r.id,
          r.org_code,
          r.period_code,
          sub.id,
          seed,
          minTermMonths,
          plan.population,
          plan.size,
          JSON.stringify(plan.strata),
          actor.username,
        ],
      );
      // One sort of the (narrow) population per draw: let it stay in memory up to a bound.
      await em.query(`SELECT set_config('work_mem', $1, true)`, [DRAW_WORK_MEM]);
      const drawn: { row_no: number }[] = await em.query(SELECT_DRAWN_SQL, [...params, ...drawParams(plan)]);
      await em.query(INSERT_ITEMS_SQL, [r.period_code, r.org_code, sub.id, r.id, drawn.map((d) => d.row_no)]);
      const [{ n }]: { n: number }[] = await em.query(
        `SELECT count(*)::int AS n FROM self_inspection_sample_item WHERE report_id = $1`,
        [r.id],
      );
      if (n !== plan.size) {
        // Cannot happen with a consistent plan; refuse rather than store a sample of the wrong size.
        throw new Error(`sample of report ${r.id}: drew ${n} items, planned ${plan.size}`);
      }
      await touchReport(em, actor, r);
      await this.audit.append(em, actor, {
        action: 'self_inspection.sample_draw',
        objectType: 'self_inspection_report',
        objectId: r.id,
        orgCode: r.org_code,
        detail: {
          seed,
          submissionId: sub.id,
          submissionVersion: sub.version,
          minTermMonths,
          population: plan.population,
          size: plan.size,
          strata: plan.strata
            .filter((s) => s.population > 0)
            .map((s) => ({
              stratum: stratumKey(s),
              population: s.population,
              allocated: s.allocated,
              start: s.start,
            })),
        },
      });
    });
    return this.list(actor, reportId, {});
  }

  async list(
    actor: AuthUser,
    reportId: string,
    q: { page?: string; pageSize?: string; outcome?: string },
  ): Promise<SamplePage> {
    const page = q.page === undefined ? 1 : Number(q.page);
    const pageSize = q.pageSize === undefined ? PAGE_MAX : Number(q.pageSize);
    if (!Number.isInteger(page) || page < 1) {
      throw new BadRequestException('page 须为正整数 / page must be a positive integer');
    }
    if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > PAGE_MAX) {
      throw new BadRequestException(
        `pageSize 须为 1–${PAGE_MAX} 的整数 / pageSize must be an integer from 1 to ${PAGE_MAX}`,
      );
    }
    const outcome = q.outcome;
    if (outcome !== undefined && !['pending', 'compliant', 'non_compliant'].includes(outcome)) {
      throw new BadRequestException(
        'outcome 须为 pending、compliant 或 non_compliant / outcome must be pending, compliant or non_compliant',
      );
    }
    return this.db.run(actor, async (em) => {
      const r = await findReport(em, actor, reportId);
      const summary = await this.summary(em, r.id);
      if (!summary) throw noSample();
      const filter = `($2::text IS NULL OR ($2 = 'pending' AND outcome IS NULL) OR outcome = $2)`;
      const [{ total }]: { total: number }[] = await em.query(
        `SELECT count(*)::int AS total FROM self_inspection_sample_item WHERE report_id = $1 AND ${filter}`,
        [r.id, outcome ?? null],
      );
      const rows: ItemRow[] = await em.query(
        `SELECT ${ITEM_COLUMNS} FROM self_inspection_sample_item WHERE report_id = $1 AND ${filter}
          ORDER BY item_no LIMIT $3 OFFSET $4`,
        [r.id, outcome ?? null, pageSize, (page - 1) * pageSize],
      );
      return { reportId: r.id, ...summary, total, page, pageSize, items: rows.map(itemView) };
    });
  }

  /** What the review turned up so far (null when no sample was drawn); all counts in SQL. */
  async summary(em: EntityManager, reportId: string): Promise<SampleSummary | null> {
    const rows: {
      seed: string;
      submission_id: string;
      drawn_at: Date;
      drawn_by: string;
      min_term_months: number;
      population: number;
      size: number;
      strata: StratumPlan[];
    }[] = await em.query(
      `SELECT seed, submission_id, drawn_at, drawn_by, min_term_months, population, size, strata
         FROM self_inspection_sample WHERE report_id = $1`,
      [reportId],
    );
    const s = rows[0];
    if (!s) return null;
    const byStratum: {
      channel_group: string;
      product_group: string;
      reviewed: number;
      non_compliant: number;
    }[] = await em.query(
      `SELECT channel_group, product_group, count(outcome)::int AS reviewed,
                count(*) FILTER (WHERE outcome = 'non_compliant')::int AS non_compliant
           FROM self_inspection_sample_item WHERE report_id = $1 GROUP BY channel_group, product_group`,
      [reportId],
    );
    const byProblem: { code: string; n: number }[] = await em.query(
      `SELECT p.code, count(*)::int AS n
         FROM self_inspection_sample_item i CROSS JOIN LATERAL unnest(i.problem_codes) AS p(code)
        WHERE i.report_id = $1 AND i.outcome = 'non_compliant' GROUP BY p.code`,
      [reportId],
    );
    const byRule: { code: string; n: number }[] = await em.query(
      `SELECT c.code, count(*)::int AS n
         FROM self_inspection_sample_item i CROSS JOIN LATERAL unnest(i.rule_codes) AS c(code)
        WHERE i.report_id = $1 AND i.outcome = 'non_compliant' GROUP BY c.code ORDER BY c.code`,
      [reportId],
    );
    const items: ItemRow[] = await em.query(
      `SELECT ${ITEM_COLUMNS} FROM self_inspection_sample_item
        WHERE report_id = $1 AND outcome = 'non_compliant' ORDER BY item_no LIMIT ${NON_COMPLIANT_LISTED}`,
      [reportId],
    );
    const counts = new Map(byStratum.map((x) => [`${x.channel_group}/${x.product_group}`, x]));
    const strata = STRATA.map((st) => {
      const plan = s.strata.find(
        (p) => p.channelGroup === st.channelGroup && p.productGroup === st.productGroup,
      );
      const c = counts.get(stratumKey(st));
      return {
        ...st,
        population: plan?.population ?? 0,
        allocated: plan?.allocated ?? 0,
        interval: plan?.interval ?? null,
        start: plan?.start ?? 0,
        reviewed: c?.reviewed ?? 0,
        nonCompliant: c?.non_compliant ?? 0,
      };
    });
    const reviewed = strata.reduce((a, x) => a + x.reviewed, 0);
    const nonCompliant = strata.reduce((a, x) => a + x.nonCompliant, 0);
    const problemOrder = Object.keys(REVIEW_PROBLEMS);
    return {
      seed: s.seed,
      submissionId: s.submission_id,
      drawnAt: s.drawn_at.toISOString(),
      drawnBy: s.drawn_by,
      minTermMonths: s.min_term_months,
      population: s.population,
      size: s.size,
      strata,
      outcomes: { pending: s.size - reviewed, compliant: reviewed - nonCompliant, nonCompliant },
      byProblem: byProblem
        .sort((a, b) => b.n - a.n || problemOrder.indexOf(a.code) - problemOrder.indexOf(b.code))
        .map((p) => ({
          code: p.code,
          label: REVIEW_PROBLEMS[p.code] ?? { zh: p.code, en: p.code },
          count: p.n,
        })),
      byRule: byRule.map((x) => ({ code: x.code, count: x.n })),
      nonCompliantItems: items.map((i) => ({
        itemNo: i.item_no,
        rowNo: i.row_no,
        policyNo: i.policy_no,
        problemCodes: i.problem_codes,
        ruleCodes: i.rule_codes,
        note: i.note,
      })),
    };
  }

  /** One item's review outcome. */
  async recordOutcome(
    actor: AuthUser,
    reportId: string,
    itemNoParam: string,
    dto: SampleOutcomeDto,
  ): Promise<SampleItemView> {
    const itemNo = Number(itemNoParam);
    if (!/^\d{1,8}$/.test(itemNoParam) || itemNo < 1) {
      throw new NotFoundException('样本序号不存在 / No such sample item');
    }
    const [item] = await this.recordOutcomes(actor, reportId, [{ ...dto, itemNo }]);
    return item;
  }

  /** Review outcomes of many items at once (one transaction, one audit entry). */
  async recordOutcomes(
    actor: AuthUser,
    reportId: string,
    items: SampleOutcomeItemDto[],
  ): Promise<SampleItemView[]> {
    if (!isInsurer(actor)) throw new NotFoundException('自查报告不存在 / Self-inspection report not found');
    const seen = new Set<number>();
    for (const it of items) {
      if (seen.has(it.itemNo)) {
        throw new BadRequestException(`样本序号 ${it.itemNo} 重复 / Sample item ${it.itemNo} is given twice`);
      }
      seen.add(it.itemNo);
    }
    const catalog = await this.catalog();
    for (const it of items) this.checkOutcome(it, catalog);
    return this.db.run(actor, async (em) => {
      // The report is looked up first, even for an empty batch: another insurer's id must answer 404.
      const r = await findReport(em, actor, reportId, true);
      assertEditable(r);
      if (items.length === 0) return [];
      const sample: { report_id: string }[] = await em.query(
        `SELECT report_id FROM self_inspection_sample WHERE report_id = $1`,
        [r.id],
      );
      if (!sample.length) throw noSample();
      const changed = updated<{ item_no: number }>(
        await em.query(
          `UPDATE self_inspection_sample_item i
            SET outcome = x.outcome, problem_codes = x.problem_codes, rule_codes = x.rule_codes, note = x.note,
                reviewed_by = $3, reviewed_at = now()
           FROM jsonb_to_recordset($2::jsonb)
                  AS x(item_no int, outcome text, problem_codes text[], rule_codes text[], note text)
          WHERE i.report_id = $1 AND i.item_no = x.item_no
          RETURNING i.item_no`,
          [
            r.id,
            JSON.stringify(
              items.map((it) => ({
                item_no: it.itemNo,
                outcome: it.outcome,
                problem_codes: it.problemCodes ?? [],
                rule_codes: it.ruleCodes ?? [],
                note: it.note?.trim() || null,
              })),
            ),
            actor.username,
          ],
        ),
      );
      const rows: ItemRow[] = await em.query(
        `SELECT ${ITEM_COLUMNS} FROM self_inspection_sample_item WHERE report_id = $1 AND item_no = ANY($2::int[])
          ORDER BY item_no`,
        [r.id, changed.map((c) => c.item_no)],
      );
      if (rows.length !== items.length) {
        const found = new Set(rows.map((u) => u.item_no));
        const missing = items.map((it) => it.itemNo).filter((n) => !found.has(n));
        throw new NotFoundException(
          `样本中没有序号 ${missing.slice(0, 20).join(', ')} / The sample has no item ${missing.slice(0, 20).join(', ')}`,
        );
      }
      await touchReport(em, actor, r);
      // Outcomes and codes only: notes are free text and stay out of the ledger.
      await this.audit.append(em, actor, {
        action: 'self_inspection.sample_review',
        objectType: 'self_inspection_report',
        objectId: r.id,
        orgCode: r.org_code,
        detail: {
          items: items.length,
          itemNos: items.slice(0, 50).map((it) => it.itemNo),
          compliant: items.filter((it) => it.outcome === 'compliant').length,
          nonCompliant: items.filter((it) => it.outcome === 'non_compliant').length,
        },
      });
      return rows.map(itemView);
    });
  }

  private checkOutcome(it: SampleOutcomeItemDto, catalog: Catalog): void {
    const problems = it.problemCodes ?? [];
    if (it.outcome === 'non_compliant' && problems.length === 0) {
      throw new BadRequestException(
        `样本 ${it.itemNo}：不合规须至少选择一项问题（problemCodes）/ Item ${it.itemNo}: non_compliant needs at least one problem code`,
      );
    }
    if (it.outcome === 'compliant' && (problems.length > 0 || (it.ruleCodes ?? []).length > 0)) {
      throw new BadRequestException(
        `样本 ${it.itemNo}：合规的样本不能有问题代码或规则代码 / Item ${it.itemNo}: a compliant item has no problem or rule codes`,
      );
    }
    const unknown = (it.ruleCodes ?? []).filter((c) => !findRule(catalog, c));
    if (unknown.length) {
      throw new BadRequestException(
        `样本 ${it.itemNo}：规则目录第${catalog.version}版中没有 ${unknown.join(', ')} / Item ${it.itemNo}: not in rule catalog version ${catalog.version}: ${unknown.join(', ')}`,
      );
    }
  }

  /** The sample as XLSX (streamed in batches): the list to review, with the outcomes recorded so far. */
  async xlsx(actor: AuthUser, reportId: string, res: Response): Promise<void> {
    const { r, summary } = await this.db.run(actor, async (em) => {
      const r = await findReport(em, actor, reportId);
      const summary = await this.summary(em, r.id);
      if (!summary) throw noSample();
      return { r, summary };
    });
    res.status(200);
    res.setHeader('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    res.setHeader(
      'Content-Disposition',
      `attachment; filename="recording-review-sample-${r.org_code}-${r.period_code}.xlsx"`,
    );
    res.setHeader('Cache-Control', 'no-store');
    const book = new ExcelJS.stream.xlsx.WorkbookWriter({
      stream: res,
      useStyles: false,
      useSharedStrings: false,
    });
    const info = book.addWorksheet('说明 About');
    const cell = (v: string | number | null) => (typeof v === 'number' ? v : neutralise(v ?? ''));
    for (const row of [
      ['机构 Org', r.org_name],
      ['统一社会信用代码 Code', r.org_code],
      ['报告期 Period', r.period_code],
      ['自查通知 Notice', r.title],
      ['新单回访件数 Population', summary.population],
      ['样本量 Sample size', summary.size],
      ['随机种子 Seed', summary.seed],
      ['抽取时间 Drawn at', summary.drawnAt],
      ['回访明细报送 Submission', summary.submissionId],
    ] as [string, string | number][]) {
      info.addRow(row.map(cell)).commit();
    }
    info.addRow([]).commit();
    info
      .addRow([
        '销售渠道 Channel',
        '产品类型 Product',
        '件数 Population',
        '抽取 Allocated',
        '间隔 Interval',
        '起点 Start',
      ])
      .commit();
    for (const s of summary.strata.filter((x) => x.population > 0)) {
      info
        .addRow(
          [
            CHANNEL_GROUP_LABELS[s.channelGroup],
            PRODUCT_GROUP_LABELS[s.productGroup],
            s.population,
            s.allocated,
            s.interval ?? '',
            s.start,
          ].map((v) => cell(v)),
        )
        .commit();
    }
    info.commit();
    const sheet = book.addWorksheet('样本 Sample');
    sheet
      .addRow([
        '序号 Item',
        '行号 Row',
        '保单号 Policy no.',
        '销售渠道 Channel',
        '产品类型 Product',
        '回访结果 Status',
        '回访方式 Method',
        '完成日期 Completed on',
        '录音编号 Recording ref',
        '回执编号 Receipt ref',
        '复核结果 Outcome',
        '问题 Problems',
        '规则 Rules',
        '说明 Note',
      ])
      .commit();
    let after = 0;
    for (;;) {
      const rows: ItemRow[] = await this.db.run(actor, (em) =>
        em.query(
          `SELECT ${ITEM_COLUMNS} FROM self_inspection_sample_item WHERE report_id = $1 AND item_no > $2
            ORDER BY item_no LIMIT ${XLSX_BATCH}`,
          [r.id, after],
        ),
      );
      for (const i of rows) {
        sheet
          .addRow(
            [
              i.item_no,
              i.row_no,
              i.policy_no,
              channelLabel(i.channel),
              productLabel(i.product_type),
              i.status,
              i.method,
              i.completed_on,
              i.recording_ref,
              i.receipt_ref,
              i.outcome === 'compliant' ? '合规' : i.outcome === 'non_compliant' ? '不合规' : '未复核',
              i.problem_codes.map((p) => REVIEW_PROBLEMS[p]?.zh ?? p).join('、'),
              i.rule_codes.join('、'),
              i.note,
            ].map((v) => cell(v)),
          )
          .commit();
      }
      if (res.writableNeedDrain) await once(res, 'drain');
      if (rows.length < XLSX_BATCH) break;
      after = rows[rows.length - 1].item_no;
    }
    sheet.commit();
    await book.commit();
  }
}
