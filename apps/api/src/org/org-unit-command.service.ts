import { Injectable } from '@nestjs/common';
import { Clock } from '@duban/clock';
import { OrgUnit, type OrgUnitType } from '@duban/db';
import { changedFields, splitList, type UnitRecord, validateUnitRecord } from '@duban/org-import';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '@duban/audit';
import { DubanError } from '@duban/errors';
import type { RequestContext } from '@duban/audit';
import type { CreateUnitBody, UpdateUnitBody } from './org.dto';
import { isSelfOrDescendant, lockOrgTree } from '@duban/org';

const FIELD_OF: Partial<Record<keyof UnitRecord, keyof OrgUnit>> = {
  name: 'name',
  shortNames: 'shortNames',
  aliases: 'aliases',
  type: 'type',
  tags: 'tags',
};

/** Create, edit, move, archive and restore single units; every change audited in its transaction. */
@Injectable()
export class OrgUnitCommandService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async create(ctx: RequestContext, body: CreateUnitBody): Promise<OrgUnit> {
    if (!body.type) throw invalid([{ field: 'type', code: 'TYPE_MISSING', reason: '类型不能为空' }]);
    return this.db.transaction(async (m) => {
      await lockOrgTree(m);
      const parent = body.parentId ? await this.activeParent(m, body.parentId) : null;
      const record = normalise({ ...body, code: body.code.trim(), type: body.type as OrgUnitType, parentCode: parent?.code ?? null });
      check(record);
      const taken = await m.existsBy(OrgUnit, { code: record.code });
      if (taken) throw new DubanError('ORG_UNIT_CODE_TAKEN', `编码“${record.code}”已被其他单位使用`);
      const unit = await m.save(
        Object.assign(new OrgUnit(), {
          code: record.code,
          name: record.name,
          shortNames: record.shortNames,
          aliases: record.aliases,
          type: record.type,
          tags: record.tags,
          parentId: parent?.id ?? null,
          isSupervisionOffice: body.isSupervisionOffice ?? false,
        }),
      );
      await this.audit.record(m, ctx, {
        action: 'org.unit.created',
        objectType: 'org_unit',
        objectId: unit.id,
        after: { ...snapshot(unit, parent?.code ?? null), isSupervisionOffice: unit.isSupervisionOffice },
      });
      return unit;
    });
  }

  async update(ctx: RequestContext, id: string, body: UpdateUnitBody): Promise<OrgUnit> {
    return this.db.transaction(async (m) => {
      await lockOrgTree(m);
      const unit = await this.load(m, id);
      if (unit.archivedAt) throw new DubanError('ORG_UNIT_ARCHIVED', '已归档的单位不能修改，请先恢复');
      const oldParent = unit.parentId ? await m.findOneBy(OrgUnit, { id: unit.parentId }) : null;
      let parent = oldParent;
      if (body.parentId !== undefined && body.parentId !== unit.parentId) {
        parent = body.parentId === null ? null : await this.activeParent(m, body.parentId);
        if (parent && (await isSelfOrDescendant(m, unit.id, parent.id))) {
          throw new DubanError('ORG_UNIT_CYCLE', '不能把单位移到它自己或它的下级单位之下');
        }
      }
      const before = toRecord(unit, oldParent?.code ?? null);
      const after = normalise({ ...before, ...definedOnly(body), parentCode: parent?.code ?? null });
      check(after);
      const fields = changedFields(before, after);
      // the supervision-office flag is no column of the import files: audited beside the record's fields
      const office =
        body.isSupervisionOffice !== undefined && body.isSupervisionOffice !== unit.isSupervisionOffice
          ? { before: { isSupervisionOffice: unit.isSupervisionOffice }, after: { isSupervisionOffice: body.isSupervisionOffice } }
          : { before: {}, after: {} };
      if (fields.length === 0 && office.after.isSupervisionOffice === undefined) return unit;
      for (const f of fields) if (FIELD_OF[f]) Object.assign(unit, { [FIELD_OF[f]!]: after[f] });
      unit.parentId = parent?.id ?? null;
      if (body.isSupervisionOffice !== undefined) unit.isSupervisionOffice = body.isSupervisionOffice;
      const saved = await m.save(unit);
      await this.audit.record(m, ctx, {
        action: 'org.unit.updated',
        objectType: 'org_unit',
        objectId: unit.id,
        before: { ...pick(before, fields), ...office.before },
        after: { ...pick(after, fields), ...office.after },
      });
      return saved;
    });
  }

  /**
   * DELETE archives (nothing is ever deleted: plans and tasks keep pointing at the unit). Refused
   * while active children or members remain, so nobody is left belonging to a unit that is gone.
   */
  async archive(ctx: RequestContext, id: string): Promise<OrgUnit> {
    return this.db.transaction(async (m) => {
      await lockOrgTree(m);
      const unit = await this.load(m, id);
      if (unit.archivedAt) return unit;
      const [counts] = await m.query(
        `select (select count(*)::int from org_units c where c.parent_id = $1 and c.archived_at is null) as children,
                (select count(distinct uu.user_id)::int from user_units uu join users us on us.id = uu.user_id
                  where uu.unit_id = $1 and us.is_active) as members`,
        [id],
      );
      if (counts.children > 0) {
        throw new DubanError('ORG_UNIT_HAS_CHILDREN', `该单位下还有 ${counts.children} 个未归档的下级单位，请先归档或移走它们`, {
          children: counts.children,
        });
      }
      if (counts.members > 0) {
        throw new DubanError('ORG_UNIT_HAS_MEMBERS', `该单位还有 ${counts.members} 名在用的用户，请先调整他们的所属单位`, {
          members: counts.members,
        });
      }
      unit.archivedAt = this.clock.now();
      const saved = await m.save(unit);
      await this.audit.record(m, ctx, {
        action: 'org.unit.archived',
        objectType: 'org_unit',
        objectId: id,
        before: { archivedAt: null },
        after: { archivedAt: saved.archivedAt },
      });
      return saved;
    });
  }

  async restore(ctx: RequestContext, id: string): Promise<OrgUnit> {
    return this.db.transaction(async (m) => {
      await lockOrgTree(m);
      const unit = await this.load(m, id);
      if (!unit.archivedAt) return unit;
      const parent = unit.parentId ? await m.findOneBy(OrgUnit, { id: unit.parentId }) : null;
      if (parent?.archivedAt) throw new DubanError('ORG_UNIT_PARENT_ARCHIVED', `上级单位“${parent.name}”已归档，请先恢复上级单位`);
      const archivedAt = unit.archivedAt;
      unit.archivedAt = null;
      const saved = await m.save(unit);
      await this.audit.record(m, ctx, {
        action: 'org.unit.restored',
        objectType: 'org_unit',
        objectId: id,
        before: { archivedAt },
        after: { archivedAt: null },
      });
      return saved;
    });
  }

  private async load(m: EntityManager, id: string): Promise<OrgUnit> {
    const unit = await m.findOneBy(OrgUnit, { id });
    if (!unit) throw DubanError.notFound('单位', 'ORG_UNIT_NOT_FOUND');
    return unit;
  }

  private async activeParent(m: EntityManager, id: string): Promise<OrgUnit> {
    const parent = await m.findOneBy(OrgUnit, { id });
    if (!parent) throw new DubanError('ORG_PARENT_NOT_FOUND', '上级单位不存在');
    if (parent.archivedAt) throw new DubanError('ORG_UNIT_PARENT_ARCHIVED', `上级单位“${parent.name}”已归档`);
    return parent;
  }
}

interface Issue {
  field: string;
  code: string;
  reason: string;
}

function invalid(issues: Issue[]): DubanError {
  return new DubanError('ORG_UNIT_INVALID', issues.map((i) => i.reason).join('；'), { issues });
}

/** The import's rules, so a unit made by hand could have come from a file (and exports cleanly). */
function check(record: UnitRecord): void {
  const issues = validateUnitRecord(record);
  if (issues.length > 0) throw invalid(issues.map(({ field, code, reason }) => ({ field, code, reason })));
}

function normalise(r: Pick<UnitRecord, 'code' | 'type' | 'parentCode'> & Partial<UnitRecord>): UnitRecord {
  // list items are split the way import splits cells, so export → import round-trips
  const list = (items: string[] | undefined): string[] => splitList((items ?? []).join('|'));
  return {
    code: r.code,
    name: (r.name ?? '').trim(),
    shortNames: list(r.shortNames),
    aliases: list(r.aliases),
    type: r.type,
    tags: list(r.tags),
    parentCode: r.parentCode,
  };
}

function definedOnly(body: UpdateUnitBody): Partial<UnitRecord> {
  const out: Partial<UnitRecord> = {};
  if (body.name !== undefined) out.name = body.name;
  if (body.shortNames !== undefined) out.shortNames = body.shortNames;
  if (body.aliases !== undefined) out.aliases = body.aliases;
  if (body.type !== undefined) out.type = body.type;
  if (body.tags !== undefined) out.tags = body.tags;
  return out;
}

function toRecord(u: OrgUnit, parentCode: string | null): UnitRecord {
  return { code: u.code, name: u.name, shortNames: u.shortNames, aliases: u.aliases, type: u.type, tags: u.tags, parentCode };
}

function snapshot(u: OrgUnit, parentCode: string | null): object {
  return { ...toRecord(u, parentCode), parentId: u.parentId };
}

function pick(r: UnitRecord, fields: (keyof UnitRecord)[]): Record<string, unknown> {
  return Object.fromEntries(fields.map((f) => [f, r[f]]));
}
