import type PgBoss from 'pg-boss';
import type { AppConfig } from '../config/config';
import type { TenantDb } from '../database/tenant-db.service';
import type { OwnerDb } from './owner-db';
import { createQueueRetrying, SubmissionQueue } from './submission-queue';
import type { ValidationWorker } from './validation.worker';

type Job = PgBoss.JobWithMetadata<{ submissionId: string }>;

const job = (id: string, retryCount = 0): Job =>
  ({ id, data: { submissionId: id }, retryCount, retryLimit: 3 }) as unknown as Job;

/** The queue with a fake pg-boss and worker: what `handle` (the pg-boss work callback) does after a job. */
function setup(check: (id: string) => Promise<unknown>) {
  const events: string[] = [];
  const worker = {
    check: async (id: string) => {
      events.push(`check ${id}`);
      return check(id);
    },
    markFailed: async (id: string) => {
      events.push(`failed ${id}`);
      return true;
    },
  } as unknown as ValidationWorker;
  const queue = new SubmissionQueue({} as AppConfig, {} as TenantDb, worker, {} as OwnerDb);
  const boss = { notifyWorker: (workerId: string) => events.push(`notify ${workerId}`) };
  Object.assign(queue, { boss, workerId: 'w1' });
  const handle = (jobs: Job[]) => (queue as unknown as { handle(j: Job[]): Promise<void> }).handle(jobs);
  return { events, handle };
}

describe('SubmissionQueue: the worker takes the next job at once', () => {
  it('asks pg-boss for the next job right after a check instead of idling out its polling interval', async () => {
    const { events, handle } = setup(async () => 'done');
    await handle([job('a')]);
    expect(events).toEqual(['check a', 'notify w1']);
  });

  it('also after a submission is marked failed on its last attempt', async () => {
    const { events, handle } = setup(async () => {
      throw new Error('boom');
    });
    await handle([job('b', 3)]);
    expect(events).toEqual(['check b', 'failed b', 'notify w1']);
  });

  it('not when the job fails and is retried later (its retry delay applies)', async () => {
    const { events, handle } = setup(async () => {
      throw new Error('boom');
    });
    await expect(handle([job('c', 0)])).rejects.toThrow('boom');
    expect(events).toEqual(['check c']);
  });
});

describe('createQueueRetrying', () => {
  const deadlock = () => Object.assign(new Error('deadlock detected'), { code: '40P01' });

  it('tries again when PostgreSQL breaks a deadlock between processes creating the queue together', async () => {
    let calls = 0;
    const boss = {
      createQueue: async () => {
        if (++calls < 3) throw deadlock();
      },
    } as unknown as Pick<PgBoss, 'createQueue'>;
    await createQueueRetrying(boss, async () => undefined);
    expect(calls).toBe(3);
  });

  it('gives up after five deadlocks, and never retries another error', async () => {
    let calls = 0;
    const always = {
      createQueue: async () => {
        calls++;
        throw deadlock();
      },
    } as unknown as Pick<PgBoss, 'createQueue'>;
    await expect(createQueueRetrying(always, async () => undefined)).rejects.toThrow('deadlock detected');
    expect(calls).toBe(5);
    calls = 0;
    const other = {
      createQueue: async () => {
        calls++;
        throw Object.assign(new Error('permission denied'), { code: '42501' });
      },
    } as unknown as Pick<PgBoss, 'createQueue'>;
    await expect(createQueueRetrying(other, async () => undefined)).rejects.toThrow('permission denied');
    expect(calls).toBe(1);
  });
});
