import type { Actor } from '@duban/assignment-workflow';
import { actorsFor, readAssignmentFacts, requireAssignmentAccess, type AssignmentAccessFacts, type AuthUser } from '@duban/access';
import { EvidenceErrors } from './evidence-errors';

/** What the evidence rules need to know about an assignment (read by the one access module). */
export type EvidenceAssignment = AssignmentAccessFacts;

/** Reads an assignment's access facts; `lock` share-locks the row (see readAssignmentFacts). */
export const loadAssignment = readAssignmentFacts;

/** The assignment if the user may see it; otherwise 404, so its existence is not revealed. */
export const visibleAssignment = requireAssignmentAccess;

/** Refuses with 403 unless the user plays `actor` for the assignment (see assignment-access.ts). */
export function requireActor(user: AuthUser, a: EvidenceAssignment, actor: Actor): void {
  if (actorsFor(user, a).includes(actor)) return;
  throw actor === 'unit' ? EvidenceErrors.notUnit() : EvidenceErrors.notReviewer();
}

/** Evidence of a finished or cancelled assignment is frozen. */
export function requireOpen(a: EvidenceAssignment): void {
  if (a.state === 'approved' || a.state === 'cancelled' || a.taskStatus === 'cancelled') throw EvidenceErrors.assignmentClosed(a.state);
}
