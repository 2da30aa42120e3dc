import { BadRequestException, Injectable } from '@nestjs/common';
import { ScheduleValidationError, validateSchedule, type HolidaySchedule } from '@portal/calendar';
import { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../auth/auth-user';
import { TenantDb } from '../database/tenant-db.service';
import { CalendarService } from './calendar.service';

const BODY_KEYS = ['holidays', 'makeupWorkdays', 'source', 'year'];

export interface LoadedSchedule extends HolidaySchedule {
  revision: number;
  replaced: string | null;
}

/** A regulator admin loads (or corrects) one year's holiday schedule as data. */
@Injectable()
export class CalendarScheduleService {
  constructor(
    private readonly db: TenantDb,
    private readonly audit: AuditService,
    private readonly calendar: CalendarService,
  ) {}

  async load(actor: AuthUser, yearParam: string, body: unknown): Promise<LoadedSchedule> {
    const year = Number(yearParam);
    if (!/^\d{4}$/.test(yearParam)) {
      throw new BadRequestException(
        `年份须为四位数字：${yearParam.slice(0, 16)} / The year must have four digits`,
      );
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      throw new BadRequestException(
        '请求体须为 {holidays, makeupWorkdays, source} / The body must be {holidays, makeupWorkdays, source}',
      );
    }
    const given = body as Record<string, unknown>;
    const unknown = Object.keys(given).filter((k) => !BODY_KEYS.includes(k));
    if (unknown.length > 0) {
      throw new BadRequestException(
        `不允许的字段：${unknown.join(', ')}（只允许 holidays, makeupWorkdays, source） / ` +
          `Unexpected field(s): ${unknown.join(', ')} (allowed: holidays, makeupWorkdays, source)`,
      );
    }
    if (given['year'] !== undefined && given['year'] !== year) {
      throw new BadRequestException(
        `请求体中的 year 与路径中的年份 ${year} 不一致 / year in the body differs from the year ${year} in the path`,
      );
    }
    let schedule: HolidaySchedule;
    try {
      schedule = validateSchedule({
        year,
        holidays: given['holidays'],
        makeupWorkdays: given['makeupWorkdays'],
        source: given['source'],
      });
    } catch (err) {
      if (err instanceof ScheduleValidationError) throw new BadRequestException(err.message);
      throw err;
    }

    const result = await this.db.run(actor, async (em) => {
      const before: { source: string }[] = await em.query(
        `SELECT source FROM calendar_schedule WHERE year = $1 FOR UPDATE`,
        [year],
      );
      const [row]: { revision: number }[] = await em.query(
        `INSERT INTO calendar_schedule (year, holidays, makeup_workdays, source, loaded_by)
         VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (year) DO UPDATE
           SET holidays = EXCLUDED.holidays, makeup_workdays = EXCLUDED.makeup_workdays, source = EXCLUDED.source,
               loaded_by = EXCLUDED.loaded_by, loaded_at = now(), revision = calendar_schedule.revision + 1
         RETURNING revision`,
        [
          year,
          JSON.stringify(schedule.holidays),
          JSON.stringify(schedule.makeupWorkdays),
          schedule.source,
          actor.username,
        ],
      );
      const replaced = before[0]?.source ?? null;
      await this.audit.append(em, actor, {
        action: 'calendar.schedule.load',
        objectType: 'calendar_schedule',
        objectId: String(year),
        detail: {
          source: schedule.source,
          holidays: schedule.holidays.length,
          makeupWorkdays: schedule.makeupWorkdays.length,
          revision: row.revision,
          replaced,
        },
      });
      return { revision: row.revision, replaced };
    });
    // In force in this process at once; other processes see the new revision on their next check.
    await this.calendar.refresh(0);
    return { ...schedule, ...result };
  }
}
