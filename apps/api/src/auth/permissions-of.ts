import type { GlobalRole } from '@duban/db';
import type { UnitMembership } from '@duban/access';
import { Permission, ROLE_PERMISSIONS, SUPERVISION_OFFICE_PERMISSIONS } from '@duban/access';

/**
 * The union of what every role a user holds allows: bureau-wide roles and each membership's role,
 * plus the coordinator's permissions for a member of a supervision office.
 */
export function permissionsOf(
  globalRoles: readonly GlobalRole[],
  units: readonly UnitMembership[],
  inSupervisionOffice = false,
): Permission[] {
  // Self is what signing in means: even a user whose roles were all removed may see and end their session
  const all = new Set<Permission>([Permission.Self]);
  for (const role of [...globalRoles, ...units.map((u) => u.role)]) for (const p of ROLE_PERMISSIONS[role] ?? []) all.add(p);
  if (inSupervisionOffice) for (const p of SUPERVISION_OFFICE_PERMISSIONS) all.add(p);
  return [...all].sort();
}
