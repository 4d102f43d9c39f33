import { addCalendarDays, type WorkingCalendar } from '@duban/calendar';
import { chinaDate } from '@duban/clock';

/** Quiet hours in China time: nothing goes out from 20:00 until 08:00, nor on a day off. */
export const QUIET_FROM_HOUR = 20;
export const QUIET_UNTIL_HOUR = 8;
const CHINA_OFFSET_MS = 8 * 3600_000;

/** 08:00 China time on `date` (YYYY-MM-DD) as an instant. */
export function morningOf(date: string): Date {
  return new Date(Date.parse(`${date}T${String(QUIET_UNTIL_HOUR).padStart(2, '0')}:00:00+08:00`));
}

/**
 * The first instant at or after `at` when a message may go out: `at` itself on a working day between
 * 08:00 and 20:00 China time, otherwise 08:00 of the next working day (the same day when `at` is
 * before 08:00 on a working day).
 */
export function nextSendingInstant(at: Date, calendar: WorkingCalendar): Date {
  const day = chinaDate(at);
  const hour = new Date(at.getTime() + CHINA_OFFSET_MS).getUTCHours();
  if (calendar.isWorkingDay(day)) {
    if (hour >= QUIET_UNTIL_HOUR && hour < QUIET_FROM_HOUR) return at;
    if (hour < QUIET_UNTIL_HOUR) return morningOf(day);
  }
  return morningOf(calendar.onOrAfter(addCalendarDays(day, 1)));
}
