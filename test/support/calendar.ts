import { CalendarNotCoveredError, officialCalendar, type WorkingDayCalendar } from '@portal/calendar';

/**
 * Tests that count working days from *today* (reminders "due within 3 working days") cross into next year in late
 * December, before the State Council has published next year's holiday schedule and before the shipped calendar
 * covers it — exactly when a regulator admin must load it (PUT /api/admin/calendar/{year}). This does the same
 * with a provisional schedule (1 January off, otherwise weekends) when, and only when, the official calendar
 * does not cover `from` + `workingDays`, and returns the calendar the expectations must use.
 */
export async function calendarCovering(
  baseUrl: string,
  adminToken: string,
  from: string,
  workingDays: number,
): Promise<WorkingDayCalendar> {
  const official = officialCalendar();
  try {
    official.addWorkingDays(from, workingDays);
    return official;
  } catch (e) {
    if (!(e instanceof CalendarNotCoveredError)) throw e;
  }
  const year = Number(from.slice(0, 4)) + 1;
  const schedule = {
    holidays: [`${year}-01-01`],
    makeupWorkdays: [] as string[],
    source: '测试用临时安排（官方通知未发布） / provisional test schedule (the official notice is not out yet)',
  };
  const res = await fetch(`${baseUrl}/api/admin/calendar/${year}`, {
    method: 'PUT',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${adminToken}` },
    body: JSON.stringify(schedule),
  });
  if (!res.ok) throw new Error(`loading the ${year} schedule: ${res.status} ${await res.text()}`);
  // Every API process picks up a loaded schedule within seconds: wait until this one answers with it.
  for (let i = 0; i < 100; i++) {
    const probe = await fetch(`${baseUrl}/api/calendar/deadline?from=${from}&workingDays=${workingDays}`);
    if (probe.ok) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  return official.withSchedule({ year, ...schedule });
}
