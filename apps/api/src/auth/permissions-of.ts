import type { GlobalRole } from '@duban/db';
import type { UnitMembership } from '@duban/access';
import { Permission, ROLE_PERMISSIONS } from '@duban/access';

/** The union of what every role a user holds allows: bureau-wide roles and each membership's role. */
export function permissionsOf(globalRoles: readonly GlobalRole[], units: readonly UnitMembership[]): Permission[] {
  // Self is what signing in means: even a user whose roles were all removed may see and end their session
  const all = new Set<Permission>([Permission.Self]);
  for (const role of [...globalRoles, ...units.map((u) => u.role)]) for (const p of ROLE_PERMISSIONS[role] ?? []) all.add(p);
  return [...all].sort();
}
