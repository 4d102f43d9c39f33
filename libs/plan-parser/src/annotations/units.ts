import type { PointUnit, UnitRole } from '../types';
import { normalize } from './normalize';

// Role keywords. A label is one of these, optionally followed by a noun such as 单位/科室.
const ROLE_WORDS: Record<string, UnitRole> = {
  牵头: 'lead',
  主办: 'lead',
  配合: 'cooperating',
  协办: 'cooperating',
  协助: 'cooperating',
  协同: 'cooperating',
  参与: 'cooperating',
  责任: 'responsible',
  负责: 'responsible',
  主责: 'responsible',
};
const ROLE_ALT = Object.keys(ROLE_WORDS).join('|');
// suffixes naming people (责任人, 责任领导): such labels delimit segments but yield no units
const PERSON_SUFFIX = /^(?:领导|人|同志|局长|科长)$/;
const UNIT_SUFFIX_ALT = '单位|科室|部门|处室|股室|处|科|领导|人|同志|局长|科长';

// 牵头单位： / 【责任单位】 — the label must start a segment (previous char checked in code)
const LABEL_RE = new RegExp(`(【 ?)?(${ROLE_ALT})(${UNIT_SUFFIX_ALT})?( ?】| ?[：:])`, 'g');

const SEGMENT_START = /[（(【[；;，,。：: ]/;
const NAME_SPLIT = /[、，,；;/／]+/;
const NAME_SUFFIXES = /^(?:科|室|处|局|股|办|中心|学校|小学|中学|幼儿园|单位|部|站|所)$/;
const MAX_ANNOTATION = 300;

interface LabelHit {
  start: number;
  end: number;
  role: UnitRole | null; // null: a person label
  hasSuffix: boolean;
  bracketed: boolean; // 【label】 form
}

// every label holds a role word: without one the (slow to fail) label regex cannot match
const ROLE_RE = new RegExp(ROLE_ALT);

function findLabels(s: string): LabelHit[] {
  const hits: LabelHit[] = [];
  if (!ROLE_RE.test(s)) return hits;
  LABEL_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = LABEL_RE.exec(s)) !== null) {
    const open = m[1] !== undefined;
    const closeIsBracket = m[4].includes('】');
    if (open !== closeIsBracket) continue; // 【责任单位： or 责任单位】
    const prev = m.index > 0 ? s[m.index - 1] : '';
    if (!open && prev !== '' && !SEGMENT_START.test(prev)) continue; // 主体责任：
    const suffix = m[3] ?? '';
    hits.push({
      start: m.index,
      end: m.index + m[0].length,
      role: PERSON_SUFFIX.test(suffix) ? null : ROLE_WORDS[m[2]],
      hasSuffix: suffix !== '',
      bracketed: open,
    });
  }
  return hits;
}

/**
 * Matched round brackets (full- or half-width, interchangeable) no further apart than
 * MAX_ANNOTATION, as [open, close] pairs in order of the opening bracket. One linear pass with a
 * stack.
 */
function matchBrackets(s: string): Array<[number, number]> {
  const pairs: Array<[number, number]> = [];
  const stack: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0xff08 || c === 0x28) stack.push(i);
    else if ((c === 0xff09 || c === 0x29) && stack.length > 0) {
      const open = stack.pop() as number;
      if (i - open <= MAX_ANNOTATION) pairs.push([open, i]);
    }
  }
  // found in order of the closing bracket; nested pairs close before their parent
  return pairs.length > 1 ? pairs.sort((a, b) => a[0] - b[0]) : pairs;
}

function cleanName(raw: string): { name: string; role: UnitRole | null } | null {
  let name = raw.trim();
  let role: UnitRole | null = null;
  // 基教科（牵头） — an inline role marker overrides the label's role
  const marker = /[（(]\s*(牵头|主办|配合|协办|协助|参与|负责|主责)\s*[）)]$/.exec(name);
  if (marker) {
    role = ROLE_WORDS[marker[1]];
    name = name.slice(0, marker.index).trim();
  }
  name = name.replace(/^[“"‘'「《\s]+|[”"’'」》\s]+$/g, '');
  name = name.replace(/^(?:由|为|是)/, '');
  name = name.replace(/(?:等|等单位|等部门)$/, '');
  name = name.replace(/[。.]+$/, '').trim();
  if (name.length === 0 || name.length > 30) return null;
  if (!/[\u4e00-\u9fa5A-Za-z]/.test(name)) return null;
  if (/[：:。（）()【】]/.test(name)) return null;
  return { name, role };
}

/** Splits a label's content into names: on 、，,；; and on spaces between names. */
function splitNames(content: string): string[] {
  const out: string[] = [];
  for (const part of content.split(NAME_SPLIT)) {
    const pieces = part.split(' ').filter((p) => p.length > 0);
    let cur = '';
    for (const p of pieces) {
      // a stray space inside a name: one-character fragments or a bare suffix join up
      if (cur !== '' && (cur.length === 1 || p.length === 1 || NAME_SUFFIXES.test(p))) {
        cur += p;
      } else {
        if (cur !== '') out.push(cur);
        cur = p;
      }
    }
    if (cur !== '') out.push(cur);
  }
  return out;
}

/** Content ends at the first foreign label (完成时限：…), cut back to the segment start. */
function cutAtForeignLabel(content: string): string {
  const colon = content.search(/[：:]/);
  if (colon < 0) return content;
  let k = colon;
  while (k > 0 && !/[；;，,、 ]/.test(content[k - 1])) k--;
  return content.slice(0, k);
}

const SEGMENT_ROLE = /^(.+?)(牵头|主办|配合|协办|协助|参与|负责|主责)$/;

class UnitCollector {
  readonly units: PointUnit[] = [];
  private readonly seen = new Set<string>();

  add(content: string, role: UnitRole | null): void {
    if (role === null) return;
    // a segment may carry its own role word: （责任单位：区教育局，各街镇配合）
    for (const seg of cutAtForeignLabel(content).split(/[，,；;]/)) {
      const own = SEGMENT_ROLE.exec(seg.trim());
      if (own) this.addNames(own[1], ROLE_WORDS[own[2]]);
      else this.addNames(seg, role);
    }
  }

  private addNames(content: string, role: UnitRole): void {
    for (const raw of splitNames(content)) {
      const c = cleanName(raw);
      if (c === null) continue;
      const r = c.role ?? role;
      const key = `${r}\u0000${c.name}`;
      if (this.seen.has(key)) continue;
      this.seen.add(key);
      this.units.push({ name: c.name, role: r });
    }
  }
}

/** Labels inside one bracketed annotation: each label's content runs to the next label. */
function readLabelled(s: string, to: number, labels: LabelHit[], out: UnitCollector): void {
  for (let i = 0; i < labels.length; i++) {
    const h = labels[i];
    const end = i + 1 < labels.length ? labels[i + 1].start : to;
    out.add(s.slice(h.end, Math.max(h.end, Math.min(end, to))), h.role);
  }
}

const SUFFIX_FORM = new RegExp(`^(.+?)(${ROLE_ALT})$`);

/** （基教科牵头，德育科、各学校配合） — every segment must end with a role word. */
function readSuffixForm(content: string, out: UnitCollector): boolean {
  const segs = content
    .split(/[，,；;]/)
    .map((x) => x.trim())
    .filter((x) => x.length > 0);
  if (segs.length === 0) return false;
  const parsed: Array<[string, UnitRole]> = [];
  for (const seg of segs) {
    const m = SUFFIX_FORM.exec(seg);
    if (!m) return false;
    const names = m[1];
    if (names.length > 60 || /[。：:（）()]/.test(names)) return false;
    parsed.push([names, ROLE_WORDS[m[2]]]);
  }
  for (const [names, role] of parsed) out.add(names, role);
  return true;
}

/** Positions in the normalised text where a line break was dropped. */
function breakPositions(src: string, map: Int32Array | null): Set<number> {
  const out = new Set<number>();
  if (map === null) return out; // nothing was dropped
  for (let i = 1; i < map.length; i++) {
    if (map[i] - map[i - 1] > 1) {
      const gap = src.slice(map[i - 1] + 1, map[i]);
      if (gap.includes('\n') || gap.includes('\r')) out.add(i);
    }
  }
  return out;
}

/**
 * Where a bare / 【】 label's content ends: the next label, 。, a bracket, or a line break that
 * does not look like a hard wrap inside the list (wrap = previous char a separator, or only a
 * short fragment follows before the next terminator).
 */
function bareEnd(s: string, from: number, limit: number, breaks: Set<number>): number {
  const end = Math.min(limit, from + MAX_ANNOTATION);
  for (let i = from; i < end; i++) {
    const ch = s[i];
    if ('。（(【）)]'.includes(ch)) return i;
    if (i > from && breaks.has(i) && !/[、，,；;：: ]/.test(s[i - 1])) {
      let j = i;
      while (j < end && !/[。（(【）)\]、，,；; ]/.test(s[j]) && !(j > i && breaks.has(j))) j++;
      if (j - i > 8) return i;
    }
  }
  return end;
}

/** Units named in inline annotations such as (牵头单位：A；配合单位：B、C). */
export function extractUnits(text: string): PointUnit[] {
  if (typeof text !== 'string' || text.length === 0) return [];
  const norm = normalize(text, { space: 'breaks' });
  const s = norm.s;
  const labels = findLabels(s);
  const brackets = matchBrackets(s);
  if (labels.length === 0 && brackets.length === 0) return [];
  const out = new UnitCollector();
  const inBracket = new Set<LabelHit>();

  // 1. bracketed annotations: （责任单位：…；完成时限：…） and （A牵头，B配合）
  let li = 0; // first label not before the current bracket
  let from = 0; // brackets opening before this lie inside an annotation already read
  for (const [i, close] of brackets) {
    if (i < from) continue;
    while (li < labels.length && labels[li].start <= i) li++;
    const inner: LabelHit[] = [];
    for (let k = li; k < labels.length && labels[k].end <= close; k++) {
      if (!labels[k].bracketed) inner.push(labels[k]);
    }
    const content = s.slice(i + 1, close).trim();
    let used = false;
    if (inner.length > 0 && /^[\u4e00-\u9fa5]{2,8} ?[：:]/.test(content)) {
      readLabelled(s, close, inner, out);
      used = true;
    } else if (inner.length === 0) {
      used = readSuffixForm(content, out);
    }
    if (used) {
      for (const h of inner) inBracket.add(h);
      from = close + 1;
    }
  }

  // 2. labels outside brackets: 【责任单位】A、B and bare 责任单位：A、B (bare needs 单位/科室…)
  const free = labels.filter((h) => !inBracket.has(h) && (h.bracketed || h.hasSuffix));
  if (free.length === 0) return out.units;
  const breaks = breakPositions(text, norm.map);
  for (let k = 0; k < free.length; k++) {
    const h = free[k];
    const next = k + 1 < free.length ? free[k + 1].start : s.length;
    out.add(s.slice(h.end, bareEnd(s, h.end, next, breaks)), h.role);
  }
  return out.units;
}
