import type { AssignmentState } from './transitions';

export type CompletionRule = 'lead_approval' | 'all_units_approval';

export interface AssignmentSummary {
  role: 'lead' | 'cooperating' | 'responsible';
  state: AssignmentState;
}

/**
 * Whether a task is done under its explicit rule: the lead unit's approval (or, with no lead,
 * every responsible unit's), or every assigned unit's approval ("all schools" tasks).
 * Cancelled assignments do not count either way.
 */
export function isTaskComplete(rule: CompletionRule, assignments: AssignmentSummary[]): boolean {
  const live = assignments.filter((a) => a.state !== 'cancelled');
  if (live.length === 0) return false;
  if (rule === 'all_units_approval') return live.every((a) => a.state === 'approved');
  const leads = live.filter((a) => a.role === 'lead');
  const deciders = leads.length > 0 ? leads : live.filter((a) => a.role === 'responsible');
  return deciders.length > 0 && deciders.every((a) => a.state === 'approved');
}
