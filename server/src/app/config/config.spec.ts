import { ConfigError, loadConfig, runsBackgroundJobs, servesHttp } from './config';

const base = { DATABASE_URL: 'postgres://app:pw@127.0.0.1:5432/portal', JWT_SECRET: 'x'.repeat(32) };

describe('loadConfig', () => {
  it('applies defaults to a minimal environment', () => {
    const config = loadConfig(base);
    expect(config.PORT).toBe(3000);
    expect(config.DEMO_MODE).toBe(false);
    expect(config.LOG_LEVEL).toBe('info');
  });

  it('names every invalid variable', () => {
    expect(() => loadConfig({ ...base, PORT: 'abc', JWT_SECRET: 'short' })).toThrow(ConfigError);
    try {
      loadConfig({ ...base, PORT: 'abc', JWT_SECRET: 'short' });
    } catch (e) {
      expect((e as Error).message).toContain('PORT');
      expect((e as Error).message).toContain('JWT_SECRET');
    }
  });

  it('rejects a missing database URL and a short admin password', () => {
    expect(() => loadConfig({ JWT_SECRET: 'x'.repeat(32) })).toThrow(/DATABASE_URL/);
    expect(() => loadConfig({ ...base, ADMIN_PASSWORD: 'short' })).toThrow(/ADMIN_PASSWORD/);
  });

  it('reads PROCESS_ROLE (default all), and SUBMISSION_WORKER as its older spelling', () => {
    const role = (env: Record<string, string>) => loadConfig({ ...base, ...env }).PROCESS_ROLE;
    expect(role({})).toBe('all');
    expect(role({ PROCESS_ROLE: 'api' })).toBe('api');
    expect(role({ PROCESS_ROLE: 'worker' })).toBe('worker');
    expect(role({ SUBMISSION_WORKER: 'false' })).toBe('api');
    expect(role({ SUBMISSION_WORKER: 'true' })).toBe('all');
    expect(role({ PROCESS_ROLE: 'api', SUBMISSION_WORKER: 'false' })).toBe('api');
    expect(role({ PROCESS_ROLE: 'worker', SUBMISSION_WORKER: 'true' })).toBe('worker');
    expect(() => role({ PROCESS_ROLE: 'both' })).toThrow(/PROCESS_ROLE/);
    expect(() => role({ PROCESS_ROLE: 'worker', SUBMISSION_WORKER: 'false' })).toThrow(
      /SUBMISSION_WORKER: contradicts PROCESS_ROLE=worker/,
    );
    expect(() => role({ PROCESS_ROLE: 'all', SUBMISSION_WORKER: 'false' })).toThrow(ConfigError);
    expect('SUBMISSION_WORKER' in loadConfig({ ...base, SUBMISSION_WORKER: 'false' })).toBe(false);
  });

  it('tells which roles serve HTTP and which run the background jobs', () => {
    expect([servesHttp({ PROCESS_ROLE: 'all' }), runsBackgroundJobs({ PROCESS_ROLE: 'all' })]).toEqual([
      true,
      true,
    ]);
    expect([servesHttp({ PROCESS_ROLE: 'api' }), runsBackgroundJobs({ PROCESS_ROLE: 'api' })]).toEqual([
      true,
      false,
    ]);
    expect([servesHttp({ PROCESS_ROLE: 'worker' }), runsBackgroundJobs({ PROCESS_ROLE: 'worker' })]).toEqual([
      false,
      true,
    ]);
  });
});
