import type { SelectQueryBuilder } from 'typeorm';
import type { AuthUser } from './auth-user';
import { headUnitIds, isAdmin, isLeader, scopeAssignments } from './assignment-access';

/**
 * Task-level rules on top of the shared assignment rules:
 * - the department heads of a task's owner unit manage it (assign, edit, decide changes);
 * - a task nobody owns yet (the matcher was not sure) may be managed by any department head,
 *   who claims it by setting the owner;
 * - a task is visible to whoever manages it, and to anyone who can see one of its assignments.
 */
export interface TaskFacts {
  ownerUnitId: string | null;
}

export function canManageTask(user: AuthUser, task: TaskFacts): boolean {
  if (isAdmin(user)) return true;
  const heads = headUnitIds(user);
  return task.ownerUnitId === null ? heads.length > 0 : heads.includes(task.ownerUnitId);
}

/** Narrows a query over tasks (alias `t`) to the tasks the user may see, in SQL. */
export function scopeTasks<T extends object>(qb: SelectQueryBuilder<T>, user: AuthUser, t = 't'): SelectQueryBuilder<T> {
  if (isAdmin(user) || isLeader(user)) return qb;
  const heads = headUnitIds(user);
  const sub = qb.subQuery().select('1').from('assignments', 'scope_a').where(`scope_a.task_id = ${t}.id`);
  scopeAssignments(sub, user, 'scope_a', t);
  const managed = heads.length > 0 ? `${t}.owner_unit_id IS NULL OR ${t}.owner_unit_id = ANY(:taskScopeHeads) OR ` : '';
  return qb.andWhere(`(${managed}EXISTS ${sub.getQuery()})`, { ...sub.getParameters(), taskScopeHeads: heads });
}
