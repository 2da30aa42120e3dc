import { officialCalendar, type HolidaySchedule, type WorkingDayCalendar } from '@portal/calendar';
import {
  FileValidator,
  formatMessage,
  periodFromCode,
  type Bilingual,
  type CellValue,
  type Issue,
  type Kind,
  type Severity,
} from '@portal/reporting-standard';
import { catalogFromApi, type RuleDto } from './catalog-from-api';
import { DuplicateKeys } from './duplicate-keys';
import { readFile } from './read-file';
import type { RowSink } from './row-sink';
import { UnreadableFileError, type TextEncoding } from '@portal/file-formats';

/** What the pre-check needs besides the file: everything the server's check will use. */
export interface PrecheckRequest {
  readonly kind: Kind;
  readonly period: string;
  /** The submitting insurer (STR-011 on profile files). */
  readonly orgCode: string;
  /** Today in China (dates after it are STR-009), as the server takes the upload date. */
  readonly uploadDate: string;
  /** The catalog in force: `GET /api/rules` and its `X-Catalog-Version`. */
  readonly catalogVersion: number;
  readonly rules: readonly RuleDto[];
  /** Holiday schedules a regulator loaded as data (`GET /api/calendar/years`, origin `loaded`). */
  readonly schedules: readonly HolidaySchedule[];
}

export interface PrecheckIssue {
  readonly row: number | null;
  readonly column: string | null;
  /** Masked by the library (`makeIssue`): a PII value never appears in full. */
  readonly value: string | null;
  readonly rule: string;
  readonly severity: Severity;
  readonly message: Bilingual;
}

export interface PrecheckProgress {
  readonly rows: number;
  readonly bytesRead: number;
  readonly totalBytes: number;
}

export interface PrecheckResult {
  readonly format: 'csv' | 'csv.gz' | 'xlsx' | null;
  readonly encoding: TextEncoding | null;
  readonly rows: number;
  readonly countsByRule: Readonly<Record<string, number>>;
  readonly errors: number;
  readonly warnings: number;
  readonly findings: number;
  /** The first issues in file order (up to `SAMPLE_ISSUES`), with their messages. */
  readonly sample: readonly PrecheckIssue[];
  readonly catalogVersion: number;
  readonly unknownRules: readonly string[];
  readonly bytes: number;
  readonly elapsedMs: number;
}

export const SAMPLE_ISSUES = 100;
const PROGRESS_EVERY_MS = 150;

/** The working-day calendar the server uses: the official schedules plus those loaded as data. */
export function calendarWith(schedules: readonly HolidaySchedule[]): WorkingDayCalendar {
  let cal = officialCalendar();
  for (const s of schedules) {
    try {
      cal = cal.withSchedule(s);
    } catch {
      // a schedule the library refuses is one the server refused too: keep the official one
    }
  }
  return cal;
}

/**
 * The browser pre-check of one file: the same reader semantics as the server (format by content, gzip,
 * UTF-8 or GB18030, RFC 4180; XLSX first worksheet) and the same library (`FileValidator` with the catalog in
 * force and the official working-day calendar), so the counts per rule are the ones the server will report.
 * Streams the file; what it keeps is the set of keys (STR-005, `DuplicateKeys`) and the first issues.
 */
export async function runPrecheck(
  file: Blob,
  req: PrecheckRequest,
  onProgress?: (p: PrecheckProgress) => void,
  now: () => number = () => Date.now(),
): Promise<PrecheckResult> {
  const started = now();
  const period = periodFromCode(req.period);
  if (!period) throw new Error(`malformed period ${req.period}`);
  const { catalog, unknownRules } = catalogFromApi(req.catalogVersion, req.rules);
  const kind = req.kind;
  // Profiles have one row: the library's own duplicate tracker. Other kinds: the compact key index.
  const validator = new FileValidator(
    kind,
    {
      period,
      uploadDate: req.uploadDate,
      orgCode: req.orgCode,
      catalog,
      workingDays: calendarWith(req.schedules),
    },
    { trackDuplicates: kind === 'profile' },
  );
  let duplicates: DuplicateKeys | null = null;
  let duplicateCount = 0;

  const sample: PrecheckIssue[] = [];
  const keep = (issues: readonly Issue[]) => {
    for (let k = 0; k < issues.length && sample.length < SAMPLE_ISSUES; k++) {
      const issue = issues[k];
      sample.push({
        row: issue.row,
        column: issue.column,
        value: issue.value,
        rule: issue.rule,
        severity: issue.severity,
        message: { zh: formatMessage(issue, catalog, 'zh'), en: formatMessage(issue, catalog, 'en') },
      });
    }
  };

  let bytesRead = 0;
  let lastReport = 0;
  const report = (force: boolean) => {
    const t = now();
    if (!onProgress || (!force && t - lastReport < PROGRESS_EVERY_MS)) return;
    lastReport = t;
    onProgress({ rows: validator.rows, bytesRead, totalBytes: file.size });
  };
  const sink: RowSink = {
    header(cells: CellValue[]) {
      keep(validator.header(cells));
      if (kind !== 'profile') duplicates = new DuplicateKeys(kind, cells);
    },
    row(cells: CellValue[], rowNo: number) {
      const issues = validator.row(cells, rowNo);
      if (issues.length > 0 && sample.length < SAMPLE_ISSUES) keep(issues);
      if (duplicates) {
        const dup = duplicates.check(cells, rowNo, validator.lastRecord, issues.length > 0);
        if (dup) {
          duplicateCount++;
          keep([dup]);
        }
      }
    },
  };
  const onChunk = (p: { bytesRead: number }) => {
    bytesRead = p.bytesRead;
    report(false);
  };

  let format: PrecheckResult['format'] = null;
  let encoding: TextEncoding | null = null;
  let problem: UnreadableFileError | null = null;
  try {
    ({ format, encoding } = await readFile(file, sink, { onChunk }));
  } catch (e) {
    if (!(e instanceof UnreadableFileError)) throw e;
    problem = e;
  }
  report(true);

  const finish = (): Omit<PrecheckResult, 'sample' | 'elapsedMs'> => {
    if (problem) {
      // As on the server: an unreadable file is one STR-010 and nothing else.
      const issue = validator.fileProblem(problem.variant, problem.reason);
      const summary = validator.finish();
      sample.length = 0;
      keep([issue]);
      return {
        format,
        encoding: null,
        rows: summary.rows,
        countsByRule: { [issue.rule]: 1 },
        errors: 1,
        warnings: 0,
        findings: 0,
        catalogVersion: req.catalogVersion,
        unknownRules,
        bytes: file.size,
      };
    }
    const summary = validator.finish();
    keep(summary.finishIssues);
    const countsByRule: Record<string, number> = { ...summary.countsByRule };
    if (duplicateCount > 0) countsByRule['STR-005'] = (countsByRule['STR-005'] ?? 0) + duplicateCount;
    return {
      format,
      encoding,
      rows: summary.rows,
      countsByRule,
      errors: summary.errors + duplicateCount,
      warnings: summary.warnings,
      findings: summary.findings,
      catalogVersion: req.catalogVersion,
      unknownRules,
      bytes: file.size,
    };
  };
  const result = finish();
  return { ...result, sample, elapsedMs: now() - started };
}
