import { Injectable } from '@nestjs/common';
import { Clock } from '@duban/clock';
import { Task, TaskChangeRequest } from '@duban/db';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { AuthUser } from '@duban/access';
import { AuditService } from '@duban/audit';
import { DubanError } from '@duban/errors';
import type { RequestContext } from '@duban/audit';
import { headUnitIds, isAdmin } from '@duban/access';
import { AssignmentStateMachine } from '../assignments/assignment-state-machine';
import { cancelAssignments, insertNamedAssignments } from '../assignments/assignment-writer';
import { canManageTask } from '@duban/access';
import { taskNotActive, taskNotFound } from '../tasks/task-errors';
import { canSeeTask, replaceTargets } from '../tasks/task-loading';
import type { ChangeProposal, CreateChangeRequestBody } from '../assignments/assignment.inputs';

const requestNotFound = (): DubanError => DubanError.notFound('调整/取消申请', 'CHANGE_REQUEST_NOT_FOUND');

/**
 * 调整审批 / 取消审批: a change to an assigned task's core content (title, targets, due date, units)
 * or its cancellation is proposed, stays pending (the old values in force), and is approved or
 * returned by a head of the department that owns the task.
 */
@Injectable()
export class ChangeRequestService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly machine: AssignmentStateMachine,
    private readonly clock: Clock,
  ) {}

  async create(ctx: RequestContext, user: AuthUser, taskId: string, body: CreateChangeRequestBody): Promise<TaskChangeRequest> {
    return this.db.transaction(async (m) => {
      const task = await m.findOne(Task, { where: { id: taskId }, lock: { mode: 'pessimistic_write' } });
      if (!task || !(await canSeeTask(m, user, taskId))) throw taskNotFound();
      if (!(await this.mayPropose(m, user, task))) throw DubanError.forbidden('只有任务的负责科室或承办单位的负责人可以申请调整或取消');
      if (task.status !== 'active') throw taskNotActive();
      const proposed = body.kind === 'cancel' ? {} : await this.checkProposal(m, taskId, body.proposed);
      const pending = await m.findOneBy(TaskChangeRequest, { taskId, status: 'pending' });
      if (pending) throw new DubanError('CHANGE_REQUEST_PENDING', '该任务已有待审批的调整或取消申请', { changeRequestId: pending.id });
      const row = await m.save(
        m.create(TaskChangeRequest, {
          taskId,
          kind: body.kind,
          proposed: Object.fromEntries(Object.entries(proposed)), // a plain object for the jsonb column
          reason: body.reason.trim(),
          requestedBy: user.id,
          createdAt: this.clock.now(),
        }),
      );
      await this.audit.record(m, ctx, {
        action: body.kind === 'cancel' ? 'task.cancel_requested' : 'task.change_requested',
        objectType: 'task',
        objectId: taskId,
        after: { changeRequestId: row.id, kind: body.kind, proposed, reason: row.reason },
      });
      return row;
    });
  }

  async decide(ctx: RequestContext, user: AuthUser, requestId: string, approve: boolean, reason?: string): Promise<TaskChangeRequest> {
    return this.db.transaction(async (m) => {
      const request = await m.findOne(TaskChangeRequest, { where: { id: requestId }, lock: { mode: 'pessimistic_write' } });
      if (!request || !(await canSeeTask(m, user, request.taskId))) throw requestNotFound();
      const task = await m.findOneOrFail(Task, { where: { id: request.taskId }, lock: { mode: 'pessimistic_write' } });
      const owns = isAdmin(user) || (task.ownerUnitId !== null && headUnitIds(user).includes(task.ownerUnitId));
      if (!owns) throw DubanError.forbidden('只有负责该任务的科室负责人可以审批调整或取消');
      if (request.status !== 'pending') {
        throw new DubanError('CHANGE_REQUEST_DECIDED', '该申请已经处理过了', { status: request.status });
      }
      const decisionReason = reason?.trim() || null;
      if (!approve && !decisionReason) throw new DubanError('REASON_REQUIRED', '退回申请须填写理由');

      let applied: Record<string, unknown> = {};
      if (approve) {
        if (task.status !== 'active') throw taskNotActive();
        applied =
          request.kind === 'cancel'
            ? await this.applyCancellation(m, ctx, user, task, request.reason)
            : await this.applyAdjustment(m, ctx, user, task, request.proposed as ChangeProposal, request.reason);
      }
      const status = approve ? 'approved' : 'returned';
      await m.update(TaskChangeRequest, { id: request.id }, { status, decidedBy: user.id, decidedAt: this.clock.now(), decisionReason });
      await this.audit.record(m, ctx, {
        action: `task.change_${status}`,
        objectType: 'task',
        objectId: task.id,
        before: { changeRequestId: request.id, kind: request.kind, status: 'pending' },
        after: { changeRequestId: request.id, kind: request.kind, status, reason: decisionReason, applied },
      });
      return m.findOneByOrFail(TaskChangeRequest, { id: request.id });
    });
  }

  private async mayPropose(m: EntityManager, user: AuthUser, task: Task): Promise<boolean> {
    if (canManageTask(user, task)) return true;
    const heads = headUnitIds(user);
    if (heads.length === 0) return false;
    const rows: unknown[] = await m.query(
      `SELECT 1 FROM assignments WHERE task_id = $1 AND unit_id = ANY($2::uuid[]) AND state <> 'cancelled' LIMIT 1`,
      [task.id, heads],
    );
    return rows.length > 0;
  }

  /** Refuses an empty or impossible proposal now, rather than at approval time. */
  private async checkProposal(m: EntityManager, taskId: string, p: ChangeProposal | undefined): Promise<ChangeProposal> {
    const proposal: ChangeProposal = {};
    if (p?.title !== undefined) proposal.title = p.title.trim();
    if (p?.dueDate !== undefined) proposal.dueDate = p.dueDate;
    if (p?.targets !== undefined) proposal.targets = p.targets;
    if (p?.units?.add?.length || p?.units?.remove?.length) proposal.units = { add: p.units.add ?? [], remove: p.units.remove ?? [] };
    if (Object.keys(proposal).length === 0)
      throw new DubanError('PROPOSAL_EMPTY', '调整申请须至少提出一项修改（标题、指标、时限或责任单位）');
    if (proposal.targets) {
      const ids = proposal.targets.map((t) => t.id).filter((id): id is string => Boolean(id));
      const found: unknown[] = ids.length
        ? await m.query(`SELECT id FROM task_targets WHERE task_id = $1 AND id = ANY($2::uuid[])`, [taskId, ids])
        : [];
      if (found.length !== new Set(ids).size) throw new DubanError('TARGET_NOT_IN_TASK', '指标不属于该任务');
    }
    if (proposal.units?.remove?.length) {
      const found: unknown[] = await m.query(`SELECT 1 FROM assignments WHERE task_id = $1 AND unit_id = ANY($2::uuid[])`, [
        taskId,
        proposal.units.remove,
      ]);
      if (found.length !== new Set(proposal.units.remove).size) throw new DubanError('UNIT_NOT_ASSIGNED', '要移除的单位并未承担该任务');
    }
    return proposal;
  }

  /**
   * Applies an approved adjustment. A new due date moves the open assignments that still had the
   * task's date (one granted an individual extension keeps it), each move kept in the due history.
   */
  private async applyAdjustment(
    m: EntityManager,
    ctx: RequestContext,
    user: AuthUser,
    task: Task,
    p: ChangeProposal,
    reason: string,
  ): Promise<Record<string, unknown>> {
    const applied: Record<string, unknown> = {};
    const values: Partial<Task> = {};
    if (p.title !== undefined) {
      values.title = p.title;
      applied.title = { from: task.title, to: p.title };
    }
    if (p.targets) applied.targets = await replaceTargets(m, task.id, p.targets);
    if (p.dueDate !== undefined && p.dueDate !== task.dueDate) {
      values.dueDate = p.dueDate;
      const open = await this.machine.rows.lockOfTask(m, task.id, { dueDate: task.dueDate });
      const movedIds = await this.machine.transitionMany(m, ctx, {
        assignments: open,
        action: 'move_due_date',
        actor: 'owner',
        reason,
        dueDate: p.dueDate,
        auditAction: 'assignment.due_date_moved',
        auditAfter: { source: 'adjustment' },
      });
      await this.machine.rows.logDueChanges(m, movedIds, {
        oldDue: task.dueDate,
        newDue: p.dueDate,
        source: 'adjustment',
        reason,
        changedBy: user.id,
      });
      const moved = { n: movedIds.length };
      applied.dueDate = { from: task.dueDate, to: p.dueDate, assignmentsMoved: moved.n as number };
    }
    if (p.units?.remove?.length) {
      applied.cancelled = (await cancelAssignments(m, this.machine, ctx, task.id, p.units.remove, user.id, reason)).length;
    }
    if (p.units?.add?.length) {
      const added = await insertNamedAssignments(m, task.id, p.units.add, values.dueDate ?? task.dueDate, this.clock.now());
      applied.added = added.created;
    }
    await m.update(Task, { id: task.id }, { ...values, updatedAt: this.clock.now() });
    return applied;
  }

  private async applyCancellation(
    m: EntityManager,
    ctx: RequestContext,
    user: AuthUser,
    task: Task,
    reason: string,
  ): Promise<Record<string, unknown>> {
    const cancelled = await cancelAssignments(m, this.machine, ctx, task.id, null, user.id, reason);
    await m.update(Task, { id: task.id }, { status: 'cancelled', cancelReason: reason });
    return { status: { from: task.status, to: 'cancelled' }, assignmentsCancelled: cancelled.length };
  }
}
