import { Logger } from '@nestjs/common';
import { DisabledEmailAdapter, DryRunEmailAdapter, emailAdapterFromEnv } from './email.adapter';

describe('e-mail adapter', () => {
  it('is off by default', () => {
    expect(emailAdapterFromEnv({})).toBeInstanceOf(DisabledEmailAdapter);
    expect(emailAdapterFromEnv({ NOTIFICATION_EMAIL: '' }).enabled).toBe(false);
    expect(emailAdapterFromEnv({ NOTIFICATION_EMAIL: 'off' }).enabled).toBe(false);
  });

  it('refuses an unknown setting at start', () => {
    expect(() => emailAdapterFromEnv({ NOTIFICATION_EMAIL: 'smtp' })).toThrow(
      /NOTIFICATION_EMAIL must be 'off' or 'log'/,
    );
  });

  it('logs only the notification id, kind and audience in dry-run mode', async () => {
    const adapter = emailAdapterFromEnv({ NOTIFICATION_EMAIL: 'log' });
    expect(adapter).toBeInstanceOf(DryRunEmailAdapter);
    const spy = jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    await adapter.send({ notificationId: '42', kind: 'case.new', audience: 'org' });
    expect(spy).toHaveBeenCalledWith(
      { notificationId: '42', kind: 'case.new', audience: 'org' },
      'e-mail (dry run)',
    );
    spy.mockRestore();
  });
});
