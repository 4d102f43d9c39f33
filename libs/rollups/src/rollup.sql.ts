import { rollupScopeSql, type RollupScope } from '@duban/access';
import type { RollupFilters } from './rollup.types';

/** The China date an assignment was given out (the start of its 序时进度 period). */
export const ASSIGNED_ON_SQL = `(a.created_at AT TIME ZONE 'Asia/Shanghai')::date`;
/** Approved by the end of the due date in force, China time. */
export const ON_TIME_SQL = `a.approved_at < ((a.due_date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai')`;

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
 * Cells (see figures.ts) grouped by the given key expressions over `a` and `t`: one pass over the
 * scoped assignments, everything else is arithmetic on a few thousand rows.
 */
export function cellsSql(keys: string[], where: string): string {
  const keyCols = keys.map((k, i) => `${k}::text AS k${i}`).join(', ');
  const n = keys.length;
  const groupBy = Array.from({ length: n + 3 }, (_, i) => i + 1).join(', ');
  return `
    SELECT ${keyCols}, ${ASSIGNED_ON_SQL}::text AS assigned_on, a.due_date::text AS due, a.state,
           count(*)::int AS n,
           count(*) FILTER (WHERE ${ON_TIME_SQL})::int AS on_time,
           sum(a.progress_percent)::int AS progress_sum,
           min(a.progress_percent)::int AS progress_min,
           bool_and(a.submitted_at IS NOT NULL) AS all_submitted
      FROM assignments a JOIN tasks t ON t.id = a.task_id
     WHERE ${where}
     GROUP BY ${groupBy}`;
}
