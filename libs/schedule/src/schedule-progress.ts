import type { WorkingCalendar } from '@duban/calendar';

/**
 * 序时进度 (time-elapsed schedule): the share of an assignment's period, assigned → due, already
 * elapsed in working days. Elapsed = working days in (assignedOn, today]; the whole = working days
 * in (assignedOn, dueDate]. On the due date it is 1; before any working day has passed it is 0.
 * A period with no working day in it (assigned on its due date, or over a holiday) is 0 before the
 * due date and 1 from it. Pure; dates are YYYY-MM-DD in China time.
 */
export function expectedProgress(calendar: WorkingCalendar, period: { assignedOn: string; dueDate: string }, today: string): number {
  const { assignedOn, dueDate } = period;
  if (today >= dueDate) return 1;
  if (today <= assignedOn) return 0;
  const whole = calendar.workingDaysBetween(assignedOn, dueDate);
  if (whole === 0) return 0;
  return Math.min(1, calendar.workingDaysBetween(assignedOn, today) / whole);
}
