/** Unit types used by the org tree. Other strings are tolerated but get no collective meaning. */
export const UNIT_TYPES = ['bureau', 'district_bureau', 'department', 'direct_unit', 'school'] as const;
export type UnitType = (typeof UNIT_TYPES)[number];

/** School tags understood by the collective rules (各小学, 各幼儿园, 民办学校 …). */
export const LEVEL_TAGS = ['小学', '初中', '高中', '九年一贯制', '十二年一贯制', '完全中学', '幼儿园', '职业学校', '特殊教育'] as const;
export const FUNDING_TAGS = ['公办', '民办'] as const;

/** One org unit as the matcher sees it (a row of seeds/org/units.csv, or a DB entity). */
export interface OrgUnitInput {
  id: string;
  code: string;
  name: string;
  shortNames: string[];
  aliases: string[];
  type: string;
  tags: string[];
  parentId: string | null;
}

export type MatchKind = 'unit' | 'set' | 'unmatched';

export interface MatchCandidate {
  unitId: string;
  /** 0..1 */
  confidence: number;
}

export interface MatchResult {
  /** The mention exactly as given. */
  mention: string;
  kind: MatchKind;
  /** 'unit' → exactly one id; 'set' → one or more; 'unmatched' → none. */
  unitIds: string[];
  /** 0..1 */
  confidence: number;
  /** Short Chinese explanation, e.g. 简称精确匹配 / 集合：所有小学. */
  reason: string;
  /** Alternatives for a human to choose from (ties, weak fuzzy hits, ambiguous names). */
  candidates?: MatchCandidate[];
}

export interface MatchOptions {
  /**
   * The issuing bureau (or any unit) whose subtree the mention is read in.
   * Collective mentions only cover its descendants, 各直属… only its children, and
   * name hits inside it win over hits elsewhere. Defaults to the matcher's scope.
   */
  scopeId?: string;
}

export interface MatcherOptions {
  /** Default scope; when omitted and the tree has exactly one root, that root. */
  scopeId?: string;
}

export interface OrgMatcher {
  /** Number of units indexed. */
  readonly size: number;
  /** The default scope actually in use (null = whole forest). */
  readonly defaultScopeId: string | null;
  match(mention: string, options?: MatchOptions): MatchResult;
  matchAll(mentions: readonly string[], options?: MatchOptions): MatchResult[];
  /** Lookup by id (undefined for unknown ids). */
  unit(id: string): OrgUnitInput | undefined;
}
