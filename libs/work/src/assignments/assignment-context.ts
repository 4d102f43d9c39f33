import type { Actor } from '@duban/assignment-workflow';
import { Assignment, Task } from '@duban/db';
import type { EntityManager } from 'typeorm';
import type { AuthUser } from '@duban/access';
import { actorsFor, canSeeAssignment, type AssignmentFacts } from '@duban/access';
import { assignmentNotFound, versionConflict } from '../tasks/task-errors';

export interface AssignmentContext {
  assignment: Assignment;
  task: Task;
  facts: AssignmentFacts;
  actors: Actor[];
}

/** The live lead assignment's unit of a task (a cancelled lead no longer consolidates anything). */
export async function leadUnitOf(manager: EntityManager, taskId: string): Promise<string | null> {
  const rows: { unit_id: string }[] = await manager.query(
    `SELECT unit_id FROM assignments WHERE task_id = $1 AND role = 'lead' AND state <> 'cancelled' LIMIT 1`,
    [taskId],
  );
  return rows[0]?.unit_id ?? null;
}

/**
 * Loads an assignment with what the access rules need. Invisible and missing look the same (404),
 * so nobody learns which ids exist in other units.
 */
export async function loadAssignment(manager: EntityManager, user: AuthUser, id: string): Promise<AssignmentContext> {
  const assignment = await manager.findOneBy(Assignment, { id });
  if (!assignment) throw assignmentNotFound();
  const task = await manager.findOneByOrFail(Task, { id: assignment.taskId });
  const facts: AssignmentFacts = {
    unitId: assignment.unitId,
    role: assignment.role,
    taskOwnerUnitId: task.ownerUnitId,
    leadUnitId: await leadUnitOf(manager, task.id),
  };
  if (!canSeeAssignment(user, facts)) throw assignmentNotFound();
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
