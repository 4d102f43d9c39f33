import type { AuthUser } from '@duban/access';

/** Which users someone may see: leaders and admins all; heads their units' users; everyone themselves. */
export type UserScope = { kind: 'all' } | { kind: 'units'; selfId: string; unitIds: string[] };

export function userScope(user: AuthUser): UserScope {
  if (user.globalRoles.length > 0) return { kind: 'all' };
  const headed = [...new Set(user.units.filter((u) => u.role === 'department_head').map((u) => u.unitId))];
  return { kind: 'units', selfId: user.id, unitIds: headed };
}

/** LIKE patterns treat % and _ as wildcards; a search for them must find them literally. */
export const escapeLike = (text: string): string => text.replace(/[\\%_]/g, (c) => `\\${c}`);
