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

/** The span a plan covers: a yearly plan its year, a 规划 / 三年行动计划 its period (years). */
export interface PlanSpan {
  year: number | null;
  periodFrom?: number | null;
  periodTo?: number | null;
}

/** The last year a plan covers: its period's end, else its year, else null. */
export function planEndYear(plan: PlanSpan | number | null): number | null {
  if (plan === null || typeof plan === 'number') return plan;
  return plan.periodTo ?? plan.year ?? null;
}

/**
 * A task's default due date: the latest parsed deadline of its point, else the end of the plan's
 * period (a 十四五 plan's tasks are due 2025-12-31, not at the end of its first year), else the
 * end of the plan's year, else of the fallback year (today's).
 */
export function defaultDueDate(deadlines: { date: string }[], plan: PlanSpan | number | null, fallbackYear: number): string {
  const dates = deadlines.map((d) => d.date).filter((d) => /^\d{4}-\d{2}-\d{2}$/.test(d));
  if (dates.length > 0) return dates.sort().at(-1) as string;
  return `${planEndYear(plan) ?? fallbackYear}-12-31`;
}
