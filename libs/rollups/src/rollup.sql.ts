import { rollupScopeSql, type RollupScope } from '@duban/access';
import type { RollupFilters } from './rollup.types';

/** The China date an assignment was given out (the start of its 序时进度 period). */
export const ASSIGNED_ON_SQL = `(a.created_at AT TIME ZONE 'Asia/Shanghai')::date`;
/** Approved by the end of the due date in force, China time. */
export const ON_TIME_SQL = `a.state = 'approved' AND a.approved_at < ((a.due_date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai')`;

export interface ScopedWhere {
  where: string;
  params: unknown[];
}

/**
 * The WHERE clause over assignments `a` joined to tasks `t`: the plans, the caller's scope
 * (@duban/access rollupScopeSql) and the drill-down filters. Sections filter by their subtree.
 */
export function scopedWhere(planIds: string[] | 'all', scope: RollupScope, filters: RollupFilters = {}): ScopedWhere {
  const params: unknown[] = [];
  const parts: string[] = [];
  if (planIds !== 'all') {
    params.push(planIds);
    parts.push(`t.plan_id = ANY($${params.length}::uuid[])`);
  }
  parts.push(rollupScopeSql(scope, params));
  if (filters.task) {
    params.push(filters.task);
    parts.push(`t.id = $${params.length}`);
  }
  if (filters.point) {
    params.push(filters.point);
    parts.push(`t.point_id = $${params.length}`);
  }
  if (filters.section) {
    params.push(filters.section);
    parts.push(`t.point_id IN (
      SELECT wp.id FROM work_points wp WHERE wp.section_id IN (
        WITH RECURSIVE sub AS (SELECT ps.id FROM plan_sections ps WHERE ps.id = $${params.length}
          UNION ALL SELECT c.id FROM plan_sections c JOIN sub ON c.parent_id = sub.id)
        SELECT id FROM sub))`);
  }
  if (filters.unit) {
    params.push(filters.unit);
    parts.push(`a.unit_id = $${params.length}`);
  }
  if (filters.unitType) {
    params.push(filters.unitType);
    parts.push(`a.unit_id IN (SELECT ou.id FROM org_units ou WHERE ou.type = $${params.length})`);
  }
  return { where: parts.join(' AND '), params };
}

/**
 * Cells (see figures.ts) in one pass over the scoped assignments, by GROUPING SETS:
 * - per key and state: the counts (all, on time, overdue, progress) — a handful of rows per key;
 * - per key and period (assigned date, due date) of the open work not yet overdue: the lowest
 *   progress and whether all were submitted — what the lights need, one row per distinct period
 *   (assignments of a task share theirs, so about one per task and extension date).
 * `today` is appended to `params` (the injected clock's China date, never SQL now()).
 */
export function cellsSql(keys: string[], where: string, params: unknown[], today: string): string {
  params.push(today);
  const t = `$${params.length}::date`;
  const keyCols = keys.map((k, i) => `${k}::text AS k${i}`).join(', ');
  const keyExprs = keys.join(', ');
  const open = `a.state NOT IN ('approved', 'cancelled')`;
  const candidate = `${open} AND a.due_date >= ${t}`;
  return `
    SELECT ${keyCols}, a.state, ${ASSIGNED_ON_SQL}::text AS assigned_on, a.due_date::text AS due,
           GROUPING(a.state) AS period_row,
           count(*)::int AS n,
           count(*) FILTER (WHERE ${ON_TIME_SQL})::int AS on_time,
           count(*) FILTER (WHERE ${open} AND a.due_date < ${t})::int AS overdue,
           min(a.due_date) FILTER (WHERE ${open} AND a.due_date < ${t})::text AS overdue_due,
           coalesce(sum(a.progress_percent) FILTER (WHERE a.state <> 'cancelled'), 0)::int AS progress_sum,
           count(*) FILTER (WHERE ${candidate})::int AS candidates,
           min(a.progress_percent) FILTER (WHERE ${candidate})::int AS progress_min,
           bool_and(a.submitted_at IS NOT NULL) FILTER (WHERE ${candidate}) AS all_submitted
      FROM assignments a JOIN tasks t ON t.id = a.task_id
     WHERE ${where}
     GROUP BY GROUPING SETS ((${keyExprs}, a.state), (${keyExprs}, ${ASSIGNED_ON_SQL}, a.due_date))
    HAVING GROUPING(a.state) = 0 OR count(*) FILTER (WHERE ${candidate}) > 0`;
}

/**
 * The same cells read from the maintained roll-up `rollup_task_cells` (migration 1797310000000)
 * instead of the assignments: for groupings and filters on tasks only (plan, section, point, task)
 * and a scope that sees every assignment. `where` may only use `t`.
 */
export function taskCellsSql(keys: string[], where: string, params: unknown[], today: string): string {
  params.push(today);
  const t = `$${params.length}::date`;
  const keyCols = keys.map((k, i) => `${k}::text AS k${i}`).join(', ');
  const keyExprs = keys.join(', ');
  const open = `c.state NOT IN ('approved', 'cancelled') AND c.n > 0`;
  const candidate = `${open} AND c.due_date >= ${t}`;
  return `
    SELECT ${keyCols}, c.state, c.assigned_on::text AS assigned_on, c.due_date::text AS due,
           GROUPING(c.state) AS period_row,
           sum(c.n)::int AS n,
           sum(c.on_time)::int AS on_time,
           coalesce(sum(c.n) FILTER (WHERE ${open} AND c.due_date < ${t}), 0)::int AS overdue,
           min(c.due_date) FILTER (WHERE ${open} AND c.due_date < ${t})::text AS overdue_due,
           coalesce(sum(c.progress_sum) FILTER (WHERE c.state <> 'cancelled'), 0)::bigint AS progress_sum,
           coalesce(sum(c.n) FILTER (WHERE ${candidate}), 0)::int AS candidates,
           min(c.progress_min) FILTER (WHERE ${candidate}) AS progress_min,
           bool_and(c.submitted) FILTER (WHERE ${candidate}) AS all_submitted
      FROM rollup_task_cells c JOIN tasks t ON t.id = c.task_id
     WHERE ${where}
     GROUP BY GROUPING SETS ((${keyExprs}, c.state), (${keyExprs}, c.assigned_on, c.due_date))
    HAVING (GROUPING(c.state) = 0 AND sum(c.n) > 0) OR coalesce(sum(c.n) FILTER (WHERE ${candidate}), 0) > 0`;
}
