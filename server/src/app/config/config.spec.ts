import { ConfigError, loadConfig } from './config';

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
});
