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

/**
 * `slot` is the working day the reminder belongs to (the day its rule fell due) and goes into the
 * idempotency key: a reminder caught up later keeps the key it would have had on its own day, so a
 * catch-up never duplicates it. `escalationSlot` likewise for the escalation.
 */
export type DueDecision =
  | { kind: 'due_soon'; daysLeft: number; slot: string }
  | { kind: 'due_today'; slot: string }
  | { kind: 'overdue'; overdueDays: number; slot: string; escalate: boolean; escalationSlot: string; leaderDigest: boolean };

/** The working day before `today`: what `since` is when the scheduler ran yesterday (no catch-up). */
export function previousWorkingDay(today: string, cal: WorkingCalendar): string {
  return cal.addWorkingDays(today, -1);
}

/**
 * What an open assignment due on `due` gets on `today` (pure), given that every working day up to
 * and including `since` was planned already (default: the working day before, i.e. no catch-up).
 * Nothing on a day off. Before the due date: a `due_soon` for the most recent offset k whose day (k
 * working days before the due date) lies in (since, today] — after missed days only the latest
 * missed one, never several at once. On the due date `due_today`; after it `overdue` every working
 * day, with an escalation when the N-th overdue working day lies in (since, today] (caught up once
 * after missed days) and a place in the leaders' digest from the M-th.
 */
export function decideDue(
  due: string,
  today: string,
  s: ReminderSettings,
  cal: WorkingCalendar,
  since: string = previousWorkingDay(today, cal),
): DueDecision | null {
  if (!cal.isWorkingDay(today)) return null;
  if (today === due) return { kind: 'due_today', slot: today };
  if (today < due) {
    for (const k of [...s.beforeDays].sort((a, b) => a - b)) {
      const day = cal.addWorkingDays(due, -k);
      if (day > today) continue;
      // the latest offset that has come: sent on its day, or now if its day was missed
      if (day <= since) return null;
      return { kind: 'due_soon', daysLeft: day === today ? k : cal.workingDaysBetween(today, due) || 1, slot: day };
    }
    return null;
  }
  const overdueDays = cal.workingDaysBetween(due, today);
  if (overdueDays <= 0) return null;
  const escalationSlot = cal.addWorkingDays(due, s.escalateAfterDays);
  return {
    kind: 'overdue',
    overdueDays,
    slot: today,
    escalate: escalationSlot > since && escalationSlot <= today,
    escalationSlot,
    leaderDigest: overdueDays >= s.digestAfterDays,
  };
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

export type ReportDecision = { what: 'start' | 'due'; period: string; periodEnd: string; slot: string };

/**
 * Report requests of a cadenced task (pure): on the period's first working day ("start"), and
 * three working days before its last working day ("due", sent only if no report for the period was
 * filed). Nothing once the assignment's due date lies before the period. After missed days (since
 * earlier than yesterday) the latest of the two whose day lies in (since, today] is sent, once.
 */
export function decideReport(
  cadence: Cadence,
  today: string,
  assignmentDue: string,
  cal: WorkingCalendar,
  since: string = previousWorkingDay(today, cal),
): ReportDecision | null {
  if (!cal.isWorkingDay(today)) return null;
  const { start, end } = periodBounds(cadence, today);
  if (assignmentDue < start) return null;
  const period = reportingPeriod(cadence, today);
  const first = cal.onOrAfter(start);
  const last = cal.onOrBefore(end);
  const dueDay = cal.addWorkingDays(last, -3);
  const inWindow = (d: string) => d > since && d <= today;
  if (dueDay > first && inWindow(dueDay)) return { what: 'due', period, periodEnd: end, slot: dueDay };
  if (inWindow(first)) return { what: 'start', period, periodEnd: end, slot: first };
  return null;
}

/**
 * The first working day of the ISO week of `today` when it lies in (since, today]: the leaders'
 * weekly digest goes out then, or on the first day the scheduler runs that week after missing it.
 */
export function weeklyDigestSlot(today: string, cal: WorkingCalendar, since: string = previousWorkingDay(today, cal)): string | null {
  if (!cal.isWorkingDay(today)) return null;
  const first = cal.onOrAfter(periodBounds('week', today).start);
  return first > since && first <= today ? first : null;
}

/** First working day of the ISO week of `today`: the leaders' weekly digest goes out then. */
export function isFirstWorkingDayOfWeek(today: string, cal: WorkingCalendar): boolean {
  if (!cal.isWorkingDay(today)) return false;
  const { start } = periodBounds('week', today);
  return cal.onOrAfter(start) === today;
}
