import { Injectable } from '@nestjs/common';
import { OrgUnit, Plan, PointUnitMention, Task, WorkPoint, together } from '@duban/db';
import type { OrgUnitInput } from '@duban/org-matcher';
import { InjectDataSource } from '@nestjs/typeorm';
import { In, IsNull, type DataSource, type EntityManager } from 'typeorm';
import type { AuthUser } from '@duban/access';
import { AuditService, type RequestContext } from '@duban/audit';
import { DubanError } from '@duban/errors';
import { TaskDecompositionService } from '../tasks/task-decomposition.service';
import { loadUnitMatcher } from '../tasks/unit-matching';
import { suggestRouting, type RoutingSuggestion } from './routing-suggestions';
import type { RouteInput, RoutingItemInput } from './routing.inputs';

interface Routed {
  ownerUnitId: string | null;
  cooperatingUnitIds: string[];
}
interface RoutingChange {
  taskId: string;
  before: Routed;
  after: Routed;
}
type UnitName = { id: string; name: string };

export interface RoutingTaskView {
  taskId: string;
  title: string;
  status: string;
  ownerUnitId: string | null;
  ownerUnitName: string | null;
  cooperatingUnits: UnitName[];
  /** assignments not cancelled: once there are any, the routing of this task is settled */
  liveAssignments: number;
}

export interface RoutingPointView {
  pointId: string;
  number: number;
  title: string;
  excerpt: string;
  sectionTitle: string;
  mentions: { name: string; role: string }[];
  suggested: {
    leadUnitId: string | null;
    leadUnitName: string | null;
    cooperatingUnits: UnitName[];
    reasons: (RoutingSuggestion['reasons'][number] & { unitName: string })[];
  };
  tasks: RoutingTaskView[];
}

export interface RoutingView {
  planId: string;
  planTitle: string;
  points: RoutingPointView[];
  /** the latest routing still undoable (no live assignment on its tasks), if any */
  lastRouting: {
    id: string;
    createdAt: Date;
    routedBy: string | null;
    routedByName: string | null;
    items: number;
    undoable: boolean;
  } | null;
}

export interface RouteResult {
  routingId: string | null;
  changed: number;
  unchanged: number;
  created: number;
  items: (RoutingChange & { title: string; ownerUnitName: string | null; cooperatingUnitNames: string[] })[];
}

const EXCERPT = 120;

/**
 * The routing step: the supervision office (or an admin) sees every point of a confirmed plan with
 * the departments suggested for it, and in one request sets each point's (or task's) lead department
 * — the task's owner, whose heads then assign schools and units — and its cooperating units. One
 * audit row per changed task; the latest routing can be undone until one of its tasks is assigned.
 * Who may call it is the `plans:route` permission (admins, members of a supervision office).
 */
@Injectable()
export class RoutingService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly decomposition: TaskDecompositionService,
  ) {}

  async view(_user: AuthUser, planId: string, bureauId?: string): Promise<RoutingView> {
    const m = this.db.manager;
    const plan = await this.confirmedPlan(m, planId);
    const matcher = await loadUnitMatcher(m, bureauId);
    // the bureau's own departments: the one given, else the tree's only root when it has one
    const departments = await this.departments(m, bureauId ?? matcher.defaultScopeId ?? undefined);
    const points = await m
      .createQueryBuilder(WorkPoint, 'p')
      .where('p.plan_id = :planId', { planId })
      .orderBy('p.position', 'ASC')
      .getMany();
    const pointIds = points.map((p) => p.id);
    const [mentions, tasks, sections] = await together(
      m,
      () => (pointIds.length ? m.find(PointUnitMention, { where: { pointId: In(pointIds) } }) : Promise.resolve([])),
      () => m.find(Task, { where: { planId }, order: { position: 'ASC', createdAt: 'ASC' } }),
      () => m.query(`SELECT id, title FROM plan_sections WHERE plan_id = $1`, [planId]) as Promise<{ id: string; title: string }[]>,
    );
    const live = await liveCounts(
      m,
      tasks.map((t) => t.id),
    );
    const sectionTitle = new Map(sections.map((s) => [s.id, s.title]));
    const suggestions = points.map((p) =>
      suggestRouting(
        matcher,
        departments,
        mentions.filter((x) => x.pointId === p.id),
        p.text,
      ),
    );
    const names = await unitNames(m, [
      ...tasks.flatMap((t) => [t.ownerUnitId, ...t.cooperatingUnitIds]),
      ...suggestions.flatMap((s) => s.reasons.map((r) => r.unitId)),
    ]);
    const named = (id: string): UnitName => ({ id, name: names.get(id) ?? '' });
    return {
      planId,
      planTitle: plan.title,
      points: points.map((p, i) => {
        const s = suggestions[i];
        return {
          pointId: p.id,
          number: p.number,
          title: p.title,
          excerpt: p.text.length > EXCERPT ? `${p.text.slice(0, EXCERPT)}…` : p.text,
          sectionTitle: sectionTitle.get(p.sectionId) ?? '',
          mentions: mentions.filter((x) => x.pointId === p.id).map((x) => ({ name: x.name, role: x.role })),
          suggested: {
            leadUnitId: s.leadUnitId,
            leadUnitName: s.leadUnitId ? (names.get(s.leadUnitId) ?? null) : null,
            cooperatingUnits: s.cooperatingUnitIds.map(named),
            reasons: s.reasons.map((r) => ({ ...r, unitName: names.get(r.unitId) ?? '' })),
          },
          tasks: tasks
            .filter((t) => t.pointId === p.id)
            .map((t) => ({
              taskId: t.id,
              title: t.title,
              status: t.status,
              ownerUnitId: t.ownerUnitId,
              ownerUnitName: t.ownerUnitId ? (names.get(t.ownerUnitId) ?? null) : null,
              cooperatingUnits: t.cooperatingUnitIds.map(named),
              liveAssignments: live.get(t.id) ?? 0,
            })),
        };
      }),
      lastRouting: await this.lastRouting(m, planId),
    };
  }

  /** Applies every item in one transaction: all or nothing. */
  async route(ctx: RequestContext, _user: AuthUser, planId: string, input: RouteInput): Promise<RouteResult> {
    const matcher = await loadUnitMatcher(this.db.manager, input.bureauId);
    return this.db.transaction(async (m) => {
      const plan = await this.confirmedPlan(m, planId, true);
      // points never decomposed get their task now, so a point can be routed straight after confirming
      const created = input.items.some((i) => i.pointId) ? await this.decomposition.createMissingTasks(m, ctx, plan, matcher) : [];
      const tasks = await m.find(Task, { where: { planId }, lock: { mode: 'pessimistic_write' } });
      const targets = resolveItems(tasks, input.items);
      await checkUnits(m, input.items);

      const changes: RoutingChange[] = [];
      for (const { task, item } of targets) {
        const after: Routed = {
          ownerUnitId: item.leadUnitId,
          cooperatingUnitIds: [...new Set(item.cooperatingUnitIds ?? [])].filter((id) => id !== item.leadUnitId),
        };
        const before: Routed = { ownerUnitId: task.ownerUnitId, cooperatingUnitIds: task.cooperatingUnitIds };
        if (sameRouting(before, after)) continue;
        changes.push({ taskId: task.id, before, after });
      }
      const live = await liveCounts(
        m,
        changes.map((c) => c.taskId),
      );
      const locked = changes.filter((c) => (live.get(c.taskId) ?? 0) > 0);
      if (locked.length > 0) {
        const title = tasks.find((t) => t.id === locked[0].taskId)?.title ?? '';
        throw new DubanError('TASK_OWNER_LOCKED', `任务「${title}」已分派给责任单位，不能再改派；共 ${locked.length} 项`, {
          taskIds: locked.map((c) => c.taskId),
        });
      }
      let routingId: string | null = null;
      if (changes.length > 0) {
        for (const c of changes) {
          await m.update(Task, { id: c.taskId }, { ownerUnitId: c.after.ownerUnitId, cooperatingUnitIds: c.after.cooperatingUnitIds });
        }
        const [row] = await m.query(`INSERT INTO plan_routings (plan_id, routed_by, items) VALUES ($1, $2, $3::jsonb) RETURNING id`, [
          planId,
          ctx.actor,
          JSON.stringify(changes),
        ]);
        routingId = row.id as string;
        await this.audit.recordMany(
          m,
          ctx,
          changes.map((c) => ({
            action: 'task.routed',
            objectType: 'task',
            objectId: c.taskId,
            before: { ...c.before },
            after: { ...c.after, routingId },
          })),
        );
      }
      const names = await unitNames(
        m,
        changes.flatMap((c) => [c.after.ownerUnitId, ...c.after.cooperatingUnitIds]),
      );
      return {
        routingId,
        changed: changes.length,
        unchanged: targets.length - changes.length,
        created: created.length,
        items: changes.map((c) => ({
          ...c,
          title: tasks.find((t) => t.id === c.taskId)?.title ?? '',
          ownerUnitName: c.after.ownerUnitId ? (names.get(c.after.ownerUnitId) ?? null) : null,
          cooperatingUnitNames: c.after.cooperatingUnitIds.map((id) => names.get(id) ?? ''),
        })),
      };
    });
  }

  /** Restores what the latest routing changed, unless one of its tasks has been assigned since. */
  async undo(ctx: RequestContext, _user: AuthUser, planId: string): Promise<{ routingId: string; restored: number }> {
    return this.db.transaction(async (m) => {
      await this.confirmedPlan(m, planId, true);
      const [last] = await m.query(
        `SELECT id, items FROM plan_routings WHERE plan_id = $1 AND undone_at IS NULL ORDER BY created_at DESC, id DESC LIMIT 1`,
        [planId],
      );
      if (!last) throw new DubanError('ROUTING_NOTHING_TO_UNDO', '该计划没有可撤销的分派路由');
      const changes = last.items as RoutingChange[];
      const ids = changes.map((c) => c.taskId);
      const tasks = await m.find(Task, { where: { id: In(ids) }, lock: { mode: 'pessimistic_write' } });
      const live = await liveCounts(m, ids);
      const assigned = tasks.filter((t) => (live.get(t.id) ?? 0) > 0);
      if (assigned.length > 0) {
        throw new DubanError(
          'ROUTING_LOCKED',
          `已有 ${assigned.length} 项任务分派给责任单位（如「${assigned[0].title}」），不能撤销本次路由；请由负责科室先取消分派`,
          { taskIds: assigned.map((t) => t.id) },
        );
      }
      const moved = tasks.filter((t) => {
        const c = changes.find((x) => x.taskId === t.id) as RoutingChange;
        return !sameRouting({ ownerUnitId: t.ownerUnitId, cooperatingUnitIds: t.cooperatingUnitIds }, c.after);
      });
      if (moved.length > 0) {
        throw new DubanError('ROUTING_LOCKED', `任务「${moved[0].title}」在本次路由后又被修改过，不能撤销本次路由`, {
          taskIds: moved.map((t) => t.id),
        });
      }
      for (const c of changes) {
        await m.update(Task, { id: c.taskId }, { ownerUnitId: c.before.ownerUnitId, cooperatingUnitIds: c.before.cooperatingUnitIds });
      }
      await m.query(`UPDATE plan_routings SET undone_at = now(), undone_by = $2 WHERE id = $1`, [last.id, ctx.actor]);
      await this.audit.recordMany(
        m,
        ctx,
        changes.map((c) => ({
          action: 'task.routing.undone',
          objectType: 'task',
          objectId: c.taskId,
          before: { ...c.after, routingId: last.id },
          after: { ...c.before },
        })),
      );
      return { routingId: last.id as string, restored: changes.length };
    });
  }

  private async confirmedPlan(m: EntityManager, planId: string, lock = false): Promise<Plan> {
    const plan = await m.findOne(Plan, {
      where: { id: planId, archivedAt: IsNull() },
      ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
    if (!plan) throw DubanError.notFound('计划', 'PLAN_NOT_FOUND');
    if (plan.status !== 'confirmed') throw new DubanError('PLAN_NOT_CONFIRMED', '计划尚未确认，不能分派到科室');
    return plan;
  }

  private async departments(m: EntityManager, bureauId?: string): Promise<OrgUnitInput[]> {
    const units = await m.find(OrgUnit, {
      where: { type: 'department', archivedAt: IsNull(), ...(bureauId ? { parentId: bureauId } : {}) },
      order: { code: 'ASC' },
    });
    return units;
  }

  private async lastRouting(m: EntityManager, planId: string): Promise<RoutingView['lastRouting']> {
    const [row] = await m.query(
      `SELECT r.id, r.created_at, r.routed_by, u.display_name AS routed_by_name, jsonb_array_length(r.items) AS n,
              NOT EXISTS (SELECT 1 FROM assignments a
                           WHERE a.state <> 'cancelled'
                             AND a.task_id IN (SELECT (x->>'taskId')::uuid FROM jsonb_array_elements(r.items) x)) AS undoable
         FROM plan_routings r LEFT JOIN users u ON u.id::text = r.routed_by
        WHERE r.plan_id = $1 AND r.undone_at IS NULL ORDER BY r.created_at DESC, r.id DESC LIMIT 1`,
      [planId],
    );
    if (!row) return null;
    return {
      id: row.id,
      createdAt: row.created_at,
      routedBy: row.routed_by,
      routedByName: row.routed_by_name ?? null,
      items: row.n,
      undoable: row.undoable,
    };
  }
}

function sameRouting(a: Routed, b: Routed): boolean {
  const key = (r: Routed) => `${r.ownerUnitId}|${[...r.cooperatingUnitIds].sort().join(',')}`;
  return key(a) === key(b);
}

/** Each item names one active task of the plan or one of its points (every active task under it), once. */
function resolveItems(tasks: Task[], items: RoutingItemInput[]): { task: Task; item: RoutingItemInput }[] {
  const out: { task: Task; item: RoutingItemInput }[] = [];
  const taken = new Set<string>();
  for (const [i, item] of items.entries()) {
    if ((item.pointId ? 1 : 0) + (item.taskId ? 1 : 0) !== 1) {
      throw new DubanError('VALIDATION_FAILED', `第 ${i + 1} 项须且只能指定要点（pointId）或任务（taskId）之一`, { index: i });
    }
    const matched = item.taskId
      ? tasks.filter((t) => t.id === item.taskId && t.status === 'active')
      : tasks.filter((t) => t.pointId === item.pointId && t.status === 'active');
    if (matched.length === 0) {
      throw new DubanError('ROUTING_ITEM_NOT_IN_PLAN', `第 ${i + 1} 项的要点或任务不属于该计划，或任务已取消`, { index: i });
    }
    for (const task of matched) {
      if (taken.has(task.id))
        throw new DubanError('VALIDATION_FAILED', `第 ${i + 1} 项与前面的项指向同一任务`, { index: i, taskId: task.id });
      taken.add(task.id);
      out.push({ task, item });
    }
  }
  return out;
}

/** Leads are departments (a task's owner), cooperating units departments or directly governed units; all live. */
async function checkUnits(m: EntityManager, items: RoutingItemInput[]): Promise<void> {
  const ids = [...new Set(items.flatMap((i) => [i.leadUnitId, ...(i.cooperatingUnitIds ?? [])]))];
  const units = new Map((await m.find(OrgUnit, { where: { id: In(ids), archivedAt: IsNull() } })).map((u) => [u.id, u]));
  for (const [i, item] of items.entries()) {
    const lead = units.get(item.leadUnitId);
    if (!lead) throw new DubanError('UNIT_NOT_FOUND', `第 ${i + 1} 项的牵头科室不存在或已归档`, { index: i, unitId: item.leadUnitId });
    if (lead.type !== 'department') {
      throw new DubanError('OWNER_NOT_DEPARTMENT', `第 ${i + 1} 项的牵头单位「${lead.name}」不是科室：任务只能由科室负责`, { index: i });
    }
    for (const id of item.cooperatingUnitIds ?? []) {
      const unit = units.get(id);
      if (!unit) throw new DubanError('UNIT_NOT_FOUND', `第 ${i + 1} 项的配合单位不存在或已归档`, { index: i, unitId: id });
      if (unit.type !== 'department' && unit.type !== 'direct_unit') {
        throw new DubanError('ROUTING_UNIT_INVALID', `第 ${i + 1} 项的配合单位「${unit.name}」须是科室或直属单位；学校由负责科室分派`, {
          index: i,
          unitId: id,
        });
      }
    }
  }
}

async function liveCounts(m: EntityManager, taskIds: string[]): Promise<Map<string, number>> {
  if (taskIds.length === 0) return new Map();
  const rows: { task_id: string; n: number }[] = await m.query(
    `SELECT task_id, count(*)::int AS n FROM assignments WHERE task_id = ANY($1::uuid[]) AND state <> 'cancelled' GROUP BY task_id`,
    [taskIds],
  );
  return new Map(rows.map((r) => [r.task_id, r.n]));
}

async function unitNames(m: EntityManager, ids: (string | null)[]): Promise<Map<string, string>> {
  const list = [...new Set(ids.filter((x): x is string => !!x))];
  if (list.length === 0) return new Map();
  const rows: { id: string; name: string }[] = await m.query(`SELECT id, name FROM org_units WHERE id = ANY($1::uuid[])`, [list]);
  return new Map(rows.map((r) => [r.id, r.name]));
}
