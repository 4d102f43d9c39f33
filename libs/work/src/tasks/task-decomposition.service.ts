import { Injectable } from '@nestjs/common';
import { Clock } from '@duban/clock';
import { defaultDueDate } from '@duban/assignment-workflow';
import {
  insertChunked,
  Plan,
  PlanSection,
  PointTarget,
  PointUnitMention,
  Task,
  TaskTarget,
  WorkPoint,
  type TaskCadence,
  together,
} from '@duban/db';
import type { OrgMatcher } from '@duban/org-matcher';
import type { Recurrence } from '@duban/plan-parser';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { In, type DataSource, type EntityManager } from 'typeorm';
import { PlanAccess, type AuthUser } from '@duban/access';
import { AuditService } from '@duban/audit';
import { DubanError } from '@duban/errors';
import type { RequestContext } from '@duban/audit';
import { loadUnitMatcher, ownerFromSuggestions, suggestAssignees, type SuggestedAssignee } from './unit-matching';

// the most frequent cadence wins: a point asking 每月 and 每学期 needs monthly reports
const CADENCE_ORDER: TaskCadence[] = ['week', 'month', 'quarter', 'semester', 'year'];

export interface DecomposedTask extends Task {
  targets: TaskTarget[];
  suggestedAssignees: SuggestedAssignee[];
}

export interface DecomposeResult {
  planId: string;
  created: number;
  tasks: DecomposedTask[];
}

/** Turns a confirmed plan's work points into tasks, one per point not yet decomposed. */
@Injectable()
export class TaskDecompositionService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly plans: PlanAccess,
    private readonly clock: Clock,
  ) {}

  /** Only whoever may change the plan decomposes it, or sees its tasks in full through this call. */
  async decompose(ctx: RequestContext, user: AuthUser, planId: string, bureauId?: string): Promise<DecomposeResult> {
    await this.plans.assertCanChange(user, planId);
    const matcher = await loadUnitMatcher(this.db.manager, bureauId);
    return this.db.transaction(async (m) => {
      // the plan row lock makes two concurrent decompositions run one after the other (idempotent)
      const plan = await m.findOne(Plan, { where: { id: planId }, lock: { mode: 'pessimistic_write' } });
      if (!plan) throw DubanError.notFound('计划', 'PLAN_NOT_FOUND');
      if (plan.status !== 'confirmed') throw new DubanError('PLAN_NOT_CONFIRMED', '计划尚未确认，不能分解为任务');

      const tasks = await this.createMissingTasks(m, ctx, plan, matcher);
      return { planId, created: tasks.length, tasks: await this.planTasks(m, planId, matcher) };
    });
  }

  /**
   * One task per point of the (locked, confirmed) plan that has none yet, owned by the department its
   * lead mention matches confidently; runs in the caller's transaction (decompose, routing).
   */
  async createMissingTasks(m: EntityManager, ctx: RequestContext, plan: Plan, matcher: OrgMatcher): Promise<Task[]> {
    const planId = plan.id;
    const points = await m
      .createQueryBuilder(WorkPoint, 'p')
      .where('p.plan_id = :planId', { planId })
      .andWhere('NOT EXISTS (SELECT 1 FROM tasks t WHERE t.point_id = p.id)')
      .orderBy('p.position', 'ASC')
      .getMany();
    const pointIds = points.map((p) => p.id);
    const [mentions, pointTargets] = await together(
      m,
      () => this.mentionsOf(m, pointIds),
      () => this.targetsOf(m, pointIds),
    );
    const fallbackYear = Number(this.clock.today().slice(0, 4));
    const sectionDeadlines = await this.sectionDeadlinesOf(m, planId);

    const tasks: Task[] = [];
    const targets: TaskTarget[] = [];
    for (const point of points) {
      const id = randomUUID();
      const suggestions = suggestAssignees(matcher, mentions.get(point.id) ?? []);
      tasks.push(
        Object.assign(new Task(), {
          id,
          planId,
          pointId: point.id,
          position: 0,
          title: titleOf(point),
          description: point.text,
          ownerUnitId: ownerFromSuggestions(suggestions),
          // the point's own deadlines, else its heading's (（三）…（6月底前完成）), else the period's end
          dueDate: defaultDueDate(
            point.deadlines.length > 0 ? point.deadlines : (sectionDeadlines.get(point.sectionId) ?? []),
            plan,
            fallbackYear,
          ),
          cadence: cadenceOf(point.recurrence),
          createdBy: ctx.actor,
        }),
      );
      (pointTargets.get(point.id) ?? []).forEach((t, position) =>
        targets.push(
          Object.assign(new TaskTarget(), {
            taskId: id,
            position,
            phrase: t.phrase,
            metric: t.metric,
            value: t.value,
            unit: t.unit,
            comparator: t.comparator as TaskTarget['comparator'],
          }),
        ),
      );
    }
    await insertChunked(m, Task, tasks);
    await insertChunked(m, TaskTarget, targets);
    for (const t of tasks) {
      await this.audit.record(m, ctx, {
        action: 'task.created',
        objectType: 'task',
        objectId: t.id,
        after: { planId, pointId: t.pointId, title: t.title, dueDate: t.dueDate, cadence: t.cadence, ownerUnitId: t.ownerUnitId },
      });
    }
    return tasks;
  }

  /** Every task of the plan with its targets and the matcher's suggestions, so a repeated call shows the same picture. */
  private async planTasks(m: EntityManager, planId: string, matcher: OrgMatcher): Promise<DecomposedTask[]> {
    const tasks = await m
      .createQueryBuilder(Task, 't')
      .innerJoin(WorkPoint, 'p', 'p.id = t.point_id')
      .where('t.plan_id = :planId', { planId })
      .orderBy('p.position', 'ASC')
      .addOrderBy('t.position', 'ASC')
      .getMany();
    const taskIds = tasks.map((t) => t.id);
    const targets = taskIds.length > 0 ? await m.find(TaskTarget, { where: { taskId: In(taskIds) }, order: { position: 'ASC' } }) : [];
    const mentions = await this.mentionsOf(m, [...new Set(tasks.map((t) => t.pointId))]);
    return tasks.map((t) => ({
      ...t,
      targets: targets.filter((x) => x.taskId === t.id),
      suggestedAssignees: suggestAssignees(matcher, mentions.get(t.pointId) ?? []),
    }));
  }

  /** Per section, its own deadlines or else the nearest enclosing section's. */
  private async sectionDeadlinesOf(m: EntityManager, planId: string): Promise<Map<string, { date: string }[]>> {
    const sections = await m.find(PlanSection, { where: { planId }, select: { id: true, parentId: true, deadlines: true } });
    const byId = new Map(sections.map((s) => [s.id, s]));
    const out = new Map<string, { date: string }[]>();
    for (const s of sections) {
      let at: PlanSection | undefined = s;
      // headings nest a few levels deep; the bound guards against a cycle in bad data
      for (let depth = 0; at && depth < 20; depth++) {
        if ((at.deadlines ?? []).length > 0) {
          out.set(s.id, at.deadlines);
          break;
        }
        at = at.parentId ? byId.get(at.parentId) : undefined;
      }
    }
    return out;
  }

  private async mentionsOf(m: EntityManager, pointIds: string[]): Promise<Map<string, PointUnitMention[]>> {
    const rows = pointIds.length > 0 ? await m.find(PointUnitMention, { where: { pointId: In(pointIds) } }) : [];
    return groupBy(rows, (r) => r.pointId);
  }

  private async targetsOf(m: EntityManager, pointIds: string[]): Promise<Map<string, PointTarget[]>> {
    const rows = pointIds.length > 0 ? await m.find(PointTarget, { where: { pointId: In(pointIds) } }) : [];
    return groupBy(rows, (r) => r.pointId);
  }
}

function titleOf(point: WorkPoint): string {
  const title = point.title.trim();
  if (title) return title.slice(0, 500);
  // a point without its own title: its first clause names it well enough until a person edits it
  const first = point.text.split(/[。；;]/)[0].trim();
  return (first || `第${point.number}项工作`).slice(0, 60);
}

function cadenceOf(recurrence: Recurrence[]): TaskCadence | null {
  const found = CADENCE_ORDER.filter((c) => recurrence.some((r) => r.every === c));
  return found[0] ?? null;
}

function groupBy<T>(rows: T[], key: (row: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const r of rows) {
    const k = key(r);
    const list = map.get(k);
    if (list) list.push(r);
    else map.set(k, [r]);
  }
  return map;
}
