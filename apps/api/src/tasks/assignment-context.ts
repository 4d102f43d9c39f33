import { STATE_LABELS, type Actor } from '@duban/assignment-workflow';
import { Assignment, Task } from '@duban/db';
import type { EntityManager } from 'typeorm';
import type { AuthUser } from '@duban/access';
import { versionConflict } from '@duban/errors';
import { actorsFor, canSeeAssignment, type AssignmentFacts } from './assignment-access';
import { assignmentNotFound } from './task-errors';

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

/** A write based on an old read is refused with what is current now and who changed it, so the client can refresh. */
export async function checkVersion(m: EntityManager, user: AuthUser, assignment: Assignment, version: number | undefined): Promise<void> {
  if (version !== undefined && version !== assignment.version) throw await assignmentConflict(m, assignment, user.id);
}

const assignmentConflict = (m: EntityManager, a: Pick<Assignment, 'id' | 'state' | 'version'>, callerId?: string) =>
  versionConflict(
    m,
    { objectType: 'assignment', objectId: a.id, current: { state: a.state, version: a.version }, stateLabel: STATE_LABELS[a.state] },
    callerId,
  );

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
    // the winner has committed (its row lock made us wait), so its audit row names who it was
    const current = await manager.findOneBy(Assignment, { id: assignment.id });
    throw await assignmentConflict(manager, current ?? assignment);
  }
  return assignment.version + 1;
}
