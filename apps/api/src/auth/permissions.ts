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
  UsersRead = 'users:read',
  UsersManage = 'users:manage',
  AuditRead = 'audit:read',
  /** every signed-in user: their own profile, their own session */
  Self = 'self',
}

export type Role = GlobalRole | UnitRole;

/** The one table of who may do what; tests generate the permission matrix from it. */
export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  admin: Object.values(Permission),
  leader: [Permission.PlansRead, Permission.OrgRead, Permission.UsersRead, Permission.AuditRead, Permission.Self],
  department_head: [Permission.PlansRead, Permission.PlansImport, Permission.PlansEdit, Permission.OrgRead, Permission.Self],
  unit_member: [Permission.OrgRead, Permission.Self],
};
