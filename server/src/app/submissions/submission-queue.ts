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
import { isDatabaseOutage } from '../common/process-guards';
import { APP_CONFIG, type AppConfig, runsBackgroundJobs } from '../config/config';
import { TenantDb } from '../database/tenant-db.service';
import { OwnerDb } from './owner-db';
import { isDeadPartFile } from './upload-receiver';
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
/** A check cut by a database outage is run again once the database answers, waiting at most this long. */
const OUTAGE_WAIT_MS = 10 * 60_000;
/** …and at most this many times per job (then the job's own retries take over). */
const OUTAGE_RETRIES = 3;
const LOST_FILE_REASON =
  '上传的文件在校验前丢失（服务器重启时临时目录被清理？），请重新上传 / The uploaded file was lost before it could be validated (temporary directory cleared on restart?): please upload again';

/**
 * The validation queue, on PostgreSQL (pg-boss, in its own schema `pgboss`), so an upload survives a restart
 * and the API answers at once. Every process can enqueue; a process with PROCESS_ROLE `all` (the default) or
 * `worker` also runs the jobs one at a time and, at start-up and every minute, repairs submissions left `validating`
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
  private stopping = false;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly db: TenantDb,
    private readonly worker: ValidationWorker,
    private readonly ownerDb: OwnerDb,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    // pg-boss creates and migrates its schema, so it connects as the owner (DATABASE_URL), not as portal_app.
    const jobs = runsBackgroundJobs(this.config);
    const boss = new PgBoss({
      connectionString: this.config.DATABASE_URL,
      schema: 'pgboss',
      max: jobs ? 3 : 2,
      application_name: jobs ? 'portal-queue' : 'portal-queue-api',
      // Maintenance (expiring and archiving jobs) and cron belong to the processes that run the jobs; an API
      // replica only sends. pg-boss serialises its schema migration with an advisory lock, so every role may start first.
      supervise: jobs,
      schedule: jobs,
    });
    boss.on('error', (e) => this.logger.error(`queue: ${e.message}`));
    await boss.start();
    await createQueueRetrying(boss);
    this.boss = boss;
    if (!jobs) return; // PROCESS_ROLE=api: enqueue only
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
    this.stopping = true;
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
    batch: for (const job of jobs) {
      const id = job.data.submissionId;
      for (let outages = 0; ; outages++) {
        try {
          await this.worker.check(id);
          break;
        } catch (e) {
          if (e instanceof ShutdownError) throw e;
          // The database went away mid-check (restart, failover): its transaction rolled back, nothing of it is
          // stored. Run the check again as soon as the database answers, rather than in the next sweep.
          if (isDatabaseOutage(e) && outages < OUTAGE_RETRIES && (await this.databaseBack())) {
            this.logger.warn(`validation of ${id} was cut by a database outage; checking it again`);
            continue;
          }
          this.logger.error(`validation of ${id} failed (attempt ${job.retryCount + 1}): ${String(e)}`);
          if (job.retryCount >= job.retryLimit) {
            await this.worker.markFailed(id, crashReason(e));
            break batch;
          }
          throw e;
        }
      }
    }
    // pg-boss waits out the rest of its polling interval after a batch unless notified: with uploads queued
    // behind this one, the worker would idle up to 2 s before each of them. Look for the next job at once
    // (when there is none, the worker polls as usual).
    if (this.boss && this.workerId) this.boss.notifyWorker(this.workerId);
  }

  /** Waits until the database answers again (true), or gives up on shutdown or after OUTAGE_WAIT_MS (false). */
  private async databaseBack(): Promise<boolean> {
    const until = Date.now() + OUTAGE_WAIT_MS;
    while (!this.stopping && Date.now() < until) {
      await new Promise((r) => setTimeout(r, 1000));
      const up = await this.db
        .run('system', (em) => em.query('SELECT 1'))
        .then(
          () => true,
          () => false,
        );
      if (up) return !this.stopping;
    }
    return false;
  }

  /**
   * Repairs submissions left `validating` whose job is gone; removes partial uploads of dead processes and
   * stale upload files.
   */
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
      // A partial upload of a process that died mid-request (kill -9): nobody will finish or remove it.
      if (isDeadPartFile(name)) {
        this.logger.warn(`removing ${name}, the partial upload of a process that no longer runs`);
        await rm(join(dir, name), { force: true });
        continue;
      }
      const m =
        /^([0-9a-f-]{36})\.(upload|(?:\d+-[0-9a-f]{8}\.)?part|issues|dupes|keys|candidates|issues\.unreadable)$/.exec(
          name,
        );
      if (!m || (m[2] === 'upload' && validating.has(m[1]))) continue;
      const info = await stat(join(dir, name)).catch(() => null);
      if (info && now - info.mtimeMs > STALE_FILE_MS) await rm(join(dir, name), { force: true });
    }
  }
}

/**
 * Creates the validation queue (idempotent). Processes that start together on a new database create it at the
 * same moment, and PostgreSQL may break their lock cycle by failing one with a deadlock (40P01, seen with two
 * API processes and a worker starting at once): that one tries again — the queue exists by then.
 */
export async function createQueueRetrying(
  boss: Pick<PgBoss, 'createQueue'>,
  pause: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await boss.createQueue(VALIDATION_QUEUE, {
        name: VALIDATION_QUEUE,
        policy: 'standard',
        ...JOB_OPTIONS,
      });
      return;
    } catch (e) {
      if ((e as { code?: unknown }).code !== '40P01' || attempt >= 5) throw e;
      await pause(100 * attempt + Math.floor(Math.random() * 100));
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
