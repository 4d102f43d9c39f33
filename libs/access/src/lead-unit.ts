/**
 * The live lead unit of a task: the unit of its lead assignment, unless that assignment was
 * cancelled (a cancelled lead consolidates and reviews nothing). The one definition, in SQL; every
 * access rule and the TypeScript facts are read through it.
 *
 * `taskId` is an SQL expression (a column such as `a.task_id`, or a parameter such as `$1`).
 */
export function liveLeadUnitSql(taskId: string, alias = 'live_lead'): string {
  return `(SELECT ${alias}.unit_id FROM assignments ${alias}
            WHERE ${alias}.task_id = ${taskId} AND ${alias}.role = 'lead' AND ${alias}.state <> 'cancelled' LIMIT 1)`;
}
