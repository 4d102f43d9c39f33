import { isAdmin, isLeader } from './assignment-access';
import type { AuthUser } from './auth-user';

/** What of a task's history a user may see: the assignments (and so the units) visible to them. */
export interface TimelineScope {
  /** admins and leaders see everything; nothing is redacted for them */
  full: boolean;
  unitIds: ReadonlySet<string>;
  assignmentIds: ReadonlySet<string>;
}

export function timelineScope(user: AuthUser, visible: { id: string; unitId: string }[]): TimelineScope {
  return {
    full: isAdmin(user) || isLeader(user),
    unitIds: new Set([...visible.map((a) => a.unitId), ...user.units.map((u) => u.unitId)]),
    assignmentIds: new Set(visible.map((a) => a.id)),
  };
}

// keys of task-level payloads that list unit or assignment ids (task.assigned `skipped`, proposals' `remove`)
const ID_LIST_KEYS = new Set(['skipped', 'remove', 'unitIds', 'assignmentIds']);

/**
 * Task-level audit payloads and change proposals mention the units a task was given to. Someone
 * who sees only some of the task's assignments sees only those: entries about another unit
 * (an object with a `unitId` or `assignmentId` they may not see, an id in an id list) are dropped.
 */
export function redactForScope<T>(value: T, scope: TimelineScope): T {
  if (scope.full) return value;
  return redact(value, scope, null) as T;
}

function redact(value: unknown, scope: TimelineScope, key: string | null): unknown {
  if (Array.isArray(value)) {
    const visibleId = (x: unknown) => typeof x !== 'string' || scope.unitIds.has(x) || scope.assignmentIds.has(x);
    return value
      .filter((x) => (key !== null && ID_LIST_KEYS.has(key) ? visibleId(x) : visibleEntry(x, scope)))
      .map((x) => redact(x, scope, null));
  }
  if (value === null || typeof value !== 'object' || value instanceof Date) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redact(v, scope, k)]));
}

function visibleEntry(x: unknown, scope: TimelineScope): boolean {
  if (x === null || typeof x !== 'object') return true;
  const { unitId, assignmentId } = x as { unitId?: unknown; assignmentId?: unknown };
  if (typeof unitId === 'string' && !scope.unitIds.has(unitId)) return false;
  if (typeof assignmentId === 'string' && !scope.assignmentIds.has(assignmentId)) return false;
  return true;
}
