import type { GlobalRole, UnitRole } from '@duban/db';

/**
 * What an endpoint may require. Every route declares one (or is explicitly public); the global
 * guard refuses any route that declares nothing. Object-level checks happen in the services.
 */
export enum Permission {
  PlansRead = 'plans:read',
  PlansImport = 'plans:import',
  PlansEdit = 'plans:edit',
  OrgRead = 'org:read',
  OrgManage = 'org:manage',
  /** list and read users, narrowed by scope: leaders all, heads their units' users, members themselves */
  UsersRead = 'users:read',
  UsersManage = 'users:manage',
  AuditRead = 'audit:read',
  /** see tasks and assignments (always narrowed to what the user's units may see) */
  TasksRead = 'tasks:read',
  /** decompose points into tasks, assign units, decide adjustments and cancellations */
  TasksManage = 'tasks:manage',
  /** act on one's own unit's assignments: progress, submission, extension requests, evidence */
  AssignmentsWork = 'assignments:work',
  /** approve or return submissions, evidence and extensions */
  AssignmentsReview = 'assignments:review',
  /** reminders' machinery: calendar overrides, units' chat robots, dead letters (admins) */
  RemindersManage = 'reminders:manage',
  /** every signed-in user: their own profile, their own session */
  Self = 'self',
}

export type Role = GlobalRole | UnitRole;

/** The one table of who may do what; tests generate the permission matrix from it. */
export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  admin: Object.values(Permission),
  leader: [Permission.PlansRead, Permission.OrgRead, Permission.UsersRead, Permission.AuditRead, Permission.TasksRead, Permission.Self],
  department_head: [
    Permission.PlansRead,
    Permission.PlansImport,
    Permission.PlansEdit,
    Permission.OrgRead,
    Permission.UsersRead,
    Permission.TasksRead,
    Permission.TasksManage,
    Permission.AssignmentsWork,
    Permission.AssignmentsReview,
    Permission.Self,
  ],
  // a lead unit's members review the cooperating units' reports they consolidate
  unit_member: [
    Permission.OrgRead,
    Permission.UsersRead,
    Permission.TasksRead,
    Permission.AssignmentsWork,
    Permission.AssignmentsReview,
    Permission.Self,
  ],
};
