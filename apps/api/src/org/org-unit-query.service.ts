import { Injectable } from '@nestjs/common';
import { OrgUnit } from '@duban/db';
import { orderParentsFirst, unitsToCsv, unitsToXlsx } from '@duban/org-import';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { DubanError } from '@duban/errors';
import type { Page } from '../common/pagination.dto';
import type { ListUnitsQuery } from './org.dto';
import { loadExistingUnits } from '@duban/org';
import { withNames } from '@duban/work';

export interface TreeNode {
  id: string;
  code: string;
  name: string;
  type: string;
  tags: string[];
  archived?: true;
  children?: TreeNode[];
}

const SORT_COLUMNS: Record<string, string> = {
  code: 'u.code',
  name: 'u.name',
  type: 'u.type',
  createdAt: 'u.created_at',
  updatedAt: 'u.updated_at',
};
// departments first, then direct units, then schools: how a bureau lists itself
const TYPE_ORDER = `array_position(array['bureau','district_bureau','department','direct_unit','school'], u.type)`;

const likePattern = (q: string): string => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

@Injectable()
export class OrgUnitQueryService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async list(query: ListUnitsQuery): Promise<Page<OrgUnit & { parentName: string | null }>> {
    const qb = this.db.getRepository(OrgUnit).createQueryBuilder('u');
    if (!query.includeArchived) qb.andWhere('u.archived_at is null');
    if (query.type) qb.andWhere('u.type = :type', { type: query.type });
    if (query.tag?.length) qb.andWhere('u.tags @> cast(:tags as text[])', { tags: query.tag });
    if (query.parentId) qb.andWhere('u.parent_id = :parentId', { parentId: query.parentId });
    if (query.q) {
      qb.andWhere(
        `(u.name ilike :q escape '\\' or u.code ilike :q escape '\\'
          or exists (select 1 from unnest(u.short_names || u.aliases) as n(v) where n.v ilike :q escape '\\'))`,
        { q: likePattern(query.q) },
      );
    }
    const desc = query.sort.startsWith('-');
    qb.orderBy(SORT_COLUMNS[query.sort.replace(/^-/, '')] ?? 'u.code', desc ? 'DESC' : 'ASC').addOrderBy('u.id', 'ASC');
    const [items, total] = await qb
      .skip((query.page - 1) * query.pageSize)
      .take(query.pageSize)
      .getManyAndCount();
    // names beside ids: the 上级 column shows the parent's name
    return { items: await withNames(this.db.manager, items, { units: ['parentId'] }), total, page: query.page, pageSize: query.pageSize };
  }

  /** The whole forest in one query, nested in memory: a province (20,000 units) is a few MB. */
  async tree(includeArchived: boolean): Promise<TreeNode[]> {
    const rows: { id: string; code: string; name: string; type: string; tags: string[]; parent_id: string | null; archived: boolean }[] =
      await this.db.query(
        `select u.id, u.code, u.name, u.type, u.tags, u.parent_id, u.archived_at is not null as archived
           from org_units u ${includeArchived ? '' : 'where u.archived_at is null'}
          order by ${TYPE_ORDER}, u.code`,
      );
    const nodes = new Map<string, TreeNode>();
    for (const r of rows) {
      nodes.set(r.id, {
        id: r.id,
        code: r.code,
        name: r.name,
        type: r.type,
        tags: r.tags,
        ...(r.archived ? { archived: true as const } : {}),
      });
    }
    const roots: TreeNode[] = [];
    for (const r of rows) {
      const node = nodes.get(r.id)!;
      const parent = r.parent_id ? nodes.get(r.parent_id) : undefined;
      if (parent) (parent.children ??= []).push(node);
      else roots.push(node);
    }
    return roots;
  }

  async get(id: string) {
    const unit = await this.db.getRepository(OrgUnit).findOneBy({ id });
    if (!unit) throw DubanError.notFound('单位', 'ORG_UNIT_NOT_FOUND');
    const ancestors: { id: string; code: string; name: string; type: string }[] = await this.db.query(
      `with recursive up as (
         select p.id, p.code, p.name, p.type, p.parent_id, 1 as depth
           from org_units p where p.id = $1
         union all
         select p.id, p.code, p.name, p.type, p.parent_id, up.depth + 1
           from org_units p join up on p.id = up.parent_id
          where up.depth < 100
       )
       select id, code, name, type from up order by depth desc`,
      [unit.parentId],
    );
    const [counts] = await this.db.query(
      `select (select count(*)::int from org_units c where c.parent_id = $1 and c.archived_at is null) as child_count,
              (select count(distinct uu.user_id)::int from user_units uu where uu.unit_id = $1) as member_count`,
      [id],
    );
    return { ...unit, parentChain: ancestors, childCount: counts.child_count as number, memberCount: counts.member_count as number };
  }

  /** Active units in the import columns, parents first: importing the export changes nothing. */
  async export(format: 'csv' | 'xlsx'): Promise<Buffer> {
    const units = orderParentsFirst(await loadExistingUnits(this.db.manager, { activeOnly: true }));
    if (format === 'xlsx') return unitsToXlsx(units);
    // a BOM so that Excel opens the Chinese text as UTF-8
    return Buffer.from(`\uFEFF${unitsToCsv(units)}`, 'utf8');
  }
}
