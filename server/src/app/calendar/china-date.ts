/**
 * Calendar dates as the portal's users live them: deadlines, "today" and the date a file was submitted
 * are days in China Standard Time (UTC+8, no daylight saving), whatever the server's own time zone.
 */
export const PORTAL_TIME_ZONE = 'Asia/Shanghai';

const FORMAT = new Intl.DateTimeFormat('en-CA', {
  timeZone: PORTAL_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** The 'YYYY-MM-DD' date of an instant in China. */
export function dateInChina(instant: Date): string {
  return FORMAT.format(instant);
}

/** Today's 'YYYY-MM-DD' date in China. */
export function todayInChina(now: Date = new Date()): string {
  return dateInChina(now);
}
