/**
 * Collective mentions: 各中小学, 所有幼儿园, 全区各级各类学校, 局属各单位, 各直属单位, 民办学校,
 * 各区县教育局, 区教育局各科室 (after prefix stripping) …
 *
 * Grammar (longest match at each position, otherwise not collective):
 *   mention  := ( quant | direct | funding | category | sep | filler )+
 *   quant    := 各 | 所有 | 全体 | 全部 | 全区 | 全市 | 全县 | 全省 | 各级各类 | 每所 | 每个
 *   direct   := 局属 | 区属 | 市属 | 县属 | 直属            (→ units whose nearest bureau is the scope)
 *   funding  := 公办 | 民办 | 公立 | 私立 | 民营           (filters the following categories)
 *   category := 中小学 | 小学 | 初中 | 中学 | 高中 | 九年一贯制学校 | 幼儿园 | 职业学校 | 学校 | 科室 | …
 *   sep      := 、 , ， 和 及 与 以及 或 / 暨
 * Some categories (校, 园, 单位, 区县, 区教育局, 教育局, plain tags) only count after a quantifier.
 */

export type LevelKey = 'primary' | 'junior' | 'senior' | 'middle' | 'nine' | 'complete' | 'kinder' | 'vocational' | 'special';

export type SetAtom =
  | { kind: 'level'; level: LevelKey }
  | { kind: 'allSchools' }
  | { kind: 'type'; type: string }
  | { kind: 'anyBureau' }
  | { kind: 'subordinate' }
  | { kind: 'tag'; tag: string };

export interface LevelRule {
  label: string;
  tags: readonly string[];
  /** Used for schools that carry no level tag at all. */
  nameRe: RegExp;
}

export const LEVEL_RULES: Record<LevelKey, LevelRule> = {
  primary: { label: '小学', tags: ['小学', '九年一贯制', '十二年一贯制'], nameRe: /小学(校)?$/ },
  junior: { label: '初中', tags: ['初中', '九年一贯制', '完全中学', '十二年一贯制'], nameRe: /(初级中学|初中)$/ },
  senior: { label: '高中', tags: ['高中', '完全中学', '十二年一贯制'], nameRe: /(高级中学|高中)$/ },
  middle: {
    label: '中学',
    tags: ['初中', '高中', '九年一贯制', '完全中学', '十二年一贯制'],
    nameRe: /中学$/,
  },
  nine: { label: '九年一贯制学校', tags: ['九年一贯制'], nameRe: /九年一贯制学校$/ },
  complete: { label: '完全中学', tags: ['完全中学'], nameRe: /完全中学$/ },
  kinder: { label: '幼儿园', tags: ['幼儿园'], nameRe: /幼儿园$/ },
  vocational: { label: '职业学校', tags: ['职业学校'], nameRe: /(职业|职教|中专|技工)/ },
  special: { label: '特殊教育学校', tags: ['特殊教育'], nameRe: /(特殊教育|特教|培智|启智|启聪|启明|聋|盲)/ },
};

export type Funding = '公办' | '民办';

export interface CollectivePart {
  atom: SetAtom;
  label: string;
  funding: Funding[];
}

export interface CollectiveSpec {
  parts: CollectivePart[];
  direct: boolean;
  quantified: boolean;
  /** Human label, e.g. 所有中小学、幼儿园 / 所有民办学校 / 直属单位. */
  label: string;
  confidence: number;
  /** Canonical key for caching. */
  key: string;
}

type Lex =
  | { t: 'quant' }
  | { t: 'direct' }
  | { t: 'funding'; f: Funding }
  | { t: 'sep' }
  | { t: 'filler' }
  | { t: 'cat'; atoms: SetAtom[]; label: string; needsQuant: boolean; weak: boolean; direct: boolean };

const lv = (...levels: LevelKey[]): SetAtom[] => levels.map((level) => ({ kind: 'level', level }));
const cat = (atoms: SetAtom[], label: string, opts: { needsQuant?: boolean; weak?: boolean; direct?: boolean } = {}): Lex => ({
  t: 'cat',
  atoms,
  label,
  needsQuant: opts.needsQuant ?? false,
  weak: opts.weak ?? false,
  direct: opts.direct ?? false,
});

const SCHOOLS: SetAtom[] = [{ kind: 'allSchools' }];
const DEPARTMENTS: SetAtom[] = [{ kind: 'type', type: 'department' }];
const DIRECT_UNITS: SetAtom[] = [{ kind: 'type', type: 'direct_unit' }];
const DISTRICTS: SetAtom[] = [{ kind: 'type', type: 'district_bureau' }];

const BASE_LEXICON: ReadonlyArray<readonly [string, Lex]> = [
  ['各级各类', { t: 'quant' }],
  ['所有', { t: 'quant' }],
  ['全体', { t: 'quant' }],
  ['全部', { t: 'quant' }],
  ['全区', { t: 'quant' }],
  ['全市', { t: 'quant' }],
  ['全县', { t: 'quant' }],
  ['全省', { t: 'quant' }],
  ['每一所', { t: 'quant' }],
  ['每所', { t: 'quant' }],
  ['每个', { t: 'quant' }],
  ['各', { t: 'quant' }],
  ['局直属', { t: 'direct' }],
  ['局属', { t: 'direct' }],
  ['区属', { t: 'direct' }],
  ['市属', { t: 'direct' }],
  ['县属', { t: 'direct' }],
  ['直属', { t: 'direct' }],
  ['公办', { t: 'funding', f: '公办' }],
  ['公立', { t: 'funding', f: '公办' }],
  ['民办', { t: 'funding', f: '民办' }],
  ['私立', { t: 'funding', f: '民办' }],
  ['民营', { t: 'funding', f: '民办' }],
  ['以及', { t: 'sep' }],
  ['、', { t: 'sep' }],
  [',', { t: 'sep' }],
  ['，', { t: 'sep' }],
  ['和', { t: 'sep' }],
  ['及', { t: 'sep' }],
  ['与', { t: 'sep' }],
  ['或', { t: 'sep' }],
  ['/', { t: 'sep' }],
  ['暨', { t: 'sep' }],
  ['+', { t: 'sep' }],
  ['&', { t: 'sep' }],
  ['的', { t: 'filler' }],
  ['等', { t: 'filler' }],
  ['中小幼', cat(lv('primary', 'junior', 'senior', 'kinder'), '中小学、幼儿园')],
  ['中小学校', cat(lv('primary', 'junior', 'senior'), '中小学')],
  ['中小学', cat(lv('primary', 'junior', 'senior'), '中小学')],
  ['义务教育阶段学校', cat(lv('primary', 'junior'), '义务教育学校')],
  ['义务教育学校', cat(lv('primary', 'junior'), '义务教育学校')],
  ['九年一贯制学校', cat(lv('nine'), '九年一贯制学校')],
  ['一贯制学校', cat(lv('nine'), '九年一贯制学校')],
  ['九年一贯制', cat(lv('nine'), '九年一贯制学校')],
  ['完全中学', cat(lv('complete'), '完全中学')],
  ['普通高中', cat(lv('senior'), '高中')],
  ['高级中学', cat(lv('senior'), '高中')],
  ['高中学校', cat(lv('senior'), '高中')],
  ['高中', cat(lv('senior'), '高中')],
  ['初级中学', cat(lv('junior'), '初中')],
  ['初中学校', cat(lv('junior'), '初中')],
  ['初中', cat(lv('junior'), '初中')],
  ['中学校', cat(lv('middle'), '中学')],
  ['中学', cat(lv('middle'), '中学')],
  ['小学校', cat(lv('primary'), '小学')],
  ['小学', cat(lv('primary'), '小学')],
  ['幼儿园所', cat(lv('kinder'), '幼儿园')],
  ['幼儿园', cat(lv('kinder'), '幼儿园')],
  ['园所', cat(lv('kinder'), '幼儿园')],
  ['园', cat(lv('kinder'), '幼儿园', { needsQuant: true })],
  ['中等职业学校', cat(lv('vocational'), '职业学校')],
  ['职业学校', cat(lv('vocational'), '职业学校')],
  ['职业院校', cat(lv('vocational'), '职业学校')],
  ['中职学校', cat(lv('vocational'), '职业学校')],
  ['中职', cat(lv('vocational'), '职业学校')],
  ['职校', cat(lv('vocational'), '职业学校')],
  ['特殊教育学校', cat(lv('special'), '特殊教育学校')],
  ['特教学校', cat(lv('special'), '特殊教育学校')],
  ['特殊学校', cat(lv('special'), '特殊教育学校')],
  ['直属学校', cat(SCHOOLS, '直属学校', { direct: true })],
  ['学校', cat(SCHOOLS, '学校')],
  ['校', cat(SCHOOLS, '学校', { needsQuant: true })],
  ['局机关各科室', cat(DEPARTMENTS, '科室')],
  ['机关各科室', cat(DEPARTMENTS, '科室')],
  ['机关科室', cat(DEPARTMENTS, '科室')],
  ['职能科室', cat(DEPARTMENTS, '科室')],
  ['科室', cat(DEPARTMENTS, '科室')],
  ['处室', cat(DEPARTMENTS, '科室')],
  ['股室', cat(DEPARTMENTS, '科室')],
  ['直属事业单位', cat(DIRECT_UNITS, '直属单位', { direct: true })],
  ['直属单位', cat(DIRECT_UNITS, '直属单位', { direct: true })],
  ['事业单位', cat(DIRECT_UNITS, '直属单位')],
  ['基层单位', cat([{ kind: 'subordinate' }], '基层单位（直属单位及学校）')],
  [
    '单位',
    cat([{ kind: 'subordinate' }], '下属单位（直属单位及学校）', {
      needsQuant: true,
      weak: true,
    }),
  ],
  ['区县教育行政部门', cat(DISTRICTS, '区县教育局')],
  ['区县教育局', cat(DISTRICTS, '区县教育局')],
  ['县区教育局', cat(DISTRICTS, '区县教育局')],
  ['区教育局', cat(DISTRICTS, '区县教育局', { needsQuant: true })],
  ['县教育局', cat(DISTRICTS, '区县教育局', { needsQuant: true })],
  ['区县', cat(DISTRICTS, '区县教育局', { needsQuant: true })],
  ['县区', cat(DISTRICTS, '区县教育局', { needsQuant: true })],
  ['市教育局', cat([{ kind: 'type', type: 'bureau' }], '市教育局', { needsQuant: true })],
  ['教育局', cat([{ kind: 'anyBureau' }], '教育局', { needsQuant: true })],
];

export interface Lexicon {
  entries: Map<string, Lex>;
  maxLen: number;
}

/** Base lexicon plus every tag present in the data (各集团校 → tag 集团校), quantifier required. */
export function buildLexicon(knownTags: Iterable<string>): Lexicon {
  const entries = new Map<string, Lex>(BASE_LEXICON.map(([k, v]) => [k, v]));
  for (const tag of knownTags) {
    if (tag.length === 0 || entries.has(tag)) continue;
    entries.set(tag, cat([{ kind: 'tag', tag }], tag, { needsQuant: true }));
  }
  let maxLen = 0;
  for (const k of entries.keys()) maxLen = Math.max(maxLen, k.length);
  return { entries, maxLen };
}

function atomKey(a: SetAtom): string {
  switch (a.kind) {
    case 'level':
      return `L:${a.level}`;
    case 'type':
      return `T:${a.type}`;
    case 'tag':
      return `G:${a.tag}`;
    default:
      return a.kind;
  }
}

/** Parse a cleaned mention as a collective; null when it is not one. */
export function parseCollective(s: string, lexicon: Lexicon): CollectiveSpec | null {
  if (s.length === 0) return null;
  let pos = 0;
  let quantified = false;
  let direct = false;
  let weak = false;
  let pending: Funding[] = [];
  let lastWasCategory = false;
  const parts: CollectivePart[] = [];
  const labels: string[] = [];
  while (pos < s.length) {
    let hit: Lex | undefined;
    let len = Math.min(lexicon.maxLen, s.length - pos);
    for (; len > 0; len--) {
      hit = lexicon.entries.get(s.slice(pos, pos + len));
      if (hit) break;
    }
    if (!hit) return null;
    pos += len;
    switch (hit.t) {
      case 'quant':
        quantified = true;
        break;
      case 'direct':
        direct = true;
        quantified = true;
        break;
      case 'funding':
        if (lastWasCategory) pending = [];
        lastWasCategory = false;
        if (!pending.includes(hit.f)) pending.push(hit.f);
        break;
      case 'sep':
        if (lastWasCategory) pending = [];
        break;
      case 'filler':
        break;
      case 'cat': {
        if (hit.needsQuant && !quantified) return null;
        if (hit.weak) weak = true;
        if (hit.direct) direct = true;
        const funding = pending.length === 2 ? [] : [...pending];
        for (const atom of hit.atoms) parts.push({ atom, label: hit.label, funding });
        const label = `${funding.join('')}${hit.label}`;
        if (!labels.includes(label)) labels.push(label);
        lastWasCategory = true;
        break;
      }
    }
  }
  if (parts.length === 0) return null;
  const key =
    (direct ? 'D|' : '|') +
    parts
      .map((p) => `${atomKey(p.atom)}[${p.funding.join(',')}]`)
      .sort()
      .join('+');
  const joined = labels.join('、');
  const label = !direct || joined.startsWith('直属') ? joined : joined.startsWith('下属') ? `局属${joined.slice(2)}` : `直属${joined}`;
  const explicit = quantified || direct || parts.some((p) => p.funding.length > 0);
  return {
    parts,
    direct,
    quantified,
    label: `所有${label}`,
    confidence: weak && !direct ? 0.8 : explicit ? 1 : 0.9,
    key,
  };
}
