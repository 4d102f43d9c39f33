import { Injectable } from '@nestjs/common';
import { TaskEvidenceRequirement } from '@duban/db';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, type EntityManager } from 'typeorm';
import { AuditService } from '@duban/audit';
import type { AuthUser } from '@duban/access';
import { DubanError } from '@duban/errors';
import type { RequestContext } from '@duban/audit';
import { headUnitIds, isAdmin, isLeader, memberUnitIds } from '@duban/access';
import type { RequirementItem, RequirementView } from './evidence.views';

interface TaskRow {
  id: string;
  owner_unit_id: string | null;
  status: 'active' | 'cancelled';
  assigned_to_mine: boolean;
}

/**
 * A task's evidence checklist (实施方案, 活动照片, 统计表 …). The head of the department that owns
 * the task (or an admin) sets it; whoever can see the task can read it.
 */
@Injectable()
export class EvidenceRequirementsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
  ) {}

  async list(user: AuthUser, taskId: string): Promise<RequirementView[]> {
    await this.task(this.db.manager, user, taskId, false);
    return this.read(this.db.manager, taskId);
  }

  /** Replaces the checklist: items keep their ids when named by id or by the same name, so linked files stay linked. */
  async replace(ctx: RequestContext, user: AuthUser, taskId: string, items: RequirementItem[]): Promise<RequirementView[]> {
    const names = items.map((i) => i.name);
    const dup = names.find((n, i) => names.indexOf(n) !== i);
    if (dup) throw new DubanError('EVIDENCE_REQUIREMENT_DUPLICATE', `清单项「${dup}」重复`);
    return this.db.transaction(async (m) => {
      const task = await this.task(m, user, taskId, true);
      if (!isAdmin(user) && !(task.owner_unit_id && headUnitIds(user).includes(task.owner_unit_id))) {
        throw new DubanError('EVIDENCE_REQUIREMENTS_FORBIDDEN', '只有负责科室负责人可以设置佐证材料清单');
      }
      if (task.status === 'cancelled') throw new DubanError('TASK_CANCELLED', '任务已取消，不能修改佐证材料清单');
      const before = await this.read(m, taskId);
      const byId = new Map(before.map((r) => [r.id, r]));
      const byName = new Map(before.map((r) => [r.name, r]));
      const kept = new Set<string>();
      const rows = items.map((item, position) => {
        const match = item.id ? byId.get(item.id) : byName.get(item.name);
        if (item.id && !match) throw new DubanError('EVIDENCE_REQUIREMENT_UNKNOWN', '清单项不属于该任务');
        if (match) {
          if (kept.has(match.id)) throw new DubanError('EVIDENCE_REQUIREMENT_DUPLICATE', `清单项「${item.name}」重复`);
          kept.add(match.id);
        }
        return Object.assign(new TaskEvidenceRequirement(), { ...(match ? { id: match.id } : {}), taskId, position, name: item.name });
      });
      const removed = before.filter((r) => !kept.has(r.id)).map((r) => r.id);
      // files of a removed item stay, unlinked (requirement_id ON DELETE SET NULL)
      if (removed.length > 0) await m.delete(TaskEvidenceRequirement, { id: In(removed) });
      await m.save(rows);
      const after = await this.read(m, taskId);
      await this.audit.record(m, ctx, {
        action: 'task.evidence_requirements.updated',
        objectType: 'task',
        objectId: taskId,
        before: { items: before.map((r) => r.name) },
        after: { items: after.map((r) => r.name) },
      });
      return after;
    });
  }

  private async read(m: EntityManager, taskId: string): Promise<RequirementView[]> {
    const rows = await m.find(TaskEvidenceRequirement, { where: { taskId }, order: { position: 'ASC', name: 'ASC' } });
    return rows.map((r) => ({ id: r.id, name: r.name, position: r.position }));
  }

  /** The task if the user may see it (404 otherwise); `lock` serialises concurrent edits of its checklist. */
  private async task(m: EntityManager, user: AuthUser, taskId: string, lock: boolean): Promise<TaskRow> {
    const rows: TaskRow[] = await m.query(
      `SELECT t.id, t.owner_unit_id, t.status,
              EXISTS (SELECT 1 FROM assignments a WHERE a.task_id = t.id AND a.unit_id = ANY($2::uuid[])) AS assigned_to_mine
         FROM tasks t WHERE t.id = $1 ${lock ? 'FOR UPDATE' : ''}`,
      [taskId, memberUnitIds(user)],
    );
    const task = rows[0];
    const sees =
      task &&
      (isAdmin(user) || isLeader(user) || (task.owner_unit_id && headUnitIds(user).includes(task.owner_unit_id)) || task.assigned_to_mine);
    if (!task || !sees) throw DubanError.notFound('任务', 'TASK_NOT_FOUND');
    return task;
  }
}
