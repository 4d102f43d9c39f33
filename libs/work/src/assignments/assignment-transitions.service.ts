import { Injectable } from '@nestjs/common';
import { Clock } from '@duban/clock';
import {
  ACTION_LABELS,
  ACTOR_LABELS,
  chinaDate,
  isOverdue,
  TRANSITIONS,
  type Actor,
  type AssignmentAction,
} from '@duban/assignment-workflow';
import { Assignment, AssignmentDueChange, ExtensionRequest, ReviewDecision } from '@duban/db';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { AuthUser } from '@duban/access';
import { DubanError } from '@duban/errors';
import type { RequestContext } from '@duban/audit';
import { assertRequiredEvidenceAccepted } from '../evidence/evidence-checklist';
import { checkVersion, loadAssignment, type AssignmentContext } from './assignment-context';
import { AssignmentStateMachine } from './assignment-state-machine';
import type { TransitionBody } from './assignment.inputs';

/** The transitions with their own endpoint; progress reports move state too (see ProgressService). */
export type TransitionAction = Extract<AssignmentAction, 'start' | 'submit' | 'approve' | 'return' | 'request_extension' | 'cancel'>;

/** The actor an action needs, if the user plays it for this assignment; otherwise 403. */
export function requireActor(c: AssignmentContext, action: AssignmentAction): Actor {
  const needed = TRANSITIONS[action].by;
  if (!c.actors.includes(needed)) throw DubanError.forbidden(`「${ACTION_LABELS[action]}」只能由${ACTOR_LABELS[needed]}执行`);
  return needed;
}

/**
 * The explicit transitions of an assignment. Each: load (404 if invisible), check the actor (403),
 * the version (409 with the current state), the action's own rules, then the one transition path
 * (AssignmentStateMachine) writes the row, its audit event and runs the hooks — all in one transaction.
 */
@Injectable()
export class AssignmentTransitionsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly machine: AssignmentStateMachine,
    private readonly clock: Clock,
  ) {}

  async apply(ctx: RequestContext, user: AuthUser, id: string, action: TransitionAction, body: TransitionBody): Promise<Assignment> {
    return this.db.transaction(async (m) => {
      const c = await loadAssignment(m, user, id);
      const actor = requireActor(c, action);
      await checkVersion(m, user, c.assignment, body.version);
      const a = c.assignment;
      const reason = action === 'approve' ? null : (body.reason?.trim() ?? null);
      this.machine.guard(a, action, actor, reason);

      const values: Partial<Assignment> = {};
      const now = this.clock.now();
      const extra: Record<string, unknown> = {};
      if (action === 'submit') {
        if (a.role === 'lead') await this.checkConsolidated(m, a.taskId);
        values.submittedAt = now;
      }
      if (action === 'approve') {
        const late = isOverdue(a.dueDate, a.state, chinaDate(now));
        const lateCloseReason = body.lateCloseReason?.trim();
        if (late && !lateCloseReason) {
          throw new DubanError('LATE_CLOSE_REASON_REQUIRED', `已超过完成时限（${a.dueDate}），审核通过须说明逾期原因`, {
            dueDate: a.dueDate,
          });
        }
        await assertRequiredEvidenceAccepted(m, a.id);
        Object.assign(values, { approvedAt: now, approvedBy: user.id, lateCloseReason: late ? lateCloseReason : null });
        extra.late = late;
        if (late) extra.lateCloseReason = lateCloseReason;
      }
      if (action === 'request_extension') {
        if (!body.newDueDate) throw new DubanError('EXTENSION_DATE_REQUIRED', '申请延期须填写新的完成时限');
        if (body.newDueDate <= a.dueDate) {
          throw new DubanError('EXTENSION_DATE_INVALID', `新的完成时限须晚于当前时限（${a.dueDate}）`, { dueDate: a.dueDate });
        }
        const [row] = await m
          .createQueryBuilder()
          .insert()
          .into(ExtensionRequest)
          .values({ assignmentId: a.id, requestedDue: body.newDueDate, reason: reason as string, requestedBy: user.id, createdAt: now })
          .returning(['id'])
          .execute()
          .then((r) => r.raw as { id: string }[]);
        extra.extensionRequestId = row.id;
        extra.requestedDue = body.newDueDate;
      }
      if (action === 'cancel') await this.closePendingExtension(m, a.id, user.id, '分派已取消');
      if (action === 'approve' || action === 'return') {
        const decisionReason = action === 'approve' ? (values.lateCloseReason ?? null) : reason;
        await m.insert(ReviewDecision, { assignmentId: a.id, decision: action, reason: decisionReason, decidedBy: user.id, at: now });
      }
      await this.machine.transition(m, ctx, { assignment: a, action, actor, reason, values, auditAfter: extra });
      return m.findOneByOrFail(Assignment, { id: a.id });
    });
  }

  /** The lead unit or the owner decides an extension request; the due date history keeps every change. */
  async decideExtension(
    ctx: RequestContext,
    user: AuthUser,
    requestId: string,
    approve: boolean,
    body: { version: number; reason?: string },
  ): Promise<Assignment> {
    return this.db.transaction(async (m) => {
      const request = await m.findOne(ExtensionRequest, { where: { id: requestId }, lock: { mode: 'pessimistic_write' } });
      if (!request) throw DubanError.notFound('延期申请', 'EXTENSION_REQUEST_NOT_FOUND');
      const c = await loadAssignment(m, user, request.assignmentId);
      const action = approve ? 'approve_extension' : 'deny_extension';
      const actor = requireActor(c, action);
      if (request.status !== 'pending') {
        throw new DubanError('EXTENSION_ALREADY_DECIDED', '该延期申请已经处理过了', { status: request.status });
      }
      await checkVersion(m, user, c.assignment, body.version);
      const a = c.assignment;
      const reason = body.reason?.trim() || null;
      this.machine.guard(a, action, actor, reason);

      const now = this.clock.now();
      if (approve) {
        await m.insert(AssignmentDueChange, {
          assignmentId: a.id,
          oldDue: a.dueDate,
          newDue: request.requestedDue,
          source: 'extension',
          reason: request.reason,
          changedBy: user.id,
          at: now,
        });
      }
      await m.update(
        ExtensionRequest,
        { id: request.id, status: 'pending' },
        { status: approve ? 'approved' : 'denied', decidedBy: user.id, decidedAt: now, decisionReason: reason },
      );
      await this.machine.transition(m, ctx, {
        assignment: a,
        action,
        actor,
        reason,
        values: approve ? { dueDate: request.requestedDue } : {},
        auditAction: approve ? 'assignment.extension_approved' : 'assignment.extension_denied',
        auditAfter: { extensionRequestId: request.id },
      });
      return m.findOneByOrFail(Assignment, { id: a.id });
    });
  }

  /** A lead unit's submission consolidates its cooperating units': they must be approved (or cancelled) first. */
  private async checkConsolidated(m: EntityManager, taskId: string): Promise<void> {
    const pending: { unit_id: string; name: string; state: string; total: number }[] = await m.query(
      `SELECT a.unit_id, u.name, a.state, count(*) OVER ()::int AS total
       FROM assignments a JOIN org_units u ON u.id = a.unit_id
       WHERE a.task_id = $1 AND a.role = 'cooperating' AND a.state NOT IN ('approved', 'cancelled')
       ORDER BY u.name LIMIT 20`,
      [taskId],
    );
    if (pending.length === 0) return;
    throw new DubanError('COOPERATING_NOT_APPROVED', `还有 ${pending[0].total} 个配合单位的报送未审核通过，牵头单位暂不能提交汇总`, {
      pending: pending[0].total,
      units: pending.map((p) => ({ unitId: p.unit_id, name: p.name, state: p.state })),
    });
  }

  private async closePendingExtension(m: EntityManager, assignmentId: string, userId: string, reason: string): Promise<void> {
    await m.update(
      ExtensionRequest,
      { assignmentId, status: 'pending' },
      { status: 'denied', decidedBy: userId, decidedAt: this.clock.now(), decisionReason: reason },
    );
  }
}
