import type { AuthUser } from './auth-user';
import { headUnitIds, isAdmin, isLeader, memberUnitIds } from './assignment-access';

/**
 * Which assignments a user's roll-ups (completion figures, lights, red list, trends) count, in SQL:
 * - admins and leaders: everything;
 * - a department head: the tasks their department owns (and so the units assigned to them), plus
 *   their own units' assignments;
 * - a unit member: their own units' assignments only (a lead unit's view of its cooperating units
 *   stays in the inbox; figures are about one's own work).
 *
 * `'all'` is the system's scope (weekly snapshots, the year-end summary job).
 * Returns an SQL condition over assignments `a` and tasks `t`, with `$n` parameters appended to `params`.
 */
export type RollupScope = AuthUser | 'all';

export function rollupScopeSql(scope: RollupScope, params: unknown[], a = 'a', t = 't'): string {
  if (scope === 'all' || isAdmin(scope) || isLeader(scope)) return 'true';
  const units = memberUnitIds(scope);
  const heads = headUnitIds(scope);
  if (units.length === 0) return 'false';
  params.push(units);
  const unitsParam = `$${params.length}`;
  if (heads.length === 0) return `${a}.unit_id = ANY(${unitsParam}::uuid[])`;
  params.push(heads);
  return `(${a}.unit_id = ANY(${unitsParam}::uuid[]) OR ${t}.owner_unit_id = ANY($${params.length}::uuid[]))`;
}

/** Whether a scope sees every assignment (leaders, admins, the system). */
export function rollupSeesAll(scope: RollupScope): boolean {
  return scope === 'all' || isAdmin(scope) || isLeader(scope);
}
