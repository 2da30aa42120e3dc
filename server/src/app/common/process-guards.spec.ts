import { isDatabaseOutage, unhandledRejectionHandler } from './process-guards';

describe('process guards', () => {
  const pgError = (code: string, message: string) => Object.assign(new Error(message), { code });

  it('recognises a database outage: shutdown, refused or dropped connections', () => {
    expect(isDatabaseOutage(pgError('57P01', 'terminating connection due to administrator command'))).toBe(true);
    expect(isDatabaseOutage(pgError('57P03', 'the database system is shutting down'))).toBe(true);
    expect(isDatabaseOutage(pgError('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432'))).toBe(true);
    expect(isDatabaseOutage(new Error('Connection terminated unexpectedly'))).toBe(true);
    const wrapped = Object.assign(new Error('query failed'), { driverError: pgError('57P01', 'shutdown') });
    expect(isDatabaseOutage(wrapped)).toBe(true);
  });

  it('does not mistake other failures for an outage', () => {
    expect(isDatabaseOutage(pgError('23505', 'duplicate key value violates unique constraint'))).toBe(false);
    expect(isDatabaseOutage(pgError('42P01', 'relation "x" does not exist'))).toBe(false);
    expect(isDatabaseOutage(new TypeError("Cannot read properties of undefined (reading 'id')"))).toBe(false);
    expect(isDatabaseOutage('Connection terminated')).toBe(false);
    expect(isDatabaseOutage(null)).toBe(false);
  });

  it('logs an outage rejection and keeps running; anything else is fatal', () => {
    const warnings: string[] = [];
    const fatal: unknown[] = [];
    const handle = unhandledRejectionHandler(
      (m) => warnings.push(m),
      (r) => fatal.push(r),
    );
    handle(pgError('57P01', 'terminating connection due to administrator command'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('database unavailable');
    expect(fatal).toHaveLength(0);
    const bug = new TypeError('a bug');
    handle(bug);
    expect(fatal).toEqual([bug]);
  });
});
