import type { EntityManager } from 'typeorm';

/** 催办 on an assignment: how often, and when last (the records are `urgings`, written by @duban/notices). */
export interface UrgeStats {
  urgeCount: number;
  lastUrgedAt: Date | null;
}

/** How often and when last each assignment was urged, in one query. */
export async function urgeStats(m: EntityManager, assignmentIds: string[]): Promise<Map<string, UrgeStats>> {
  if (assignmentIds.length === 0) return new Map();
  const rows: { assignment_id: string; n: number; last: Date }[] = await m.query(
    `SELECT assignment_id, count(*)::int AS n, max(at) AS last FROM urgings WHERE assignment_id = ANY($1::uuid[]) GROUP BY assignment_id`,
    [assignmentIds],
  );
  return new Map(rows.map((r) => [r.assignment_id, { urgeCount: r.n, lastUrgedAt: r.last }]));
}

/** Adds `urgeCount` and `lastUrgedAt` to each assignment-like item. */
export async function withUrgeStats<T extends { id: string }>(m: EntityManager, items: T[]): Promise<(T & UrgeStats)[]> {
  const stats = await urgeStats(
    m,
    items.map((i) => i.id),
  );
  return items.map((i) => ({ ...i, ...(stats.get(i.id) ?? { urgeCount: 0, lastUrgedAt: null }) }));
}
