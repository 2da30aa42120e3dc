import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';

/**
 * Every setting the server reads from the environment, validated once at boot.
 * A bad value stops the process with a message naming the variable (see `.env.example`).
 */
const baseSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL'),
  /** Optional: the restricted login (role portal_app) the application connects as; derived when absent. */
  APP_DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
    .optional(),
  /** Connection pool size per process. */
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Secret that signs access tokens; at least 32 characters. */
  JWT_SECRET: z.string().min(32, 'must be at least 32 characters'),
  ACCESS_TOKEN_TTL_SECONDS: z.coerce.number().int().min(60).max(86400).default(3600),
  /** Demo mode: short demo passwords allowed. Only `npm start` on its own database turns it on. */
  DEMO_MODE: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
  ADMIN_USERNAME: z.string().min(3).max(64).optional(),
  ADMIN_PASSWORD: z.string().min(12, 'must be at least 12 characters').optional(),
  /** Where the built Angular client is; empty string disables serving it. */
  CLIENT_DIST: z.string().default(''),
  /** JSON body limit for API routes (uploads are multipart and streamed, not limited by this). */
  JSON_BODY_LIMIT: z.string().default('1mb'),
  /** Origins allowed by CORS, comma separated; empty = CORS closed. */
  CORS_ORIGINS: z.string().default(''),
  /** Submissions: where uploads wait for validation (must survive a restart; shared with a separate worker). */
  UPLOAD_DIR: z.string().default(path.join(os.tmpdir(), 'portal-uploads')),
  /** Submissions: the largest upload accepted, in bytes (default 4 GiB). */
  UPLOAD_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(4 * 1024 ** 3),
  /**
   * Submissions: how many uploads of one organisation may wait for validation (status `validating`) at once;
   * one more answers 429 before its body is stored (OWASP ASVS V12.1.3).
   */
  UPLOAD_MAX_PENDING_PER_ORG: z.coerce.number().int().min(1).default(5),
  /**
   * What this process does (see docs/SCALING.md): `all` (default) serves HTTP and runs the background jobs;
   * `api` serves HTTP only (any number of replicas); `worker` runs the background jobs (submission validation
   * queue, its repair sweep, deadline reminders, bulletin drafts left rendering) and answers only
   * `GET /api/health` on PORT.
   */
  PROCESS_ROLE: z.enum(['all', 'api', 'worker']).optional(),
  /** Deprecated alias: `false` = PROCESS_ROLE=api, `true` = PROCESS_ROLE=all. */
  SUBMISSION_WORKER: z.enum(['true', 'false']).optional(),
});

export type ProcessRole = 'all' | 'api' | 'worker';

const configSchema = baseSchema.transform((raw, ctx) => {
  const { SUBMISSION_WORKER: alias, PROCESS_ROLE: role, ...rest } = raw;
  const fromAlias: ProcessRole | undefined =
    alias === undefined ? undefined : alias === 'true' ? 'all' : 'api';
  if (role !== undefined && fromAlias !== undefined && (role === 'api') !== (fromAlias === 'api')) {
    ctx.addIssue({
      code: 'custom',
      path: ['SUBMISSION_WORKER'],
      message: `contradicts PROCESS_ROLE=${role}; remove SUBMISSION_WORKER (deprecated: use PROCESS_ROLE)`,
    });
    return z.NEVER;
  }
  return { ...rest, PROCESS_ROLE: role ?? fromAlias ?? ('all' as ProcessRole) };
});

export type AppConfig = z.infer<typeof configSchema>;

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
    throw new ConfigError(`配置无效 / Invalid configuration:\n${problems}`);
  }
  return parsed.data;
}

export const APP_CONFIG = Symbol('APP_CONFIG');

/** Serves the HTTP API and the client (roles `all` and `api`). */
export const servesHttp = (config: Pick<AppConfig, 'PROCESS_ROLE'>): boolean =>
  config.PROCESS_ROLE !== 'worker';

/**
 * Runs the background jobs: the validation queue's worker and repair sweep, the periodic deadline reminders,
 * the bulletin drafts left rendering (roles `all` and `worker`). An `api` process only enqueues.
 */
export const runsBackgroundJobs = (config: Pick<AppConfig, 'PROCESS_ROLE'>): boolean =>
  config.PROCESS_ROLE !== 'api';
