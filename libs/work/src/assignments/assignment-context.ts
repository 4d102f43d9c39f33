import type { Actor } from '@duban/assignment-workflow';
import { Assignment, Task } from '@duban/db';
import type { EntityManager } from 'typeorm';
import { actorsFor, requireAssignmentAccess, type AssignmentFacts, type AuthUser } from '@duban/access';
import { versionConflict } from '../tasks/task-errors';

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

/** A write based on an old read is refused with what is current now, so the client can refresh. */
export function checkVersion(assignment: Assignment, version: number | undefined): void {
  if (version !== undefined && version !== assignment.version) {
    throw versionConflict({ state: assignment.state, version: assignment.version });
  }
}
