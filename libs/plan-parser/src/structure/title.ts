// The plan's own title, year and period, and the titles of sections and points.
import type { Period } from '../types';
import { parseChineseYearDigits } from '../chinese-numerals';

const PLAN_KEYWORD =
  /任务分解|任务清单|分解表|责任清单|工作清单|工作台账|责任分工|工作要点|工作计划|工作安排|工作思路|规划|纲要|实施方案|行动方案|行动计划|方案|要点|计划|总结|意见/;

/**
 * Picks the line naming the plan (工作要点/工作计划/规划/方案…) among the preamble lines, skipping
 * the notice's own title (关于印发《…》的通知), 文号 and the 现将《…》印发 sentence.
 */
export function findPlanTitle(lines: string[]): { title: string; index: number } {
  const limit = Math.min(lines.length, 60);
  // a web page shows its column name (发展规划, 计划总结) above the document: a title names a year,
  // a period or a place, so a short bare keyword line is only taken when nothing better follows
  let fallback = -1;
  for (let i = 0; i < limit; i++) {
    const s = lines[i] as string;
    if (s.length < 4 || s.length > 60) continue;
    if (!PLAN_KEYWORD.test(s)) continue;
    if (/[《》〔〕]|印发|通知|^现将|^根据|^按照|^为了?|^请/.test(s)) continue;
    if (/[。；，,：:]$/.test(s)) continue;
    if ((s.match(/[。；]/g) ?? []).length > 0) continue;
    if (s.length < 8 && !/\d{4}|十[一二三四五六七八九]五|[〇零一二三四五六七八九]{4}年/.test(s)) {
      if (fallback < 0) fallback = i;
      continue;
    }
    return { title: withoutSiteSuffix(s), index: i };
  }
  if (fallback >= 0) return { title: lines[fallback] as string, index: fallback };
  // fall back to the document quoted by the notice: 关于印发《东丽区2021年教育工作要点》的通知
  for (let i = 0; i < limit; i++) {
    const s = lines[i] as string;
    const m = /《([^《》]{2,60})》/.exec(s);
    if (m && PLAN_KEYWORD.test(m[1] as string)) return { title: m[1] as string, index: -1 };
  }
  // last resort: the first short line that is not the site's or bureau's name (a web page's first
  // line), a table header or a bare number
  for (let i = 0; i < limit; i++) {
    const s = lines[i] as string;
    if (s.length < 2 || s.length > 60 || /[。；]/.test(s) || isSiteName(s) || /^[\d|｜\s]*$|^序号/.test(s)) continue;
    return { title: s, index: i };
  }
  return { title: '', index: -1 };
}

/** 滨江区教育局 / XX市教育体育局门户网站 / 首页 / 当前位置：… — the page's owner, not the document. */
export function isSiteName(s: string): boolean {
  return (
    s.length <= 30 &&
    (/(?:教育局|教育体育局|教体局|教育委员会|教委|人民政府|政府|网站|门户|官网|政务网|首页|办公室)$/.test(s) ||
      /^(?:首页|当前位置|您的位置)/.test(s))
  );
}

const SITE_SUFFIX = /\s*[-_—|｜]+\s*[^-_—|｜]{2,30}(?:网站|门户|政府网|官网|政务网|教育网)$/;

/** A page title with the site's name after it: `…工作要点 - 滨江区人民政府网站` → `…工作要点`. */
export function withoutSiteSuffix(title: string): string {
  const m = SITE_SUFFIX.exec(title);
  return m && m.index >= 4 ? title.slice(0, m.index) : title;
}

const RANGE = /((?:19|20)\d{2}) ?年? ?[—–\-－~～至到]{1,2} ?((?:19|20)\d{2}) ?年?/;
const FIVE_YEAR = /十([一二三四五六七八九])五/;
const RANGE_ALL = new RegExp(RANGE.source, 'g');
const FIVE_YEAR_ALL = new RegExp(FIVE_YEAR.source, 'g');

/** Year and period named by the title. A five-year plan has a period and no year unless one is stated. */
export function yearAndPeriod(title: string, subtitle: string): { year: number | null; period: Period | null } {
  let period: Period | null = null;
  let rest = title;
  const both = `${title} ${subtitle}`;
  const range = RANGE.exec(both);
  const isPlan = /规划|纲要|十[一二三四五六七八九]?五/.test(both);
  if (range) {
    const from = Number(range[1]);
    const to = Number(range[2]);
    if (to > from && to - from <= 15 && (isPlan || to - from >= 2)) period = { from, to };
    rest = title.replace(RANGE, ' ');
    if (period === null && to > from && to - from <= 1) {
      // a school-year plan (2021—2022学年): the year it starts
      return { year: from, period: null };
    }
  }
  const fy = FIVE_YEAR.exec(both);
  if (period === null && fy) {
    const k = 10 + ' 一二三四五六七八九'.indexOf(fy[1] as string);
    const from = 2006 + 5 * (k - 11);
    period = { from, to: from + 4 };
  }
  return { year: findYear(rest), period };
}

const MULTI_YEAR = /规划|纲要|三年|五年|十[一二三四五六七八九]五|[—–\-－~～至到]\s?(?:19|20)\d{2}/;

/**
 * The period of a multi-year plan whose title does not state it, from the lines near the top
 * (a `（2021—2025年）` line, 十四五 in the first paragraphs). Null for a yearly plan.
 */
export function periodFromText(title: string, preamble: string[], lines: { text: string }[]): Period | null {
  if (!/规划|纲要|三年|五年|行动计划|十[一二三四五六七八九]五/.test(title)) return null;
  const near = [...preamble.slice(0, 30), ...lines.slice(0, 30).map((l) => l.text)];
  const kind = /规划|纲要|十[一二三四五六七八九]五/.test(title) ? '规划' : '';
  // the latest period named wins: a plan reviews the previous one (“十三五”（2016—2020年）) first
  let best: Period | null = null;
  const consider = (piece: string): void => {
    const { period } = yearAndPeriod(piece, kind);
    if (period !== null && (best === null || period.to > best.to)) best = period;
  };
  for (const line of near) {
    if (!MULTI_YEAR.test(line)) continue;
    const s = line.length <= 300 ? line : line.slice(0, 300);
    for (const m of s.matchAll(RANGE_ALL)) consider(m[0]);
    for (const m of s.matchAll(FIVE_YEAR_ALL)) consider(m[0]);
  }
  return best;
}

function findYear(s: string): number | null {
  const m = /((?:19|20)\d{2}) ?年/.exec(s);
  if (m) return Number(m[1]);
  const c = /([〇零一二三四五六七八九]{4})年/.exec(s);
  if (c) {
    const y = parseChineseYearDigits(c[1] as string);
    if (y !== null && y >= 1900 && y <= 2199) return y;
  }
  const bare = /(?:^|[^\d])((?:19|20)\d{2})(?:[^\d]|$)/.exec(s);
  if (bare && /度|学年|工作/.test(s)) return Number(bare[1]);
  return null;
}

const SENTENCE_END = /[。！？!?]/;
const EARLY_CUT = /[；;：:]|\.(?!\d)/;
const TRAILING_CHARS = new Set([...' \t\u3000。；;：:，,、.．!！?？']);

/** Strips closing punctuation (a loop, not a `[…]+$` regex, which backtracks quadratically). */
export function trimTrailingPunct(s: string): string {
  let end = s.length;
  while (end > 0 && TRAILING_CHARS.has(s[end - 1] as string)) end--;
  return end === s.length ? s : s.slice(0, end);
}

/**
 * A heading-like title from a paragraph: its first sentence without the closing 。, or the phrase
 * before an early ；/：/. when that phrase reads like a heading (short, no comma).
 */
export function titleOf(paragraph: string): string {
  const s = paragraph;
  const endMatch = SENTENCE_END.exec(s);
  const end = endMatch ? endMatch.index : s.length;
  const first = s.slice(0, end);
  const cut = EARLY_CUT.exec(first);
  if (cut && cut.index > 0) {
    const head = first.slice(0, cut.index);
    if (head.length <= 30 && !/[，,]/.test(head) && !/\d$/.test(head)) return trimTrailingPunct(head);
  }
  return trimTrailingPunct(first);
}
