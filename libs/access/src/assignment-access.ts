import type { Actor } from '@duban/assignment-workflow';
import type { SelectQueryBuilder } from 'typeorm';
import type { AuthUser } from './auth-user';
import { liveLeadUnitSql } from './lead-unit';

/**
 * Who may see and act on which assignment. One place for the rules, used by tasks, evidence and
 * inbox code alike:
 * - admins and leaders see everything (leaders only read);
 * - a department head sees the tasks their department owns and their own units' assignments;
 * - a unit member sees their units' assignments, and a lead unit also the cooperating units'
 *   assignments of the same task while its own lead assignment is live (it consolidates their reports).
 */
export interface AssignmentFacts {
  unitId: string;
  role: 'lead' | 'cooperating' | 'responsible';
  taskOwnerUnitId: string | null;
  /** the lead unit of the same task, if there is one */
  leadUnitId: string | null;
}

export const isAdmin = (user: AuthUser): boolean => user.globalRoles.includes('admin');
export const isLeader = (user: AuthUser): boolean => user.globalRoles.includes('leader');
export const memberUnitIds = (user: AuthUser): string[] => [...new Set(user.units.map((u) => u.unitId))];
export const headUnitIds = (user: AuthUser): string[] => user.units.filter((u) => u.role === 'department_head').map((u) => u.unitId);

export function canSeeAssignment(user: AuthUser, a: AssignmentFacts): boolean {
  if (isAdmin(user) || isLeader(user)) return true;
  const mine = memberUnitIds(user);
  if (mine.includes(a.unitId)) return true;
  if (a.taskOwnerUnitId && headUnitIds(user).includes(a.taskOwnerUnitId)) return true;
  return a.role === 'cooperating' && a.leadUnitId !== null && mine.includes(a.leadUnitId);
}

/**
 * The role a user plays for an assignment's transitions, or null when they may only look (or not
 * even that). A cooperating unit's work is reviewed by its lead unit; everyone else's by the head
 * of the department that owns the task. Admins can step in as reviewer and owner.
 */
export function actorsFor(user: AuthUser, a: AssignmentFacts): Actor[] {
  const actors: Actor[] = [];
  const mine = memberUnitIds(user);
  const headsOwner = a.taskOwnerUnitId !== null && headUnitIds(user).includes(a.taskOwnerUnitId);
  if (mine.includes(a.unitId)) actors.push('unit');
  const reviewsIt = a.role === 'cooperating' ? a.leadUnitId !== null && mine.includes(a.leadUnitId) : headsOwner;
  if (reviewsIt || isAdmin(user)) actors.push('reviewer');
  if (headsOwner || isAdmin(user)) actors.push('owner');
  return actors;
}

/**
 * Narrows a query over assignments (alias `a`) joined to tasks (alias `t`) to what the user may
 * see, in SQL, so lists, counts and exports can never show more than the rules above.
 */
export function scopeAssignments<T extends object>(qb: SelectQueryBuilder<T>, user: AuthUser, a = 'a', t = 't'): SelectQueryBuilder<T> {
  if (isAdmin(user) || isLeader(user)) return qb;
  const units = memberUnitIds(user);
  const heads = headUnitIds(user);
  if (units.length === 0) return qb.andWhere('false');
  return qb.andWhere(
    `(${a}.unit_id = ANY(:scopeUnits)
      OR ${t}.owner_unit_id = ANY(:scopeHeads)
      OR (${a}.role = 'cooperating' AND ${liveLeadUnitSql(`${a}.task_id`, `${a}_lead`)} = ANY(:scopeUnits)))`,
    { scopeUnits: units, scopeHeads: heads.length > 0 ? heads : ['00000000-0000-0000-0000-000000000000'] },
  );
}
