import { Injectable } from '@nestjs/common';
import { Task, type AssignmentRole, type CompletionRule } from '@duban/db';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { AuthUser } from '@duban/access';
import { AuditService } from '@duban/audit';
import { Clock } from '@duban/clock';
import { DubanError } from '@duban/errors';
import type { RequestContext } from '@duban/audit';
import { leadUnitOf } from '@duban/access';
import { insertNamedAssignments, leadRequired } from './assignment-writer';
import { loadTaskForManage } from '../tasks/task-loading';
import type { AssignBody, BulkAssignBody } from './assignment.inputs';
import { isBounded, unitSetWhere } from './unit-set';

export interface AssignResult {
  created: number;
  skipped: string[];
  assignments: { id: string; unitId: string; role: AssignmentRole }[];
}

export interface BulkAssignResult {
  matched: number;
  created: number;
  skipped: number;
  completionRule: CompletionRule;
}

/** Gives a task to units: named ones, or a whole unit set in one INSERT … SELECT. */
@Injectable()
export class AssignmentService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async assign(ctx: RequestContext, user: AuthUser, taskId: string, body: AssignBody): Promise<AssignResult> {
    return this.db.transaction(async (m) => {
      const task = await this.assignableTask(m, user, taskId);
      const dueDate = body.dueDate ?? task.dueDate;
      const { created, skipped } = await insertNamedAssignments(m, taskId, body.units, dueDate, this.clock.now());
      await this.audit.record(m, ctx, {
        action: 'task.assigned',
        objectType: 'task',
        objectId: taskId,
        after: { dueDate, assignments: created, skipped },
      });
      return { created: created.length, skipped, assignments: created };
    });
  }

  /**
   * One statement for the whole set: 20,000 schools are one INSERT … SELECT … ON CONFLICT DO
   * NOTHING, and one audit event names the set and the count.
   */
  async assignBulk(ctx: RequestContext, user: AuthUser, taskId: string, body: BulkAssignBody): Promise<BulkAssignResult> {
    if (!isBounded(body.unitSet)) throw new DubanError('UNIT_SET_UNBOUNDED', '请至少指定单位类型、标签或上级单位之一');
    return this.db.transaction(async (m) => {
      const task = await this.assignableTask(m, user, taskId);
      if (body.role === 'cooperating' && (await leadUnitOf(m, taskId)) === null) throw leadRequired();
      const dueDate = body.dueDate ?? task.dueDate;
      const where = unitSetWhere(body.unitSet, 4);
      const [counts]: { matched: number; created: number }[] = await m.query(
        `WITH cand AS (SELECT u.id FROM org_units u WHERE ${where.sql}),
              ins AS (
                INSERT INTO assignments (task_id, unit_id, role, due_date, created_at, updated_at)
                SELECT $1, cand.id, $2, $3, $${4 + where.params.length}, $${4 + where.params.length} FROM cand
                ON CONFLICT (task_id, unit_id) DO NOTHING
                RETURNING 1)
         SELECT (SELECT count(*) FROM cand)::int AS matched, (SELECT count(*) FROM ins)::int AS created`,
        [taskId, body.role, dueDate, ...where.params, this.clock.now()],
      );
      // a task given to a whole set of schools is done when every school is: the default, unless said otherwise
      const completionRule = body.completionRule ?? 'all_units_approval';
      if (completionRule !== task.completionRule) await m.update(Task, { id: taskId }, { completionRule });
      await this.audit.record(m, ctx, {
        action: 'task.assigned_bulk',
        objectType: 'task',
        objectId: taskId,
        before: { completionRule: task.completionRule },
        after: { unitSet: body.unitSet, role: body.role, dueDate, matched: counts.matched, created: counts.created, completionRule },
      });
      return { ...counts, skipped: counts.matched - counts.created, completionRule };
    });
  }

  private async assignableTask(m: EntityManager, user: AuthUser, taskId: string): Promise<Task> {
    const task = await loadTaskForManage(m, user, taskId);
    if (!task.ownerUnitId) throw new DubanError('TASK_OWNER_REQUIRED', '请先为任务指定负责审核的科室，再分派单位');
    return task;
  }
}
