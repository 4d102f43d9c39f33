import { headUnitIds, isAdmin, memberUnitIds, type AssignmentFacts } from './assignment-access';
import type { AuthUser } from './auth-user';

/** In whose name someone urges (催办) an assignment, recorded with the urging. */
export type UrgeRole = 'owner' | 'lead_unit' | 'admin';

/**
 * Who may urge an assignment: the heads of the department that owns the task (any of its
 * assignments), a live lead unit's members (its cooperating units' assignments only, see
 * lead-unit.ts), and admins. Null when the user may not: a unit never urges itself, a school
 * never urges anyone.
 */
export function urgeRoleFor(user: AuthUser, a: AssignmentFacts): UrgeRole | null {
  if (a.taskOwnerUnitId !== null && headUnitIds(user).includes(a.taskOwnerUnitId)) return 'owner';
  if (a.role === 'cooperating' && a.leadUnitId !== null && memberUnitIds(user).includes(a.leadUnitId)) return 'lead_unit';
  if (isAdmin(user)) return 'admin';
  return null;
}

/** Who may issue a 督办单: the heads of the department that owns the task, and admins. */
export function canIssueNotice(user: AuthUser, a: AssignmentFacts): boolean {
  return isAdmin(user) || (a.taskOwnerUnitId !== null && headUnitIds(user).includes(a.taskOwnerUnitId));
}

/** Who signs for and answers a 督办单: the members of the unit it was issued to. */
export function isNoticeUnit(user: AuthUser, unitId: string): boolean {
  return memberUnitIds(user).includes(unitId);
}
