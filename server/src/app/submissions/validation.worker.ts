import { Inject, Injectable, Logger } from '@nestjs/common';
import { maskPii, type Kind } from '@portal/reporting-standard';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { PoolClient } from 'pg';
import { AuditService } from '../audit/audit.service';
import { CalendarService } from '../calendar/calendar.service';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { applyTenant, TenantDb } from '../database/tenant-db.service';
import { RulesService } from '../rules/rules.service';
import { OwnerDb } from './owner-db';
import { checkSubmission } from './validation-run';
import { updated } from './typeorm-results';

/** Advisory-lock class of "a worker is checking this submission" (second key: hashtext(id)). */
export const CHECK_LOCK = 7341302;
/** How often `progress_rows` is written while a file is read. */
const PROGRESS_EVERY_MS = 1000;

export type CheckResult = 'done' | 'busy' | 'skipped';

export class ShutdownError extends Error {
  constructor() {
    super('validation interrupted by shutdown; it resumes after the restart');
  }
}

/** Where an upload waits for its validation. */
export const uploadPath = (dir: string, id: string): string => join(dir, `${id}.upload`);

interface SubmissionRow {
  id: string;
  org_code: string;
  period_code: string;
  kind: Kind;
  status: string;
  upload_date: string;
}

/**
 * Validates one submission: the job behind `POST /api/submissions`. Runs one transaction on the owner pool
 * (see OwnerDb) that takes the submission's advisory lock (so two workers never check the same upload),
 * checks the file (`checkSubmission`), sets the final status and audits it — then deletes the upload, which
 * may hold personal data and is not needed once its records are stored.
 */
@Injectable()
export class ValidationWorker {
  private readonly logger = new Logger('ValidationWorker');
  private stopping = false;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly ownerDb: OwnerDb,
    private readonly db: TenantDb,
    private readonly audit: AuditService,
    private readonly calendar: CalendarService,
    private readonly rules: RulesService,
  ) {}

  /** Makes running checks stop at their next chunk (their transaction rolls back; the job is retried). */
  stop(): void {
    this.stopping = true;
  }

  async check(id: string): Promise<CheckResult> {
    const ds = await this.ownerDb.get();
    const qr = ds.createQueryRunner();
    const client = (await qr.connect()) as PoolClient;
    const progress = new ProgressWriter(this.db, id, this.logger);
    const started = Date.now();
    let result: CheckResult = 'skipped';
    try {
      await qr.startTransaction();
      await applyTenant(qr.manager, 'system');
      const [{ locked }]: { locked: boolean }[] = await qr.query(
        'SELECT pg_try_advisory_xact_lock($1, hashtext($2)) AS locked',
        [CHECK_LOCK, id],
      );
      if (!locked) {
        await qr.rollbackTransaction();
        return 'busy';
      }
      const [sub]: SubmissionRow[] = await qr.query(
        `SELECT id, org_code, period_code, kind, status,
                to_char((created_at AT TIME ZONE 'Asia/Shanghai')::date, 'YYYY-MM-DD') AS upload_date
           FROM submission WHERE id = $1`,
        [id],
      );
      if (!sub || sub.status !== 'validating') {
        await qr.rollbackTransaction();
        return 'skipped';
      }
      const catalogVersion = await this.rules.currentVersion(qr.manager);
      // The version in force with the local pack of the insurer's jurisdiction, if that version has one.
      const catalog = await this.rules.catalogForOrg(catalogVersion, sub.org_code, qr.manager);
      const catalogJurisdiction = catalog.jurisdiction ?? null;
      const outcome = await checkSubmission(
        client,
        {
          id: sub.id,
          orgCode: sub.org_code,
          periodCode: sub.period_code,
          kind: sub.kind,
          uploadDate: sub.upload_date,
        },
        {
          catalog,
          workingDays: this.calendar.current(),
          uploadPath: uploadPath(this.config.UPLOAD_DIR, id),
          spillDir: this.config.UPLOAD_DIR,
          onProgress: (rows) => progress.report(rows),
          checkStop: () => {
            if (this.stopping) throw new ShutdownError();
          },
        },
      );
      await progress.settle();
      await qr.query(
        `UPDATE submission
            SET status = $2, rows = $3, errors = $4, warnings = $5, findings = $6, progress_rows = $3,
                catalog_version = $7, file_format = $8, text_encoding = $9, failure_reason = NULL, validated_at = now(),
                catalog_jurisdiction = $10
          WHERE id = $1 AND status = 'validating'`,
        [
          id,
          outcome.status,
          outcome.rows,
          outcome.errors,
          outcome.warnings,
          outcome.findings,
          catalogVersion,
          outcome.format,
          outcome.encoding,
          catalogJurisdiction,
        ],
      );
      await this.audit.append(qr.manager, 'system', {
        action: 'submission.validate',
        objectType: 'submission',
        objectId: id,
        orgCode: sub.org_code,
        detail: {
          status: outcome.status,
          rows: outcome.rows,
          errors: outcome.errors,
          warnings: outcome.warnings,
          findings: outcome.findings,
          catalogVersion,
          catalogJurisdiction,
          format: outcome.format,
          encoding: outcome.encoding,
        },
      });
      await qr.commitTransaction();
      result = 'done';
      const t = outcome.timings;
      this.logger.log(
        `validated ${id}: ${outcome.status}, ${outcome.rows} rows, ${outcome.issues} issues ` +
          `(read+check+copy ${t.read} ms, duplicates ${t.duplicates} ms, issues ${t.issues} ms, total ${Date.now() - started} ms; ` +
          `heap ${mb(process.memoryUsage().heapUsed)} MB, rss ${mb(process.memoryUsage.rss())} MB)`,
      );
    } catch (e) {
      if (qr.isTransactionActive) await qr.rollbackTransaction().catch(() => undefined);
      throw e;
    } finally {
      await progress.settle();
      await qr.release();
    }
    await rm(uploadPath(this.config.UPLOAD_DIR, id), { force: true });
    return result;
  }

  /** Ends a submission that cannot be validated, with a bilingual reason (no personal data in it). */
  async markFailed(id: string, reason: string): Promise<boolean> {
    const failed = await this.db.run('system', async (em) => {
      const rows = updated<{ org_code: string }>(
        await em.query(
          `UPDATE submission SET status = 'failed', failure_reason = $2, validated_at = now()
            WHERE id = $1 AND status = 'validating' RETURNING org_code`,
          [id, reason],
        ),
      );
      if (rows.length === 0) return false;
      await this.audit.append(em, 'system', {
        action: 'submission.fail',
        objectType: 'submission',
        objectId: id,
        orgCode: rows[0].org_code,
        detail: { reason },
      });
      return true;
    });
    await rm(uploadPath(this.config.UPLOAD_DIR, id), { force: true });
    if (failed) this.logger.warn(`submission ${id} failed: ${reason}`);
    return failed;
  }

  /** True while some process holds the submission's check lock. */
  async isBeingChecked(id: string): Promise<boolean> {
    return this.db.run('system', async (em) => {
      const [{ free }]: { free: boolean }[] = await em.query(
        `SELECT CASE WHEN pg_try_advisory_xact_lock($1, hashtext($2)) THEN true ELSE false END AS free`,
        [CHECK_LOCK, id],
      );
      return !free;
    });
  }
}

const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);

/** The reason stored when validation crashed: short, masked, bilingual. */
export function crashReason(e: unknown): string {
  const message = maskPii(e instanceof Error ? e.message : String(e))
    .replace(/\s+/g, ' ')
    .slice(0, 300);
  return `校验过程意外出错，请重新上传；如再次出现请联系监管机构 / Validation failed unexpectedly, please upload again (${message})`;
}

/** Writes `progress_rows` at most once a second, outside the check's transaction so others can read it. */
class ProgressWriter {
  private last = 0;
  private inFlight: Promise<void> | null = null;

  constructor(
    private readonly db: TenantDb,
    private readonly id: string,
    private readonly logger: Logger,
  ) {}

  report(rows: number): void {
    const now = Date.now();
    if (this.inFlight || now - this.last < PROGRESS_EVERY_MS) return;
    this.last = now;
    this.inFlight = this.db
      .run('system', (em) =>
        em.query(`UPDATE submission SET progress_rows = $2 WHERE id = $1 AND status = 'validating'`, [
          this.id,
          rows,
        ]),
      )
      .then(
        () => undefined,
        (e: unknown) => this.logger.warn(`progress of ${this.id} not written: ${String(e)}`),
      )
      .finally(() => (this.inFlight = null));
  }

  async settle(): Promise<void> {
    this.last = Number.POSITIVE_INFINITY;
    await this.inFlight;
  }
}
