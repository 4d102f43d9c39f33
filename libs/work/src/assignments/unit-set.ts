import type { UnitSetInput } from './assignment.inputs';

export interface SqlFragment {
  sql: string;
  params: unknown[];
}

/** Whether a unit set names anything at all: "every unit in the database" is never meant. */
export function isBounded(set: UnitSetInput): boolean {
  return Boolean(set.types?.length || set.tags?.length || set.tagsAny?.length || set.parentId);
}

/**
 * The WHERE clause (over `org_units u`) selecting a unit set: types, all of `tags`, any of
 * `tagsAny`, children (or all descendants) of `parentId`; archived units never. Parameters are
 * numbered from `first` so the fragment drops into a larger statement.
 */
export function unitSetWhere(set: UnitSetInput, first: number): SqlFragment {
  const clauses = ['u.archived_at IS NULL'];
  const params: unknown[] = [];
  const param = (value: unknown): string => {
    params.push(value);
    return `$${first + params.length - 1}`;
  };
  if (set.types?.length) clauses.push(`u.type = ANY(${param(set.types)}::text[])`);
  if (set.tags?.length) clauses.push(`u.tags @> ${param(set.tags)}::text[]`);
  if (set.tagsAny?.length) clauses.push(`u.tags && ${param(set.tagsAny)}::text[]`);
  if (set.parentId) {
    const parent = param(set.parentId);
    clauses.push(
      set.includeDescendants
        ? `u.id IN (WITH RECURSIVE sub(id) AS (
             SELECT id FROM org_units WHERE parent_id = ${parent}::uuid
             UNION ALL SELECT o.id FROM org_units o JOIN sub ON o.parent_id = sub.id)
           SELECT id FROM sub)`
        : `u.parent_id = ${parent}::uuid`,
    );
  }
  return { sql: clauses.join(' AND '), params };
}
