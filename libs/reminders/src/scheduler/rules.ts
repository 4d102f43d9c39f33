import { addCalendarDays, type WorkingCalendar } from '@duban/calendar';
import { reportingPeriod, type Cadence } from '@duban/assignment-workflow';

/** A plan's reminder offsets (table reminder_settings; these defaults when a plan has no row). */
export interface ReminderSettings {
  /** working days before the due date */
  beforeDays: number[];
  /** overdue working days after which the owner department's heads are told */
  escalateAfterDays: number;
  /** overdue working days after which the item is listed in the leaders' digest */
  digestAfterDays: number;
}

export const DEFAULT_REMINDER_SETTINGS: ReminderSettings = { beforeDays: [7, 3, 1], escalateAfterDays: 3, digestAfterDays: 10 };

export type DueDecision =
  | { kind: 'due_soon'; daysLeft: number }
  | { kind: 'due_today' }
  | { kind: 'overdue'; overdueDays: number; escalate: boolean; leaderDigest: boolean };

/**
 * What an open assignment due on `due` gets on `today` (pure): nothing on a day off; `due_soon` on
 * the working day `k` working days before the due date for each configured k; `due_today` on the
 * due date; `overdue` on every working day after it, with an escalation on the N-th and a place in
 * the leaders' digest from the M-th.
 */
export function decideDue(due: string, today: string, s: ReminderSettings, cal: WorkingCalendar): DueDecision | null {
  if (!cal.isWorkingDay(today)) return null;
  if (today === due) return { kind: 'due_today' };
  if (today < due) {
    for (const k of [...s.beforeDays].sort((a, b) => a - b))
      if (cal.addWorkingDays(due, -k) === today) return { kind: 'due_soon', daysLeft: k };
    return null;
  }
  const overdueDays = cal.workingDaysBetween(due, today);
  if (overdueDays <= 0) return null;
  return { kind: 'overdue', overdueDays, escalate: overdueDays === s.escalateAfterDays, leaderDigest: overdueDays >= s.digestAfterDays };
}

/** First and last calendar day of the reporting period `date` falls in. */
export function periodBounds(cadence: Cadence, date: string): { start: string; end: string } {
  const [y, m] = date.split('-').map(Number);
  const ymd = (yy: number, mm: number, dd: number) => new Date(Date.UTC(yy, mm - 1, dd)).toISOString().slice(0, 10);
  const lastOf = (yy: number, mm: number) => ymd(yy, mm + 1, 0);
  switch (cadence) {
    case 'year':
      return { start: ymd(y, 1, 1), end: ymd(y, 12, 31) };
    case 'month':
      return { start: ymd(y, m, 1), end: lastOf(y, m) };
    case 'quarter': {
      const q = Math.ceil(m / 3);
      return { start: ymd(y, q * 3 - 2, 1), end: lastOf(y, q * 3) };
    }
    case 'semester':
      if (m >= 2 && m <= 7) return { start: ymd(y, 2, 1), end: ymd(y, 7, 31) };
      return m === 1 ? { start: ymd(y - 1, 8, 1), end: ymd(y, 1, 31) } : { start: ymd(y, 8, 1), end: ymd(y + 1, 1, 31) };
    case 'week': {
      const weekday = new Date(`${date}T00:00:00Z`).getUTCDay() || 7;
      const start = addCalendarDays(date, 1 - weekday);
      return { start, end: addCalendarDays(start, 6) };
    }
  }
}

export type ReportDecision = { what: 'start' | 'due'; period: string; periodEnd: string };

/**
 * Report requests of a cadenced task (pure): on the period's first working day ("start"), and
 * three working days before its last working day ("due", sent only if no report for the period was
 * filed). Nothing once the assignment's due date lies before the period.
 */
export function decideReport(cadence: Cadence, today: string, assignmentDue: string, cal: WorkingCalendar): ReportDecision | null {
  if (!cal.isWorkingDay(today)) return null;
  const { start, end } = periodBounds(cadence, today);
  if (assignmentDue < start) return null;
  const period = reportingPeriod(cadence, today);
  const first = cal.onOrAfter(start);
  if (first === today) return { what: 'start', period, periodEnd: end };
  const last = cal.onOrBefore(end);
  const dueDay = cal.addWorkingDays(last, -3);
  if (dueDay === today && dueDay > first) return { what: 'due', period, periodEnd: end };
  return null;
}

/** First working day of the ISO week of `today`: the leaders' weekly digest goes out then. */
export function isFirstWorkingDayOfWeek(today: string, cal: WorkingCalendar): boolean {
  if (!cal.isWorkingDay(today)) return false;
  const { start } = periodBounds('week', today);
  return cal.onOrAfter(start) === today;
}
