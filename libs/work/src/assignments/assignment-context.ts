import { STATE_LABELS, type Actor } from '@duban/assignment-workflow';
import { Assignment, Task } from '@duban/db';
import type { EntityManager } from 'typeorm';
import { actorsFor, requireAssignmentAccess, type AssignmentFacts, type AuthUser } from '@duban/access';
import { versionConflict, type DubanError } from '@duban/errors';

export interface AssignmentContext {
  assignment: Assignment;
  task: Task;
  facts: AssignmentFacts;
  actors: Actor[];
}

/**
 * Loads an assignment with what the access rules need. Invisible and missing look the same (404),
 * so nobody learns which ids exist in other units.
 */
export async function loadAssignment(manager: EntityManager, user: AuthUser, id: string): Promise<AssignmentContext> {
  const facts = await requireAssignmentAccess(manager, user, id);
  const assignment = await manager.findOneByOrFail(Assignment, { id });
  const task = await manager.findOneByOrFail(Task, { id: facts.taskId });
  return { assignment, task, facts, actors: actorsFor(user, facts) };
}

/** A write based on an old read is refused with what is current now and who changed it, so the client can refresh. */
export async function checkVersion(m: EntityManager, user: AuthUser, assignment: Assignment, version: number | undefined): Promise<void> {
  if (version !== undefined && version !== assignment.version) throw await assignmentConflict(m, assignment, user.id);
}

/** The 409 for a stale assignment: its current state and version, and who changed it last (from the audit trail). */
export const assignmentConflict = (
  m: EntityManager,
  a: Pick<Assignment, 'id' | 'state' | 'version'>,
  callerId?: string,
): Promise<DubanError> =>
  versionConflict(
    m,
    { objectType: 'assignment', objectId: a.id, current: { state: a.state, version: a.version }, stateLabel: STATE_LABELS[a.state] },
    callerId,
  );
