import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { CalendarNotCoveredError } from '@portal/calendar';
import type { EntityManager } from 'typeorm';
import { CalendarService } from '../calendar/calendar.service';
import { todayInChina } from '../calendar/china-date';
import { APP_CONFIG, type AppConfig, runsBackgroundJobs } from '../config/config';
import { TenantDb } from '../database/tenant-db.service';
import { effectiveDeadlinesSql } from '../periods/effective-deadline.sql';
import { KIND_LABELS } from './notification-texts';
import { type NotifyInput, NotificationsService } from './notifications.service';

/** A forwarded complaint is "due soon" when its deadline is at most this many working days away. */
export const CASE_DUE_SOON_WORKING_DAYS = 3;
/** A reporting deadline is "due soon" at most this many calendar days ahead. */
export const PERIOD_DUE_SOON_DAYS = 7;
const SWEEP_INTERVAL_MS = 10 * 60_000;

export type SweepScope = { orgCode: string } | { regulators: true } | 'all';

export interface SweepResult {
  created: number;
  /** Set when the calendar could not tell which cases are due soon (a year not covered). */
  calendarGap: string | null;
}

/**
 * Deadline reminders. They are derived from the deadlines, so they are created by a sweep that anyone may run
 * any number of times: each reminder has a dedupe key (case id, or period/kind/org/due date — a new date after
 * an extension is a new reminder), and a key used once is never used again.
 * The sweep runs (a) for the caller's own scope whenever notifications are read, so they are current at the
 * moment someone looks (in any process), and (b) for everyone every 10 minutes in each process that runs the
 * background jobs (PROCESS_ROLE `all` or `worker`; for e-mail, if enabled). Concurrent sweeps are harmless.
 */
@Injectable()
export class DeadlineSweepService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(DeadlineSweepService.name);
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly db: TenantDb,
    private readonly calendar: CalendarService,
    private readonly notifications: NotificationsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    if (!runsBackgroundJobs(this.config)) return;
    this.timer = setInterval(
      () =>
        void this.sweep('all').catch((err: unknown) =>
          this.logger.warn(`提醒扫描失败 / deadline sweep failed: ${String(err)}`),
        ),
      SWEEP_INTERVAL_MS,
    );
    this.timer.unref();
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  async sweep(scope: SweepScope, today: string = todayInChina()): Promise<SweepResult> {
    const orgCode = scope !== 'all' && 'orgCode' in scope ? scope.orgCode : null;
    const forOrgs = scope === 'all' || orgCode !== null;
    const forRegulators = scope === 'all' || 'regulators' in scope;

    let cutoff: string | null = null;
    let calendarGap: string | null = null;
    try {
      cutoff = await this.calendar.compute((cal) => cal.addWorkingDays(today, CASE_DUE_SOON_WORKING_DAYS));
    } catch (err) {
      if (!(err instanceof CalendarNotCoveredError)) throw err;
      calendarGap = err.message;
    }
    const cal = this.calendar.current();

    return this.db.run('system', async (em) => {
      const reminders: NotifyInput[] = [];

      if (forOrgs && cutoff !== null) {
        const dueSoon = await this.openCases(
          em,
          orgCode,
          `c.deadline >= $2::date AND c.deadline <= $3::date`,
          [today, cutoff],
          [`'case.due_soon:' || c.id`],
        );
        for (const c of dueSoon) {
          let left: number | string = '?';
          try {
            left = cal.workingDaysBetween(today, c.deadline);
          } catch {
            /* left unknown: the text still says the date */
          }
          reminders.push({
            kind: 'case.due_soon',
            to: { orgCode: c.org_code },
            params: { forwardNo: c.forward_no, deadline: c.deadline, workingDaysLeft: left },
            link: `/cases?id=${c.id}`,
            objectType: 'forwarded_complaint',
            objectId: c.id,
            dedupeKey: `case.due_soon:${c.id}`,
          });
        }
      }

      const keys = [
        ...(forOrgs ? [`'case.overdue:' || c.id || ':org'`] : []),
        ...(forRegulators ? [`'case.overdue:' || c.id || ':regulators'`] : []),
      ];
      for (const c of await this.openCases(em, orgCode, `c.deadline < $2::date`, [today], keys)) {
        const base = {
          kind: 'case.overdue',
          params: { forwardNo: c.forward_no, deadline: c.deadline, orgName: c.org_name },
          link: `/cases?id=${c.id}`,
          objectType: 'forwarded_complaint',
          objectId: c.id,
        };
        if (forOrgs)
          reminders.push({ ...base, to: { orgCode: c.org_code }, dedupeKey: `case.overdue:${c.id}:org` });
        if (forRegulators) {
          reminders.push({ ...base, to: { regulators: true }, dedupeKey: `case.overdue:${c.id}:regulators` });
        }
      }

      if (forOrgs) {
        const due: { period_code: string; org_code: string; kind: string; due_on: string }[] = await em.query(
          `SELECT d.period_code, d.org_code, d.kind, d.due_on
             FROM (${effectiveDeadlinesSql('true')}) d
            WHERE d.due_on::date BETWEEN $1::date AND $1::date + $2::int
              AND ($3::text IS NULL OR d.org_code = $3)
              AND NOT EXISTS (SELECT 1 FROM submission s
                               WHERE s.org_code = d.org_code AND s.period_code = d.period_code
                                 AND s.kind = d.kind AND s.status = 'submitted')
              AND NOT EXISTS (SELECT 1 FROM notification n
                               WHERE n.dedupe_key = 'period.due_soon:' || d.period_code || ':' || d.kind || ':'
                                                    || d.org_code || ':' || d.due_on)`,
          [today, PERIOD_DUE_SOON_DAYS, orgCode],
        );
        for (const d of due) {
          const label = KIND_LABELS[d.kind];
          reminders.push({
            kind: 'period.due_soon',
            to: { orgCode: d.org_code },
            params: { period: d.period_code, kindZh: label.zh, kindEn: label.en, dueOn: d.due_on },
            link: '/deadlines',
            objectType: 'period',
            objectId: d.period_code,
            dedupeKey: `period.due_soon:${d.period_code}:${d.kind}:${d.org_code}:${d.due_on}`,
          });
        }
      }
      // One statement and one audit entry for the whole sweep; keys already used are skipped.
      const created = await this.notifications.notifyMany(reminders, em, 'system');
      return { created: created.length, calendarGap };
    });
  }

  /** Open cases matching `condition` for which at least one of the reminders `keys` (SQL) does not exist yet. */
  private openCases(
    em: EntityManager,
    orgCode: string | null,
    condition: string,
    params: string[],
    keys: string[],
  ): Promise<{ id: string; org_code: string; org_name: string; forward_no: string; deadline: string }[]> {
    return em.query(
      `SELECT c.id, c.org_code, o.name AS org_name, c.forward_no, c.deadline::text AS deadline
         FROM forwarded_complaint c JOIN organisation o ON o.code = c.org_code
        WHERE c.status = 'open' AND ($1::text IS NULL OR c.org_code = $1) AND ${condition}
          AND (SELECT count(*) FROM notification n WHERE n.dedupe_key IN (${keys.join(', ')})) < ${keys.length}
        ORDER BY c.deadline, c.forward_no`,
      [orgCode, ...params],
    );
  }
}
