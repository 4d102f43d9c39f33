import type { ExistingUnit, UnitRecord } from '@duban/org-import';
import type { EntityManager } from 'typeorm';

/**
 * Tree changes (import, move, archive, restore) take this transaction-scoped lock, so two of
 * them cannot each pass the cycle check and together make a loop.
 */
export async function lockOrgTree(m: EntityManager): Promise<void> {
  await m.query('select pg_advisory_xact_lock(1795100, 1)');
}

interface UnitRow {
  code: string;
  name: string;
  short_names: string[];
  aliases: string[];
  type: UnitRecord['type'];
  tags: string[];
  parent_code: string | null;
  archived: boolean;
  is_supervision_office: boolean;
}

/** Every unit, archived included, with its parent's code: what the import planner compares against. */
export async function loadExistingUnits(m: EntityManager, options: { activeOnly?: boolean } = {}): Promise<ExistingUnit[]> {
  const rows: UnitRow[] = await m.query(
    `select u.code, u.name, u.short_names, u.aliases, u.type, u.tags, p.code as parent_code, u.archived_at is not null as archived,
            u.is_supervision_office
       from org_units u left join org_units p on p.id = u.parent_id
      ${options.activeOnly ? 'where u.archived_at is null' : ''}
      order by u.code`,
  );
  return rows.map((r) => ({
    code: r.code,
    name: r.name,
    shortNames: r.short_names,
    aliases: r.aliases,
    type: r.type,
    tags: r.tags,
    parentCode: r.parent_code,
    archived: r.archived,
    supervisionOffice: r.is_supervision_office,
  }));
}

/** True when `candidate` is `unitId` itself or somewhere below it. */
export async function isSelfOrDescendant(m: EntityManager, unitId: string, candidate: string): Promise<boolean> {
  const rows: unknown[] = await m.query(
    `with recursive below as (
       select id from org_units where id = $1
       union all
       select c.id from org_units c join below b on c.parent_id = b.id
     )
     select 1 from below where id = $2 limit 1`,
    [unitId, candidate],
  );
  return rows.length > 0;
}
