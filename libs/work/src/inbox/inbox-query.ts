import { Assignment, Task, TaskChangeRequest } from '@duban/db';
import type { DataSource, SelectQueryBuilder } from 'typeorm';
import type { AuthUser } from '@duban/access';
import { headUnitIds, isAdmin, liveLeadUnitSql, memberUnitIds, scopeAssignments } from '@duban/access';
import type { AssignmentFilters, AssignmentSort, TaskFilters } from './inbox.filters';

/**
 * The one place that says which assignments a list or a count covers. Counts and lists are both
 * built from `assignmentQuery`, so the number on a badge is the total of the list it opens.
 */
export type Bucket = 'actions' | 'reviews' | 'all';

/** Work the unit itself has to move: not yet submitted, or sent back. */
export const ACTION_STATES = ['assigned', 'in_progress', 'returned'] as const;
/** Waiting for a reviewer's decision: a submission, or an extension request. */
export const REVIEW_STATES = ['submitted', 'extension_requested'] as const;
const CLOSED_STATES = ['approved', 'cancelled'];

const NO_UNIT = '00000000-0000-0000-0000-000000000000';
const orNone = (ids: string[]): string[] => (ids.length > 0 ? ids : [NO_UNIT]);

export function assignmentQuery(db: DataSource, user: AuthUser, bucket: Bucket, f: AssignmentFilters, today: string) {
  const qb = db.getRepository(Assignment).createQueryBuilder('a');
  if (bucket === 'actions') {
    // The unit's own work. `a.unit_id` among the user's units is the first branch of the
    // visibility rule (scopeAssignments), so the scope would add nothing but its join to tasks and
    // an OR the planner cannot index. One unit (the common case) is compared with `=`, so the
    // planner walks assignments_unit_actions_idx in (due_date, id) order and stops after a page;
    // the states are literals, so that partial index's predicate is provably implied.
    const units = memberUnitIds(user);
    if (units.length === 1) qb.where('a.unit_id = :myUnit', { myUnit: units[0] });
    else qb.where('a.unit_id = ANY(:myUnits)', { myUnits: orNone(units) });
    qb.andWhere(`a.state IN (${ACTION_STATES.map((s) => `'${s}'`).join(', ')})`);
    if (f.planId || f.sectionId || f.q) joinTasks(qb);
  } else {
    // never more than the shared visibility rules allow, whatever the bucket says
    scopeAssignments(joinTasks(qb), user, 'a', 't');
    if (bucket === 'reviews') {
      qb.andWhere('a.state IN (:...reviewStates)', { reviewStates: REVIEW_STATES });
      reviewerOnly(qb, user);
    }
  }
  applyTaskFilters(qb, f);
  if (f.state?.length) qb.andWhere('a.state IN (:...states)', { states: f.state });
  if (f.taskId) qb.andWhere('a.task_id = :taskId', { taskId: f.taskId });
  if (f.unitId) qb.andWhere('a.unit_id = :unitId', { unitId: f.unitId });
  if (f.dueFrom) qb.andWhere('a.due_date >= :dueFrom', { dueFrom: f.dueFrom });
  if (f.dueTo) qb.andWhere('a.due_date <= :dueTo', { dueTo: f.dueTo });
  // the same definition as isOverdue in @duban/assignment-workflow, in SQL
  if (f.overdue === true) qb.andWhere('a.due_date < :today AND a.state NOT IN (:...closed)', { today, closed: CLOSED_STATES });
  if (f.overdue === false) qb.andWhere('(a.due_date >= :today OR a.state IN (:...closed))', { today, closed: CLOSED_STATES });
  return qb;
}

/** Joins the task as `t` once; the action inbox needs it only to filter or sort by task. */
function joinTasks<T extends object>(qb: SelectQueryBuilder<T>): SelectQueryBuilder<T> {
  if (!qb.expressionMap.aliases.some((alias) => alias.name === 't')) qb.innerJoin(Task, 't', 't.id = a.task_id');
  return qb;
}

/**
 * actorsFor's reviewer rule in SQL: a cooperating unit's work is reviewed by members of the
 * task's live lead unit, everything else by heads of the task's owner department; admins review
 * all. The `task_id = ANY(ARRAY(…))` line says nothing new: it is a superset of task ids,
 * computed once, that the planner turns into an index condition (assignments_review_task_idx)
 * instead of testing the OR below on every submitted row of the database.
 */
function reviewerOnly(qb: SelectQueryBuilder<Assignment>, user: AuthUser): void {
  if (isAdmin(user)) return;
  const units = memberUnitIds(user);
  const heads = headUnitIds(user);
  if (units.length === 0) {
    qb.andWhere('false');
    return;
  }
  const params = { rvUnits: units, rvHeads: orNone(heads) };
  // a prefilter the indexes can serve: tasks the user's departments own, or whose live lead is one of
  // the user's units (liveLeadUnitSql's rule written as a set); the exact rule follows
  qb.andWhere(
    `a.task_id = ANY(ARRAY(SELECT rv_t.id FROM tasks rv_t WHERE rv_t.owner_unit_id = ANY(:rvHeads)
                   UNION SELECT rv_l.task_id FROM assignments rv_l
                   WHERE rv_l.role = 'lead' AND rv_l.state <> 'cancelled' AND rv_l.unit_id = ANY(:rvUnits)))`,
    params,
  );
  qb.andWhere(
    `((a.role <> 'cooperating' AND t.owner_unit_id = ANY(:rvHeads))
      OR (a.role = 'cooperating' AND ${liveLeadUnitSql('a.task_id', 'rv_lead')} = ANY(:rvUnits)))`,
    params,
  );
}

/** Pending adjustments and cancellations of tasks whose owner department the user heads. */
export function changeRequestQuery(db: DataSource, user: AuthUser, f: TaskFilters) {
  const qb = db
    .getRepository(TaskChangeRequest)
    .createQueryBuilder('cr')
    .innerJoin(Task, 't', 't.id = cr.task_id')
    .where(`cr.status = 'pending'`);
  if (!isAdmin(user)) qb.andWhere('t.owner_unit_id = ANY(:crHeads)', { crHeads: orNone(headUnitIds(user)) });
  applyTaskFilters(qb, f);
  if (f.dueFrom) qb.andWhere('t.due_date >= :dueFrom', { dueFrom: f.dueFrom });
  if (f.dueTo) qb.andWhere('t.due_date <= :dueTo', { dueTo: f.dueTo });
  return qb;
}

function applyTaskFilters<T extends object>(qb: SelectQueryBuilder<T>, f: TaskFilters): void {
  if (f.planId) qb.andWhere('t.plan_id = :planId', { planId: f.planId });
  if (f.sectionId) {
    // a section covers the points of its sub-sections too (一、 > （一）)
    qb.andWhere(
      `t.point_id IN (SELECT f_p.id FROM work_points f_p WHERE f_p.section_id IN (
         WITH RECURSIVE f_s(id) AS (SELECT CAST(:sectionId AS uuid)
           UNION ALL SELECT c.id FROM plan_sections c JOIN f_s ON c.parent_id = f_s.id)
         SELECT id FROM f_s))`,
      { sectionId: f.sectionId },
    );
  }
  if (f.q) qb.andWhere(`t.title ILIKE :q ESCAPE '\\'`, { q: `%${escapeLike(f.q)}%` });
}

export const escapeLike = (s: string): string => s.replace(/[\\%_]/g, (c) => `\\${c}`);

const SORT_COLUMNS: Record<string, string> = {
  dueDate: 'a.due_date',
  updatedAt: 'a.updated_at',
  title: 't.title',
  // workflow order, not alphabetical
  state: `array_position(ARRAY['assigned','in_progress','returned','extension_requested','submitted','approved','cancelled'], a.state)`,
};

export function orderAssignments(qb: SelectQueryBuilder<Assignment>, sort: AssignmentSort): void {
  const desc = sort.startsWith('-');
  if (SORT_COLUMNS[sort.replace(/^-/, '')].startsWith('t.')) joinTasks(qb);
  qb.orderBy(SORT_COLUMNS[sort.replace(/^-/, '')], desc ? 'DESC' : 'ASC').addOrderBy('a.id', 'ASC');
}

/** The same order as an SQL fragment, for the outer query that decorates a page. */
export function orderSql(sort: AssignmentSort): string {
  return `${SORT_COLUMNS[sort.replace(/^-/, '')]} ${sort.startsWith('-') ? 'DESC' : 'ASC'}, a.id ASC`;
}
