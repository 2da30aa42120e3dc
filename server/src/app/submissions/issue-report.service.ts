import { ConflictException, Injectable } from '@nestjs/common';
import { catalogFor, findRule, formatMessage, type Catalog, type Severity } from '@portal/reporting-standard';
import ExcelJS from 'exceljs';
import type { Response } from 'express';
import { once } from 'node:events';
import type { EntityManager } from 'typeorm';
import type { AuthUser } from '../auth/auth-user';
import { TenantDb } from '../database/tenant-db.service';
import { RulesService } from '../rules/rules.service';
import { issueOf, toIssueDto, type IssuePageDto, type IssueRow, type IssuesQueryDto } from './dto/issues.dto';
import type { SubmissionRow } from './dto/submission.dto';
import { SubmissionsService } from './submissions.service';
import { csvField, neutralise } from '../common/spreadsheet-cell';

const BATCH = 5000;
/** Rows per worksheet of the XLSX download (Excel's limit is 1,048,576, header included). */
const SHEET_ROWS = 1_000_000;
const HEADER = ['行号 Row', '列 Column', '值 Value', '规则 Rule', '级别 Severity', '说明', 'Message'];

interface Summary {
  sub: SubmissionRow;
  counts: { rule_code: string; severity: Severity; count: string }[];
  catalog: Catalog;
}

/**
 * Validation reports: a page of issues as JSON with exact totals, and the whole report streamed as CSV or
 * XLSX (read in batches by issue number, so a report of millions of rows streams in constant memory).
 * Values are stored masked; messages come from the catalog version the submission was checked against.
 */
@Injectable()
export class IssueReportService {
  constructor(
    private readonly db: TenantDb,
    private readonly submissions: SubmissionsService,
    private readonly rules: RulesService,
  ) {}

  async page(user: AuthUser, id: string, q: IssuesQueryDto): Promise<IssuePageDto> {
    const pageSize = q.pageSize ?? 100;
    const offset = ((q.page ?? 1) - 1) * pageSize;
    const { summary, rows } = await this.db.run(user, async (em) => {
      const summary = await this.summary(user, id, em);
      const rows: IssueRow[] = await em.query(
        `SELECT issue_no, row_no, column_key, value, rule_code, severity, params FROM validation_issue
          WHERE period_code = $1 AND submission_id = $2
            AND ($3::text IS NULL OR rule_code = $3) AND ($4::text IS NULL OR severity = $4)
          ORDER BY issue_no LIMIT $5 OFFSET $6`,
        [summary.sub.period_code, id, q.rule ?? null, q.severity ?? null, pageSize, offset],
      );
      return { summary, rows };
    });
    const countsByRule: Record<string, number> = {};
    let total = 0;
    for (const c of summary.counts) {
      const n = Number(c.count);
      countsByRule[c.rule_code] = n;
      if ((!q.rule || q.rule === c.rule_code) && (!q.severity || q.severity === c.severity)) total += n;
    }
    return { total, countsByRule, items: rows.map((r) => toIssueDto(r, summary.catalog)) };
  }

  async csv(user: AuthUser, id: string, res: Response): Promise<void> {
    const summary = await this.db.run(user, (em) => this.summary(user, id, em, true));
    res.status(200);
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', attachment(summary.sub, 'csv'));
    res.setHeader('Cache-Control', 'no-store');
    // A BOM, so that Excel opens the UTF-8 file with the Chinese text intact.
    let out = '\ufeff' + HEADER.map(csvField).join(',') + '\r\n';
    for await (const batch of this.batches(user, summary.sub)) {
      for (const r of batch) out += cells(r, summary.catalog).map(csvField).join(',') + '\r\n';
      if (!res.write(out)) await once(res, 'drain');
      out = '';
    }
    res.end(out);
  }

  async xlsx(user: AuthUser, id: string, res: Response): Promise<void> {
    const summary = await this.db.run(user, (em) => this.summary(user, id, em, true));
    res.status(200);
    res.setHeader('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    res.setHeader('Content-Disposition', attachment(summary.sub, 'xlsx'));
    res.setHeader('Cache-Control', 'no-store');
    const book = new ExcelJS.stream.xlsx.WorkbookWriter({
      stream: res,
      useStyles: false,
      useSharedStrings: false,
    });
    const totals = book.addWorksheet('汇总 Summary');
    totals.addRow(['规则 Rule', '标题', 'Title', '级别 Severity', '数量 Count']).commit();
    for (const c of summary.counts) {
      const rule = findRule(summary.catalog, c.rule_code);
      totals
        .addRow(
          [c.rule_code, rule?.title.zh ?? '', rule?.title.en ?? '', c.severity, Number(c.count)].map(
            textOrNumber,
          ),
        )
        .commit();
    }
    totals.commit();
    let sheet = book.addWorksheet('问题 Issues');
    let sheets = 1;
    let rowsInSheet = 0;
    sheet.addRow(HEADER).commit();
    for await (const batch of this.batches(user, summary.sub)) {
      for (const r of batch) {
        if (rowsInSheet === SHEET_ROWS) {
          sheet.commit();
          sheet = book.addWorksheet(`问题 Issues (${++sheets})`);
          sheet.addRow(HEADER).commit();
          rowsInSheet = 0;
        }
        sheet.addRow(cells(r, summary.catalog).map(textOrNumber)).commit();
        rowsInSheet++;
      }
      if (res.writableNeedDrain) await once(res, 'drain');
    }
    sheet.commit();
    await book.commit();
  }

  private async summary(user: AuthUser, id: string, em: EntityManager, final = false): Promise<Summary> {
    const sub = await this.submissions.findVisible(em, user, id);
    if (final && sub.status === 'validating') {
      throw new ConflictException(
        '报送仍在校验中，请稍后下载 / The submission is still being validated: download the report when it is done',
      );
    }
    const counts: Summary['counts'] = await em.query(
      `SELECT rule_code, severity, count FROM submission_rule_count WHERE submission_id = $1 ORDER BY rule_code`,
      [id],
    );
    // Messages come from exactly what checked the submission: its version and the local pack applied.
    const catalog = catalogFor(await this.rules.catalog(sub.catalog_version, em), sub.catalog_jurisdiction);
    return { sub, counts, catalog };
  }

  /** The issues in report order, BATCH at a time, each batch in a short transaction of its own. */
  private async *batches(user: AuthUser, sub: SubmissionRow): AsyncGenerator<IssueRow[]> {
    let after = 0;
    for (;;) {
      const rows: IssueRow[] = await this.db.run(user, (em) =>
        em.query(
          `SELECT issue_no, row_no, column_key, value, rule_code, severity, params FROM validation_issue
            WHERE period_code = $1 AND submission_id = $2 AND issue_no > $3 ORDER BY issue_no LIMIT $4`,
          [sub.period_code, sub.id, after, BATCH],
        ),
      );
      if (rows.length === 0) return;
      yield rows;
      after = rows[rows.length - 1].issue_no;
      if (rows.length < BATCH) return;
    }
  }
}

function cells(r: IssueRow, catalog: Catalog): (string | number)[] {
  const issue = issueOf(r);
  return [
    r.row_no ?? '',
    r.column_key ?? '',
    r.value ?? '',
    r.rule_code,
    r.severity,
    formatMessage(issue, catalog, 'zh'),
    formatMessage(issue, catalog, 'en'),
  ];
}

function textOrNumber(v: string | number): string | number {
  return typeof v === 'number' ? v : neutralise(v);
}

function attachment(sub: SubmissionRow, ext: 'csv' | 'xlsx'): string {
  const name = `issues-${sub.org_code}-${sub.period_code}-${sub.kind}-v${sub.version}.${ext}`;
  return `attachment; filename="${name}"`;
}
