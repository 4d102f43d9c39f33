import type { Recurrence } from '../types';

/** Cadences such as 每月, 每季度, 每学期. */
export function extractRecurrence(_text: string): Recurrence[] {
  return []; // placeholder until the annotations work lands
}
