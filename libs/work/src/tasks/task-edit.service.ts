import { Injectable } from '@nestjs/common';
import { Clock } from '@duban/clock';
import { OrgUnit, Task, TaskTarget } from '@duban/db';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { In, type DataSource, type EntityManager } from 'typeorm';
import type { AuthUser } from '@duban/access';
import { AuditService } from '@duban/audit';
import { DubanError } from '@duban/errors';
import type { RequestContext } from '@duban/audit';
import { headUnitIds, isAdmin } from '@duban/access';
import { anyAssignment, checkTaskVersion, liveAssignmentCount, loadTaskForManage, replaceTargets } from './task-loading';
import type { MergeTasksBody, PatchTaskBody, SplitTaskBody } from './task.inputs';

const CORE_FIELDS = ['title', 'targets', 'dueDate'] as const;
const CADENCE_ORDER = ['week', 'month', 'quarter', 'semester', 'year'];

const alreadyAssigned = (): DubanError => new DubanError('TASK_ALREADY_ASSIGNED', '任务已分派给单位，不能再拆分或合并');

/**
 * Direct edits of tasks before they are assigned: fields, split, merge. Once units work on a task
 * its core content changes only through an approved change request.
 */
@Injectable()
export class TaskEditService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async patch(ctx: RequestContext, user: AuthUser, taskId: string, body: PatchTaskBody): Promise<void> {
    await this.db.transaction(async (m) => {
      const task = await loadTaskForManage(m, user, taskId);
      await checkTaskVersion(m, user, task, body.version);
      const assigned = (await liveAssignmentCount(m, taskId)) > 0;
      const core = CORE_FIELDS.filter((f) => body[f] !== undefined);
      if (assigned && core.length > 0) {
        throw new DubanError('CHANGE_NEEDS_APPROVAL', '任务已分派，修改标题、指标、时限或责任单位须提交调整审批', {
          fields: core,
          changeRequests: `/api/tasks/${taskId}/change-requests`,
        });
      }
      if (body.ownerUnitId !== undefined && body.ownerUnitId !== task.ownerUnitId) {
        if (assigned) throw new DubanError('TASK_OWNER_LOCKED', '任务已分派，不能更换负责科室');
        await this.checkOwner(m, user, body.ownerUnitId);
      }
      const values: Partial<Task> = {};
      for (const f of ['title', 'description', 'dueDate', 'cadence', 'ownerUnitId', 'completionRule'] as const) {
        if (body[f] !== undefined) Object.assign(values, { [f]: body[f] });
      }
      const before = Object.fromEntries(Object.keys(values).map((k) => [k, task[k as keyof Task]]));
      let targets: { before: TaskTarget[]; after: object[] } | null = null;
      if (body.targets) targets = await replaceTargets(m, taskId, body.targets);
      // the version moves even when only targets changed: readers must notice
      await m.update(Task, { id: taskId }, { ...values, updatedAt: this.clock.now() });
      await this.audit.record(m, ctx, {
        action: 'task.updated',
        objectType: 'task',
        objectId: taskId,
        before: { ...before, version: task.version, ...(targets ? { targets: targets.before } : {}) },
        after: { ...values, version: task.version + 1, ...(targets ? { targets: targets.after } : {}) },
      });
    });
  }

  /** The first part keeps the task's id; the others are new tasks under the same point. */
  async split(ctx: RequestContext, user: AuthUser, taskId: string, body: SplitTaskBody): Promise<string[]> {
    return this.db.transaction(async (m) => {
      const task = await loadTaskForManage(m, user, taskId);
      await checkTaskVersion(m, user, task, body.version);
      if (await anyAssignment(m, taskId)) throw alreadyAssigned();
      const targetIds = new Set((await m.find(TaskTarget, { where: { taskId } })).map((t) => t.id));
      const claimed = new Set<string>();
      for (const id of body.parts.flatMap((p) => p.targetIds ?? [])) {
        if (!targetIds.has(id)) throw new DubanError('TARGET_NOT_IN_TASK', '指标不属于该任务', { targetId: id });
        if (claimed.has(id)) throw new DubanError('TARGET_IN_TWO_PARTS', '同一指标只能分到一个部分', { targetId: id });
        claimed.add(id);
      }

      const [first, ...rest] = body.parts;
      const newIds = rest.map(() => randomUUID());
      await m.update(Task, { id: taskId }, { title: first.title, description: first.description ?? task.description });
      await m.insert(
        Task,
        rest.map((p, i) => ({
          id: newIds[i],
          planId: task.planId,
          pointId: task.pointId,
          title: p.title,
          description: p.description ?? '',
          ownerUnitId: task.ownerUnitId,
          dueDate: task.dueDate,
          cadence: task.cadence,
          completionRule: task.completionRule,
          createdBy: ctx.actor,
        })),
      );
      for (const [i, p] of rest.entries()) {
        if (p.targetIds?.length) await m.update(TaskTarget, { id: In(p.targetIds) }, { taskId: newIds[i] });
      }
      // the checklist of evidence applies to every part
      for (const id of newIds) {
        await m.query(
          `INSERT INTO task_evidence_requirements (task_id, position, name)
           SELECT $2, position, name FROM task_evidence_requirements WHERE task_id = $1`,
          [taskId, id],
        );
      }
      await this.renumber(m, task.pointId, [taskId, ...newIds]);
      await this.audit.record(m, ctx, {
        action: 'task.split',
        objectType: 'task',
        objectId: taskId,
        before: { title: task.title, version: task.version },
        after: {
          parts: [taskId, ...newIds].map((id, i) => ({ id, title: body.parts[i].title, targetIds: body.parts[i].targetIds ?? [] })),
        },
      });
      for (const [i, id] of newIds.entries()) {
        await this.audit.record(m, ctx, {
          action: 'task.created',
          objectType: 'task',
          objectId: id,
          after: { splitFrom: taskId, title: rest[i].title },
        });
      }
      return [taskId, ...newIds];
    });
  }

  /** Tasks of one point, none assigned yet, become the first of them. */
  async merge(ctx: RequestContext, user: AuthUser, body: MergeTasksBody): Promise<string> {
    const ids = [...new Set(body.taskIds)];
    if (ids.length < 2) throw new DubanError('MERGE_NEEDS_TWO', '至少选择两个不同的任务进行合并');
    return this.db.transaction(async (m) => {
      // locked in id order so two overlapping merges cannot deadlock
      const tasks: Task[] = [];
      for (const id of [...ids].sort()) tasks.push(await loadTaskForManage(m, user, id));
      const byId = new Map(tasks.map((t) => [t.id, t]));
      const [survivor, ...others] = ids.map((id) => byId.get(id) as Task);
      if (others.some((t) => t.pointId !== survivor.pointId)) {
        throw new DubanError('MERGE_DIFFERENT_POINTS', '只能合并同一工作要点下的任务');
      }
      for (const t of tasks) if (await anyAssignment(m, t.id)) throw alreadyAssigned();

      const all = [survivor, ...others];
      const descriptions = [...new Set(all.map((t) => t.description.trim()).filter(Boolean))];
      const cadences = all.map((t) => t.cadence).filter((c): c is NonNullable<Task['cadence']> => c !== null);
      const values = {
        title: body.title ?? survivor.title,
        description: descriptions.join('\n'),
        dueDate: all
          .map((t) => t.dueDate)
          .sort()
          .at(-1) as string,
        cadence: cadences.sort((a, b) => CADENCE_ORDER.indexOf(a) - CADENCE_ORDER.indexOf(b))[0] ?? null,
      };
      const otherIds = others.map((t) => t.id);
      // targets and checklist items follow, numbered after the survivor's own
      await m.query(
        `UPDATE task_targets tt SET task_id = $1, position = tt.position + 1000 * (array_position($2::uuid[], tt.task_id))
         WHERE tt.task_id = ANY($2::uuid[])`,
        [survivor.id, otherIds],
      );
      await m.query(`UPDATE task_evidence_requirements SET task_id = $1 WHERE task_id = ANY($2::uuid[])`, [survivor.id, otherIds]);
      await m.update(Task, { id: survivor.id }, values);
      await m.delete(Task, otherIds);
      await this.renumber(m, survivor.pointId, []);
      await this.audit.record(m, ctx, {
        action: 'task.merged',
        objectType: 'task',
        objectId: survivor.id,
        before: { tasks: all.map((t) => ({ id: t.id, title: t.title, dueDate: t.dueDate })) },
        after: values,
      });
      for (const t of others) {
        await this.audit.record(m, ctx, { action: 'task.merged_into', objectType: 'task', objectId: t.id, after: { into: survivor.id } });
      }
      return survivor.id;
    });
  }

  /** A department may own tasks; non-admins may hand a task only to a department they head. */
  private async checkOwner(m: EntityManager, user: AuthUser, unitId: string): Promise<void> {
    const unit = await m.findOneBy(OrgUnit, { id: unitId });
    if (!unit || unit.archivedAt) throw new DubanError('UNIT_NOT_FOUND', '负责科室不存在', { unitId });
    if (unit.type !== 'department') throw new DubanError('OWNER_NOT_DEPARTMENT', '任务只能由科室负责', { unitId });
    if (!isAdmin(user) && !headUnitIds(user).includes(unitId)) throw DubanError.forbidden('只能把任务认领到自己负责的科室');
  }

  /** Positions 0..n-1 under a point, with `inserted` placed right after the first of them. */
  private async renumber(m: EntityManager, pointId: string, inserted: string[]): Promise<void> {
    const rows: { id: string }[] = await m.query(`SELECT id FROM tasks WHERE point_id = $1 ORDER BY position, created_at, id`, [pointId]);
    let order = rows.map((r) => r.id).filter((id) => !inserted.slice(1).includes(id));
    if (inserted.length > 1) {
      const at = order.indexOf(inserted[0]);
      order = [...order.slice(0, at + 1), ...inserted.slice(1), ...order.slice(at + 1)];
    }
    await m.query(`UPDATE tasks t SET position = o.pos - 1 FROM unnest($1::uuid[]) WITH ORDINALITY AS o(id, pos) WHERE t.id = o.id`, [
      order,
    ]);
  }
}
