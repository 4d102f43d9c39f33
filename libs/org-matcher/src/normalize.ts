/**
 * Text normalisation for unit names and mentions.
 *
 * clean():   NFKC (full-width → half-width), drop whitespace / zero-width chars,
 *            trim surrounding punctuation and a wrapping bracket pair.
 * variants(): the cleaned text plus versions with bracket content removed, bracket
 *            characters removed, and administrative prefixes (东丽区, 区教育局, 教育局…) stripped.
 */

const ZERO_WIDTH = /[\u200b-\u200f\u2060\ufeff]/g;
const WHITESPACE = /[\s\u3000]+/g;
const EDGE_PUNCT = /^[、，,。．.;；:：!！?？'"“”‘’《》<>·•\-—_~*#]+|[、，,。．.;；:：!！?？'"“”‘’《》<>·•\-—_~*#]+$/g;
const OPEN = '([{【〔〖「『';
const CLOSE = ')]}】〕〗」』';
const BRACKET_CONTENT = /[([{【〔〖「『][^)\]}】〕〗」』]*[)\]}】〕〗」』]/g;
const BRACKET_CHARS = /[()[\]{}【】〔〕〖〗「」『』]/g;

/** NFKC, no whitespace, no surrounding punctuation or wrapping brackets. */
export function clean(input: string): string {
  let s = input.normalize('NFKC').replace(ZERO_WIDTH, '').replace(WHITESPACE, '');
  for (let i = 0; i < 4; i++) {
    const before = s;
    s = s.replace(EDGE_PUNCT, '');
    const first = s.charAt(0);
    const last = s.charAt(s.length - 1);
    const oi = OPEN.indexOf(first);
    if (s.length >= 2 && oi >= 0 && CLOSE.indexOf(last) === oi) {
      const inner = s.slice(1, -1);
      // only unwrap when the pair really encloses everything: "(基教科)" but not "(一)科(二)"
      if (!/[([{【〔〖「『)\]}】〕〗」』]/.test(inner)) s = inner;
    }
    if (s === before) break;
  }
  return s;
}

export function removeBracketContent(s: string): string {
  return s.replace(BRACKET_CONTENT, '');
}

export function removeBracketChars(s: string): string {
  return s.replace(BRACKET_CHARS, '');
}

const BUREAU_SUFFIX = /(教育和体育局|教育体育局|教体局|教育委员会|教委|教育厅|教育局)$/;
const AREA_SEGMENT = /[^省市区县州旗盟]+?(?:自治区|自治州|自治县|省|市|区|县|州|旗|盟)/g;

/** Area names found in bureau names: 天津市东丽区教育局 → full 天津市, 东丽区; bare 天津, 东丽. */
export interface AreaPrefixes {
  /** 天津市, 东丽区 … */
  full: PrefixSet;
  /** 天津, 东丽 … (only used to retry a lookup, never to build index keys) */
  bare: PrefixSet;
}

export function deriveAreaPrefixes(bureauNames: readonly string[]): AreaPrefixes {
  const full = new Set<string>();
  const bare = new Set<string>();
  for (const raw of bureauNames) {
    const name = clean(raw);
    const area = name.replace(BUREAU_SUFFIX, '');
    if (area === name || area.length < 2) continue;
    for (const seg of area.match(AREA_SEGMENT) ?? []) {
      if (seg.length < 2) continue;
      full.add(seg);
      const b = seg.replace(/(自治区|自治州|自治县|省|市|区|县|州|旗|盟)$/, '');
      if (b.length >= 2) bare.add(b);
    }
  }
  return { full: makePrefixSet(full), bare: makePrefixSet(bare) };
}

/** A set of prefixes checked by length (longest first): O(distinct lengths) per lookup. */
export interface PrefixSet {
  readonly set: ReadonlySet<string>;
  /** Distinct lengths, longest first. */
  readonly lengths: readonly number[];
}

export function makePrefixSet(prefixes: Iterable<string>): PrefixSet {
  const set = new Set<string>();
  for (const p of prefixes) if (p.length > 0) set.add(p);
  const lengths = [...new Set([...set].map((p) => p.length))].sort((a, b) => b - a);
  return { set, lengths };
}

/** Longest prefix of s in the set such that `keep(rest)` holds, or null. */
function longestPrefix(s: string, ps: PrefixSet, keep: (rest: string) => boolean): string | null {
  for (const len of ps.lengths) {
    if (len >= s.length) continue;
    const head = s.slice(0, len);
    if (ps.set.has(head) && keep(s.slice(len))) return s.slice(len);
  }
  return null;
}

/** Organisational prefixes that carry no identity inside one bureau. */
const ORG_PREFIXES = makePrefixSet([
  '区委教育工委',
  '区政府',
  '区教育局',
  '市教育局',
  '县教育局',
  '省教育厅',
  '教育局',
  '教育厅',
  '局机关',
  '机关',
]);
const SINGLE_PREFIXES = makePrefixSet(['区', '市', '县', '局']);
const BARE_BUREAU: ReadonlySet<string> = new Set(['教育局', '教育厅', '教委', '教育委员会', '教体局']);
const EMPTY_PREFIXES = makePrefixSet([]);

/**
 * Strip leading area names (full segments: 天津市, 东丽区) and organisational prefixes
 * repeatedly, never stripping down to fewer than two characters, and never turning
 * 市教育局 / 县教育局 (another level's bureau) into a bare 教育局.
 */
export function stripPrefixes(s: string, areas: PrefixSet = EMPTY_PREFIXES): string {
  const keepAny = (rest: string): boolean => rest.length >= 2;
  const keepNamed = (rest: string): boolean => rest.length >= 2 && !BARE_BUREAU.has(rest);
  let cur = s;
  for (let guard = 0; guard < 12; guard++) {
    const next =
      longestPrefix(cur, areas, keepAny) ?? longestPrefix(cur, ORG_PREFIXES, keepNamed) ?? longestPrefix(cur, SINGLE_PREFIXES, keepNamed);
    if (next === null) break;
    cur = next;
  }
  return cur;
}

/** Leading area names of s (天津市东丽区第一百中学 → 天津市, 东丽区), longest first at each step. */
export function leadingAreas(s: string, areas: PrefixSet): string[] {
  const out: string[] = [];
  let cur = s;
  for (let guard = 0; guard < 8; guard++) {
    let hit: string | null = null;
    for (const len of areas.lengths) {
      if (len < cur.length && areas.set.has(cur.slice(0, len))) {
        hit = cur.slice(0, len);
        break;
      }
    }
    if (hit === null) break;
    out.push(hit);
    cur = cur.slice(hit.length);
  }
  return out;
}

/** The normalised forms of an already-cleaned string (deduplicated, the input excluded). */
export function normalisedVariants(cleaned: string, areas: PrefixSet): string[] {
  const out = new Set<string>();
  const bases = [cleaned, removeBracketContent(cleaned), removeBracketChars(cleaned)];
  for (const b of bases) {
    if (b.length === 0) continue;
    out.add(b);
    out.add(stripPrefixes(b, areas));
  }
  out.delete(cleaned);
  out.delete('');
  return [...out];
}
