import { Inject, Injectable, Optional } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { headUnitIds, rollupSeesAll, type RollupScope } from '@duban/access';
import { Clock } from '@duban/clock';
import { AppConfig } from '@duban/config';
import type { AssignmentState, OrgUnitType } from '@duban/db';
import { DubanError } from '@duban/errors';
import { TYPE_LABELS } from '@duban/org-import';
import { DEFAULT_LAG_MARGIN, type LightOptions } from '@duban/schedule';
import { CalendarProvider } from './calendar.provider';
import { FiguresAccumulator, LightJudge, type Cell } from './figures';
import { cellsSql, scopedWhere, taskCellsSql } from './rollup.sql';
import type { Figures, RollupBy, RollupFilters, RollupOptions, RollupRow } from './rollup.types';

interface CellRow {
  k0: string;
  k1?: string;
  state: AssignmentState | null;
  assigned_on: string | null;
  due: string | null;
  period_row: number;
  n: number;
  on_time: number;
  overdue: number;
  overdue_due: string | null;
  progress_sum: number;
  progress_min: number | null;
  all_submitted: boolean | null;
}

export interface PlanInfo {
  planId: string;
  title: string;
  year: number | null;
}

export interface OverviewPlan extends PlanInfo, Figures {}

export interface Overview {
  asOf: string;
  today: string;
  plans: OverviewPlan[];
}

export interface PlanRollup {
  planId: string;
  title: string;
  by: RollupBy;
  today: string;
  filters: RollupFilters;
  rows: RollupRow[];
}

/** Labels and ordering of a grouping's keys, and how a fine SQL key folds into a group key. */
interface Grouping {
  keys: string[];
  /** fine SQL key → group key (undefined drops the row) */
  fold: (fine: string) => string | undefined;
  label: (key: string) => string;
  /** keys shown even without assignments (a plan's sections and points, for leaders) */
  always: string[];
  order: (key: string) => number | string;
  extra?: (key: string) => Record<string, unknown>;
}

/**
 * Completion roll-ups: figures per plan, section, point, task, unit and unit type, always narrowed
 * to the caller's scope (@duban/access rollupScopeSql), computed by one set-based aggregate per
 * call (no maintained copy: docs/features/rollups.md has the measurements).
 */
@Injectable()
export class RollupService {
  private readonly lightOptions: LightOptions;
  /** false only to measure or compare the direct aggregate (bench, tests) */
  useTaskCells = true;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly calendars: CalendarProvider,
    @Optional() @Inject(AppConfig) config?: AppConfig,
  ) {
    const margin = config?.LIGHT_LAG_MARGIN_PERCENT;
    this.lightOptions = { margin: margin === undefined ? DEFAULT_LAG_MARGIN : margin / 100 };
  }

  /** The lag margin and due-soon window the lights are judged with. */
  get lights(): LightOptions {
    return this.lightOptions;
  }

  async judge(today: string): Promise<LightJudge> {
    return new LightJudge(await this.calendars.current(), today, this.lightOptions);
  }

  /** Every confirmed, live plan the scope has work in (leaders: every one), with its figures. */
  async overview(scope: RollupScope, options: RollupOptions = {}): Promise<Overview> {
    const asOf = this.clock.now();
    const today = options.today ?? this.clock.today();
    const plans = await this.db.query<{ id: string; title: string; year: number | null }[]>(
      `SELECT id, title, year FROM plans WHERE status = 'confirmed' AND archived_at IS NULL ORDER BY year DESC NULLS LAST, created_at, id`,
    );
    const planIds = plans.map((p) => p.id);
    const acc = await this.accumulate(['t.plan_id'], planIds, scope, {}, today, (k) => k);
    const all = rollupSeesAll(scope) || headUnitIds(scope as Exclude<RollupScope, 'all'>).length > 0;
    return {
      asOf: asOf.toISOString(),
      today,
      plans: plans
        .filter((p) => all || acc.has(p.id))
        .map((p) => ({ planId: p.id, title: p.title, year: p.year, ...(acc.get(p.id) ?? new FiguresAccumulator()).figures() })),
    };
  }

  /** One plan's figures in the scope. */
  async planFigures(
    planId: string,
    scope: RollupScope,
    options: RollupOptions & { filters?: RollupFilters } = {},
  ): Promise<Figures & PlanInfo> {
    const plan = await this.plan(planId, scope);
    const today = options.today ?? this.clock.today();
    const acc = await this.accumulate(['t.plan_id'], [planId], scope, options.filters ?? {}, today, (k) => k);
    return { planId, title: plan.title, year: plan.year, ...(acc.get(planId) ?? new FiguresAccumulator()).figures() };
  }

  /** One plan's figures grouped by section, point, task, unit or unit type (optionally within one branch). */
  async planRollup(
    planId: string,
    by: RollupBy,
    scope: RollupScope,
    options: RollupOptions & { filters?: RollupFilters } = {},
  ): Promise<PlanRollup> {
    const plan = await this.plan(planId, scope);
    const today = options.today ?? this.clock.today();
    const filters = options.filters ?? {};
    const grouping = await this.grouping(planId, by, scope, filters);
    const acc = await this.accumulate(grouping.keys, [planId], scope, filters, today, grouping.fold);
    const keys = new Set([...grouping.always, ...acc.keys()]);
    const rows = [...keys]
      .map((key) => ({
        key,
        label: grouping.label(key),
        ...(grouping.extra?.(key) ?? {}),
        ...(acc.get(key) ?? new FiguresAccumulator()).figures(),
      }))
      .sort((x, y) => compare(grouping.order(x.key), grouping.order(y.key)) || x.label.localeCompare(y.label, 'zh'));
    return { planId, title: plan.title, by, today, filters, rows };
  }

  /**
   * The plan, or 404. Leaders, admins and heads (who read every plan) see any confirmed plan; a unit
   * only one it has work in, so a plan's existence is not revealed to others.
   */
  async plan(planId: string, scope: RollupScope): Promise<{ title: string; year: number | null }> {
    const [plan] = await this.db.query<{ title: string; year: number | null }[]>(
      `SELECT title, year FROM plans WHERE id = $1 AND status = 'confirmed'`,
      [planId],
    );
    if (!plan) throw DubanError.notFound('计划', 'PLAN_NOT_FOUND');
    if (rollupSeesAll(scope) || headUnitIds(scope as Exclude<RollupScope, 'all'>).length > 0) return plan;
    const { where, params } = scopedWhere([planId], scope);
    const [any] = await this.db.query(`SELECT 1 FROM assignments a JOIN tasks t ON t.id = a.task_id WHERE ${where} LIMIT 1`, params);
    if (!any) throw DubanError.notFound('计划', 'PLAN_NOT_FOUND');
    return plan;
  }

  /** Runs the cell aggregate and adds each cell into its group (after `fold`). */
  async accumulate(
    keys: string[],
    planIds: string[] | 'all',
    scope: RollupScope,
    filters: RollupFilters,
    today: string,
    fold: (fine: string, row: CellRow) => string | undefined,
  ): Promise<Map<string, FiguresAccumulator>> {
    const out = new Map<string, FiguresAccumulator>();
    if (planIds !== 'all' && planIds.length === 0) return out;
    // the maintained roll-up answers whatever is grouped and filtered by task alone, for whoever sees everything
    const byTask = rollupSeesAll(scope) && !filters.unit && !filters.unitType && keys.every((k) => k.startsWith('t.'));
    const { where, params } = scopedWhere(planIds, byTask ? 'all' : scope, filters);
    const sql = byTask && this.useTaskCells ? taskCellsSql(keys, where, params, today) : cellsSql(keys, where, params, today);
    const rows = (await this.db.query<CellRow[]>(sql, params)).map((r) => ({ ...r, progress_sum: Number(r.progress_sum) }));
    const judge = await this.judge(today);
    for (const r of rows) {
      const key = fold(r.k0, r);
      if (key === undefined) continue;
      let acc = out.get(key);
      if (!acc) out.set(key, (acc = new FiguresAccumulator()));
      acc.add(toCell(r), judge);
    }
    return out;
  }

  private async grouping(planId: string, by: RollupBy, scope: RollupScope, filters: RollupFilters): Promise<Grouping> {
    const seesAll = rollupSeesAll(scope) && !filters.unit && !filters.unitType;
    switch (by) {
      case 'plan': {
        const [p] = await this.db.query<{ title: string }[]>(`SELECT title FROM plans WHERE id = $1`, [planId]);
        return { keys: ['t.plan_id'], fold: (k) => k, label: () => p?.title ?? '', always: [planId], order: () => 0 };
      }
      case 'section':
      case 'point': {
        const outline = await this.outline(planId);
        if (by === 'point') {
          const points = outline.points.filter(
            (p) => (!filters.point || p.id === filters.point) && inSection(outline, p.sectionId, filters.section),
          );
          const byId = new Map(points.map((p) => [p.id, p]));
          return {
            keys: ['t.point_id'],
            fold: (k) => k,
            label: (k) => (byId.has(k) ? `${byId.get(k)!.number}. ${byId.get(k)!.title}` : k),
            always: seesAll && !filters.task ? points.map((p) => p.id) : [],
            order: (k) => byId.get(k)?.position ?? Number.MAX_SAFE_INTEGER,
            extra: (k) => ({ number: byId.get(k)?.number ?? null, sectionId: byId.get(k)?.sectionId ?? null }),
          };
        }
        // sections roll up to the top level (一、二、…), or, within a section, to its children
        const parent = filters.section ?? null;
        const shown = outline.sections.filter((s) => s.parentId === parent);
        const shownIds = new Set(shown.map((s) => s.id));
        const byId = new Map(outline.sections.map((s) => [s.id, s]));
        const pointSection = new Map(outline.points.map((p) => [p.id, p.sectionId]));
        const up = (sectionId: string | undefined): string | undefined => {
          let id = sectionId;
          while (id && !shownIds.has(id)) id = byId.get(id)?.parentId ?? undefined;
          return id;
        };
        return {
          keys: ['t.point_id'],
          fold: (k) => up(pointSection.get(k)),
          label: (k) => (byId.has(k) ? `${byId.get(k)!.number}${byId.get(k)!.title}` : k),
          always: seesAll && !filters.point && !filters.task ? shown.map((s) => s.id) : [],
          order: (k) => byId.get(k)?.position ?? Number.MAX_SAFE_INTEGER,
          extra: (k) => ({ number: byId.get(k)?.number ?? null }),
        };
      }
      case 'task': {
        const { where, params } = scopedWhere([planId], scope, filters);
        const tasks = await this.db.query<{ id: string; title: string; point_number: number; position: number }[]>(
          `SELECT t.id, t.title, p.number AS point_number, t.position FROM tasks t JOIN work_points p ON p.id = t.point_id
            WHERE t.id IN (SELECT DISTINCT a.task_id FROM assignments a JOIN tasks t ON t.id = a.task_id WHERE ${where})`,
          params,
        );
        const byId = new Map(tasks.map((t) => [t.id, t]));
        return {
          keys: ['t.id'],
          fold: (k) => k,
          label: (k) => byId.get(k)?.title ?? k,
          always: [],
          order: (k) => (byId.get(k)?.point_number ?? 0) * 10_000 + (byId.get(k)?.position ?? 0),
          extra: (k) => ({ pointNumber: byId.get(k)?.point_number ?? null }),
        };
      }
      case 'unit':
      case 'unitType': {
        const units = await this.unitsOf(planId);
        if (by === 'unit') {
          return {
            keys: ['a.unit_id'],
            fold: (k) => k,
            label: (k) => units.get(k)?.name ?? k,
            always: [],
            order: () => 0,
            extra: (k) => ({ unitType: units.get(k)?.type ?? null }),
          };
        }
        return {
          keys: ['a.unit_id'],
          fold: (k) => units.get(k)?.type,
          label: (k) => TYPE_LABELS[k as OrgUnitType] ?? k,
          always: [],
          order: (k) => Object.keys(TYPE_LABELS).indexOf(k),
        };
      }
    }
  }

  /** The plan's sections (tree) and points, small enough to hold in memory. */
  async outline(planId: string): Promise<Outline> {
    const [sections, points] = await Promise.all([
      this.db.query<{ id: string; parent_id: string | null; number: string; title: string; position: number }[]>(
        `SELECT id, parent_id, number, title, position FROM plan_sections WHERE plan_id = $1 ORDER BY position`,
        [planId],
      ),
      this.db.query<{ id: string; section_id: string; number: number; title: string; position: number }[]>(
        `SELECT id, section_id, number, title, position FROM work_points WHERE plan_id = $1 ORDER BY position`,
        [planId],
      ),
    ]);
    return {
      sections: sections.map((s) => ({ id: s.id, parentId: s.parent_id, number: s.number, title: s.title, position: s.position })),
      points: points.map((p) => ({ id: p.id, sectionId: p.section_id, number: p.number, title: p.title, position: p.position })),
    };
  }

  /** Names and types of the units assigned in a plan. */
  async unitsOf(planId: string): Promise<Map<string, { name: string; type: OrgUnitType }>> {
    const rows = await this.db.query<{ id: string; name: string; type: OrgUnitType }[]>(
      `SELECT u.id, u.name, u.type FROM org_units u
        WHERE u.id IN (SELECT DISTINCT a.unit_id FROM assignments a JOIN tasks t ON t.id = a.task_id WHERE t.plan_id = $1)`,
      [planId],
    );
    return new Map(rows.map((r) => [r.id, { name: r.name, type: r.type }]));
  }
}

export interface Outline {
  sections: { id: string; parentId: string | null; number: string; title: string; position: number }[];
  points: { id: string; sectionId: string; number: number; title: string; position: number }[];
}

function inSection(outline: Outline, sectionId: string, root: string | undefined): boolean {
  if (!root) return true;
  const parents = new Map(outline.sections.map((s) => [s.id, s.parentId]));
  let id: string | null | undefined = sectionId;
  while (id) {
    if (id === root) return true;
    id = parents.get(id);
  }
  return false;
}

function toCell(r: CellRow): Cell {
  if (r.period_row === 1) {
    return {
      kind: 'period',
      assignedOn: r.assigned_on!,
      due: r.due!,
      progressMin: r.progress_min ?? 0,
      allSubmitted: r.all_submitted ?? false,
    };
  }
  return {
    kind: 'state',
    state: r.state!,
    n: r.n,
    onTime: r.on_time,
    overdue: r.overdue,
    overdueDue: r.overdue_due,
    progressSum: r.progress_sum,
  };
}

function compare(a: number | string, b: number | string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
