export {
  InvalidDateError,
  isIsoDate,
  addDays,
  dayOfWeek,
  daysInMonth,
  parseIsoDate,
  tryParseIsoDate,
  isoFromDayNumber,
  dayNumberFromCivil,
} from './lib/dates';
export type { HolidaySchedule } from './lib/schedule';
export {
  validateSchedule,
  ScheduleValidationError,
  MIN_SCHEDULE_YEAR,
  MAX_SCHEDULE_YEAR,
} from './lib/schedule';
export { OFFICIAL_SCHEDULES, OFFICIAL_FIRST_YEAR, OFFICIAL_LAST_YEAR } from './lib/official-schedules';
export { WorkingDayCalendar, CalendarNotCoveredError, officialCalendar } from './lib/working-day-calendar';
