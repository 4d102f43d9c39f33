import { together } from '@duban/db';
import type { EntityManager } from 'typeorm';
import type { SummaryInput } from './model';

/**
 * Everything the summary says about a plan, in nine set-based queries (no per-task or per-unit
 * round trips: a 300-point plan over 200 units is 60 000 assignments). The completion rate is
 * passed in: it is the roll-up's figure, never recomputed here.
 */
export async function loadSummaryInput(m: EntityManager, planId: string, completionRate: number): Promise<SummaryInput | null> {
  const [plan] = (await m.query(`SELECT id, title, year FROM plans WHERE id = $1`, [planId])) as SummaryInput['plan'][];
  if (!plan) return null;
  const q = <T>(sql: string): Promise<T[]> => m.query(sql, [planId]) as Promise<T[]>;
  const [sections, points, tasks, assignments, targets, actuals, returns, extensions, evidence] = await together(
    m,
    () =>
      q<SummaryInput['sections'][number]>(
        `SELECT id, parent_id AS "parentId", number, title, position FROM plan_sections WHERE plan_id = $1 ORDER BY position, id`,
      ),
    () =>
      q<SummaryInput['points'][number]>(
        `SELECT id, section_id AS "sectionId", number, title, position FROM work_points WHERE plan_id = $1 ORDER BY position, id`,
      ),
    () =>
      q<SummaryInput['tasks'][number]>(
        `SELECT t.id, t.point_id AS "pointId", t.position, t.title, t.status, t.cancel_reason AS "cancelReason",
              o.name AS "ownerUnitName", to_char(t.due_date, 'YYYY-MM-DD') AS "dueDate"
         FROM tasks t LEFT JOIN org_units o ON o.id = t.owner_unit_id
        WHERE t.plan_id = $1 ORDER BY t.position, t.id`,
      ),
    () =>
      q<SummaryInput['assignments'][number]>(
        `SELECT a.id, a.task_id AS "taskId", a.unit_id AS "unitId", u.name AS "unitName", a.role, a.state,
              to_char(a.due_date, 'YYYY-MM-DD') AS "dueDate", a.progress_percent AS "progressPercent"
         FROM assignments a JOIN tasks t ON t.id = a.task_id JOIN org_units u ON u.id = a.unit_id
        WHERE t.plan_id = $1 ORDER BY a.id`,
      ),
    () =>
      q<SummaryInput['targets'][number] & { value: string }>(
        `SELECT g.id, g.task_id AS "taskId", g.position, g.metric, g.value, g.unit, g.comparator
         FROM task_targets g JOIN tasks t ON t.id = g.task_id WHERE t.plan_id = $1 ORDER BY g.position, g.id`,
      ),
    () =>
      // the latest actual per target and unit: what the unit says now, not the sum of its history
      q<SummaryInput['actuals'][number] & { value: string }>(
        `SELECT DISTINCT ON (x.task_target_id, x.assignment_id)
              x.task_target_id AS "taskTargetId", x.assignment_id AS "assignmentId", x.value, to_char(x.as_of, 'YYYY-MM-DD') AS "asOf"
         FROM target_actuals x JOIN task_targets g ON g.id = x.task_target_id JOIN tasks t ON t.id = g.task_id
        WHERE t.plan_id = $1
        ORDER BY x.task_target_id, x.assignment_id, x.as_of DESC, x.created_at DESC, x.id`,
      ),
    () =>
      // returns of the submission (review decisions) and of evidence files (their reviewer's reason): the latest of either
      q<SummaryInput['returns'][number]>(
        `SELECT DISTINCT ON (x."assignmentId") x."assignmentId", x.reason, x."fileName"
         FROM (SELECT r.assignment_id AS "assignmentId", r.reason, NULL::text AS "fileName", r.at, r.id::text AS tie
                 FROM review_decisions r JOIN assignments a ON a.id = r.assignment_id JOIN tasks t ON t.id = a.task_id
                WHERE t.plan_id = $1 AND r.decision = 'return' AND r.reason IS NOT NULL
               UNION ALL
               SELECT f.assignment_id, f.review_reason, f.file_name, f.reviewed_at, f.id::text
                 FROM evidence_files f JOIN assignments a ON a.id = f.assignment_id JOIN tasks t ON t.id = a.task_id
                WHERE t.plan_id = $1 AND f.review_state = 'returned' AND f.review_reason IS NOT NULL
                  AND f.withdrawn_at IS NULL AND f.reviewed_at IS NOT NULL) x
        ORDER BY x."assignmentId", x.at DESC, x.tie DESC`,
      ),
    () =>
      q<SummaryInput['extensions'][number]>(
        `SELECT DISTINCT ON (e.assignment_id) e.assignment_id AS "assignmentId", e.reason, e.status,
              to_char(e.requested_due, 'YYYY-MM-DD') AS "requestedDue"
         FROM extension_requests e JOIN assignments a ON a.id = e.assignment_id JOIN tasks t ON t.id = a.task_id
        WHERE t.plan_id = $1
        ORDER BY e.assignment_id, e.created_at DESC, e.id`,
      ),
    () =>
      q<SummaryInput['evidence'][number]>(
        `SELECT f.id, f.assignment_id AS "assignmentId", f.file_name AS "fileName", f.review_state AS "reviewState"
         FROM evidence_files f JOIN assignments a ON a.id = f.assignment_id JOIN tasks t ON t.id = a.task_id
        WHERE t.plan_id = $1 AND f.withdrawn_at IS NULL AND f.review_state <> 'returned'
        ORDER BY f.uploaded_at, f.id`,
      ),
  );
  return {
    plan,
    completionRate,
    sections,
    points,
    tasks,
    assignments,
    targets: targets.map((t) => ({ ...t, value: Number(t.value) })),
    actuals: actuals.map((a) => ({ ...a, value: Number(a.value) })),
    returns,
    extensions,
    evidence,
  };
}

/** approved ÷ (all − cancelled) over the plan's assignments, the roll-up's definition; 0 when none. */
export async function planCompletionRate(m: EntityManager, planId: string): Promise<number> {
  const [row] = (await m.query(
    `SELECT count(*) FILTER (WHERE a.state = 'approved')::int AS approved, count(*) FILTER (WHERE a.state <> 'cancelled')::int AS live
       FROM assignments a JOIN tasks t ON t.id = a.task_id WHERE t.plan_id = $1`,
    [planId],
  )) as { approved: number; live: number }[];
  return row.live === 0 ? 0 : row.approved / row.live;
}
