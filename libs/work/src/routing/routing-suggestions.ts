import type { OrgMatcher, OrgUnitInput } from '@duban/org-matcher';
import type { PointUnitMention } from '@duban/db';

/** A fuzzy hit below this is shown as a candidate, never pre-selected. */
export const ROUTING_CONFIDENCE = 0.8;

export type SuggestionSource = 'mention' | 'text';

export interface RoutingSuggestion {
  leadUnitId: string | null;
  cooperatingUnitIds: string[];
  /** why each unit is suggested, for the coordinator to check */
  reasons: {
    unitId: string;
    role: 'lead' | 'cooperating';
    source: SuggestionSource;
    mention: string;
    confidence: number;
    reason: string;
  }[];
}

/**
 * The lead and cooperating departments suggested for one work point:
 * 1. its unit mentions (inline annotations such as 牵头单位：… and task-table columns, both stored as
 *    point_unit_mentions with their role), matched by the org matcher (names, short names, aliases);
 *    the first lead (else responsible) department leads, every other matched department cooperates;
 * 2. when no mention names a department, the departments whose name, short name or alias occurs in
 *    the point's text, in order of appearance (the first leads).
 * Only departments are suggested: schools and sets are assigned later by the owner's heads.
 */
export function suggestRouting(
  matcher: OrgMatcher,
  departments: readonly OrgUnitInput[],
  mentions: readonly Pick<PointUnitMention, 'name' | 'role'>[],
  text: string,
): RoutingSuggestion {
  const reasons: RoutingSuggestion['reasons'] = [];
  const isDepartment = new Set(departments.map((d) => d.id));
  const ordered = [
    ...mentions.filter((m) => m.role === 'lead'),
    ...mentions.filter((m) => m.role === 'responsible'),
    ...mentions.filter((m) => m.role === 'cooperating'),
  ];
  const seen = new Set<string>();
  for (const m of ordered) {
    const r = matcher.match(m.name);
    if (r.kind !== 'unit' || r.confidence < ROUTING_CONFIDENCE) continue;
    const id = r.unitIds[0];
    if (!isDepartment.has(id) || seen.has(id)) continue;
    seen.add(id);
    const role = reasons.length === 0 && m.role !== 'cooperating' ? 'lead' : 'cooperating';
    reasons.push({ unitId: id, role, source: 'mention', mention: m.name, confidence: r.confidence, reason: r.reason });
  }
  if (reasons.length === 0) {
    for (const hit of departmentsInText(departments, text)) {
      reasons.push({
        unitId: hit.id,
        role: reasons.length === 0 ? 'lead' : 'cooperating',
        source: 'text',
        mention: hit.name,
        confidence: 0.8,
        reason: '正文提及',
      });
    }
  }
  return {
    leadUnitId: reasons.find((r) => r.role === 'lead')?.unitId ?? null,
    cooperatingUnitIds: reasons.filter((r) => r.role === 'cooperating').map((r) => r.unitId),
    reasons,
  };
}

// names this short are words of ordinary prose (工会 in 教育工会 is fine, 工会 alone is not safe)
const MIN_NAME_LENGTH = 3;
const MAX_TEXT_HITS = 5;

/** Departments named in a text by any of their names, ordered by first occurrence; longest name wins at a position. */
export function departmentsInText(departments: readonly OrgUnitInput[], text: string): { id: string; name: string; at: number }[] {
  const hits: { id: string; name: string; at: number; len: number }[] = [];
  for (const d of departments) {
    let best: { at: number; name: string } | null = null;
    for (const name of [d.name, ...d.shortNames, ...d.aliases]) {
      if (name.length < MIN_NAME_LENGTH) continue;
      const at = text.indexOf(name);
      if (at >= 0 && (!best || at < best.at)) best = { at, name };
    }
    if (best) hits.push({ id: d.id, name: best.name, at: best.at, len: best.name.length });
  }
  // a name inside a longer hit (办公室 inside 党建工作办公室) is not a mention of its own
  const kept = hits.filter((h) => !hits.some((o) => o !== h && o.len > h.len && o.at <= h.at && h.at + h.len <= o.at + o.len));
  return kept
    .sort((a, b) => a.at - b.at)
    .slice(0, MAX_TEXT_HITS)
    .map(({ id, name, at }) => ({ id, name, at }));
}
