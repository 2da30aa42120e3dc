import { Injectable } from '@nestjs/common';
import { officialCalendar, type WorkingDayCalendar } from '@portal/calendar';

/**
 * The working-day calendar in force: the official schedules shipped with @portal/calendar, plus any
 * schedule a regulator admin has loaded as data (see the deadlines feature).
 */
@Injectable()
export class CalendarService {
  private calendar: WorkingDayCalendar = officialCalendar();

  current(): WorkingDayCalendar {
    return this.calendar;
  }

  /** Replaces the calendar in force (after an admin loads a new year's schedule). */
  use(calendar: WorkingDayCalendar): void {
    this.calendar = calendar;
  }
}
