import type { Deadline } from '../types';

export interface DeadlineResult {
  deadlines: Deadline[];
  /** deadline-like phrases that could not be resolved to a date: become parse warnings */
  unresolved: string[];
}

/** Deadline phrases resolved against the plan year (X月底前 → last day of month X, …). */
export function extractDeadlines(_text: string, _year: number | null): DeadlineResult {
  return { deadlines: [], unresolved: [] }; // placeholder until the annotations work lands
}
