import { buildLexicon, LEVEL_RULES, parseCollective, type CollectiveSpec, type Funding, type Lexicon, type SetAtom } from './collective';
import { bigrams } from '@duban/text';
import {
  clean,
  deriveAreaPrefixes,
  leadingAreas,
  normalisedVariants,
  removeBracketChars,
  removeBracketContent,
  stripPrefixes,
  type AreaPrefixes,
} from './normalize';
import { similarity } from './similarity';
import {
  LEVEL_TAGS,
  type MatchCandidate,
  type MatchOptions,
  type MatchResult,
  type MatcherOptions,
  type OrgMatcher,
  type OrgUnitInput,
} from './types';

/** Confidence levels. */
export const CONFIDENCE = {
  exact: 1,
  normalised: 0.9,
  bareArea: 0.85,
  /** Fuzzy hits never score above this. */
  fuzzyCap: 0.8,
} as const;

/** Fuzzy thresholds: accept ≥ ACCEPT with a margin ≥ TIE_MARGIN over the runner-up. */
export const FUZZY = {
  accept: 0.6,
  candidateMin: 0.35,
  tieMargin: 0.08,
  maxCandidates: 5,
  maxMentionLength: 60,
} as const;

const MAX_AMBIGUOUS_CANDIDATES = 10;
const MAX_VAGUE_CANDIDATES = 30;
const MAX_DEPTH = 64;

type Via = 'name' | 'short' | 'alias';
const VIA_RANK: Record<Via, number> = { name: 0, short: 1, alias: 2 };
const VIA_LABEL: Record<Via, string> = { name: '名称', short: '简称', alias: '别名' };

interface Entry {
  idx: number;
  via: Via;
}

const BUREAU_TYPES = new Set(['bureau', 'district_bureau']);
const BARE_BUREAU_WORDS: ReadonlySet<string> = new Set(['教育局', '教育厅', '教委', '教育委员会', '教体局']);
const LEVEL_TAG_SET: ReadonlySet<string> = new Set(LEVEL_TAGS);
const PUNCT_SPLIT = /[、,，;；/|]+/;
const WORD_SPLIT = /以及|和|及|与|暨/;
const VAGUE = /^(?:各)?(?:相关|有关|涉及|其他|其它|有关的|相关的)(.+)$/;

const NORMALISED = '规范化后匹配（去除前缀/括号/空白）';
const AREA_SUFFIX = /(自治区|自治州|自治县|省|市|区|县|州|旗|盟)$/;
const EMPTY_SET: ReadonlySet<string> = new Set<string>();
const BRACKETED = /[([{【〔〖「『]([^)\]}】〕〗」』]+)[)\]}】〕〗」』]/g;
const SELF_WORDS: ReadonlySet<string> = new Set(['本局', '我局', '局机关', '教育局', '局本级']);
/** An area-like prefix (河东区…, 某某县…) used to notice places the org tree does not know. */
const GENERIC_AREA = /^([\u4e00-\u9fff]{2,4}?[区县市])/;
const UNKNOWN_AREA_CAP = 0.55;

const round2 = (x: number): number => Math.round(Math.min(1, Math.max(0, x)) * 100) / 100;

function addEntry(map: Map<string, Entry[]>, key: string, entry: Entry): void {
  if (key.length === 0) return;
  const list = map.get(key);
  if (!list) {
    map.set(key, [entry]);
    return;
  }
  const existing = list.find((e) => e.idx === entry.idx);
  if (!existing) list.push(entry);
  else if (VIA_RANK[entry.via] < VIA_RANK[existing.via]) existing.via = entry.via;
}

function unmatched(mention: string, reason: string, candidates?: MatchCandidate[]): MatchResult {
  const r: MatchResult = { mention, kind: 'unmatched', unitIds: [], confidence: 0, reason };
  if (candidates && candidates.length > 0) r.candidates = candidates;
  return r;
}

class Matcher implements OrgMatcher {
  readonly size: number;
  readonly defaultScopeId: string | null;

  private readonly units: OrgUnitInput[];
  private readonly idToIdx = new Map<string, number>();
  private readonly parent: Int32Array;
  /** Nearest bureau-type ancestor (excluding self), -1 if none. */
  private readonly ownerBureau: Int32Array;
  private readonly children: number[][];
  private readonly exact = new Map<string, Entry[]>();
  private readonly norm = new Map<string, Entry[]>();
  private readonly fuzzyKeys: string[] = [];
  private readonly fuzzyOwner: number[] = [];
  private readonly fuzzyGramCount: number[] = [];
  private readonly fuzzyUniqueGramCount: number[] = [];
  private sharedCounts = new Int32Array(0);
  private charHits = new Int32Array(0);
  private readonly unitAreas: Array<ReadonlySet<string> | undefined>;
  private readonly bigramPost = new Map<string, number[]>();
  private readonly charPost = new Map<string, number[]>();
  private readonly areas: AreaPrefixes;
  private readonly lexicon: Lexicon;
  private readonly setCache = new Map<string, number[]>();
  private readonly subtreeCache = new Map<number, number[]>();
  private readonly defaultScope: number;

  constructor(input: readonly OrgUnitInput[], options: MatcherOptions) {
    this.units = input.map((u) => ({
      ...u,
      shortNames: [...u.shortNames],
      aliases: [...u.aliases],
      tags: [...u.tags],
    }));
    this.size = this.units.length;
    this.units.forEach((u, i) => {
      if (this.idToIdx.has(u.id)) throw new Error(`org-matcher: duplicate unit id ${u.id}`);
      this.idToIdx.set(u.id, i);
    });

    this.parent = new Int32Array(this.size).fill(-1);
    this.children = this.units.map(() => []);
    this.units.forEach((u, i) => {
      const p = u.parentId === null ? undefined : this.idToIdx.get(u.parentId);
      if (p !== undefined && p !== i) {
        this.parent[i] = p;
        this.children[p].push(i);
      }
    });
    this.ownerBureau = new Int32Array(this.size).fill(-1);
    for (let i = 0; i < this.size; i++) {
      let p = this.parent[i];
      for (let d = 0; p >= 0 && d < MAX_DEPTH; d++) {
        if (BUREAU_TYPES.has(this.units[p].type)) {
          this.ownerBureau[i] = p;
          break;
        }
        p = this.parent[p];
      }
    }

    this.areas = deriveAreaPrefixes(this.units.filter((u) => BUREAU_TYPES.has(u.type)).map((u) => u.name));
    const tags = new Set<string>();
    for (const u of this.units) for (const t of u.tags) tags.add(clean(t));
    this.lexicon = buildLexicon(tags);

    this.units.forEach((u, idx) => this.indexUnit(u, idx));
    this.sharedCounts = new Int32Array(this.fuzzyKeys.length);
    this.charHits = new Int32Array(this.fuzzyKeys.length);
    this.unitAreas = new Array<ReadonlySet<string> | undefined>(this.size).fill(undefined);

    let scope = -1;
    if (options.scopeId !== undefined) scope = this.idToIdx.get(options.scopeId) ?? -1;
    else {
      const roots: number[] = [];
      for (let i = 0; i < this.size && roots.length < 2; i++) if (this.parent[i] < 0) roots.push(i);
      // a single root is the natural scope, but only if it really reaches every unit (no cycles)
      if (roots.length === 1 && this.subtree(roots[0]).length === this.size - 1) scope = roots[0];
    }
    this.defaultScope = scope;
    this.defaultScopeId = scope >= 0 ? this.units[scope].id : null;
  }

  private indexUnit(u: OrgUnitInput, idx: number): void {
    const names: Array<[string, Via]> = [
      [u.name, 'name'],
      ...u.shortNames.map((s): [string, Via] => [s, 'short']),
      ...u.aliases.map((s): [string, Via] => [s, 'alias']),
    ];
    const fuzzy = new Set<string>();
    for (const [raw, via] of names) {
      const c = clean(raw);
      if (c.length === 0) continue;
      addEntry(this.exact, c, { idx, via });
      for (const v of normalisedVariants(c, this.areas.full)) addEntry(this.norm, v, { idx, via });
      // 组织科（党建办）, 教师发展中心（教研室）: the bracketed part is often the other name in use
      for (const m of c.matchAll(BRACKETED)) {
        const inner = stripPrefixes(m[1], this.areas.full);
        if (inner.length >= 2 && !BARE_BUREAU_WORDS.has(inner)) addEntry(this.norm, inner, { idx, via: 'alias' });
      }
      fuzzy.add(stripPrefixes(removeBracketChars(c), this.areas.full));
      fuzzy.add(stripPrefixes(removeBracketContent(c), this.areas.full));
    }
    for (const key of fuzzy) {
      // a bare 教育局 says nothing about which bureau; it would attract every 市/县教育局 mention
      if (key.length === 0 || BARE_BUREAU_WORDS.has(key)) continue;
      const k = this.fuzzyKeys.length;
      this.fuzzyKeys.push(key);
      this.fuzzyOwner.push(idx);
      this.fuzzyGramCount.push(bigrams(key).length);
      this.fuzzyUniqueGramCount.push(new Set(bigrams(key)).size);
      for (const g of new Set(bigrams(key))) {
        const list = this.bigramPost.get(g);
        if (list) list.push(k);
        else this.bigramPost.set(g, [k]);
      }
      for (const ch of new Set(Array.from(key))) {
        const list = this.charPost.get(ch);
        if (list) list.push(k);
        else this.charPost.set(ch, [k]);
      }
    }
  }

  unit(id: string): OrgUnitInput | undefined {
    const i = this.idToIdx.get(id);
    return i === undefined ? undefined : this.units[i];
  }

  matchAll(mentions: readonly string[], options?: MatchOptions): MatchResult[] {
    return mentions.map((m) => this.match(m, options));
  }

  match(mention: string, options?: MatchOptions): MatchResult {
    const text = typeof mention === 'string' ? mention : String(mention);
    let scope = this.defaultScope;
    if (options?.scopeId !== undefined) {
      const s = this.idToIdx.get(options.scopeId);
      if (s === undefined) return unmatched(text, `范围单位不存在：${options.scopeId}`);
      scope = s;
    }
    const c = clean(text);
    if (c.length === 0) return unmatched(text, '提及为空');
    if (c.length > FUZZY.maxMentionLength * 4) return unmatched(text, '提及过长，不像单位名称');

    const direct = this.matchDirect(text, c, scope);
    if (direct) return direct;

    const compound = this.matchCompound(text, c, scope);
    if (compound) return compound;

    return this.matchFuzzy(text, c, scope);
  }

  /** Exact, vague, collective, normalised and bare-area steps; null when none applies. */
  private matchDirect(mention: string, c: string, scope: number): MatchResult | null {
    const ex = this.exact.get(c);
    if (ex) return this.resolveEntries(mention, ex, scope, CONFIDENCE.exact, '精确匹配', []);

    const self = this.selfBureau(mention, c, scope);
    if (self) return self;

    const vague = VAGUE.exec(c);
    if (vague) return this.vague(mention, c, vague[1], scope);

    const coll = parseCollective(c, this.lexicon);
    if (coll) return this.resolveCollective(mention, coll, scope);

    const areas = this.mentionAreas(c);
    const normHit = this.norm.get(c);
    if (normHit) return this.resolveEntries(mention, normHit, scope, CONFIDENCE.normalised, NORMALISED, areas);

    const variants = normalisedVariants(c, this.areas.full);
    for (const v of variants) {
      const hit = this.exact.get(v) ?? this.norm.get(v);
      if (hit) return this.resolveEntries(mention, hit, scope, CONFIDENCE.normalised, NORMALISED, areas);
    }
    for (const v of variants) {
      const vv = VAGUE.exec(v);
      if (vv) return this.vague(mention, v, vv[1], scope);
      const cv = parseCollective(v, this.lexicon);
      if (cv) return this.resolveCollective(mention, cv, scope);
    }
    for (const base of [c, ...variants]) {
      for (const len of this.areas.bare.lengths) {
        const bare = base.slice(0, len);
        if (base.length - len < 2 || !this.areas.bare.set.has(bare)) continue;
        const rest = base.slice(len);
        const h = this.exact.get(rest) ?? this.norm.get(rest);
        if (h) {
          return this.resolveEntries(mention, h, scope, CONFIDENCE.bareArea, `去除地名“${bare}”后匹配`, [...areas, bare]);
        }
      }
    }
    return null;
  }

  /** 本局 / 局机关 / 区教育局 read inside a district bureau's scope → that bureau. */
  private selfBureau(mention: string, c: string, scope: number): MatchResult | null {
    if (scope < 0 || !BUREAU_TYPES.has(this.units[scope].type)) return null;
    const name = clean(this.units[scope].name);
    const level = /([省市区县])(教育局|教育厅|教委|教育委员会|教育体育局|教体局)$/.exec(name)?.[1];
    const generic = SELF_WORDS.has(c) || (level !== undefined && new RegExp(`^${level}(教育局|教育厅|教委|教育委员会|教体局)$`).test(c));
    if (!generic) return null;
    return {
      mention,
      kind: 'unit',
      unitIds: [this.units[scope].id],
      confidence: CONFIDENCE.normalised,
      reason: '指本级教育局（当前范围）',
    };
  }

  /** Area names a mention starts with (天津市东丽区…), full and bare forms. */
  private mentionAreas(c: string): string[] {
    return leadingAreas(removeBracketChars(c), this.areas.full);
  }

  /** Area names a unit carries: those its own name starts with, plus its ancestors' (full and bare). */
  private areasOf(idx: number): ReadonlySet<string> {
    const cached = this.unitAreas[idx];
    if (cached) return cached;
    const chain: number[] = [];
    let p = idx;
    for (let d = 0; p >= 0 && d < MAX_DEPTH && this.unitAreas[p] === undefined; d++) {
      chain.push(p);
      p = this.parent[p];
    }
    let inherited: ReadonlySet<string> = p >= 0 ? (this.unitAreas[p] ?? EMPTY_SET) : EMPTY_SET;
    for (let i = chain.length - 1; i >= 0; i--) {
      const u = this.units[chain[i]];
      const own = leadingAreas(removeBracketChars(clean(u.name)), this.areas.full);
      const set = new Set(inherited);
      for (const a of own) {
        set.add(a);
        const bare = a.replace(AREA_SUFFIX, '');
        if (bare.length >= 2) set.add(bare);
      }
      this.unitAreas[chain[i]] = set;
      inherited = set;
    }
    return this.unitAreas[idx] ?? EMPTY_SET;
  }

  private areaConsistent(idx: number, areas: readonly string[]): boolean {
    if (areas.length === 0) return true;
    const own = this.areasOf(idx);
    return areas.every((a) => own.has(a));
  }

  /** 基教科、德育科 → both; only when every part resolves without fuzzy guessing (or by punctuation). */
  private matchCompound(mention: string, c: string, scope: number): MatchResult | null {
    let parts = c.split(PUNCT_SPLIT).filter((p) => p.length > 0);
    const byPunct = parts.length > 1;
    if (!byPunct) {
      parts = c.split(WORD_SPLIT).filter((p) => p.length > 0);
      if (parts.length < 2 || parts.some((p) => p.length < 2)) return null;
    }
    const results = parts.map((p) => {
      const pc = clean(p);
      return this.matchDirect(p, pc, scope) ?? (byPunct ? this.matchFuzzy(p, pc, scope) : null);
    });
    const ok = results.every((r): r is MatchResult => r !== null && r.kind !== 'unmatched');
    if (ok) {
      const ids: string[] = [];
      for (const r of results) for (const id of r.unitIds) if (!ids.includes(id)) ids.push(id);
      const confidence = round2(Math.min(...results.map((r) => r.confidence)));
      return { mention, kind: 'set', unitIds: ids, confidence, reason: `组合：${results.map((r) => r.reason).join('＋')}` };
    }
    if (!byPunct) return null;
    const failed = parts.filter((_, i) => {
      const r = results[i];
      return r === null || r.kind === 'unmatched';
    });
    const cands: MatchCandidate[] = [];
    for (const r of results) {
      if (!r) continue;
      for (const id of r.unitIds) cands.push({ unitId: id, confidence: r.confidence });
      for (const cd of r.candidates ?? []) cands.push(cd);
    }
    return unmatched(mention, `部分未能匹配：${failed.join('、')}`, dedupeCandidates(cands).slice(0, MAX_AMBIGUOUS_CANDIDATES));
  }

  private inSubtree(idx: number, scope: number): boolean {
    if (scope < 0) return true;
    let p = idx;
    for (let d = 0; p >= 0 && d <= MAX_DEPTH; d++) {
      if (p === scope) return true;
      p = this.parent[p];
    }
    return false;
  }

  private resolveEntries(
    mention: string,
    all: readonly Entry[],
    scope: number,
    base: number,
    how: string,
    areas: readonly string[],
  ): MatchResult {
    const entries = all.filter((e) => this.areaConsistent(e.idx, areas));
    if (entries.length === 0) {
      return unmatched(
        mention,
        `地名不符（${areas.join('')}）：同名单位属于其他地区，需人工确认`,
        all.slice(0, MAX_AMBIGUOUS_CANDIDATES).map((e) => ({ unitId: this.units[e.idx].id, confidence: 0.4 })),
      );
    }
    const inScope = entries.filter((e) => this.inSubtree(e.idx, scope));
    const chosen = inScope.length > 0 ? inScope : entries;
    const outside = inScope.length === 0 && scope >= 0;
    const conf = round2(outside ? base - 0.1 : base);
    const suffix = outside ? '（不在当前范围内）' : '';
    if (chosen.length === 1) {
      const e = chosen[0];
      const reason = base === CONFIDENCE.exact ? `${VIA_LABEL[e.via]}${how}` : `${how}（${VIA_LABEL[e.via]}）`;
      return { mention, kind: 'unit', unitIds: [this.units[e.idx].id], confidence: conf, reason: reason + suffix };
    }
    const sorted = [...chosen].sort((a, b) => VIA_RANK[a.via] - VIA_RANK[b.via] || a.idx - b.idx);
    return unmatched(
      mention,
      `同一名称对应${chosen.length}个单位，需人工确认${suffix}`,
      sorted.slice(0, MAX_AMBIGUOUS_CANDIDATES).map((e) => ({ unitId: this.units[e.idx].id, confidence: round2(conf / 2) })),
    );
  }

  private subtree(scope: number): number[] {
    const cached = this.subtreeCache.get(scope);
    if (cached) return cached;
    const out: number[] = [];
    if (scope < 0) for (let i = 0; i < this.size; i++) out.push(i);
    else {
      const seen = new Set<number>([scope]);
      const stack = [...this.children[scope]];
      while (stack.length > 0) {
        const i = stack.pop() as number;
        if (seen.has(i)) continue;
        seen.add(i);
        out.push(i);
        for (const ch of this.children[i]) stack.push(ch);
      }
      out.sort((a, b) => a - b);
    }
    this.subtreeCache.set(scope, out);
    return out;
  }

  private atomMatches(u: OrgUnitInput, atom: SetAtom): boolean {
    switch (atom.kind) {
      case 'allSchools':
        return u.type === 'school';
      case 'type':
        return u.type === atom.type;
      case 'anyBureau':
        return BUREAU_TYPES.has(u.type);
      case 'subordinate':
        return u.type === 'school' || u.type === 'direct_unit';
      case 'tag':
        return u.tags.some((t) => clean(t) === atom.tag);
      case 'level': {
        if (u.type !== 'school') return false;
        const rule = LEVEL_RULES[atom.level];
        if (u.tags.some((t) => rule.tags.includes(t))) return true;
        return !u.tags.some((t) => LEVEL_TAG_SET.has(t)) && rule.nameRe.test(clean(u.name));
      }
    }
  }

  private collectiveIds(spec: CollectiveSpec, scope: number): number[] {
    const key = `${scope}#${spec.key}`;
    const cached = this.setCache.get(key);
    if (cached) return cached;
    const out: number[] = [];
    for (const i of this.subtree(scope)) {
      const u = this.units[i];
      if (spec.direct && this.ownerBureau[i] !== scope) continue;
      if (spec.direct && scope < 0) continue;
      const ok = spec.parts.some(
        (p) => this.atomMatches(u, p.atom) && (p.funding.length === 0 || p.funding.some((f: Funding) => u.tags.includes(f))),
      );
      if (ok) out.push(i);
    }
    this.setCache.set(key, out);
    return out;
  }

  private resolveCollective(mention: string, spec: CollectiveSpec, scope: number): MatchResult {
    const ids = this.collectiveIds(spec, scope);
    if (ids.length === 0) return unmatched(mention, `集合为空：${spec.label}（当前范围内无此类单位）`);
    return {
      mention,
      kind: 'set',
      unitIds: ids.map((i) => this.units[i].id),
      confidence: spec.confidence,
      reason: `集合：${spec.label}`,
    };
  }

  private vague(mention: string, c: string, body: string, scope: number): MatchResult {
    const spec = parseCollective(`各${body}`, this.lexicon);
    const pool = spec ? this.collectiveIds(spec, scope) : [];
    const cands =
      pool.length > 0 && pool.length <= MAX_VAGUE_CANDIDATES ? pool.map((i) => ({ unitId: this.units[i].id, confidence: 0.3 })) : undefined;
    return unmatched(mention, `泛指（${c}），需人工指定具体单位`, cands);
  }

  /**
   * Scores the indexed keys that can plausibly reach FUZZY.candidateMin: keys sharing enough
   * bigrams with the text (Dice upper bound), keys wholly contained in it, and — for short
   * texts — keys containing all its characters (abbreviations). Counting uses typed arrays, so a
   * miss costs the length of the posting lists touched, not a pass over all units.
   */
  private fuzzyScores(text: string, scope: number, areas: readonly string[], scores: Map<number, number>): void {
    const chars = Array.from(text);
    if (chars.length < 2 || chars.length > FUZZY.maxMentionLength) return;
    const grams = [...new Set(bigrams(text))];
    const touched: number[] = [];
    const shared = this.sharedCounts;
    for (const g of grams) {
      for (const k of this.bigramPost.get(g) ?? []) {
        if (shared[k] === 0 && this.charHits[k] === 0) touched.push(k);
        shared[k]++;
      }
    }
    const uniq = [...new Set(chars)];
    const abbreviations = chars.length <= 8 && uniq.every((ch) => this.charPost.has(ch));
    if (abbreviations) {
      for (const ch of uniq) {
        for (const k of this.charPost.get(ch) ?? []) {
          if (shared[k] === 0 && this.charHits[k] === 0) touched.push(k);
          this.charHits[k]++;
        }
      }
    }
    const na = bigrams(text).length;
    for (const k of touched) {
      const s = shared[k];
      const allChars = abbreviations && this.charHits[k] === uniq.length;
      shared[k] = 0;
      this.charHits[k] = 0;
      const nb = this.fuzzyGramCount[k];
      const contained = s > 0 && s === this.fuzzyUniqueGramCount[k];
      if (!allChars && !contained && (2 * s) / (na + nb) < FUZZY.candidateMin - 0.05) continue;
      const owner = this.fuzzyOwner[k];
      if (!this.inSubtree(owner, scope) || !this.areaConsistent(owner, areas)) continue;
      const score = similarity(text, this.fuzzyKeys[k]);
      if (score > (scores.get(owner) ?? 0)) scores.set(owner, score);
    }
  }

  private matchFuzzy(mention: string, c: string, scope: number): MatchResult {
    const areas = this.mentionAreas(c);
    const main = stripPrefixes(removeBracketChars(c), this.areas.full);
    const afterKnown = removeBracketChars(c).slice(areas.join('').length);
    const unknown = GENERIC_AREA.exec(afterKnown)?.[1];
    const unknownArea = unknown !== undefined && !this.areas.full.set.has(unknown) ? unknown : undefined;
    const scores = new Map<number, number>();
    this.fuzzyScores(main, scope, areas, scores);
    for (const len of this.areas.bare.lengths) {
      const bare = main.slice(0, len);
      if (main.length - len >= 2 && this.areas.bare.set.has(bare)) {
        this.fuzzyScores(main.slice(len), scope, [...areas, bare], scores);
      }
    }
    if (unknownArea !== undefined) for (const [k, v] of scores) scores.set(k, Math.min(v, UNKNOWN_AREA_CAP));
    // equal scores by unit id, not by position: the candidates kept must not depend on the order units were loaded in
    const ranked = [...scores.entries()]
      .filter(([, s]) => s >= FUZZY.candidateMin)
      .sort((a, b) => b[1] - a[1] || (this.units[a[0]].id < this.units[b[0]].id ? -1 : 1));
    if (ranked.length === 0) return unmatched(mention, '未找到匹配单位');
    const candidates = ranked
      .slice(0, FUZZY.maxCandidates)
      .map(([i, s]) => ({ unitId: this.units[i].id, confidence: round2(Math.min(CONFIDENCE.fuzzyCap, s)) }));
    const [bestIdx, best] = ranked[0];
    const second = ranked.length > 1 ? ranked[1][1] : 0;
    if (best < FUZZY.accept) {
      const why = unknownArea !== undefined ? `地名“${unknownArea}”不在组织树中` : `相似度不足（最高${best.toFixed(2)}）`;
      return unmatched(mention, `${why}，请人工确认`, candidates);
    }
    if (best - second < FUZZY.tieMargin) {
      return unmatched(mention, `多个相近候选（${best.toFixed(2)} / ${second.toFixed(2)}），需人工确认`, candidates);
    }
    return {
      mention,
      kind: 'unit',
      unitIds: [this.units[bestIdx].id],
      confidence: round2(Math.min(CONFIDENCE.fuzzyCap, best)),
      reason: `模糊匹配：${this.units[bestIdx].name}（相似度${best.toFixed(2)}）`,
      candidates,
    };
  }
}

function dedupeCandidates(list: readonly MatchCandidate[]): MatchCandidate[] {
  const best = new Map<string, number>();
  for (const c of list) best.set(c.unitId, Math.max(best.get(c.unitId) ?? 0, c.confidence));
  return [...best.entries()].map(([unitId, confidence]) => ({ unitId, confidence })).sort((a, b) => b.confidence - a.confidence);
}

/**
 * Build the index once (O(total name length)); matching a mention is then a few hash lookups,
 * plus, only for mentions that miss, a bigram/character posting-list scan of the keys that share
 * text with the mention. Throws only on duplicate unit ids.
 */
export function buildMatcher(units: readonly OrgUnitInput[], options: MatcherOptions = {}): OrgMatcher {
  return new Matcher(units, options);
}

/** One-off convenience; prefer buildMatcher when matching many mentions. */
export function matchMention(units: readonly OrgUnitInput[], mention: string, options: MatchOptions = {}): MatchResult {
  return buildMatcher(units).match(mention, options);
}

/** Match many mentions against one index (built once). Order and count are preserved. */
export function matchMentions(
  units: readonly OrgUnitInput[] | OrgMatcher,
  mentions: readonly string[],
  options: MatchOptions = {},
): MatchResult[] {
  const matcher = isMatcher(units) ? units : buildMatcher(units);
  return matcher.matchAll(mentions, options);
}

function isMatcher(x: readonly OrgUnitInput[] | OrgMatcher): x is OrgMatcher {
  return !Array.isArray(x);
}
