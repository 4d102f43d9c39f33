import type { GlobalRole, UnitRole } from '@duban/db';

/**
 * What an endpoint may require. Every route declares one (or is explicitly public); the global
 * guard refuses any route that declares nothing. Object-level checks happen in the services.
 */
export enum Permission {
  PlansRead = 'plans:read',
  PlansImport = 'plans:import',
  PlansEdit = 'plans:edit',
  /** route a confirmed plan's points to lead and cooperating departments (admins, the supervision office) */
  PlansRoute = 'plans:route',
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
  /** 催办: the owner department's heads any assignment of the task, a lead unit its cooperating units' (checked per assignment) */
  AssignmentsUrge = 'assignments:urge',
  /** issue a 督办单 for a lagging assignment of a task one's department owns */
  NoticesIssue = 'notices:issue',
  /** the queue board at /admin/queues (bull-board) */
  QueuesAdmin = 'queues:admin',
  /** completion roll-ups, lights, red list, rankings and trends (narrowed by `rollupScopeSql`) */
  RollupsRead = 'rollups:read',
  /** the year-end summary of a plan (leaders, and heads for their department's plans) */
  SummaryRead = 'summary:read',
  /** import a year-end summary against a plan and confirm or reject the actuals it proposes */
  SummaryReconcile = 'summary:reconcile',
  /** reminders' machinery: calendar overrides, units' chat robots, dead letters (admins) */
  RemindersManage = 'reminders:manage',
  /** every signed-in user: their own profile, their own session */
  Self = 'self',
}

export type Role = GlobalRole | UnitRole;

/** The one table of who may do what; tests generate the permission matrix from it. */
export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  admin: Object.values(Permission),
  leader: [
    Permission.PlansRead,
    Permission.OrgRead,
    Permission.UsersRead,
    Permission.AuditRead,
    Permission.TasksRead,
    Permission.RollupsRead,
    Permission.SummaryRead,
    Permission.Self,
  ],
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
    Permission.AssignmentsUrge,
    Permission.NoticesIssue,
    Permission.RollupsRead,
    Permission.SummaryRead,
    Permission.SummaryReconcile,
    Permission.Self,
  ],
  // a lead unit's members review the cooperating units' reports they consolidate
  unit_member: [
    Permission.OrgRead,
    Permission.UsersRead,
    Permission.TasksRead,
    Permission.AssignmentsWork,
    Permission.AssignmentsReview,
    Permission.AssignmentsUrge,
    Permission.RollupsRead,
    Permission.Self,
  ],
};

/**
 * What membership of a supervision office (办公室 / 督查室, `org_units.is_supervision_office`) adds
 * to the member's role: coordinators read every plan and route its points to departments.
 */
export const SUPERVISION_OFFICE_PERMISSIONS: readonly Permission[] = [Permission.PlansRead, Permission.PlansRoute];
