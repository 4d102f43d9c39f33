import type { AssignmentState } from './transitions';

/** Kept here for callers that already import it; the one definition lives with the clock. */
export { chinaDate } from '@duban/clock';

const CLOSED: readonly AssignmentState[] = ['approved', 'cancelled'];

/** Overdue is derived, never stored: open work whose due date is before today. */
export function isOverdue(dueDate: string, state: AssignmentState, today: string): boolean {
  return !CLOSED.includes(state) && dueDate < today;
}

/** Calendar days from today to the due date (negative when overdue). */
export function daysUntil(dueDate: string, today: string): number {
  return Math.round((Date.parse(`${dueDate}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / 86_400_000);
}

/** A task's default due date: the latest parsed deadline of its point, else the plan year's end. */
export function defaultDueDate(deadlines: { date: string }[], planYear: number | null, fallbackYear: number): string {
  const dates = deadlines.map((d) => d.date).filter((d) => /^\d{4}-\d{2}-\d{2}$/.test(d));
  if (dates.length > 0) return dates.sort().at(-1) as string;
  return `${planYear ?? fallbackYear}-12-31`;
}
