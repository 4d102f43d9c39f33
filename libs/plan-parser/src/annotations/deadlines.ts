import type { Deadline } from '../types';
import { daysInMonth, isoDate, normalize, original, parseNumberToken } from './normalize';

export interface DeadlineResult {
  deadlines: Deadline[];
  /** deadline-like phrases that could not be resolved to a date: become parse warnings */
  unresolved: string[];
}

// Building blocks (applied to the normalised text: ASCII digits, no whitespace).
const CN = '[一二三四五六七八九十]{1,3}';
const NUM = `(\\d{1,2}|${CN})`; // a month or a day
const YEAR = '(?:(\\d{4}|[〇零一二三四五六七八九]{4})年)?'; // optional explicit year
const BEFORE = '(?:前|之前|以前)';
// no digit / Chinese numeral directly before a month number (avoids 123月, 第十二月)
const NB = '(?<![\\d.第])';

type Resolver = (m: RegExpExecArray, year: number | null) => Resolution;
type Resolution = { date: string } | { unresolved: true } | { skip: true };

interface Pattern {
  re: RegExp;
  resolve: Resolver;
  /** only inside a （完成时限：…） annotation */
  annotationOnly?: boolean;
  /** cheap pre-check: the text must contain one of these for the pattern to be tried */
  needs: string[];
  /** a stricter pre-check, also necessary for a match (the regexes are slow to fail) */
  gate?: Gate;
}

type Gate = (text: string) => boolean;

/** Some occurrence of `ch` in `text` satisfies `ok(charBefore, charAfter)` (NaN at the ends). */
function someAround(text: string, ch: string, ok: (before: number, after: number) => boolean): boolean {
  for (let i = text.indexOf(ch); i >= 0; i = text.indexOf(ch, i + 1)) {
    if (ok(text.charCodeAt(i - 1), text.charCodeAt(i + 1))) return true;
  }
  return false;
}

const isAsciiDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;
// the characters of NUM: a month or day is written with these directly before 月 / 日
const NUM_CHARS = new Set([...'一二三四五六七八九十'].map((c) => c.charCodeAt(0)));
// the last character of a year (YEAR's \d{4} or [〇零一二三四五六七八九]{4})
const YEAR_DIGITS = new Set([...'〇零一二三四五六七八九'].map((c) => c.charCodeAt(0)));
const NIAN = '年'.charCodeAt(0);
const QIAN_ZHI_YI = new Set([...'前之以'].map((c) => c.charCodeAt(0)));
const DI_MO_NEI = new Set([...'底末内'].map((c) => c.charCodeAt(0)));
const QUAN = '全'.charCodeAt(0);

const afterNum = (b: number): boolean => isAsciiDigit(b) || NUM_CHARS.has(b);
/** NUM月: a digit or Chinese numeral right before some 月 (every month pattern needs one). */
const numMonth = (t: string): boolean => someAround(t, '月', afterNum);
const afterYear = (b: number): boolean => b === NIAN || isAsciiDigit(b) || YEAR_DIGITS.has(b);
/** YEAR年底 / YEAR年年末 / YEAR底: 底, 末 or 内 right after 年 or a year digit. */
const yearEndGate = (t: string): boolean =>
  someAround(t, '底', afterYear) || someAround(t, '末', afterYear) || someAround(t, '内', afterYear);
const yearBefore = (b: number, a: number): boolean => isAsciiDigit(b) && QIAN_ZHI_YI.has(a);
const yearEndWord = (b: number, a: number): boolean => DI_MO_NEI.has(a) || b === QUAN;

const UNRESOLVED: Resolution = { unresolved: true };
const SKIP: Resolution = { skip: true };

function num(s: string | undefined): number | null {
  return s === undefined ? null : parseNumberToken(s);
}

/** The year a phrase refers to: the one written in it, else the plan year. */
function yearOf(written: string | undefined, planYear: number | null): number | null {
  if (written !== undefined) return parseNumberToken(written);
  return planYear;
}

function resolved(date: string | null): Resolution {
  return date === null ? UNRESOLVED : { date };
}

/** A written year earlier than the plan year is a reference to the past (截至2020年底), not a deadline. */
function pastReference(written: string | undefined, planYear: number | null): boolean {
  if (written === undefined || planYear === null) return false;
  const y = parseNumberToken(written);
  return y !== null && y < planYear;
}

function monthEnd(y: number | null, month: number | null): Resolution {
  if (y === null || month === null) return UNRESOLVED;
  if (month < 1 || month > 12) return UNRESOLVED;
  return resolved(isoDate(y, month, daysInMonth(y, month)));
}

const QUARTER_END: Record<number, [number, number]> = { 1: [3, 31], 2: [6, 30], 3: [9, 30], 4: [12, 31] };

function fixed(month: number, day: number, yearGroup = 1): Resolver {
  return (m, planYear) => {
    if (pastReference(m[yearGroup], planYear)) return SKIP;
    const y = yearOf(m[yearGroup], planYear);
    return y === null ? UNRESOLVED : resolved(isoDate(y, month, day));
  };
}

const PATTERNS: Pattern[] = [
  // inside an annotation a bare date is a deadline: （完成时限：2021年6月30日）
  {
    re: new RegExp(`${NB}${YEAR}${NUM}月${NUM}[日号]`, 'g'),
    needs: ['月'],
    gate: numMonth,
    annotationOnly: true,
    resolve: (m, planYear) => {
      const y = yearOf(m[1], planYear);
      const month = num(m[2]);
      const day = num(m[3]);
      if (y === null || month === null || day === null) return UNRESOLVED;
      return resolved(isoDate(y, month, day));
    },
  },
  // 2021年6月30日前, 6月30号之前, 于6月30日 (a bare date needs 前/为止 or 于/截至 before it)
  {
    re: new RegExp(`${NB}(于|截至|截止到|截止|到)?${YEAR}${NUM}月${NUM}[日号](${BEFORE}|为止)?`, 'g'),
    needs: ['月'],
    gate: numMonth,
    resolve: (m, planYear) => {
      if (m[1] === undefined && m[5] === undefined) return SKIP;
      if (pastReference(m[2], planYear)) return SKIP;
      const y = yearOf(m[2], planYear);
      const month = num(m[3]);
      const day = num(m[4]);
      if (y === null || month === null || day === null) return UNRESOLVED;
      return resolved(isoDate(y, month, day));
    },
  },
  // 2021.6.30前, 2021-06-30前
  {
    re: /(?<!\d)(\d{4})[./-](\d{1,2})[./-](\d{1,2})(?!\d)(前|之前|以前)?/g,
    needs: ['.', '-', '/'],
    resolve: (m, planYear) => {
      if (m[4] === undefined) return SKIP;
      if (pastReference(m[1], planYear)) return SKIP;
      return resolved(isoDate(Number(m[1]), Number(m[2]), Number(m[3])));
    },
  },
  // 6月底前, 十二月末, 2022年6月份底前
  {
    re: new RegExp(`${NB}${YEAR}${NUM}月份?(?:底|末)${BEFORE}?`, 'g'),
    needs: ['月'],
    gate: numMonth,
    resolve: (m, planYear) => {
      if (pastReference(m[1], planYear)) return SKIP;
      return monthEnd(yearOf(m[1], planYear), num(m[2]));
    },
  },
  // 6月上旬 / 中旬 / 下旬(前)
  {
    re: new RegExp(`${NB}${YEAR}${NUM}月份?(上旬|中旬|下旬)(?:末|${BEFORE})?`, 'g'),
    needs: ['旬'],
    gate: numMonth,
    resolve: (m, planYear) => {
      if (pastReference(m[1], planYear)) return SKIP;
      const y = yearOf(m[1], planYear);
      const month = num(m[2]);
      if (y === null || month === null || month < 1 || month > 12) return UNRESOLVED;
      const day = m[3] === '上旬' ? 10 : m[3] === '中旬' ? 20 : daysInMonth(y, month);
      return resolved(isoDate(y, month, day));
    },
  },
  // 6月前 / 6月份以前: strictly before month X begins → last day of month X-1
  {
    re: new RegExp(`${NB}${YEAR}${NUM}月份?${BEFORE}`, 'g'),
    needs: ['月'],
    gate: numMonth,
    resolve: (m, planYear) => {
      if (pastReference(m[1], planYear)) return SKIP;
      const y = yearOf(m[1], planYear);
      const month = num(m[2]);
      if (y === null || month === null || month < 1 || month > 12) return UNRESOLVED;
      return month === 1 ? resolved(isoDate(y - 1, 12, 31)) : monthEnd(y, month - 1);
    },
  },
  // 9月完成 / 9月建成: a month with a completion verb → end of that month
  {
    re: new RegExp(`${NB}${YEAR}${NUM}月份?(?=(?:底前|前)?(?:完成|建成|完工|竣工|到位|办结))`, 'g'),
    needs: ['月'],
    gate: numMonth,
    resolve: (m, planYear) => {
      if (pastReference(m[1], planYear)) return SKIP;
      return monthEnd(yearOf(m[1], planYear), num(m[2]));
    },
  },
  // annotation: （完成时限：6月）
  {
    re: new RegExp(`${NB}${YEAR}${NUM}月份?`, 'g'),
    needs: ['月'],
    gate: numMonth,
    annotationOnly: true,
    resolve: (m, planYear) => monthEnd(yearOf(m[1], planYear), num(m[2])),
  },
  // 上半年 / 下半年 (2021年上半年)
  {
    re: new RegExp(`${YEAR}(上半年|下半年)(?:底|末|${BEFORE})?(?!度)`, 'g'),
    needs: ['半年'],
    resolve: (m, planYear) => {
      if (pastReference(m[1], planYear)) return SKIP;
      const y = yearOf(m[1], planYear);
      if (y === null) return UNRESOLVED;
      return resolved(m[2] === '上半年' ? isoDate(y, 6, 30) : isoDate(y, 12, 31));
    },
  },
  // 第三季度 / 一季度 / 第4季度末 / 前三季度 — but never 每季度 / 各季度
  {
    re: new RegExp(`(?<![每各逐按])${YEAR}(?:第|前)?([一二三四1-4])季度(?:末|底|${BEFORE})?`, 'g'),
    needs: ['季度'],
    resolve: (m, planYear) => {
      if (pastReference(m[1], planYear)) return SKIP;
      const y = yearOf(m[1], planYear);
      const q = num(m[2]);
      if (y === null || q === null || !(q in QUARTER_END)) return UNRESOLVED;
      const [mo, d] = QUARTER_END[q];
      return resolved(isoDate(y, mo, d));
    },
  },
  // 2021年底前, 2021底, 2021年末, 2021年内
  {
    re: /(?<![\d.])(\d{4}|[〇零一二三四五六七八九]{4})(?:年(?:年底|年末|底|末|内)|底)(?:前|之前|以前)?/g,
    needs: ['底', '末', '内'],
    gate: yearEndGate,
    resolve: (m, planYear) => {
      if (pastReference(m[1], planYear)) return SKIP;
      const y = parseNumberToken(m[1]);
      return y === null ? UNRESOLVED : resolved(isoDate(y, 12, 31));
    },
  },
  // 2025年前 / 2025年以前: strictly before that year begins
  {
    re: /(?<![\d.])(\d{4})年(?:前|之前|以前)/g,
    needs: ['年'],
    gate: (t) => someAround(t, '年', yearBefore),
    resolve: (m, planYear) => {
      if (pastReference(m[1], planYear)) return SKIP;
      return resolved(isoDate(Number(m[1]) - 1, 12, 31));
    },
  },
  // 今年年底 / 明年底前 / 本年内
  {
    re: /(今年|本年|明年)年?(底|末|内)(?:前|之前|以前)?/g,
    needs: ['今年', '本年', '明年'],
    resolve: (m, planYear) => {
      if (planYear === null) return UNRESOLVED;
      return resolved(isoDate(m[1] === '明年' ? planYear + 1 : planYear, 12, 31));
    },
  },
  // 年底前 / 年内 / 年末 / 全年 — not 去年底, 三年内, 学年末, 每年底, 全年级, 全年龄段
  {
    re: /(?<![\d〇零一二三四五六七八九十几两多去上前学每半周当今本明])(年底前|年底|年末前|年末|年内|全年)(?![级龄段度])/g,
    needs: ['年'],
    gate: (t) => someAround(t, '年', yearEndWord),
    resolve: (_m, planYear) => (planYear === null ? UNRESOLVED : resolved(isoDate(planYear, 12, 31))),
  },
  // 秋季开学前 → 09-01, 春季开学前 → 03-01 (also 秋季学期开学, 秋季开园)
  {
    re: /(春季|秋季)(?:学期)?(?:开学|开园)(?:前|之前|以前)?/g,
    needs: ['开学', '开园'],
    gate: (t) => t.includes('春季') || t.includes('秋季'),
    resolve: fixedSeason,
  },
  // 暑假前 / 暑期前 → 07-15
  { re: /(?:放暑假|暑假|暑期)(?:前|之前|以前)/g, needs: ['暑'], resolve: fixed(7, 15, 99) },
  // 国庆节前 → 09-30; 元旦前 → 12-31 (the coming New Year's Day)
  { re: /国庆(?:节)?(?:前|之前|以前)/g, needs: ['国庆'], resolve: fixed(9, 30, 99) },
  { re: /元旦(?:前|之前|以前)/g, needs: ['元旦'], resolve: fixed(12, 31, 99) },
  // template placeholders: X月X日前, ×月底前, 某月份
  {
    re: /[X×xＸ某]{1,2}月份?(?:[X×xＸ某\d]{1,2}[日号])?(?:底|末|上旬|中旬|下旬)?(?:前|之前|以前)?/g,
    needs: ['月'],
    resolve: () => UNRESOLVED,
  },
  // deadline-like but unresolvable: 寒假前, 春节前, 中考前, 高考前, bare 开学前
  {
    re: /(?:寒假|春节|中考|高考|(?<![春秋季期])开学)(?:前|之前|以前)/g,
    needs: ['前'],
    resolve: () => UNRESOLVED,
  },
];

function fixedSeason(m: RegExpExecArray, planYear: number | null): Resolution {
  if (planYear === null) return UNRESOLVED;
  return resolved(m[1] === '春季' ? isoDate(planYear, 3, 1) : isoDate(planYear, 9, 1));
}

// （完成时限：6月底前） / 完成时间：… / 时间节点：…
const ANNOTATION_RE = /(?:完成时限|完成时间|完成期限|时间节点|时间要求|时限要求|截止时间|截止日期|时限)[：:】]/g;
const ANNOTATION_END = /[）)】【；;。\]]/;
const NOT_A_DATE = /^(?:无|暂无|—+|-+|\/)?$/;

interface Candidate {
  start: number;
  end: number;
  res: Resolution;
}

function containsAny(text: string, words: string[]): boolean {
  for (const w of words) if (text.includes(w)) return true;
  return false;
}

function collect(s: string, from: number, to: number, year: number | null, annotation: boolean): Candidate[] {
  const sub = s.slice(from, to);
  const out: Candidate[] = [];
  for (const p of PATTERNS) {
    if (p.annotationOnly && !annotation) continue;
    if (!containsAny(sub, p.needs)) continue;
    if (p.gate !== undefined && !p.gate(sub)) continue;
    p.re.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = p.re.exec(sub)) !== null) {
      if (m[0].length === 0) {
        p.re.lastIndex++;
        continue;
      }
      out.push({ start: from + m.index, end: from + m.index + m[0].length, res: p.resolve(m, year) });
    }
  }
  return out;
}

/** Greedy non-overlapping choice: earliest start, then longest match, then pattern order. */
function choose(cands: Candidate[]): Candidate[] {
  const sorted = cands.map((c, i) => ({ c, i })).sort((a, b) => a.c.start - b.c.start || b.c.end - a.c.end || a.i - b.i);
  const out: Candidate[] = [];
  let lastEnd = -1;
  for (const { c } of sorted) {
    if (c.start < lastEnd) continue;
    out.push(c);
    lastEnd = c.end;
  }
  return out;
}

/** Deadline phrases resolved against the plan year (X月底前 → last day of month X, …). */
export function extractDeadlines(text: string, year: number | null): DeadlineResult {
  const result: DeadlineResult = { deadlines: [], unresolved: [] };
  if (typeof text !== 'string' || text.length === 0) return result;
  const planYear = year !== null && Number.isInteger(year) && year >= 1900 && year <= 2200 ? year : null;
  const norm = normalize(text);
  const s = norm.s;

  const cands: Candidate[] = [];
  const regions: Array<[number, number]> = [];
  ANNOTATION_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = ANNOTATION_RE.exec(s)) !== null) {
    const from = m.index + m[0].length;
    const rest = s.slice(from, from + 60);
    const stop = rest.search(ANNOTATION_END);
    const to = from + (stop < 0 ? rest.length : stop);
    const inner = choose(collect(s, from, to, planYear, true)).filter((c) => !('skip' in c.res));
    if (inner.length === 0) {
      if (!NOT_A_DATE.test(s.slice(from, to))) cands.push({ start: from, end: to, res: UNRESOLVED });
    } else cands.push(...inner);
    regions.push([m.index, to]);
    ANNOTATION_RE.lastIndex = Math.max(ANNOTATION_RE.lastIndex, to);
  }

  let r = 0;
  for (const c of choose(collect(s, 0, s.length, planYear, false))) {
    while (r < regions.length && regions[r][1] <= c.start) r++;
    if (r < regions.length && c.end > regions[r][0] && c.start < regions[r][1]) continue;
    cands.push(c);
  }
  if (cands.length === 0) return result;
  cands.sort((a, b) => a.start - b.start);

  const seen = new Set<string>();
  const seenUnresolved = new Set<string>();
  for (const c of cands) {
    const phrase = original(norm, c.start, c.end);
    if ('date' in c.res) {
      const key = `${c.res.date}\u0000${phrase}`;
      if (seen.has(key)) continue;
      seen.add(key);
      result.deadlines.push({ date: c.res.date, phrase });
    } else if ('unresolved' in c.res) {
      if (seenUnresolved.has(phrase)) continue;
      seenUnresolved.add(phrase);
      result.unresolved.push(phrase);
    }
  }
  return result;
}
