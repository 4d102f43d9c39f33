import { Injectable } from '@nestjs/common';
import { Plan } from '@duban/db';
import { buildMatcher, type MatchCandidate, type MatchKind, type OrgUnitInput } from '@duban/org-matcher';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { DubanError } from '@duban/errors';

export interface MentionMatch {
  mentionId: string;
  pointId: string;
  pointNumber: number;
  role: string;
  mention: string;
  kind: MatchKind;
  unitIds: string[];
  confidence: number;
  reason: string;
  candidates: MatchCandidate[];
}

export interface UnitMatches {
  planId: string;
  scopeId: string | null;
  summary: { mentions: number; unit: number; set: number; unmatched: number };
  items: MentionMatch[];
  /** the mentions a person must resolve; also present in items */
  unmatched: MentionMatch[];
  /** every unit an item or candidate names, so a client can show names without another call */
  units: Record<string, { code: string; name: string; type: string }>;
}

/**
 * Reads the unit mentions of a confirmed plan and proposes org units for each (org-matcher over
 * the active units). Nothing is stored: department heads confirm assignees when they split tasks.
 */
@Injectable()
export class UnitMatchService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async forPlan(planId: string, scopeId?: string): Promise<UnitMatches> {
    const plan = await this.db.getRepository(Plan).findOneBy({ id: planId });
    if (!plan) throw DubanError.notFound('计划', 'PLAN_NOT_FOUND');
    if (plan.status !== 'confirmed') {
      throw new DubanError('PLAN_NOT_CONFIRMED', '计划尚未确认，请先确认要点后再匹配责任单位');
    }
    const mentions: { id: string; point_id: string; number: number; role: string; name: string }[] = await this.db.query(
      `select m.id, m.point_id, p.number, m.role, m.name
         from point_unit_mentions m join work_points p on p.id = m.point_id
        where p.plan_id = $1
        order by p.position, array_position(array['lead','responsible','cooperating'], m.role), m.name, m.id`,
      [planId],
    );
    const units: OrgUnitInput[] = (
      await this.db.query(`select id, code, name, short_names, aliases, type, tags, parent_id from org_units where archived_at is null`)
    ).map((r: Record<string, unknown>) => ({
      id: r.id as string,
      code: r.code as string,
      name: r.name as string,
      shortNames: r.short_names as string[],
      aliases: r.aliases as string[],
      type: r.type as string,
      tags: r.tags as string[],
      parentId: r.parent_id as string | null,
    }));
    const byId = new Map(units.map((u) => [u.id, u]));
    if (scopeId && !byId.has(scopeId)) throw DubanError.notFound('范围单位', 'ORG_UNIT_NOT_FOUND');
    const matcher = buildMatcher(units, scopeId ? { scopeId } : {});
    const cache = new Map<string, ReturnType<typeof matcher.match>>();
    const items = mentions.map((m): MentionMatch => {
      let r = cache.get(m.name);
      if (!r) cache.set(m.name, (r = matcher.match(m.name)));
      return {
        mentionId: m.id,
        pointId: m.point_id,
        pointNumber: m.number,
        role: m.role,
        mention: m.name,
        kind: r.kind,
        unitIds: r.unitIds,
        confidence: r.confidence,
        reason: r.reason,
        candidates: r.candidates ?? [],
      };
    });
    const named: UnitMatches['units'] = {};
    for (const it of items) {
      for (const id of [...it.unitIds, ...it.candidates.map((c) => c.unitId)]) {
        const u = byId.get(id);
        if (u && !named[id]) named[id] = { code: u.code, name: u.name, type: u.type };
      }
    }
    const count = (k: MatchKind): number => items.filter((i) => i.kind === k).length;
    return {
      planId,
      scopeId: matcher.defaultScopeId,
      summary: { mentions: items.length, unit: count('unit'), set: count('set'), unmatched: count('unmatched') },
      items,
      unmatched: items.filter((i) => i.kind === 'unmatched'),
      units: named,
    };
  }
}
