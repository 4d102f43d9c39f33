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
 * Where cells come from: the assignments themselves, or the maintained roll-up `rollup_task_cells`
 * (migration 1797310000000; groupings and filters on tasks only, `where` may only use `t`).
 */
export interface CellSource {
  from: string;
  state: string;
  assignedOn: string;
  due: string;
  n: string;
  onTime: string;
  progressSum: string;
  progressMin: string;
  submitted: string;
  /** rows that stand for at least one assignment */
  live: string;
}

export const ASSIGNMENTS_SOURCE: CellSource = {
  from: 'assignments a JOIN tasks t ON t.id = a.task_id',
  state: 'a.state',
  assignedOn: ASSIGNED_ON_SQL,
  due: 'a.due_date',
  n: '1',
  onTime: `(${ON_TIME_SQL})::int`,
  progressSum: 'a.progress_percent',
  progressMin: 'a.progress_percent',
  submitted: 'a.submitted_at IS NOT NULL',
  live: 'true',
};

export const TASK_CELLS_SOURCE: CellSource = {
  from: 'rollup_task_cells c JOIN tasks t ON t.id = c.task_id',
  state: 'c.state',
  assignedOn: 'c.assigned_on',
  due: 'c.due_date',
  n: 'c.n',
  onTime: 'c.on_time',
  progressSum: 'c.progress_sum',
  progressMin: 'c.progress_min',
  submitted: 'c.submitted',
  live: 'c.n > 0',
};

const keyColumns = (keys: string[]) => keys.map((k, i) => `${k}::text AS k${i}`).join(', ');

/**
 * State cells (see figures.ts): per key and state, the counts — all, on time, overdue (with the
 * earliest overdue due date), progress. `today` is appended to `params` (the injected clock's China
 * date, never SQL now()).
 */
export function stateCellsSql(source: CellSource, keys: string[], where: string, params: unknown[], today: string): string {
  params.push(today);
  const t = `$${params.length}::date`;
  const x = source;
  const overdue = `${x.state} NOT IN ('approved', 'cancelled') AND ${x.due} < ${t} AND ${x.live}`;
  return `
    SELECT ${keyColumns(keys)}, ${x.state} AS state, 0 AS period_row,
           sum(${x.n})::int AS n,
           sum(${x.onTime})::int AS on_time,
           coalesce(sum(${x.n}) FILTER (WHERE ${overdue}), 0)::int AS overdue,
           min(${x.due}) FILTER (WHERE ${overdue})::text AS overdue_due,
           coalesce(sum(${x.progressSum}) FILTER (WHERE ${x.state} <> 'cancelled'), 0)::bigint AS progress_sum
      FROM ${x.from}
     WHERE ${where}
     GROUP BY ${keys.join(', ')}, ${x.state}
    HAVING sum(${x.n}) > 0`;
}

/**
 * Period cells (see figures.ts): per key and period (assigned date, due date) of the open work not
 * yet overdue, the lowest progress and whether all of it was submitted — what yellow needs. Keys
 * already red (`skipFirstKeys`, values of the first key) are left out: nothing beats red.
 */
export function periodCellsSql(
  source: CellSource,
  keys: string[],
  where: string,
  params: unknown[],
  today: string,
  skipFirstKeys: string[] = [],
): string {
  params.push(today);
  const t = `$${params.length}::date`;
  const x = source;
  let skip = '';
  if (skipFirstKeys.length > 0) {
    params.push(skipFirstKeys);
    skip = ` AND NOT (${keys[0]}::text = ANY($${params.length}::text[]))`;
  }
  return `
    SELECT ${keyColumns(keys)}, ${x.assignedOn}::text AS assigned_on, ${x.due}::text AS due, 1 AS period_row,
           min(${x.progressMin})::int AS progress_min,
           bool_and(${x.submitted}) AS all_submitted
      FROM ${x.from}
     WHERE ${where} AND ${x.state} NOT IN ('approved', 'cancelled') AND ${x.due} >= ${t} AND ${x.live}${skip}
     GROUP BY ${keys.join(', ')}, ${x.assignedOn}, ${x.due}`;
}
