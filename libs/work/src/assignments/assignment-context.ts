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

/**
 * Moves an assignment only if nobody else did since it was read: the version in the WHERE clause
 * makes two concurrent writers serialise on the row, and the loser updates nothing.
 */
export async function updateAssignmentIfCurrent(
  manager: EntityManager,
  assignment: Assignment,
  values: Partial<Omit<Assignment, 'id' | 'version' | 'updatedAt' | 'createdAt'>>,
): Promise<number> {
  const result = await manager
    .createQueryBuilder()
    .update(Assignment)
    .set(values)
    .where('id = :id AND version = :version', { id: assignment.id, version: assignment.version })
    .execute();
  if (!result.affected) {
    const current = await manager.findOneBy(Assignment, { id: assignment.id });
    throw versionConflict({ state: current?.state, version: current?.version ?? assignment.version });
  }
  return assignment.version + 1;
}
