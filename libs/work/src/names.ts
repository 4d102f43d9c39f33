import { together } from '@duban/db';
import type { EntityManager } from 'typeorm';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Names beside ids, one convention for every response: the field `xId` gets `xName` beside it
 * (`unitId` → `unitName`, `ownerUnitId` → `ownerUnitName`), any other field `x` gets `xName`
 * (`actor` → `actorName`, `decidedBy` → `decidedByName`). The id stays, so nothing that reads it
 * breaks; a person reads 退回人：张三, not a UUID. An id nobody can name (`system`, a deleted row)
 * gets `null`.
 */
export function nameField(field: string): string {
  return field.endsWith('Id') ? `${field.slice(0, -2)}Name` : `${field}Name`;
}

type NameOf<K extends string> = K extends `${infer P}Id` ? `${P}Name` : `${K}Name`;
export type Named<T, U extends string, N extends string> = T & { [K in NameOf<U> | NameOf<N>]: string | null };

/** Adds the display name beside each listed user and unit id of every item, in two queries at most. */
export async function withNames<T extends object, U extends keyof T & string = never, N extends keyof T & string = never>(
  m: EntityManager,
  items: T[],
  fields: { users?: U[]; units?: N[] },
): Promise<Named<T, U, N>[]> {
  const idsOf = (keys: readonly string[] = []) =>
    [...new Set(items.flatMap((item) => keys.map((k) => (item as Record<string, unknown>)[k])))].filter(
      (v): v is string => typeof v === 'string' && UUID.test(v),
    );
  const [users, units] = await together(
    m,
    () => lookup(m, 'users', 'display_name', idsOf(fields.users)),
    () => lookup(m, 'org_units', 'name', idsOf(fields.units)),
  );
  return items.map((item) => {
    const named: Record<string, unknown> = { ...(item as Record<string, unknown>) };
    for (const k of fields.users ?? []) named[nameField(k)] = users.get(named[k] as string) ?? null;
    for (const k of fields.units ?? []) named[nameField(k)] = units.get(named[k] as string) ?? null;
    return named as Named<T, U, N>;
  });
}

/** One item (see withNames). */
export async function withNamesOne<T extends object, U extends keyof T & string = never, N extends keyof T & string = never>(
  m: EntityManager,
  item: T,
  fields: { users?: U[]; units?: N[] },
): Promise<Named<T, U, N>> {
  return (await withNames(m, [item], fields))[0];
}

async function lookup(m: EntityManager, table: 'users' | 'org_units', column: string, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows: { id: string; name: string }[] = await m.query(`SELECT id, ${column} AS name FROM ${table} WHERE id = ANY($1::uuid[])`, [
    ids,
  ]);
  return new Map(rows.map((r) => [r.id, r.name]));
}
