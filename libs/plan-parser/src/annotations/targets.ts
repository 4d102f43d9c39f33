import type { Comparator, Target } from '../types';
import { parseChineseNumber } from '../chinese-numerals';
import { normalize, original, type Normalized } from './normalize';

// ---------------------------------------------------------------------------------------------
// Units. Money in 万元/亿元 stays as written; every other 万/亿/千 multiplier is folded into the
// value (3.3万名 → 33000 名), so the same metric is comparable across documents.
const UNITS = [
  '个百分点',
  '百分点',
  '平方公里',
  '平方米',
  '万元',
  '亿元',
  '人次',
  '场次',
  '班次',
  '课时',
  '学时',
  '学分',
  '小时',
  '公里',
  '千米',
  '%',
  '‰',
  '个',
  '所',
  '名',
  '人',
  '次',
  '场',
  '节',
  '项',
  '家',
  '台',
  '套',
  '元',
  '亩',
  '年',
  '天',
  '间',
  '班',
  '门',
  '册',
  '本',
  '件',
  '篇',
  '期',
  '批',
  '支',
  '条',
  '处',
  '座',
  '栋',
  '张',
  '辆',
  '份',
  '位',
  '户',
  '类',
  '种',
  '周',
  '倍',
  '米',
  '吨',
  '组',
  '队',
  '园',
  '校',
  '课',
].sort((a, b) => b.length - a.length);
const UNIT_ALT = UNITS.map((u) => u.replace(/[%‰]/g, (c) => `\\${c}`)).join('|');

// after the number: things that are not a counted unit (100周年, 3个月, 3年级, 15分钟, 6岁)
const NOT_A_UNIT = '周年|周岁|岁|个月|年级|年度|分钟|个半月';

// a unit followed by one of these characters is the start of a word, not a measure word
const UNIT_BLOCKERS: Record<string, string> = {
  个: '别体性人案',
  人: '员才口民群力格均心',
  家: '长庭属乡',
  台: '账阶湾',
  元: '素旦宵化',
  门: '户槛类',
  本: '科领身地校土',
  期: '间末初望限刊中',
  节: '日点约能假',
  周: '边末转期',
  年: '级龄度轻终行计规攻',
  天: '津然地下',
  条: '件例款',
  处: '理置室长分',
  班: '主子级额',
  位: '置于',
  所: '需有在属得以谓',
  种: '植',
  场: '所地馆景',
  类: '型别似',
  校: '长园区训',
  园: '区所长林地',
  组: '织成建合长',
  队: '伍员长',
  课: '程堂题时',
  名: '单称额义录',
  次: '要',
  批: '准复评',
};

const ARABIC_RE = new RegExp(
  '(?<![\\d.A-Za-z+:：])' +
    '(\\d+(?:\\.\\d+)?)' + // 1 value
    '(?:[%％]?(?:-|~|～|—|–|至|到)(\\d+(?:\\.\\d+)?))?' + // 2 range end (3%-5%)
    '(余|多)?' + // 3
    '(万|亿|千)?' + // 4 multiplier
    '(余|多)?' + // 5
    `(?!${NOT_A_UNIT})(${UNIT_ALT})` + // 6 unit
    '(?![A-Za-z\\d])',
  'g',
);
const CN_RE = new RegExp(
  '([一二两三四五六七八九十百千][零〇一二两三四五六七八九十百千]{0,5})' + // 1 numeral
    '(余|多)?' + // 2
    '(万|亿)?' + // 3
    `(?!${NOT_A_UNIT})(${UNIT_ALT})`, // 4 unit
  'g',
);
const CN_PERCENT_RE = /百分之([零〇一二两三四五六七八九十百]+)/g;

// ---------------------------------------------------------------------------------------------
// Comparators written before the figure (longest first) and after it.
const PREFIX_COMPARATORS: Array<[string, Comparator]> = (
  [
    ...[
      '不少于',
      '不低于',
      '不小于',
      '不下于',
      '至少',
      '最少',
      '达到',
      '达',
      '提高到',
      '提升到',
      '增加到',
      '增长到',
      '提高至',
      '提升至',
      '增加至',
      '增长至',
      '扩大到',
      '扩大至',
    ].map((w): [string, Comparator] => [w, '>=']),
    ...['超过', '多于', '高于', '大于', '逾', '超'].map((w): [string, Comparator] => [w, '>']),
    ...[
      '不超过',
      '不高于',
      '不多于',
      '不大于',
      '最多',
      '控制在',
      '控制到',
      '降低到',
      '下降到',
      '减少到',
      '降至',
      '降低至',
      '下降至',
      '减少至',
      '压缩到',
      '压减到',
      '压减至',
      '压缩至',
    ].map((w): [string, Comparator] => [w, '<=']),
    ...['低于', '少于', '小于', '不足'].map((w): [string, Comparator] => [w, '<']),
    ...['保持在', '稳定在', '维持在', '保持', '为', '约', '近', '共计', '合计', '总计'].map((w): [string, Comparator] => [w, '=']),
  ] as Array<[string, Comparator]>
).sort((a, b) => b[0].length - a[0].length);
// the same list bucketed by last character, keeping the order above: the first entry of a bucket
// that ends the text is the first entry of the whole list that does
const PREFIX_BY_LAST = byChar(PREFIX_COMPARATORS, ([w]) => w[w.length - 1] as string);
// prefix comparators that only state "reaches" defer to a written suffix (达到80%以上)
const WEAK_PREFIX = new Set(['达到', '达', '保持在', '稳定在', '维持在', '保持', '为', '约', '近']);
const SUFFIX_RE = /^(?:及以上|以上|及以下|以下|以内|之内|内|左右)/;
const SUFFIX_COMPARATOR: Record<string, Comparator> = {
  及以上: '>=',
  以上: '>=',
  及以下: '<=',
  以下: '<=',
  以内: '<=',
  之内: '<=',
  内: '<=',
  左右: '=',
};

// verbs that make a short metric "a verb" whose object follows the figure (建设17个重点学科)
const VERBS = [
  '新增',
  '新建',
  '建成',
  '建设',
  '创建',
  '培育',
  '打造',
  '完成',
  '组建',
  '组织',
  '开展',
  '举办',
  '培养',
  '评选',
  '遴选',
  '认定',
  '设立',
  '建立',
  '选派',
  '招聘',
  '引进',
  '改造',
  '扩建',
  '增加',
  '减少',
  '招收',
  '开设',
  '开发',
  '配备',
  '投入',
  '资助',
  '评出',
  '表彰',
  '命名',
  '创成',
  '争创',
  '申报',
  '推出',
  '发布',
  '编写',
  '编印',
  '出版',
  '录制',
  '征集',
  '覆盖',
  '推荐',
  '新招',
  '招募',
  '实施',
  '提供',
  '承办',
  '召开',
  '培训',
  '选树',
  '交流',
  '公招',
  '招录',
  '立项',
  '挂牌',
  '授牌',
  '布局',
  '建好',
  '办好',
  '创设',
  '研发',
  '形成',
  '评定',
  '启动',
  '选拔',
  '补充',
  '购置',
  '更新',
  '改建',
  '提升',
  '提高',
  '降低',
  '下降',
  '增长',
  '发挥',
  '推动',
  '深入',
  '解决',
  '接待',
  '获得',
  '确定',
  '进行',
  '建立',
  '达到',
  '至少',
  '不少于',
  '累计',
  '共',
  '新',
];
const LEADING_STRIP = [
  '并且',
  '并',
  '且',
  '同时',
  '其中',
  '确保',
  '力争',
  '争取',
  '努力',
  '实现',
  '使',
  '让',
  '在',
  '对',
  '将',
  '和',
  '及',
  '与',
  '或',
  '全年',
  '今年',
  '年内',
  '年底前',
  '上半年',
  '下半年',
  '每学期',
  '每学年',
  '每年',
  '每月',
  '每季度',
  '每周',
  '每个学期',
  '每年度',
  '另外',
  '此外',
  '从',
  '由',
];
const VERB_SET = new Set(VERBS);
const MAX_VERB = Math.max(...VERBS.map((v) => v.length));
// by first character, in list order (see PREFIX_BY_LAST)
const LEADING_BY_FIRST = byChar(LEADING_STRIP, (w) => w[0] as string);
const LEADING_YEAR = /^\d{4}年(?:度)?/;
const LEADING_COMPARATORS: Array<[string, Comparator]> = [
  ['不少于', '>='],
  ['至少', '>='],
  ['不超过', '<='],
  ['最多', '<='],
];

// clause boundaries for the metric; 、 separates list items (考点14个、考场367个)
const BOUNDARY = '，。；;,：:！？!?、（(\n';
const BOUNDARY_CODES = new Set([...BOUNDARY].map((c) => c.charCodeAt(0)));
const AFTER_STOP = /[，。；;,：:！？!?、（()）\d和及与或]/;
const MAX_METRIC = 40;
const MAX_AFTER = 20;

// ---------------------------------------------------------------------------------------------
// Quoted spans (slogans “三个100%”, titles 《十条措施》, document numbers 〔2021〕6号): no targets.
/** The closing quote for an opening one, else -1. */
function quoteClose(c: number): number {
  switch (c) {
    case 0x201c:
      return 0x201d; // “ ”
    case 0x2018:
      return 0x2019; // ‘ ’
    case 0x300c:
      return 0x300d; // 「 」
    case 0x300e:
      return 0x300f; // 『 』
    case 0x300a:
      return 0x300b; // 《 》
    case 0x3014:
      return 0x3015; // 〔 〕
    case 0x22:
      return 0x22; // " "
    default:
      return -1;
  }
}
const QUOTE_SPAN = 40;

const QUOTE_OPEN = /["\u201c\u2018\u300c\u300e\u300a\u3014]/g;

// One mask, reused by every call (extractTargets is synchronous and never re-entered): zero
// everywhere except the spans marked for the current text.
let maskBuf = new Uint8Array(1024);
let maskDirty = 0; // maskBuf[maskDirty..] is all zeros

/** 1 for every character inside a quoted span, 0 elsewhere (also past the end of the text). */
function quotedMask(s: string): Uint8Array {
  if (maskDirty > 0) maskBuf.fill(0, 0, maskDirty);
  maskDirty = 0;
  if (maskBuf.length <= s.length) maskBuf = new Uint8Array(Math.max(s.length + 1, 2 * maskBuf.length));
  const mask = maskBuf;
  QUOTE_OPEN.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = QUOTE_OPEN.exec(s)) !== null) {
    const i = m.index;
    const close = quoteClose(s.charCodeAt(i));
    const limit = Math.min(s.length, i + QUOTE_SPAN);
    for (let j = i + 1; j < limit; j++) {
      if (s.charCodeAt(j) === close) {
        mask.fill(1, i, j + 1);
        maskDirty = j + 1;
        QUOTE_OPEN.lastIndex = j + 1;
        break;
      }
    }
  }
  return mask;
}

interface Figure {
  start: number; // figure start (number) in s
  end: number; // end of number+unit+suffix
  value: number;
  unit: string;
  comparator: Comparator | null; // from 余/多/range/suffix
  chinese: boolean;
}

function foldMultiplier(value: number, mult: string | undefined, unit: string): [number, string] {
  if (mult === undefined) return [value, unit];
  if ((mult === '万' || mult === '亿') && unit === '元') return [value, `${mult}元`];
  const factor = mult === '万' ? 10000 : mult === '亿' ? 100000000 : 1000;
  return [Math.round(value * factor * 1e6) / 1e6, unit];
}

interface Suffix {
  readonly len: number;
  readonly cmp: Comparator | null;
}
const NO_SUFFIX: Suffix = { len: 0, cmp: null };
// the first characters of SUFFIX_RE's words
const SUFFIX_FIRST = new Set(['及', '以', '之', '内', '左']);
const MONEY_OR_PERCENT = new Set(['%', '‰', '元']);

function readSuffix(s: string, at: number): Suffix {
  if (!SUFFIX_FIRST.has(s[at] as string)) return NO_SUFFIX;
  const m = SUFFIX_RE.exec(s.slice(at, at + 3));
  if (!m) return NO_SUFFIX;
  // 内 alone only right after a percentage or money figure (20%内); else it is a word (内容)
  if (m[0] === '内' && !(at > 0 && MONEY_OR_PERCENT.has(s[at - 1] as string))) return NO_SUFFIX;
  return { len: m[0].length, cmp: SUFFIX_COMPARATOR[m[0]] };
}

function unitBlocked(s: string, unitEnd: number, unit: string): boolean {
  const blockers = UNIT_BLOCKERS[unit];
  return blockers !== undefined && unitEnd < s.length && blockers.includes(s[unitEnd]);
}

const FOUR_DIGITS = /^\d{4}$/;
const NUMERAL_CHAR = /[零〇一二两三四五六七八九十百千\d]/;

function findFigures(s: string, mask: Uint8Array): Figure[] {
  const figs: Figure[] = [];
  ARABIC_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = ARABIC_RE.exec(s)) !== null) {
    const start = m.index;
    const unit0 = m[6];
    const unitEnd = start + m[0].length;
    if (mask[start]) continue;
    const prev = start > 0 ? s[start - 1] : '';
    if (prev === '第' || prev === '·' || prev === '〔' || prev === '[') continue;
    const next = unitEnd < s.length ? s[unitEnd] : '';
    if (next === '·' || next === '+') continue;
    if (unitBlocked(s, unitEnd, unit0)) continue;
    const raw = m[1];
    let value = Number(raw);
    // years: 2021年, 2021届, 2020-2025年
    if (raw.length === 4 && FOUR_DIGITS.test(raw) && value >= 1900 && value <= 2100 && (unit0 === '年' || unit0 === '届' || unit0 === '期'))
      continue;
    if (!Number.isFinite(value)) continue;
    let unit = unit0;
    [value, unit] = foldMultiplier(value, m[4], unit);
    if (unit === '个百分点') unit = '百分点';
    let cmp: Comparator | null = null;
    if (m[3] !== undefined || m[5] !== undefined) cmp = '>';
    if (m[2] !== undefined) {
      const hi = Number(m[2]);
      if (!(hi > Number(raw))) continue; // 6-1所 is not a range
      cmp = '>=';
    }
    const suf = readSuffix(s, unitEnd);
    if (suf.cmp !== null) cmp = suf.cmp;
    figs.push({ start, end: unitEnd + suf.len, value, unit, comparator: cmp, chinese: false });
  }
  CN_RE.lastIndex = 0;
  while ((m = CN_RE.exec(s)) !== null) {
    const start = m.index;
    const unitEnd = start + m[0].length;
    if (mask[start]) continue;
    const prev = start > 0 ? s[start - 1] : '';
    if (prev === '第' || NUMERAL_CHAR.test(prev)) continue;
    if (unitBlocked(s, unitEnd, m[4])) continue;
    const v = parseChineseNumber(m[1]);
    if (v === null || v < 2) continue; // 一批, 一个: not a commitment
    const [value, unit] = foldMultiplier(v, m[3], m[4]);
    let cmp: Comparator | null = m[2] !== undefined ? '>' : null;
    const suf = readSuffix(s, unitEnd);
    if (suf.cmp !== null) cmp = suf.cmp;
    figs.push({
      start,
      end: unitEnd + suf.len,
      value,
      unit: unit === '个百分点' ? '百分点' : unit,
      comparator: cmp,
      chinese: true,
    });
  }
  CN_PERCENT_RE.lastIndex = 0;
  while ((m = CN_PERCENT_RE.exec(s)) !== null) {
    if (mask[m.index]) continue;
    const v = parseChineseNumber(m[1]);
    if (v === null || v > 100) continue;
    const end = m.index + m[0].length;
    const suf = readSuffix(s, end);
    figs.push({ start: m.index, end: end + suf.len, value: v, unit: '%', comparator: suf.cmp, chinese: false });
  }
  figs.sort((a, b) => a.start - b.start);
  return figs;
}

const CHANGE_TO = /^(?:提高|提升|增加|增长|扩大|降低|下降|减少|压减|压缩)(?:到|至)|^降至/;
const FROM_TAIL = /(?:由|从)(?:\d{4}年(?:底|末)?)?(?:的)?$/;

function nextStartsAt(figs: Figure[], at: number): boolean {
  return figs.some((g) => g.start === at);
}

function stripLeading(str: string): string {
  let cur = str;
  for (let guard = 0; guard < 8; guard++) {
    const before = cur;
    const c0 = cur.charCodeAt(0);
    if (c0 >= 0x30 && c0 <= 0x39) cur = cur.replace(LEADING_YEAR, '');
    const words = LEADING_BY_FIRST.get(cur[0] as string);
    if (words !== undefined) {
      for (const w of words) {
        if (cur.startsWith(w) && cur.length > w.length) {
          cur = cur.slice(w.length);
          break;
        }
      }
    }
    if (cur === '在' || cur === '和' || cur === '及' || cur === '与' || cur === '对') cur = '';
    if (cur === before) break;
  }
  return cur;
}

/** Entries grouped by one character of their key, each group in list order. */
function byChar<T>(list: T[], key: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of list) {
    const k = key(item);
    const group = out.get(k);
    if (group === undefined) out.set(k, [item]);
    else group.push(item);
  }
  return out;
}

/** The text ends with one of VERBS. */
function endsWithVerb(str: string): boolean {
  for (let k = Math.min(MAX_VERB, str.length); k >= 1; k--) {
    if (VERB_SET.has(str.slice(str.length - k))) return true;
  }
  return false;
}

const PER_PERIOD = /(?:每天|每日|每周|每学期|每学年)$/;
const DURATION_UNITS = new Set(['小时', '学时', '课时', '天', '节']);
const DRAFTING = /(?:制定|制订|出台|修订|提出|梳理|形成|明确|细化|研究|起草|整理|汇编)$/;

/** Where the noun after a figure ends (建设17个重点学科 → after 重点学科). */
function objectEnd(s: string, from: number, mask: Uint8Array): number {
  let j = from;
  if (s[j] === '的') j++;
  const start = j;
  while (j < s.length && j - start < MAX_AFTER && (mask[j] || !AFTER_STOP.test(s[j] as string))) j++;
  return j;
}

/** The text starts with one of VERBS. */
function startsWithVerb(str: string): boolean {
  for (let k = Math.min(MAX_VERB, str.length); k >= 1; k--) {
    if (VERB_SET.has(str.slice(0, k))) return true;
  }
  return false;
}

function isVerbLike(str: string): boolean {
  return str.length <= 2 || (str.length <= 4 && endsWithVerb(str));
}

function startsClause(s: string, i: number, mask: Uint8Array): boolean {
  return BOUNDARY_CODES.has(s.charCodeAt(i)) && !mask[i];
}

const MODAL_TAIL = /[均都要应须需]+$/;
const NO_PREFIXES: Array<[string, Comparator]> = [];
const SENTENCE_END_CODES = new Set([...'。；;！？!?\n'].map((c) => c.charCodeAt(0)));

/** s.slice(from, to) holds a sentence end (。；;！？!? or a line break). */
function hasSentenceEnd(s: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (SENTENCE_END_CODES.has(s.charCodeAt(i))) return true;
  return false;
}

/** Quantified commitments such as 新增学前学位2430个, 覆盖率达到80%以上. */
export function extractTargets(text: string): Target[] {
  if (typeof text !== 'string' || text.length === 0) return [];
  const norm: Normalized = normalize(text);
  const s = norm.s;
  const mask = quotedMask(s);
  const figs = findFigures(s, mask);
  if (figs.length === 0) return [];
  const out: Target[] = [];
  const seen = new Set<string>();
  let prevEnd = 0;
  let lastVerb = '';
  let carried = '';
  let carriedFrom = 0;
  let carriedUntil = -1;
  for (const f of figs) {
    if (f.start < prevEnd) continue; // overlapping readings of the same text
    // the clause before the figure
    let cs = f.start;
    while (cs > prevEnd && f.start - cs < MAX_METRIC && !startsClause(s, cs - 1, mask)) cs--;
    // a sentence boundary since the previous target ends the verb inheritance
    if (hasSentenceEnd(s, prevEnd, cs)) lastVerb = '';
    let before = s.slice(cs, f.start);
    let cmp: Comparator | null = null;
    let weak = false;
    for (let pass = 0; pass < 2; pass++) {
      for (const [w, c] of PREFIX_BY_LAST.get(before[before.length - 1] as string) ?? NO_PREFIXES) {
        if (before.endsWith(w)) {
          if (cmp === null) {
            cmp = c;
            weak = WEAK_PREFIX.has(w);
          }
          before = before.slice(0, before.length - w.length);
          break;
        }
      }
      before = before.replace(MODAL_TAIL, '');
    }
    // Chinese numerals only count after a verb or a comparator (创建三所, 不少于两次), never in
    // slogans (四个意识, 三项培训 as a noun phrase)
    if (f.chinese && (cmp === null || weak) && !endsWithVerb(before)) continue;
    const endsWithDeng = before.endsWith('等');
    if (endsWithDeng) before = before.slice(0, -1);
    // a count of what a list names, as the subject (华城庭苑中学等3所学校建成…), is no commitment;
    // after a verb (新建第二实验小学等2所学校) it is
    if (endsWithDeng && cmp === null && f.comparator === null && before.length > 0 && !startsWithVerb(stripLeading(before))) {
      prevEnd = objectEnd(s, f.end, mask); // the counted noun (学校) is not the next target's metric
      continue;
    }
    // articles of a document's name (职教20条, 出台教育评价改革20条) are not targets; 制定10条措施 is
    if (f.unit === '条' && cmp === null && f.comparator === null && before.length > 0 && !endsWithVerb(before) && !DRAFTING.test(before)) {
      prevEnd = f.end;
      continue;
    }
    const stripped = stripLeading(before);
    let metric = stripped;
    // a comparator opening the clause: 至少培养骨干教师50名
    const lead = LEADING_COMPARATORS.find(([w]) => metric.startsWith(w) && metric.length > w.length);
    if (lead !== undefined) {
      metric = stripLeading(metric.slice(lead[0].length));
      if (cmp === null) cmp = lead[1];
    }
    // 覆盖率由85%提高到95%: the first figure is the starting point, the target is the second
    const change = CHANGE_TO.exec(s.slice(f.end, f.end + 4));
    if (change !== null && nextStartsAt(figs, f.end + change[0].length)) {
      carried = stripLeading(before.replace(FROM_TAIL, ''));
      carriedFrom = cs;
      carriedUntil = f.end + change[0].length;
      continue;
    }
    if (f.start === carriedUntil) {
      metric = carried;
      cs = Math.min(cs, carriedFrom);
    }
    // the object after the figure (建设17个重点学科 → 建设重点学科)
    let end = f.end;
    // a per-day norm (学生每天1小时校园体育活动): the activity after the duration is what is measured
    if (PER_PERIOD.test(metric) && DURATION_UNITS.has(f.unit) && !AFTER_STOP.test(s[f.end] ?? '。')) {
      end = objectEnd(s, f.end, mask);
      metric += s.slice(f.end, end);
    }
    if (metric === '' || isVerbLike(metric) || endsWithDeng || metric.endsWith('的')) {
      let j = f.end;
      if (s[j] === '的') j++;
      const from = j;
      while (j < s.length && j - from < MAX_AFTER && (mask[j] || !AFTER_STOP.test(s[j]))) {
        j++;
      }
      const noun = s.slice(from, j);
      if (noun.length > 0) {
        if (metric === '' && lastVerb !== '') metric = lastVerb + noun;
        else metric = endsWithDeng ? noun : metric + noun;
        end = j;
      }
    }
    if (isVerbLike(stripped)) lastVerb = stripped;
    let comparator: Comparator;
    if (cmp !== null && !weak) comparator = cmp;
    else if (f.comparator !== null) comparator = f.comparator;
    else comparator = cmp ?? '=';
    const phrase = original(norm, cs, end);
    prevEnd = end;
    const key = `${phrase}\u0000${f.value}\u0000${f.unit}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ phrase, metric, value: f.value, unit: f.unit, comparator });
  }
  return out;
}
