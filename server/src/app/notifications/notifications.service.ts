import { Inject, Injectable, Logger, NotFoundException } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { type AuthUser, isInsurer, isRegulator } from '../auth/auth-user';
import { type Actor, TenantDb } from '../database/tenant-db.service';
import type { Role } from '../users/user.entity';
import { EMAIL_ADAPTER, type EmailAdapter } from './email.adapter';
import type { Audience } from './notification.entity';
import { NOTIFICATION_TEXTS, renderNotification, type NotificationKind } from './notification-texts';

export type Recipient =
  | { userId: string; orgCode: string | null }
  | { orgCode: string; role?: Role }
  | { regulators: true; role?: Role };

export interface NotifyInput {
  /** A kind from NOTIFICATION_TEXTS (its text is rendered from `params`), or any kind with its own `message`. */
  kind: NotificationKind | string;
  to: Recipient;
  params?: Readonly<Record<string, string | number>>;
  /** Required for a kind without a text in NOTIFICATION_TEXTS. Never personal data. */
  message?: { zh: string; en: string };
  link?: string;
  objectType?: string;
  objectId?: string;
  /** A notification with a key already used is not created again (reminders from several processes). */
  dedupeKey?: string;
}

export interface NotificationView {
  id: string;
  kind: string;
  message: { zh: string; en: string };
  link: string | null;
  objectType: string | null;
  objectId: string | null;
  createdAt: string;
  readAt: string | null;
}

interface NotificationRow {
  id: string;
  kind: string;
  message_zh: string;
  message_en: string;
  link: string | null;
  object_type: string | null;
  object_id: string | null;
  created_at: Date;
  read_at: Date | null;
}

/** Who sees a notification: the caller's user id, organisation, role and side. */
function visibleTo(user: AuthUser): { where: string; params: unknown[] } {
  return {
    where: `((n.audience = 'user' AND n.user_id = $1)
          OR (n.audience = 'org' AND n.org_code = $2 AND (n.role IS NULL OR n.role = $3))
          OR (n.audience = 'regulators' AND $4::boolean AND (n.role IS NULL OR n.role = $3)))`,
    params: [user.id, isInsurer(user) ? user.orgCode : null, user.role, isRegulator(user)],
  };
}

/**
 * Notifications inside the portal (站内通知). Other features call `notify(...)`: inside their own transaction
 * (pass its EntityManager; the notification then exists exactly when their change does) or on their own.
 */
@Injectable()
export class NotificationsService {
  private readonly logger = new Logger(NotificationsService.name);

  constructor(
    private readonly db: TenantDb,
    private readonly audit: AuditService,
    @Inject(EMAIL_ADAPTER) private readonly email: EmailAdapter,
  ) {}

  /**
   * Creates a notification; returns its id, or null when `dedupeKey` was used before. With `em`, it is written
   * in the caller's transaction (row-level security applies: an insurer's transaction may only notify its own
   * organisation); without, in a transaction of its own as the system.
   */
  async notify(input: NotifyInput, em?: EntityManager, actor: Actor = 'system'): Promise<string | null> {
    const [id] = await this.notifyMany([input], em, actor);
    return id ?? null;
  }

  /**
   * Creates many notifications in one statement (reminders from a sweep); those whose `dedupeKey` was used
   * before are skipped. One audit entry records the batch (how many of each kind, the ids). Returns the new ids.
   */
  async notifyMany(
    inputs: readonly NotifyInput[],
    em?: EntityManager,
    actor: Actor = 'system',
  ): Promise<string[]> {
    if (inputs.length === 0) return [];
    const created = em
      ? await this.insertMany(em, inputs, actor)
      : await this.db.run('system', (m) => this.insertMany(m, inputs, 'system'));
    if (this.email.enabled) {
      // After the write; a mail failure never undoes the notification, and nothing personal is logged.
      for (const c of created) {
        this.email
          .send({ notificationId: c.id, kind: c.kind, audience: c.audience })
          .catch((err: unknown) =>
            this.logger.warn(`e-mail failed for notification ${c.id}: ${String(err)}`),
          );
      }
    }
    return created.map((c) => c.id);
  }

  private async insertMany(
    em: EntityManager,
    inputs: readonly NotifyInput[],
    actor: Actor,
  ): Promise<{ id: string; kind: string; audience: Audience }[]> {
    const cols = {
      audience: [] as string[],
      userId: [] as (string | null)[],
      orgCode: [] as (string | null)[],
      role: [] as (string | null)[],
      kind: [] as string[],
      zh: [] as string[],
      en: [] as string[],
      link: [] as (string | null)[],
      objectType: [] as (string | null)[],
      objectId: [] as (string | null)[],
      dedupeKey: [] as (string | null)[],
    };
    for (const input of inputs) {
      const message =
        input.message ??
        (isKnownKind(input.kind) ? renderNotification(input.kind, input.params ?? {}) : undefined);
      if (!message) throw new Error(`notification kind ${input.kind} has no text: pass message`);
      const to = input.to;
      cols.audience.push(audienceOf(to));
      cols.userId.push('userId' in to ? to.userId : null);
      cols.orgCode.push('regulators' in to ? null : to.orgCode);
      cols.role.push('role' in to ? (to.role ?? null) : null);
      cols.kind.push(input.kind);
      cols.zh.push(message.zh);
      cols.en.push(message.en);
      cols.link.push(input.link ?? null);
      cols.objectType.push(input.objectType ?? null);
      cols.objectId.push(input.objectId ?? null);
      cols.dedupeKey.push(input.dedupeKey ?? null);
    }
    const rows: {
      id: string;
      kind: string;
      audience: Audience;
      org_code: string | null;
      object_type: string | null;
      object_id: string | null;
    }[] = await em.query(
      `INSERT INTO notification (audience, user_id, org_code, role, kind, message_zh, message_en, link, object_type, object_id, dedupe_key)
         SELECT * FROM unnest($1::text[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
                              $8::text[], $9::text[], $10::text[], $11::text[])
         ON CONFLICT (dedupe_key) DO NOTHING
         RETURNING id, kind, audience, org_code, object_type, object_id`,
      [
        cols.audience,
        cols.userId,
        cols.orgCode,
        cols.role,
        cols.kind,
        cols.zh,
        cols.en,
        cols.link,
        cols.objectType,
        cols.objectId,
        cols.dedupeKey,
      ],
    );
    if (rows.length === 0) return [];
    const ids = rows.map((r) => String(r.id));
    const single = rows.length === 1 ? rows[0] : null;
    const byKind: Record<string, number> = {};
    for (const r of rows) byKind[r.kind] = (byKind[r.kind] ?? 0) + 1;
    await this.audit.append(em, actor, {
      action: 'notification.create',
      objectType: 'notification',
      objectId: single ? ids[0] : `${ids[0]}…${ids[ids.length - 1]}`,
      orgCode: single ? single.org_code : null,
      detail: single
        ? {
            kind: single.kind,
            audience: single.audience,
            about: single.object_type ? `${single.object_type}:${single.object_id}` : null,
          }
        : { count: rows.length, byKind, ...(ids.length <= 1000 ? { ids } : {}) },
    });
    return rows.map((r) => ({ id: String(r.id), kind: r.kind, audience: r.audience }));
  }

  async list(
    user: AuthUser,
    opts: { unreadOnly?: boolean; limit?: number } = {},
  ): Promise<{
    unread: number;
    items: NotificationView[];
  }> {
    const v = visibleTo(user);
    const limit = Math.min(Math.max(opts.limit ?? 50, 1), 200);
    return this.db.run(user, async (em) => {
      const rows: NotificationRow[] = await em.query(
        `SELECT n.id, n.kind, n.message_zh, n.message_en, n.link, n.object_type, n.object_id, n.created_at, r.read_at
           FROM notification n
           LEFT JOIN notification_read r ON r.notification_id = n.id AND r.user_id = $1
          WHERE ${v.where} ${opts.unreadOnly ? 'AND r.read_at IS NULL' : ''}
          ORDER BY n.created_at DESC, n.id DESC
          LIMIT ${limit}`,
        v.params,
      );
      const [{ unread }]: { unread: number }[] = await em.query(
        `SELECT count(*)::int AS unread FROM notification n
          WHERE ${v.where}
            AND NOT EXISTS (SELECT 1 FROM notification_read r WHERE r.notification_id = n.id AND r.user_id = $1)`,
        v.params,
      );
      return { unread, items: rows.map(mapNotification) };
    });
  }

  async markRead(user: AuthUser, id: string): Promise<{ id: string; readAt: string }> {
    if (!/^\d{1,18}$/.test(id)) throw notFound();
    const v = visibleTo(user);
    return this.db.run(user, async (em) => {
      const found: { id: string }[] = await em.query(
        `SELECT n.id FROM notification n WHERE n.id = $5 AND ${v.where}`,
        [...v.params, id],
      );
      if (found.length === 0) throw notFound();
      const inserted: { read_at: Date }[] = await em.query(
        `INSERT INTO notification_read (notification_id, user_id, org_code) VALUES ($1, $2, $3)
         ON CONFLICT (notification_id, user_id) DO NOTHING RETURNING read_at`,
        [id, user.id, isInsurer(user) ? user.orgCode : null],
      );
      if (inserted.length > 0) {
        await this.audit.append(em, user, {
          action: 'notification.read',
          objectType: 'notification',
          objectId: id,
          orgCode: isInsurer(user) ? user.orgCode : null,
        });
        return { id, readAt: inserted[0].read_at.toISOString() };
      }
      const [existing]: { read_at: Date }[] = await em.query(
        `SELECT read_at FROM notification_read WHERE notification_id = $1 AND user_id = $2`,
        [id, user.id],
      );
      return { id, readAt: existing.read_at.toISOString() };
    });
  }
}

function notFound(): NotFoundException {
  return new NotFoundException('通知不存在 / Notification not found');
}

function audienceOf(to: Recipient): Audience {
  if ('userId' in to) return 'user';
  if ('regulators' in to) return 'regulators';
  return 'org';
}

function isKnownKind(kind: string): kind is NotificationKind {
  return Object.prototype.hasOwnProperty.call(NOTIFICATION_TEXTS, kind);
}

function mapNotification(r: NotificationRow): NotificationView {
  return {
    id: String(r.id),
    kind: r.kind,
    message: { zh: r.message_zh, en: r.message_en },
    link: r.link,
    objectType: r.object_type,
    objectId: r.object_id,
    createdAt: new Date(r.created_at).toISOString(),
    readAt: r.read_at ? new Date(r.read_at).toISOString() : null,
  };
}
