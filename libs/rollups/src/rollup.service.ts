import { Inject, Injectable, Optional } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { headUnitIds, memberUnitIds, rollupSeesAll, type RollupScope } from '@duban/access';
import { calendarDaysBetween, type WorkingCalendar } from '@duban/calendar';
import { Clock } from '@duban/clock';
import { AppConfig } from '@duban/config';
import type { AssignmentState, OrgUnitType } from '@duban/db';
import { DubanError } from '@duban/errors';
import { TYPE_LABELS } from '@duban/org-import';
import { DEFAULT_LAG_MARGIN, judgeLight, type LightOptions } from '@duban/schedule';
import { CalendarProvider } from './calendar.provider';
import { FiguresAccumulator, LightJudge, type Cell } from './figures';
import { attained, attainmentRate, combineActuals } from './indicators';
import {
  ASSIGNED_ON_SQL,
  ASSIGNMENTS_SOURCE,
  ON_TIME_SQL,
  periodCellsSql,
  scopedWhere,
  stateCellsSql,
  TASK_CELLS_SOURCE,
  type CellSource,
} from './rollup.sql';
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

export type RankedRow = RollupRow & { rank: number };

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
  private readonly judges = new Map<string, { calendar: WorkingCalendar; judge: LightJudge }>();
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

  /**
   * The light judge for a day, kept while the day and the calendar stay the same: a verdict depends
   * on nothing else, and judging a period counts its working days one by one, so a busy overview
   * would otherwise spend most of its time recounting the same periods on every request.
   */
  async judge(today: string): Promise<LightJudge> {
    const calendar = await this.calendars.current();
    const cached = this.judges.get(today);
    if (cached && cached.calendar === calendar) return cached.judge;
    const judge = new LightJudge(calendar, today, this.lightOptions);
    if (this.judges.size >= 4) this.judges.delete(this.judges.keys().next().value as string);
    this.judges.set(today, { calendar, judge });
    return judge;
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
    const rows = (await this.cellRows(keys, planIds, scope, filters, today)).map((r) => ({ ...r, progress_sum: Number(r.progress_sum) }));
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

  /**
   * The cell rows of a scope. Task-level groupings read the maintained roll-up where it can answer:
   * for whoever sees everything, all of it; for a head, the tasks its department owns come from the
   * roll-up and only its own units' work in other departments' tasks from the assignments (the two
   * parts are disjoint and together are exactly rollupScopeSql's head rule). The rest aggregates
   * the assignments directly.
   */
  private async cellRows(
    keys: string[],
    planIds: string[] | 'all',
    scope: RollupScope,
    filters: RollupFilters,
    today: string,
  ): Promise<CellRow[]> {
    const taskLevel = this.useTaskCells && !filters.unit && !filters.unitType && keys.every((k) => k.startsWith('t.'));
    if (taskLevel && rollupSeesAll(scope)) {
      const { where, params } = scopedWhere(planIds, 'all', filters);
      return this.cellsOf(TASK_CELLS_SOURCE, keys, where, params, today);
    }
    const heads = scope === 'all' ? [] : headUnitIds(scope);
    if (taskLevel && heads.length > 0) {
      const user = scope as Exclude<RollupScope, 'all'>;
      const owned = scopedWhere(planIds, 'all', filters);
      owned.params.push(heads);
      const own = scopedWhere(planIds, 'all', filters);
      own.params.push(memberUnitIds(user), heads);
      const n = own.params.length;
      const [a, b] = await Promise.all([
        this.cellsOf(
          TASK_CELLS_SOURCE,
          keys,
          `${owned.where} AND t.owner_unit_id = ANY($${owned.params.length}::uuid[])`,
          owned.params,
          today,
        ),
        this.cellsOf(
          ASSIGNMENTS_SOURCE,
          keys,
          `${own.where} AND a.unit_id = ANY($${n - 1}::uuid[]) AND (t.owner_unit_id IS NULL OR NOT t.owner_unit_id = ANY($${n}::uuid[]))`,
          own.params,
          today,
        ),
      ]);
      return [...a, ...b];
    }
    const { where, params } = scopedWhere(planIds, scope, filters);
    return this.cellsOf(ASSIGNMENTS_SOURCE, keys, where, params, today);
  }

  /**
   * State cells, then the period cells of the keys not already red (an overdue assignment makes its
   * group red whatever else it holds: worstLight), so a bureau where most things have something
   * overdue reads few period cells.
   */
  private async cellsOf(source: CellSource, keys: string[], where: string, params: unknown[], today: string): Promise<CellRow[]> {
    const stateParams = [...params];
    const states = await this.db.query<CellRow[]>(stateCellsSql(source, keys, where, stateParams, today), stateParams);
    const judge = await this.judge(today);
    const red =
      keys.length === 1
        ? [
            ...new Set(
              states
                .filter((r) => r.overdue > 0 && judge.cell(toCell({ ...r, progress_sum: Number(r.progress_sum) })) === 'red')
                .map((r) => r.k0),
            ),
          ]
        : [];
    // every period cell belongs to a key with a state cell: when all of those are red, none is needed
    if (keys.length === 1 && red.length === new Set(states.map((r) => r.k0)).size) return states;
    const periodParams = [...params];
    const periods = await this.db.query<CellRow[]>(periodCellsSql(source, keys, where, periodParams, today, red), periodParams);
    return [...states, ...periods];
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

  /**
   * Units of a plan ranked by completion rate, then on-time rate (none approved ranks last), then
   * fewest overdue, then name. Leaders, admins and heads rank the units in their scope; a unit
   * member sees only its own units' rows with their rank among all the plan's units. Ranks are
   * numbered in SQL (row_number over every ranked unit) before the page is cut, so they stay
   * global whatever the page or order (`asc` = rank 1 first, `desc` = lowest first).
   */
  async unitRanking(
    planId: string,
    scope: RollupScope,
    query: { page: number; pageSize: number; order?: 'asc' | 'desc' } = { page: 1, pageSize: 100 },
    options: RollupOptions = {},
  ): Promise<{ planId: string; total: number; page: number; pageSize: number; rows: RankedRow[] }> {
    await this.plan(planId, scope);
    const today = options.today ?? this.clock.today();
    const seesAll = rollupSeesAll(scope) || headUnitIds(scope as Exclude<RollupScope, 'all'>).length > 0;
    const rankScope = seesAll ? scope : 'all';
    const { where, params } = scopedWhere([planId], rankScope);
    params.push(today);
    const day = `$${params.length}::date`;
    let mine = '';
    const countParams = [...params];
    if (!seesAll) {
      params.push(memberUnitIds(scope as Exclude<RollupScope, 'all'>));
      mine = `WHERE r.unit_id = ANY($${params.length}::uuid[])`;
    }
    const ranked = `
      WITH f AS (
        SELECT a.unit_id,
               count(*) FILTER (WHERE a.state = 'approved') AS approved,
               count(*) FILTER (WHERE a.state <> 'cancelled') AS live,
               count(*) FILTER (WHERE ${ON_TIME_SQL}) AS on_time,
               count(*) FILTER (WHERE a.state NOT IN ('approved', 'cancelled') AND a.due_date < ${day}) AS overdue
          FROM assignments a JOIN tasks t ON t.id = a.task_id
         WHERE ${where}
         GROUP BY a.unit_id),
      r AS (
        SELECT f.unit_id, row_number() OVER (ORDER BY
                 CASE WHEN f.live > 0 THEN f.approved::numeric / f.live ELSE 0 END DESC,
                 CASE WHEN f.approved > 0 THEN f.on_time::numeric / f.approved ELSE -1 END DESC,
                 f.overdue, u.name, u.id)::int AS rank
          FROM f JOIN org_units u ON u.id = f.unit_id)`;
    const dir = query.order === 'desc' ? 'DESC' : 'ASC';
    const offset = (query.page - 1) * query.pageSize;
    const [page, [count]] = await Promise.all([
      this.db.query<{ unit_id: string; rank: number }[]>(
        `${ranked} SELECT r.unit_id, r.rank FROM r ${mine} ORDER BY r.rank ${dir} LIMIT ${query.pageSize} OFFSET ${offset}`,
        params,
      ),
      this.db.query<{ n: number }[]>(`${ranked} SELECT count(*)::int AS n FROM r`, countParams),
    ]);
    // figures (with lights) of the page's units only; the order and ranks are the SQL's
    const figures = page.length ? await this.planRollup(planId, 'unit', rankScope, options) : { rows: [] as RollupRow[] };
    const byKey = new Map(figures.rows.map((r) => [r.key, r]));
    const rows = page.flatMap((p) => (byKey.has(p.unit_id) ? [{ rank: p.rank, ...byKey.get(p.unit_id)! }] : []));
    return { planId, total: count.n, page: query.page, pageSize: query.pageSize, rows };
  }

  /**
   * Units × top-level sections of a plan: each cell's figures (only the pairs with work), paged by
   * unit (by name): `total` counts the units with work, `units` and `cells` are the page's.
   */
  async matrix(
    planId: string,
    scope: RollupScope,
    query: { page: number; pageSize: number } = { page: 1, pageSize: 100 },
    options: RollupOptions = {},
  ) {
    await this.plan(planId, scope);
    const today = options.today ?? this.clock.today();
    const [outline, units] = await Promise.all([this.outline(planId), this.unitsOf(planId)]);
    const roots = outline.sections.filter((s) => s.parentId === null);
    const parent = new Map(outline.sections.map((s) => [s.id, s.parentId]));
    const rootOf = (sectionId: string): string => {
      let id = sectionId;
      while (parent.get(id)) id = parent.get(id)!;
      return id;
    };
    const pointRoot = new Map(outline.points.map((p) => [p.id, rootOf(p.sectionId)]));
    const { where, params } = scopedWhere([planId], scope);
    const offset = (query.page - 1) * query.pageSize;
    const unitsSql = `SELECT DISTINCT a.unit_id FROM assignments a JOIN tasks t ON t.id = a.task_id WHERE ${where}`;
    const [pageUnits, [count]] = await Promise.all([
      this.db.query<{ id: string; name: string }[]>(
        `SELECT u.id, u.name FROM org_units u WHERE u.id IN (${unitsSql}) ORDER BY u.name, u.id LIMIT ${query.pageSize} OFFSET ${offset}`,
        params,
      ),
      this.db.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM (${unitsSql}) x`, params),
    ]);
    const onPage = new Set(pageUnits.map((u) => u.id));
    const acc = onPage.size
      ? await this.accumulate(['a.unit_id', 't.point_id'], [planId], scope, {}, today, (unit, row) => {
          const section = pointRoot.get(row.k1 ?? '');
          return section && onPage.has(unit) ? `${unit}|${section}` : undefined;
        })
      : new Map<string, FiguresAccumulator>();
    const cells = [...acc.entries()].map(([k, a]) => {
      const [unitId, sectionId] = k.split('|');
      const f = a.figures();
      return {
        unitId,
        sectionId,
        assignments: f.assignments,
        completionRate: f.completionRate,
        onTimeRate: f.onTimeRate,
        overdue: f.overdue,
        light: f.light,
      };
    });
    return {
      planId,
      today,
      total: count.n,
      page: query.page,
      pageSize: query.pageSize,
      sections: roots.map((s) => ({ key: s.id, label: `${s.number}${s.title}` })),
      units: pageUnits.map((u) => ({ key: u.id, label: units.get(u.id)?.name ?? u.name })),
      cells,
    };
  }

  /**
   * The red list: open work past its due date, most overdue first, paginated; across plans or in
   * one. Days overdue in calendar days and in working days (the calendar of the lights).
   */
  async overdueList(scope: RollupScope, query: { planId?: string; page: number; pageSize: number }, options: RollupOptions = {}) {
    const today = options.today ?? this.clock.today();
    if (query.planId) await this.plan(query.planId, scope);
    const { where, params } = scopedWhere(query.planId ? [query.planId] : 'all', scope);
    params.push(today);
    const cond = `${where} AND a.state NOT IN ('approved', 'cancelled') AND a.due_date < $${params.length}::date
                  AND t.plan_id IN (SELECT id FROM plans WHERE status = 'confirmed' AND archived_at IS NULL)`;
    const offset = (query.page - 1) * query.pageSize;
    const [rows, [count]] = await Promise.all([
      this.db.query<Record<string, unknown>[]>(
        `SELECT a.id, a.state, a.due_date::text AS due_date, a.progress_percent, a.unit_id, u.name AS unit_name,
                t.id AS task_id, t.title AS task_title, t.plan_id, pl.title AS plan_title, wp.number AS point_number, wp.title AS point_title
           FROM assignments a JOIN tasks t ON t.id = a.task_id
           JOIN plans pl ON pl.id = t.plan_id JOIN work_points wp ON wp.id = t.point_id JOIN org_units u ON u.id = a.unit_id
          WHERE ${cond}
          ORDER BY a.due_date, u.name, a.id
          LIMIT ${query.pageSize} OFFSET ${offset}`,
        params,
      ),
      this.db.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM assignments a JOIN tasks t ON t.id = a.task_id WHERE ${cond}`, params),
    ]);
    const calendar = await this.calendars.current();
    return {
      today,
      total: count.n,
      page: query.page,
      pageSize: query.pageSize,
      items: rows.map((r) => ({
        assignmentId: r.id as string,
        planId: r.plan_id as string,
        planTitle: r.plan_title as string,
        pointNumber: r.point_number as number,
        pointTitle: r.point_title as string,
        taskId: r.task_id as string,
        taskTitle: r.task_title as string,
        unitId: r.unit_id as string,
        unitName: r.unit_name as string,
        state: r.state as AssignmentState,
        dueDate: r.due_date as string,
        progressPercent: r.progress_percent as number,
        daysOverdue: calendarDaysBetween(r.due_date as string, today),
        workingDaysOverdue: calendar.workingDaysBetween(r.due_date as string, today),
      })),
    };
  }

  /** The last step of the drill-down: the assignments of a branch with their lights; evidence via /api/assignments/:id/evidence. */
  async assignments(
    planId: string,
    scope: RollupScope,
    filters: RollupFilters,
    page: { page: number; pageSize: number },
    options: RollupOptions = {},
  ) {
    await this.plan(planId, scope);
    const today = options.today ?? this.clock.today();
    const { where, params } = scopedWhere([planId], scope, filters);
    const offset = (page.page - 1) * page.pageSize;
    const [rows, [count]] = await Promise.all([
      this.db.query<Record<string, unknown>[]>(
        `SELECT a.id, a.state, a.role, a.due_date::text AS due_date, a.progress_percent, a.submitted_at, a.approved_at,
                ${ASSIGNED_ON_SQL}::text AS assigned_on, a.unit_id, u.name AS unit_name, t.id AS task_id, t.title AS task_title,
                (SELECT count(*)::int FROM evidence_files e WHERE e.assignment_id = a.id AND e.withdrawn_at IS NULL) AS evidence_count
           FROM assignments a JOIN tasks t ON t.id = a.task_id JOIN org_units u ON u.id = a.unit_id
          WHERE ${where}
          ORDER BY t.position, u.name, a.id
          LIMIT ${page.pageSize} OFFSET ${offset}`,
        params,
      ),
      this.db.query<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM assignments a JOIN tasks t ON t.id = a.task_id WHERE ${where}`,
        params,
      ),
    ]);
    const calendar = await this.calendars.current();
    return {
      planId,
      today,
      total: count.n,
      page: page.page,
      pageSize: page.pageSize,
      items: rows.map((r) => {
        const verdict = judgeLight(
          calendar,
          {
            state: r.state as string,
            assignedOn: r.assigned_on as string,
            dueDate: r.due_date as string,
            reportedProgress: r.progress_percent as number,
            submitted: r.submitted_at !== null,
          },
          today,
          this.lightOptions,
        );
        return {
          assignmentId: r.id as string,
          taskId: r.task_id as string,
          taskTitle: r.task_title as string,
          unitId: r.unit_id as string,
          unitName: r.unit_name as string,
          role: r.role as string,
          state: r.state as AssignmentState,
          dueDate: r.due_date as string,
          progressPercent: r.progress_percent as number,
          approvedAt: r.approved_at ? (r.approved_at as Date).toISOString() : null,
          overdue: verdict.overdue,
          light: verdict.light,
          lightReason: verdict.reason,
          evidenceCount: r.evidence_count as number,
          evidencePath: `/api/assignments/${r.id as string}/evidence`,
        };
      }),
    };
  }

  /**
   * Indicator attainment: each task target of the plan (in scope) with its units' latest actuals,
   * the combined actual (combineActuals), whether it is met under the comparator and how far, and
   * the plan indicator of the same name (five-year plans: baseline and target years) beside it.
   */
  async indicators(planId: string, scope: RollupScope) {
    await this.plan(planId, scope);
    const { where, params } = scopedWhere([planId], scope);
    const [targets, planIndicators] = await Promise.all([
      this.db.query<Record<string, unknown>[]>(
        `WITH scoped AS (SELECT a.id, a.task_id, a.unit_id FROM assignments a JOIN tasks t ON t.id = a.task_id
                          WHERE ${where} AND a.state <> 'cancelled'),
              latest AS (SELECT DISTINCT ON (ta.task_target_id, ta.assignment_id) ta.task_target_id, s.unit_id, ta.value, ta.as_of
                           FROM target_actuals ta JOIN scoped s ON s.id = ta.assignment_id
                          ORDER BY ta.task_target_id, ta.assignment_id, ta.as_of DESC, ta.created_at DESC)
         SELECT tt.id, tt.task_id, t.title AS task_title, wp.number AS point_number, tt.metric, tt.phrase, tt.value::float8 AS target,
                tt.unit, tt.comparator,
                coalesce((SELECT json_agg(json_build_object('unitId', l.unit_id, 'unitName', u.name, 'value', l.value::float8, 'asOf', l.as_of::text)
                                          ORDER BY u.name)
                            FROM latest l JOIN org_units u ON u.id = l.unit_id WHERE l.task_target_id = tt.id), '[]') AS actuals
           FROM task_targets tt JOIN tasks t ON t.id = tt.task_id JOIN work_points wp ON wp.id = t.point_id
          WHERE t.plan_id = ANY($1::uuid[]) AND t.status <> 'cancelled' AND tt.task_id IN (SELECT task_id FROM scoped)
          ORDER BY wp.position, t.position, tt.position`,
        params,
      ),
      this.db.query<Record<string, unknown>[]>(
        `SELECT id, name, unit, baseline_year, baseline_value::float8 AS baseline_value, target_year, target_value::float8 AS target_value,
                target_comparator FROM plan_indicators WHERE plan_id = $1 ORDER BY position`,
        [planId],
      ),
    ]);
    const byName = new Map(planIndicators.map((i) => [i.name as string, i]));
    return {
      planId,
      targets: targets.map((t) => {
        const actuals = t.actuals as { unitId: string; unitName: string; value: number; asOf: string }[];
        const actual = combineActuals(t.unit as string, actuals);
        const target = t.target as number;
        const comparator = t.comparator as string;
        const indicator = byName.get(t.metric as string);
        const baseline = (indicator?.baseline_value as number | null | undefined) ?? null;
        return {
          targetId: t.id as string,
          taskId: t.task_id as string,
          taskTitle: t.task_title as string,
          pointNumber: t.point_number as number,
          metric: t.metric as string,
          phrase: t.phrase as string,
          comparator,
          target,
          unit: t.unit as string,
          actual,
          attained: actual === null ? null : attained(actual, comparator, target),
          attainmentRate: actual === null ? null : attainmentRate(actual, comparator, target),
          baseline,
          baselineYear: (indicator?.baseline_year as number | null | undefined) ?? null,
          vsBaseline: actual !== null && baseline !== null ? actual - baseline : null,
          actuals,
        };
      }),
      indicators: planIndicators.map((i) => ({
        indicatorId: i.id as string,
        name: i.name as string,
        unit: i.unit as string,
        baselineYear: i.baseline_year as number | null,
        baselineValue: i.baseline_value as number | null,
        targetYear: i.target_year as number | null,
        targetValue: i.target_value as number | null,
        targetComparator: i.target_comparator as string | null,
      })),
    };
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
