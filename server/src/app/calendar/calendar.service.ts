import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit, Optional } from '@nestjs/common';
import {
  CalendarNotCoveredError,
  OFFICIAL_SCHEDULES,
  officialCalendar,
  validateSchedule,
  type HolidaySchedule,
  WorkingDayCalendar,
} from '@portal/calendar';
import { DataSource } from 'typeorm';

/** How old this process's copy of the loaded schedules may be before a request checks the table again. */
export const CALENDAR_MAX_AGE_MS = 2_000;
/** Background check, so that code using the synchronous `current()` converges too. */
const CALENDAR_POLL_MS = 30_000;
/** A year that is not covered is re-checked at most this often (the deadline endpoint is public). */
const UNCOVERED_RECHECK_MS = 250;

export interface CoveredYear {
  year: number;
  source: string;
  /** `official`: bundled with @portal/calendar; `loaded`: loaded by a regulator admin (wins over bundled). */
  origin: 'official' | 'loaded';
  loadedAt: string | null;
  revision: number | null;
  holidays: readonly string[];
  makeupWorkdays: readonly string[];
}

interface ScheduleRow {
  year: number;
  holidays: string[];
  makeup_workdays: string[];
  source: string;
  revision: number;
  loaded_at: Date;
}

/**
 * The working-day calendar in force: the official schedules shipped with @portal/calendar, plus the
 * schedules a regulator admin has loaded as data (table `calendar_schedule`, which wins for its year).
 *
 * Several API processes share one database: each keeps its own copy and compares a cheap signature of the
 * table (year:revision of every row) at most every {@link CALENDAR_MAX_AGE_MS} when a request asks for
 * `fresh()`, every 30 s in the background, and at once when a year is not covered. So a schedule loaded
 * through one process is in force in every process within seconds, without a restart or a deploy.
 */
@Injectable()
export class CalendarService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(CalendarService.name);
  private calendar: WorkingDayCalendar = officialCalendar();
  private loaded = new Map<number, { loadedAt: string; revision: number }>();
  private signature = '';
  private checkedAt = 0;
  private inFlight: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;

  constructor(@Optional() private readonly dataSource?: DataSource) {}

  async onModuleInit(): Promise<void> {
    if (!this.dataSource) return;
    await this.refresh(0).catch((err: unknown) =>
      this.logger.warn(`工作日历加载失败，稍后重试 / could not load calendar schedules yet: ${String(err)}`),
    );
    this.timer = setInterval(() => void this.refresh(0).catch(() => undefined), CALENDAR_POLL_MS);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** The calendar as last loaded (synchronous; at most ~30 s behind another process's change). */
  current(): WorkingDayCalendar {
    return this.calendar;
  }

  /** The calendar, after making sure this process's copy is at most {@link CALENDAR_MAX_AGE_MS} old. */
  async fresh(): Promise<WorkingDayCalendar> {
    await this.refresh(CALENDAR_MAX_AGE_MS);
    return this.calendar;
  }

  /**
   * Runs `fn` with the fresh calendar; when it finds a year not covered, checks the table once more (another
   * process may have just loaded that year) and retries. A year still not covered throws CalendarNotCoveredError.
   */
  async compute<T>(fn: (calendar: WorkingDayCalendar) => T): Promise<T> {
    const cal = await this.fresh();
    try {
      return fn(cal);
    } catch (err) {
      if (!(err instanceof CalendarNotCoveredError) || !this.dataSource) throw err;
      await this.refresh(UNCOVERED_RECHECK_MS);
      return fn(this.calendar);
    }
  }

  /** Replaces the calendar in force in this process (tests; the table remains the source for `refresh`). */
  use(calendar: WorkingDayCalendar): void {
    this.calendar = calendar;
  }

  /** Every covered year with where its schedule comes from, oldest first. */
  coveredYears(): CoveredYear[] {
    return this.calendar.schedules().map((s) => {
      const loaded = this.loaded.get(s.year);
      return {
        year: s.year,
        source: s.source,
        origin: loaded ? 'loaded' : 'official',
        loadedAt: loaded?.loadedAt ?? null,
        revision: loaded?.revision ?? null,
        holidays: s.holidays,
        makeupWorkdays: s.makeupWorkdays,
      };
    });
  }

  /** Re-reads the loaded schedules when the table changed and this process's check is older than `maxAgeMs`. */
  refresh(maxAgeMs: number): Promise<void> {
    if (!this.dataSource) return Promise.resolve();
    if (Date.now() - this.checkedAt < maxAgeMs) return Promise.resolve();
    if (!this.inFlight) {
      this.inFlight = this.reload().finally(() => (this.inFlight = null));
    }
    return this.inFlight;
  }

  private async reload(): Promise<void> {
    const ds = this.dataSource as DataSource;
    const [{ sig }]: { sig: string }[] = await ds.query(
      `SELECT coalesce(string_agg(year || ':' || revision, ',' ORDER BY year), '') AS sig FROM calendar_schedule`,
    );
    this.checkedAt = Date.now();
    if (sig === this.signature) return;
    const rows: ScheduleRow[] = await ds.query(
      `SELECT year, holidays, makeup_workdays, source, revision, loaded_at FROM calendar_schedule ORDER BY year`,
    );
    const fromTable = new Map<number, HolidaySchedule>();
    const loaded = new Map<number, { loadedAt: string; revision: number }>();
    for (const r of rows) {
      try {
        fromTable.set(
          r.year,
          validateSchedule({
            year: r.year,
            holidays: r.holidays,
            makeupWorkdays: r.makeup_workdays,
            source: r.source,
          }),
        );
        loaded.set(r.year, { loadedAt: new Date(r.loaded_at).toISOString(), revision: r.revision });
      } catch (err) {
        // Rows are validated before they are written; a bad one (edited by hand) must not stop the others.
        this.logger.error(`calendar_schedule ${r.year} 无效，已忽略 / invalid, ignored: ${String(err)}`);
      }
    }
    const schedules = [...OFFICIAL_SCHEDULES.filter((s) => !fromTable.has(s.year)), ...fromTable.values()];
    this.calendar = new WorkingDayCalendar(schedules);
    this.loaded = loaded;
    this.signature = rows.map((r) => `${r.year}:${r.revision}`).join(',');
  }
}
