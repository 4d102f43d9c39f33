import { Injectable } from '@nestjs/common';
import { Clock } from '@duban/clock';
import { Plan } from '@duban/db';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '@duban/audit';
import { PlanAccess, type AuthUser } from '@duban/access';
import { DubanError } from '@duban/errors';
import type { RequestContext } from '@duban/audit';
import { planImport, type RowChange, type RowError, type UnitMember } from './task-sheet-import';
import { readSheetRows } from './task-sheet.model';
import { readSheet, SheetUnreadable, writeSheet, type ParsedRow } from './task-sheet.xlsx';

export interface ImportReport {
  dryRun: boolean;
  applied: boolean;
  rows: number;
  unchanged: number;
  changes: { ownersChanged: number; tasksUpdated: number; changeRequests: number };
  items: RowChange[];
  errors: RowError[];
}

const CHANGE_REASON = '通过任务分解表导入提出的调整';

/** Export of the 任务分解表 and its import back as bulk edits (dry run first, all-or-nothing). */
@Injectable()
export class TaskSheetService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly plans: PlanAccess,
    private readonly clock: Clock,
  ) {}

  async export(user: AuthUser, planId: string): Promise<{ fileName: string; bytes: Buffer }> {
    const plan = await this.plan(planId);
    await this.plans.assertCanSeeWork(user, planId);
    const rows = await readSheetRows(this.db.manager, user, planId);
    return { fileName: `${plan.title}-任务分解表.xlsx`, bytes: await writeSheet(plan.title, rows) };
  }

  async import(ctx: RequestContext, user: AuthUser, planId: string, bytes: Buffer, dryRun: boolean): Promise<ImportReport> {
    await this.plan(planId);
    await this.plans.assertCanSeeWork(user, planId);
    let parsed: ParsedRow[];
    try {
      parsed = await readSheet(bytes);
    } catch (e) {
      if (!(e instanceof SheetUnreadable)) throw e;
      throw new DubanError(
        'TASK_SHEET_UNREADABLE',
        '无法读取该文件：请上传本系统导出的任务分解表（.xlsx），并保留表头与隐藏的任务ID、版本列',
      );
    }
    if (dryRun) return this.analyse(this.db.manager, user, planId, parsed, true);
    return this.db.transaction(async (m) => {
      const report = await this.analyse(m, user, planId, parsed, false);
      if (report.errors.length > 0) {
        throw new DubanError('TASK_SHEET_ROW_ERRORS', `表格有 ${report.errors.length} 处错误，未做任何修改`, {
          errors: report.errors,
        });
      }
      await this.apply(m, user, report.items);
      await this.audit.record(m, ctx, {
        action: 'task_sheet.imported',
        objectType: 'plan',
        objectId: planId,
        after: { rows: report.rows, unchanged: report.unchanged, ...report.changes },
      });
      return { ...report, applied: true };
    });
  }

  private async analyse(m: EntityManager, user: AuthUser, planId: string, parsed: ParsedRow[], dryRun: boolean): Promise<ImportReport> {
    // a real run locks the plan's tasks, so the comparison still holds when the writes land
    const current = await readSheetRows(m, user, planId, !dryRun);
    const taskIds = current.map((r) => r.taskId);
    const unitIds = [...new Set(current.flatMap((r) => r.assignments.map((a) => a.unitId)))];
    const members: UnitMember[] = await m.query(
      `SELECT DISTINCT uu.unit_id AS "unitId", u.id AS "userId", u.username, u.display_name AS "displayName"
         FROM user_units uu JOIN users u ON u.id = uu.user_id WHERE uu.unit_id = ANY($1) AND u.is_active`,
      [unitIds],
    );
    const pending: { task_id: string }[] = await m.query(
      `SELECT task_id FROM task_change_requests WHERE status = 'pending' AND task_id = ANY($1)`,
      [taskIds],
    );
    const plan = planImport(parsed, {
      user,
      current: new Map(current.map((r) => [r.taskId, r])),
      members,
      pendingChange: new Set(pending.map((p) => p.task_id)),
    });
    return {
      dryRun,
      applied: false,
      rows: parsed.length,
      unchanged: plan.unchanged,
      changes: {
        ownersChanged: plan.changes.reduce((n, c) => n + c.owners.length, 0),
        tasksUpdated: plan.changes.filter((c) => Object.keys(c.direct).length > 0).length,
        changeRequests: plan.changes.filter((c) => Object.keys(c.proposed).length > 0).length,
      },
      items: plan.changes,
      errors: plan.errors,
    };
  }

  private async apply(m: EntityManager, user: AuthUser, changes: ImportReport['items']): Promise<void> {
    const now = this.clock.now();
    for (const c of changes) {
      for (const o of c.owners) {
        await m.query(`UPDATE assignments SET owner_user_id = $2, version = version + 1, updated_at = $3 WHERE id = $1`, [
          o.assignmentId,
          o.to,
          now,
        ]);
      }
      if (Object.keys(c.direct).length > 0) {
        await m.query(
          `UPDATE tasks SET title = coalesce($2, title), description = coalesce($3, description), due_date = coalesce($4::date, due_date),
                  version = version + 1, updated_at = $5 WHERE id = $1`,
          [c.taskId, c.direct.title ?? null, c.direct.description ?? null, c.direct.dueDate ?? null, now],
        );
      }
      if (Object.keys(c.proposed).length > 0) {
        // the shape ChangeRequestService applies on approval (title, dueDate)
        await m
          .query(
            `INSERT INTO task_change_requests (task_id, kind, proposed, reason, requested_by, created_at) VALUES ($1, 'adjust', $2, $3, $4, $5)`,
            [c.taskId, JSON.stringify(c.proposed), CHANGE_REASON, user.id, now],
          )
          .catch((e: { code?: string }) => {
            // someone filed a change request for this task since the rows were checked: one pending per task
            if (e.code === '23505')
              throw new DubanError('CHANGE_REQUEST_PENDING', '该任务已有待审批的调整或取消申请，请刷新后重试', { taskId: c.taskId });
            throw e;
          });
      }
    }
  }

  private async plan(planId: string): Promise<Plan> {
    const plan = await this.db.getRepository(Plan).findOneBy({ id: planId });
    if (!plan) throw DubanError.notFound('计划', 'PLAN_NOT_FOUND');
    return plan;
  }
}
