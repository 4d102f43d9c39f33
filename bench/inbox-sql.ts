// The SQL the unit-inbox benchmark sets beside the service: the best hand-written query for the
// same page (its baseline), and the service's own SQL as it was before it was brought to it.

const ACTION_STATES = `('assigned', 'in_progress', 'returned')`;

interface Sql {
  sql: string;
  params: unknown[];
}

/** The inbox item's columns, decorating a page `a` that carries the assignment's own columns. */
function decorated(page: string, where = ''): string {
  return `SELECT a.id, a.task_id, t.title AS task_title, t.plan_id, pl.title AS plan_title, s.id AS section_id,
       s.number AS section_number, s.title AS section_title, p.number AS point_number, a.unit_id, u.name AS unit_name,
       a.role, a.owner_user_id, a.due_date::text AS due_date, a.state, a.version, a.updated_at,
       er.id AS ext_id, er.requested_due::text AS ext_due, er.reason AS ext_reason
  FROM ${page} a
  JOIN tasks t ON t.id = a.task_id
  JOIN work_points p ON p.id = t.point_id
  JOIN plan_sections s ON s.id = p.section_id
  JOIN plans pl ON pl.id = t.plan_id
  JOIN org_units u ON u.id = a.unit_id
  LEFT JOIN extension_requests er ON er.assignment_id = a.id AND er.status = 'pending'${where}
 ORDER BY a.due_date, a.id`;
}

/**
 * What one would write by hand for "page N of my unit's open work, soonest due first" and its
 * badge counts: the unit's open assignments read in (due_date, id) order straight from an index
 * range and cut at the page, only those rows joined for display; the count from the same range.
 */
export function handWrittenUnitInbox(unitId: string, today: string, page: number, pageSize: number): { list: Sql; count: Sql } {
  return {
    list: {
      sql: decorated(`(SELECT id, task_id, unit_id, role, owner_user_id, due_date, state, version, updated_at
          FROM assignments WHERE unit_id = $1 AND state IN ${ACTION_STATES}
         ORDER BY due_date, id LIMIT $2 OFFSET $3)`),
      params: [unitId, pageSize, (page - 1) * pageSize],
    },
    count: {
      sql: `SELECT count(*)::int AS total, (count(*) FILTER (WHERE due_date < $2))::int AS overdue
              FROM assignments WHERE unit_id = $1 AND state IN ${ACTION_STATES}`,
      params: [unitId, today],
    },
  };
}

/**
 * The service's SQL for the same request before this change (as `InboxService.toSql` generated
 * it at commit 2cf7f6a, for a member of one unit): the visibility rule's three-way OR and its join
 * to tasks around the bucket's condition, and the page chosen in an `a.id IN (…)` semi-join.
 */
export function previousUnitInbox(unitId: string, today: string, pageSize: number): { list: Sql; count: Sql } {
  const NO_UNIT = '00000000-0000-0000-0000-000000000000';
  const where = (n: number) => `("a"."unit_id" = ANY($${n})
      OR "t"."owner_unit_id" = ANY($${n + 1})
      OR ("a"."role" = 'cooperating' AND EXISTS (
            SELECT 1 FROM assignments lead_a
            WHERE lead_a.task_id = "a"."task_id" AND lead_a.role = 'lead' AND lead_a.state <> 'cancelled'
              AND lead_a.unit_id = ANY($${n})))) AND "a"."unit_id" = ANY($${n + 2}) AND "a"."state" IN ($${n + 3}, $${n + 4}, $${n + 5})`;
  const params = [[unitId], [NO_UNIT], [unitId], 'assigned', 'in_progress', 'returned'];
  return {
    list: {
      sql: decorated(
        'assignments',
        `
 WHERE a.id IN (SELECT "a"."id" AS "id" FROM "assignments" "a" INNER JOIN "tasks" "t" ON "t"."id" = "a"."task_id" WHERE ${where(1)} ORDER BY "a"."due_date" ASC, "a"."id" ASC LIMIT ${pageSize} OFFSET 0)`,
      ),
      params,
    },
    count: {
      sql: `SELECT count(*)::int AS "total", (count(*) FILTER (WHERE "a"."due_date" < $1 AND "a"."state" NOT IN ('approved', 'cancelled')))::int AS "overdue", (count(*) FILTER (WHERE "a"."state" = 'submitted'))::int AS "submitted", (count(*) FILTER (WHERE "a"."state" = 'extension_requested'))::int AS "extensionRequested" FROM "assignments" "a" INNER JOIN "tasks" "t" ON "t"."id" = "a"."task_id" WHERE ${where(2)}`,
      params: [today, ...params],
    },
  };
}
