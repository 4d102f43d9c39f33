import { Injectable } from '@nestjs/common';
import { CLOSED_STATES, planTransition, TRANSITIONS, type Actor, type AssignmentAction } from '@duban/assignment-workflow';
import { AuditService, type RequestContext } from '@duban/audit';
import { DubanError } from '@duban/errors';
import type { Assignment } from '@duban/db';
import type { EntityManager } from 'typeorm';
import { assignmentConflict } from './assignment-context';
import { AssignmentRepository } from './assignment.repository';
import { TransitionHooks, type AssignmentChange } from './transition-hooks';

/** A state action of the workflow, or a due-date move (not a state change, but the same path). */
export type ChangeAction = AssignmentAction | 'move_due_date';

type Values = Partial<Omit<Assignment, 'id' | 'version' | 'updatedAt' | 'createdAt' | 'state' | 'resumeState'>>;

export interface TransitionRequest {
  /** the row as read: its version guards the write */
  assignment: Assignment;
  action: ChangeAction;
  actor: Actor;
  reason?: string | null;
  /** further columns the action sets (submittedAt, approvedBy, dueDate, progressPercent …) */
  values?: Values;
  /** the audit action, `assignment.<action>` unless given, and what the audit row adds to `after` */
  auditAction?: string;
  auditAfter?: Record<string, unknown>;
}

export interface BatchTransitionRequest {
  /** the rows as read (locked by the caller); rows the action cannot apply to are skipped, not refused */
  assignments: Assignment[];
  action: 'cancel' | 'move_due_date';
  actor: Actor;
  reason: string;
  /** the new due date of a `move_due_date` */
  dueDate?: string;
  auditAction?: string;
  auditAfter?: Record<string, unknown>;
}

/**
 * The one path by which an assignment's state, due date or cancellation changes (vendure's
 * order-state-machine is the model): guards first (the state machine of @duban/assignment-workflow,
 * the actor, the reason, a closed assignment's due date stays), then the row is written with its
 * version in the WHERE clause, one audit row per assignment with before and after, and the
 * registered hooks see every change, inside the same transaction. No other code writes
 * `assignments.state`, `resume_state` or `due_date`.
 */
@Injectable()
export class AssignmentStateMachine {
  constructor(
    private readonly audit: AuditService,
    private readonly hooks: TransitionHooks,
    readonly rows: AssignmentRepository,
  ) {}

  /** One assignment. Returns its new version. */
  async transition(m: EntityManager, ctx: RequestContext, req: TransitionRequest): Promise<number> {
    const a = req.assignment;
    const next = this.guard(a, req.action, req.actor, req.reason ?? null);
    const values = { ...req.values, ...next };
    if (!(await this.rows.updateIfCurrent(m, a, values))) {
      // the winner has committed (its row lock made us wait), so its audit row names who it was
      const current = await this.rows.findById(m, a.id);
      throw await assignmentConflict(m, current ?? a);
    }
    await this.finish(m, ctx, [{ before: a, action: req.action, actor: req.actor, reason: req.reason ?? null, values }], req);
    return a.version + 1;
  }

  /**
   * Many assignments in one statement (cancel a task's open assignments, move the due date of
   * those that still had the task's): the same guards per row, one audit row per assignment.
   * Returns the changed rows' ids.
   */
  async transitionMany(m: EntityManager, ctx: RequestContext, req: BatchTransitionRequest): Promise<string[]> {
    if (req.action === 'move_due_date' && !req.dueDate) throw new Error('move_due_date needs a due date');
    // in id order: audit rows and hooks come out the same way every time
    const applicable = req.assignments.filter((a) => this.applies(a, req.action)).sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
    if (applicable.length === 0) return [];
    const changes = applicable.map((a) => ({
      before: a,
      action: req.action,
      actor: req.actor,
      reason: req.reason,
      values: { ...(req.action === 'move_due_date' ? { dueDate: req.dueDate } : {}), ...this.guard(a, req.action, req.actor, req.reason) },
    }));
    const written = await this.rows.updateManyIfCurrent(
      m,
      changes.map((c) => ({ id: c.before.id, version: c.before.version, state: c.values.state, resumeState: c.values.resumeState })),
      req.action === 'move_due_date' ? (req.dueDate ?? null) : null,
    );
    if (written.size !== changes.length) {
      const lost = changes.find((c) => !written.has(c.before.id)) ?? changes[0];
      const current = await this.rows.findById(m, lost.before.id);
      throw await assignmentConflict(m, current ?? lost.before);
    }
    await this.finish(m, ctx, changes, req);
    return changes.map((c) => c.before.id);
  }

  /** Whether a set-based action applies to a row at all (a cancelled row is not cancelled again). */
  private applies(a: Assignment, action: ChangeAction): boolean {
    if (action === 'move_due_date') return !CLOSED_STATES.includes(a.state);
    return TRANSITIONS[action].from.includes(a.state);
  }

  /**
   * The guards: the state machine decides the next state; a due date moves only on an open
   * assignment. Public so a caller can refuse early, before its own checks; `transition` runs it again.
   */
  guard(a: Assignment, action: ChangeAction, actor: Actor, reason: string | null): Pick<Assignment, 'state' | 'resumeState'> {
    if (action === 'move_due_date') {
      if (CLOSED_STATES.includes(a.state)) {
        throw new DubanError('ASSIGNMENT_CLOSED', '已完成或已取消的分派不能再调整完成时限', { state: a.state, version: a.version });
      }
      return { state: a.state, resumeState: a.resumeState };
    }
    const plan = planTransition(a.state, action, actor, { reason, resumeState: a.resumeState });
    if (plan.ok) return { state: plan.to, resumeState: plan.resumeState };
    if (plan.code === 'REASON_REQUIRED') throw new DubanError('REASON_REQUIRED', plan.messageZh);
    if (plan.code === 'NOT_YOUR_ACTION') throw DubanError.forbidden(plan.messageZh);
    throw new DubanError('ILLEGAL_TRANSITION', plan.messageZh, { state: a.state, version: a.version });
  }

  /** The after-part: one audit row per assignment, then every hook sees every change. */
  private async finish(
    m: EntityManager,
    ctx: RequestContext,
    changes: {
      before: Assignment;
      action: ChangeAction;
      actor: Actor;
      reason: string | null;
      values: Values & Pick<Assignment, 'state' | 'resumeState'>;
    }[],
    req: { auditAction?: string; auditAfter?: Record<string, unknown> },
  ): Promise<void> {
    const done: AssignmentChange[] = changes.map((c) => ({
      assignmentId: c.before.id,
      taskId: c.before.taskId,
      unitId: c.before.unitId,
      action: c.action,
      actor: c.actor,
      from: { state: c.before.state, dueDate: c.before.dueDate, version: c.before.version },
      to: { state: c.values.state, dueDate: c.values.dueDate ?? c.before.dueDate, version: c.before.version + 1 },
      reason: c.reason,
    }));
    await this.audit.recordMany(
      m,
      ctx,
      done.map((c) => ({
        action: req.auditAction ?? `assignment.${c.action}`,
        objectType: 'assignment',
        objectId: c.assignmentId,
        before: c.from,
        after: { ...c.to, reason: c.reason, ...req.auditAfter },
      })),
    );
    for (const change of done) await this.hooks.run(m, change);
  }
}
