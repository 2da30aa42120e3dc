import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import PgBoss from 'pg-boss';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { TenantDb } from '../database/tenant-db.service';
import { OwnerDb } from './owner-db';
import { crashReason, ShutdownError, uploadPath, ValidationWorker } from './validation.worker';

export const VALIDATION_QUEUE = 'submission-validation';

interface ValidationJob {
  submissionId: string;
}

const JOB_OPTIONS = {
  retryLimit: 3,
  retryDelay: 5,
  // A ten-million-row file takes minutes; an expired job would be retried while the first run still works.
  expireInSeconds: 4 * 3600,
} as const;
/** How often the worker looks for submissions whose job was lost. */
const SWEEP_EVERY_MS = 60_000;
/** An active job older than this, whose submission nobody holds the lock of, was left by a dead process. */
const ORPHAN_AFTER_MS = 60_000;
/** Temporary upload files older than this, belonging to no submission being validated, are removed. */
const STALE_FILE_MS = 6 * 3600_000;
const LOST_FILE_REASON =
  '上传的文件在校验前丢失（服务器重启时临时目录被清理？），请重新上传 / The uploaded file was lost before it could be validated (temporary directory cleared on restart?): please upload again';

/**
 * The validation queue, on PostgreSQL (pg-boss, in its own schema `pgboss`), so an upload survives a restart
 * and the API answers at once. Every process can enqueue; the worker (SUBMISSION_WORKER=true, the default)
 * also runs the jobs one at a time and, at start-up and every minute, repairs submissions left `validating`
 * whose job is gone: it resumes them when the upload is still on disk, or marks them `failed` with a reason.
 * The job id is the submission id, so enqueueing is idempotent.
 */
@Injectable()
export class SubmissionQueue implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('SubmissionQueue');
  private boss: PgBoss | null = null;
  private workerId: string | null = null;
  private sweepTimer: NodeJS.Timeout | null = null;
  private sweeping: Promise<void> | null = null;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly db: TenantDb,
    private readonly worker: ValidationWorker,
    private readonly ownerDb: OwnerDb,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    // pg-boss creates and migrates its schema, so it connects as the owner (DATABASE_URL), not as portal_app.
    const boss = new PgBoss({
      connectionString: this.config.DATABASE_URL,
      schema: 'pgboss',
      max: 3,
      application_name: 'portal-queue',
    });
    boss.on('error', (e) => this.logger.error(`queue: ${e.message}`));
    await boss.start();
    await boss.createQueue(VALIDATION_QUEUE, { name: VALIDATION_QUEUE, policy: 'standard', ...JOB_OPTIONS });
    this.boss = boss;
    if (!this.config.SUBMISSION_WORKER) return;
    this.workerId = await boss.work<ValidationJob>(
      VALIDATION_QUEUE,
      { batchSize: 1, pollingIntervalSeconds: 2, includeMetadata: true },
      (jobs) => this.handle(jobs),
    );
    await this.sweep();
    this.sweepTimer = setInterval(() => void this.sweep(), SWEEP_EVERY_MS);
    this.sweepTimer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    this.worker.stop();
    await this.sweeping;
    const boss = this.boss;
    this.boss = null;
    // A running check stops at its next chunk and rolls back; its job fails and is retried after restart.
    await boss?.stop({ graceful: true, wait: true, timeout: 10_000 }).catch((e: Error) => {
      this.logger.warn(`queue stop: ${e.message}`);
    });
    await this.ownerDb.close();
  }

  /** Queues the validation of a submission (idempotent: the job id is the submission id). */
  async enqueue(submissionId: string): Promise<void> {
    if (!this.boss) throw new Error('validation queue not started');
    await this.boss.send(VALIDATION_QUEUE, { submissionId }, { id: submissionId, ...JOB_OPTIONS });
    if (this.workerId) this.boss.notifyWorker(this.workerId);
  }

  private async handle(jobs: PgBoss.JobWithMetadata<ValidationJob>[]): Promise<void> {
    for (const job of jobs) {
      const id = job.data.submissionId;
      try {
        await this.worker.check(id);
      } catch (e) {
        if (e instanceof ShutdownError) throw e;
        this.logger.error(`validation of ${id} failed (attempt ${job.retryCount + 1}): ${String(e)}`);
        if (job.retryCount >= job.retryLimit) {
          await this.worker.markFailed(id, crashReason(e));
          return;
        }
        throw e;
      }
    }
  }

  /** Repairs submissions left `validating` whose job is gone; removes stale upload files. */
  sweep(): Promise<void> {
    this.sweeping ??= this.repair()
      .catch((e: unknown) => this.logger.error(`sweep: ${String(e)}`))
      .finally(() => (this.sweeping = null));
    return this.sweeping;
  }

  private async repair(): Promise<void> {
    const boss = this.boss;
    if (!boss) return;
    const pending: { id: string }[] = await this.db.run('system', (em) =>
      em.query(`SELECT id FROM submission WHERE status = 'validating' ORDER BY created_at`),
    );
    for (const { id } of pending) {
      const job = await boss.getJobById<ValidationJob>(VALIDATION_QUEUE, id, { includeArchive: true });
      if (job && (job.state === 'created' || job.state === 'retry')) continue;
      if (job?.state === 'active' && Date.now() - new Date(job.startedOn).getTime() < ORPHAN_AFTER_MS)
        continue;
      if (await this.worker.isBeingChecked(id)) continue;
      if (job?.state === 'failed') {
        await this.worker.markFailed(id, crashReason(jobError(job.output)));
        continue;
      }
      if (!(await exists(uploadPath(this.config.UPLOAD_DIR, id)))) {
        await this.worker.markFailed(id, LOST_FILE_REASON);
        continue;
      }
      // Missing, cancelled, completed without a result, or active in a process that died: run it again.
      this.logger.warn(`resuming the validation of ${id} (job ${job?.state ?? 'missing'})`);
      if (job) await boss.deleteJob(VALIDATION_QUEUE, id);
      await this.enqueue(id);
    }
    await this.removeStaleFiles(new Set(pending.map((p) => p.id)));
  }

  private async removeStaleFiles(validating: ReadonlySet<string>): Promise<void> {
    const dir = this.config.UPLOAD_DIR;
    const names = await readdir(dir).catch(() => [] as string[]);
    const now = Date.now();
    for (const name of names) {
      const m = /^([0-9a-f-]{36})\.(upload|part|issues|dupes|keys|candidates|issues\.unreadable)$/.exec(name);
      if (!m || (m[2] === 'upload' && validating.has(m[1]))) continue;
      const info = await stat(join(dir, name)).catch(() => null);
      if (info && now - info.mtimeMs > STALE_FILE_MS) await rm(join(dir, name), { force: true });
    }
  }
}

function jobError(output: unknown): string {
  const o = output as { message?: unknown } | null;
  return typeof o?.message === 'string' ? o.message : 'job failed';
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}
