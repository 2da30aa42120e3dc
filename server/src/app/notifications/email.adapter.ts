import { Injectable, Logger } from '@nestjs/common';
import { z } from 'zod';

/** What leaves the portal by e-mail: identifiers and the kind only; the adapter looks up addresses itself. */
export interface OutgoingNotification {
  notificationId: string;
  kind: string;
  audience: 'user' | 'org' | 'regulators';
}

/** Sends notifications by e-mail. Off by default: notifications live inside the portal. */
export interface EmailAdapter {
  readonly enabled: boolean;
  send(n: OutgoingNotification): Promise<void>;
}

export const EMAIL_ADAPTER = Symbol('EMAIL_ADAPTER');

/**
 * `NOTIFICATION_EMAIL`: `off` (default) sends nothing; `log` is a dry run that logs that a mail would be
 * sent (notification id, kind, audience type — never an address, a name or the text).
 * Validated when the module starts; a bad value stops the process.
 */
const emailConfigSchema = z.object({
  NOTIFICATION_EMAIL: z.enum(['off', 'log']).default('off'),
});

export function emailAdapterFromEnv(env: NodeJS.ProcessEnv = process.env): EmailAdapter {
  const parsed = emailConfigSchema.safeParse({ NOTIFICATION_EMAIL: env['NOTIFICATION_EMAIL'] || undefined });
  if (!parsed.success) {
    throw new Error(
      `配置无效 / Invalid configuration: NOTIFICATION_EMAIL must be 'off' or 'log' (got '${String(env['NOTIFICATION_EMAIL']).slice(0, 16)}')`,
    );
  }
  return parsed.data.NOTIFICATION_EMAIL === 'log' ? new DryRunEmailAdapter() : new DisabledEmailAdapter();
}

@Injectable()
export class DisabledEmailAdapter implements EmailAdapter {
  readonly enabled = false;
  async send(): Promise<void> {
    /* off: notifications are read inside the portal */
  }
}

@Injectable()
export class DryRunEmailAdapter implements EmailAdapter {
  readonly enabled = true;
  private readonly logger = new Logger('EmailAdapter');
  async send(n: OutgoingNotification): Promise<void> {
    this.logger.log(
      { notificationId: n.notificationId, kind: n.kind, audience: n.audience },
      'e-mail (dry run)',
    );
  }
}
