import type { GlobalRole, UnitRole } from '@duban/db';
import type { Permission } from './permissions';

export interface UnitMembership {
  unitId: string;
  role: UnitRole;
}

/** The signed-in user as the guard puts it on `request.user`; services scope every query by it. */
export interface AuthUser {
  id: string;
  username: string;
  displayName: string;
  globalRoles: GlobalRole[];
  units: UnitMembership[];
  permissions: Permission[];
  /** the sign-in session (refresh-token family) the access token belongs to */
  sessionId: string;
}
