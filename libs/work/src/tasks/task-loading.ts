import { Task, TaskTarget } from '@duban/db';
import type { EntityManager } from 'typeorm';
import type { AuthUser } from '@duban/access';
import { DubanError, versionConflict } from '@duban/errors';
import { canManageTask, scopeTasks } from '@duban/access';
import { taskNotActive, taskNotFound } from './task-errors';
import type { TargetInput } from './task.inputs';

export async function canSeeTask(m: EntityManager, user: AuthUser, taskId: string): Promise<boolean> {
  const qb = m.createQueryBuilder(Task, 't').select('t.id').where('t.id = :taskId', { taskId });
  return (await scopeTasks(qb, user).getCount()) > 0;
}

/**
 * Loads a task the user manages, locked for the rest of the transaction. Someone who may see it but
 * not manage it gets 403; someone who may not even see it gets 404.
 */
export async function loadTaskForManage(m: EntityManager, user: AuthUser, taskId: string, opts: { active?: boolean } = {}): Promise<Task> {
  const task = await m.findOne(Task, { where: { id: taskId }, lock: { mode: 'pessimistic_write' } });
  if (!task) throw taskNotFound();
  if (!canManageTask(user, task)) {
    if (await canSeeTask(m, user, taskId)) throw DubanError.forbidden('只有负责该任务的科室负责人可以执行此操作');
    throw taskNotFound();
  }
  if (opts.active !== false && task.status !== 'active') throw taskNotActive();
  return task;
}

export async function checkTaskVersion(m: EntityManager, user: AuthUser, task: Task, version: number): Promise<void> {
  if (task.version !== version) {
    const current = { version: task.version, status: task.status };
    throw await versionConflict(
      m,
      { objectType: 'task', objectId: task.id, current, stateLabel: task.status === 'cancelled' ? '已取消' : undefined },
      user.id,
    );
  }
}

/** Assignments that still count (a cancelled one no longer binds the task's content). */
export async function liveAssignmentCount(m: EntityManager, taskId: string): Promise<number> {
  const [row] = await m.query(`SELECT count(*)::int AS n FROM assignments WHERE task_id = $1 AND state <> 'cancelled'`, [taskId]);
  return row.n as number;
}

export async function anyAssignment(m: EntityManager, taskId: string): Promise<boolean> {
  const rows: unknown[] = await m.query(`SELECT 1 FROM assignments WHERE task_id = $1 LIMIT 1`, [taskId]);
  return rows.length > 0;
}

/**
 * Replaces a task's targets with the given list: listed ids are updated in place (their reported
 * actuals stay), new ones inserted, unlisted ones removed. Returns before/after for the audit.
 */
export async function replaceTargets(
  m: EntityManager,
  taskId: string,
  inputs: TargetInput[],
): Promise<{ before: TaskTarget[]; after: Omit<TaskTarget, 'id'>[] }> {
  const before = await m.find(TaskTarget, { where: { taskId }, order: { position: 'ASC' } });
  const known = new Set(before.map((t) => t.id));
  const kept = new Set<string>();
  for (const t of inputs) {
    if (t.id && !known.has(t.id)) throw new DubanError('TARGET_NOT_IN_TASK', '指标不属于该任务', { targetId: t.id });
    if (t.id) kept.add(t.id);
  }
  const removed = before.filter((t) => !kept.has(t.id)).map((t) => t.id);
  if (removed.length > 0) await m.delete(TaskTarget, removed);
  const after = inputs.map((t, position) => ({
    taskId,
    position,
    phrase: t.phrase ?? '',
    metric: t.metric,
    value: t.value,
    unit: t.unit,
    comparator: t.comparator,
  }));
  for (const [i, t] of inputs.entries()) {
    if (t.id) await m.update(TaskTarget, { id: t.id }, after[i]);
    else await m.insert(TaskTarget, after[i]);
  }
  return { before, after };
}
