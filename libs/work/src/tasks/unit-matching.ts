import { OrgUnit, type PointUnitMention } from '@duban/db';
import { buildMatcher, type MatchResult, type OrgMatcher, type OrgUnitInput } from '@duban/org-matcher';
import { IsNull, type EntityManager } from 'typeorm';

/** A confident name match (exact or normalised) may set a task's owner without a person checking it. */
export const OWNER_CONFIDENCE = 0.9;
const NAMES_SHOWN = 20;

export interface SuggestedAssignee {
  mention: string;
  role: PointUnitMention['role'];
  kind: MatchResult['kind'];
  confidence: number;
  reason: string;
  unitCount: number;
  /** every matched unit id (a set such as 各小学 can be large) */
  unitIds: string[];
  /** names of the first few, for people to check */
  units: { id: string; name: string; type: string }[];
  candidates: { unitId: string; name: string; confidence: number }[];
}

/** The matcher over the live org tree, read in the bureau's subtree when one is given. */
export async function loadUnitMatcher(manager: EntityManager, bureauId?: string): Promise<OrgMatcher> {
  const units = await manager.find(OrgUnit, { where: { archivedAt: IsNull() } });
  const input: OrgUnitInput[] = units.map((u) => ({
    id: u.id,
    code: u.code,
    name: u.name,
    shortNames: u.shortNames,
    aliases: u.aliases,
    type: u.type,
    tags: u.tags,
    parentId: u.parentId,
  }));
  return buildMatcher(input, bureauId ? { scopeId: bureauId } : {});
}

export function suggestAssignees(matcher: OrgMatcher, mentions: Pick<PointUnitMention, 'name' | 'role'>[]): SuggestedAssignee[] {
  return mentions.map((m) => {
    const r = matcher.match(m.name);
    const describe = (id: string) => {
      const u = matcher.unit(id);
      return { id, name: u?.name ?? '', type: u?.type ?? '' };
    };
    return {
      mention: m.name,
      role: m.role,
      kind: r.kind,
      confidence: r.confidence,
      reason: r.reason,
      unitCount: r.unitIds.length,
      unitIds: r.unitIds,
      units: r.unitIds.slice(0, NAMES_SHOWN).map(describe),
      candidates: (r.candidates ?? []).map((c) => ({ unitId: c.unitId, name: describe(c.unitId).name, confidence: c.confidence })),
    };
  });
}

/** The department that owns a point: its lead (else first responsible) mention, when matched confidently to a department. */
export function ownerFromSuggestions(suggestions: SuggestedAssignee[]): string | null {
  const lead = suggestions.find((s) => s.role === 'lead') ?? suggestions.find((s) => s.role === 'responsible');
  if (!lead || lead.kind !== 'unit' || lead.confidence < OWNER_CONFIDENCE) return null;
  return lead.units[0]?.type === 'department' ? lead.units[0].id : null;
}
