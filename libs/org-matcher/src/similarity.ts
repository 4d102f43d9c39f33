import { dice } from '@duban/text';

// one Dice coefficient for the whole code base (plan revision pairs points with it too)
export { dice };

/** Levenshtein distance over code points. */
export function levenshtein(a: string, b: string): number {
  const x = Array.from(a);
  const y = Array.from(b);
  if (x.length === 0) return y.length;
  if (y.length === 0) return x.length;
  let prev = new Array<number>(y.length + 1);
  let cur = new Array<number>(y.length + 1);
  for (let j = 0; j <= y.length; j++) prev[j] = j;
  for (let i = 1; i <= x.length; i++) {
    cur[0] = i;
    for (let j = 1; j <= y.length; j++) {
      const cost = x[i - 1] === y[j - 1] ? 0 : 1;
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
    }
    [prev, cur] = [cur, prev];
  }
  return prev[y.length];
}

export function editSimilarity(a: string, b: string): number {
  const n = Math.max(Array.from(a).length, Array.from(b).length);
  return n === 0 ? 0 : 1 - levenshtein(a, b) / n;
}

function isSubsequence(short: readonly string[], long: readonly string[]): boolean {
  let i = 0;
  for (let j = 0; j < long.length && i < short.length; j++) if (long[j] === short[i]) i++;
  return i === short.length;
}

/**
 * Chinese abbreviation score: 基教科 ⊂ 基础教育科, 安稳科 ⊂ 安全稳定科, 体卫艺科 ⊂ 体育卫生艺术教育科.
 * The mention's characters must appear in order in the name and the last characters must agree
 * (科/室/中心/学校 carry the kind of unit). 0 when it is not an abbreviation.
 */
export function abbreviationScore(mention: string, name: string): number {
  const m = Array.from(mention);
  const n = Array.from(name);
  if (m.length < 2 || m.length >= n.length) return 0;
  if (m[m.length - 1] !== n[n.length - 1]) return 0;
  if (!isSubsequence(m, n)) return 0;
  const ratio = m.length / n.length;
  return m[0] === n[0] ? 0.6 + 0.3 * ratio : 0.45 + 0.3 * ratio;
}

/** Containment: the mention carries a whole (≥3 character) name plus extra words. */
export function containmentScore(mention: string, name: string): number {
  const nl = Array.from(name).length;
  const ml = Array.from(mention).length;
  if (nl < 3 || ml <= nl || !mention.includes(name)) return 0;
  return 0.5 + 0.3 * (nl / ml);
}

/**
 * Best of the similarity measures, 0..1. Callers compare prefix-stripped forms (丽泽小学, not
 * 东丽区丽泽小学) so that a shared district prefix does not make different schools look alike.
 * Edit distance is blended with Dice rather than used alone: on short Chinese names one changed
 * character is usually a different unit (德育科 / 体育科), not a typo.
 */
export function similarity(mention: string, name: string): number {
  if (mention === name) return 1;
  const d = dice(mention, name);
  const longEnough = Math.min(Array.from(mention).length, Array.from(name).length) >= 4;
  const raw = Math.max(
    d,
    longEnough ? (d + editSimilarity(mention, name)) / 2 : 0,
    abbreviationScore(mention, name),
    containmentScore(mention, name),
  );
  return Math.min(raw, sameShapeCap(mention, name));
}

/** Generic endings that say what kind of unit it is, not which one. Longest first. */
const GENERIC_SUFFIXES = ['教育局', '幼儿园', '小学', '中学', '学校', '中心', '科', '室', '办', '所', '宫', '基地'] as const;
/** School kinds: a 小学 is never the 中学 whose name it contains (东丽中学附属小学 ≠ 东丽中学). */
const SCHOOL_KINDS = ['幼儿园', '小学', '中学'] as const;

/**
 * Two names of the same shape (same generic ending, equally long distinctive part) that differ
 * in the distinctive part are different units: 丽华小学 vs 英华小学, 德育科 vs 美育科.
 * Cap their similarity by how alike the distinctive parts are.
 */
function sameShapeCap(mention: string, name: string): number {
  const kindA = SCHOOL_KINDS.find((k) => mention.endsWith(k));
  const kindB = SCHOOL_KINDS.find((k) => name.endsWith(k));
  if (kindA !== undefined && kindB !== undefined && kindA !== kindB) return 0.45;
  for (const suffix of GENERIC_SUFFIXES) {
    if (!mention.endsWith(suffix) || !name.endsWith(suffix)) continue;
    const a = Array.from(mention.slice(0, -suffix.length));
    const b = Array.from(name.slice(0, -suffix.length));
    if (a.length === 0 || a.length !== b.length) return 1;
    const same = a.filter((ch, i) => ch === b[i]).length;
    if (same === a.length) return 1;
    const core = Math.max(dice(a.join(''), b.join('')), same / a.length - 0.25);
    return 0.4 + 0.5 * Math.max(0, core);
  }
  return 1;
}
