/**
 * A PostgreSQL outage (restart, failover, network cut) must not take the server down: requests answer 503 and
 * background work is retried once the database is back. Our own code awaits every query, but a library may
 * not (pg-boss 10 completes/fails a job without awaiting it), and Node ends the process on an unhandled
 * rejection. This guard lets exactly those database-outage rejections pass with a log line; anything else
 * still ends the process, as Node's default does, because an unknown failure is a bug to see, not to hide.
 */

/** SQLSTATE classes/codes that mean "the database is not reachable right now" (08 = connection exception). */
const OUTAGE_SQLSTATES = new Set(['57P01', '57P02', '57P03', '08000', '08001', '08003', '08004', '08006']);
const OUTAGE_ERRNOS = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND']);
const OUTAGE_MESSAGES = [
  'Connection terminated',
  'Client has encountered a connection error and is not queryable',
  'the database system is shutting down',
  'the database system is starting up',
  'terminating connection due to administrator command',
  'Client was closed and is not queryable',
];

/** True when `e` says the database could not be reached or dropped the connection. */
export function isDatabaseOutage(e: unknown): boolean {
  if (typeof e !== 'object' || e === null) return false;
  const { code, message, driverError } = e as { code?: unknown; message?: unknown; driverError?: unknown };
  if (typeof code === 'string' && (OUTAGE_SQLSTATES.has(code) || OUTAGE_ERRNOS.has(code))) return true;
  if (typeof message === 'string' && OUTAGE_MESSAGES.some((m) => message.includes(m))) return true;
  // TypeORM wraps the driver's error (QueryFailedError.driverError).
  return driverError !== undefined && driverError !== e && isDatabaseOutage(driverError);
}

export type RejectionHandler = (reason: unknown) => void;

/**
 * The handler `installProcessGuards` registers (exported for tests): database outages are logged, anything else
 * is printed and ends the process with exit code 1, like Node's default for unhandled rejections.
 */
export function unhandledRejectionHandler(
  warn: (message: string) => void,
  fatal: (reason: unknown) => void = (reason) => {
    console.error('unhandled rejection / 未处理的异步错误', reason);
    process.exit(1);
  },
): RejectionHandler {
  return (reason) => {
    if (isDatabaseOutage(reason)) {
      const message = reason instanceof Error ? reason.message : String(reason);
      warn(`数据库暂不可用，稍后重试 / database unavailable, will retry: ${message}`);
      return;
    }
    fatal(reason);
  };
}

let installed = false;

/** Registers the guard once per process. */
export function installProcessGuards(warn: (message: string) => void): void {
  if (installed) return;
  installed = true;
  process.on('unhandledRejection', unhandledRejectionHandler(warn));
}
