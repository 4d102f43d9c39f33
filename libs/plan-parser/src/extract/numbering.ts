// Word list numbering rendered as text: numbering.xml (abstract definitions + instances),
// paragraph/style numPr, per-list counters, and the number formats bureaus use
// (chineseCounting 一、, decimal 1., (1), ①, 甲乙丙, Roman, letters…).
import { elementChildren, type XElement } from './tree';
import { CN_DIGIT_CHARS } from '../chinese-numerals';

export interface LevelDef {
  start: number;
  numFmt: string;
  lvlText: string;
  isLgl: boolean;
  /** w:lvlRestart (1-based level after which this level restarts; 0 = never) */
  restart: number | undefined;
  suff: string;
  pStyle: string | undefined;
}

interface AbstractNum {
  levels: Map<number, LevelDef>;
  numStyleLink: string | undefined;
}

interface NumInstance {
  abstractId: string;
  startOverrides: Map<number, number>;
  levelOverrides: Map<number, LevelDef>;
}

export interface NumPr {
  numId: string | undefined;
  ilvl: number | undefined;
}

export interface StyleInfo {
  numPr: NumPr | undefined;
  basedOn: string | undefined;
}

/** Local name of a qualified XML name ("w:p" → "p"). */
export const local = (name: string): string => name.slice(name.indexOf(':') + 1);

/** The value of an attribute, whatever its prefix (w:val, val). */
export function attr(el: XElement | undefined, name: string): string | undefined {
  if (!el) return undefined;
  for (const key of Object.keys(el.attrs)) if (local(key) === name) return el.attrs[key];
  return undefined;
}

export function child(el: XElement | undefined, name: string): XElement | undefined {
  if (!el) return undefined;
  for (const c of el.children) if (typeof c !== 'string' && local(c.name) === name) return c;
  return undefined;
}

const toInt = (v: string | undefined): number | undefined => {
  if (v === undefined) return undefined;
  const n = Number.parseInt(v, 10);
  return Number.isFinite(n) ? n : undefined;
};

const onOff = (el: XElement | undefined): boolean => {
  if (!el) return false;
  const v = attr(el, 'val');
  return v === undefined || !['0', 'false', 'off'].includes(v);
};

export function readNumPr(pPr: XElement | undefined): NumPr | undefined {
  const numPr = child(pPr, 'numPr');
  if (!numPr) return undefined;
  return { numId: attr(child(numPr, 'numId'), 'val'), ilvl: toInt(attr(child(numPr, 'ilvl'), 'val')) };
}

function readLevel(lvl: XElement): LevelDef {
  const restart = toInt(attr(child(lvl, 'lvlRestart'), 'val'));
  return {
    start: toInt(attr(child(lvl, 'start'), 'val')) ?? 0,
    numFmt: attr(child(lvl, 'numFmt'), 'val') ?? 'decimal',
    lvlText: attr(child(lvl, 'lvlText'), 'val') ?? '',
    isLgl: onOff(child(lvl, 'isLgl')),
    restart,
    suff: attr(child(lvl, 'suff'), 'val') ?? 'tab',
    pStyle: attr(child(lvl, 'pStyle'), 'val'),
  };
}

// ---- number formats ----

const CN_LEGAL = '零壹贰叁肆伍陆柒捌玖';
const TIANGAN = '甲乙丙丁戊己庚辛壬癸';
const DIZHI = '子丑寅卯辰巳午未申酉戌亥';

function chineseCount(n: number, digits: string, units: [string, string, string], zero: string): string {
  if (n <= 0) return digits[0];
  if (n >= 10000) return String(n);
  const ds = String(n).split('').map(Number);
  const pos = ['', units[0], units[1], units[2]];
  let out = '';
  let pendingZero = false;
  ds.forEach((d, i) => {
    const place = ds.length - 1 - i;
    if (d === 0) {
      pendingZero = out.length > 0;
      return;
    }
    if (pendingZero) out += zero;
    pendingZero = false;
    // 10–19 read 十, 十一 (not 一十) in counting style
    if (!(d === 1 && place === 1 && i === 0 && digits === CN_DIGIT_CHARS)) out += digits[d];
    out += pos[place];
  });
  return out;
}

function roman(n: number): string {
  if (n <= 0 || n >= 4000) return String(n);
  const table: [number, string][] = [
    [1000, 'M'],
    [900, 'CM'],
    [500, 'D'],
    [400, 'CD'],
    [100, 'C'],
    [90, 'XC'],
    [50, 'L'],
    [40, 'XL'],
    [10, 'X'],
    [9, 'IX'],
    [5, 'V'],
    [4, 'IV'],
    [1, 'I'],
  ];
  let out = '';
  for (const [v, s] of table)
    while (n >= v) {
      out += s;
      n -= v;
    }
  return out;
}

function letters(n: number): string {
  if (n <= 0) return String(n);
  // Word repeats the letter: a…z, aa…zz, aaa…
  const ch = String.fromCharCode(97 + ((n - 1) % 26));
  return ch.repeat(Math.floor((n - 1) / 26) + 1);
}

function cyclic(n: number, chars: string): string {
  return n <= 0 ? String(n) : chars[(n - 1) % chars.length];
}

function enclosed(n: number, first: number, count: number, fallback: (n: number) => string): string {
  return n >= 1 && n <= count ? String.fromCodePoint(first + n - 1) : fallback(n);
}

export function formatNumber(n: number, fmt: string): string {
  switch (fmt) {
    case 'decimal':
      return String(n);
    case 'decimalZero':
      return n < 10 && n >= 0 ? `0${n}` : String(n);
    case 'upperRoman':
      return roman(n);
    case 'lowerRoman':
      return roman(n).toLowerCase();
    case 'upperLetter':
      return letters(n).toUpperCase();
    case 'lowerLetter':
      return letters(n);
    case 'chineseCounting':
    case 'chineseCountingThousand':
    case 'japaneseCounting':
    case 'taiwaneseCounting':
    case 'koreanCounting':
      return chineseCount(n, CN_DIGIT_CHARS, ['十', '百', '千'], '零');
    case 'chineseLegalSimplified':
    case 'ideographLegalTraditional':
    case 'taiwaneseCountingThousand':
      return chineseCount(n, CN_LEGAL, ['拾', '佰', '仟'], '零');
    case 'ideographDigital':
    case 'taiwaneseDigital':
    case 'japaneseDigitalTenThousand':
      return String(n)
        .split('')
        .map((d) => CN_DIGIT_CHARS[Number(d)] ?? d)
        .join('');
    case 'ideographTraditional':
      return cyclic(n, TIANGAN);
    case 'ideographZodiac':
      return cyclic(n, DIZHI);
    case 'decimalFullWidth':
    case 'decimalFullWidth2':
      return String(n).replace(/[0-9]/g, (d) => String.fromCharCode(0xff10 + Number(d)));
    case 'decimalHalfWidth':
      return String(n);
    case 'decimalEnclosedCircle':
    case 'decimalEnclosedCircleChinese':
      return enclosed(n, 0x2460, 20, String);
    case 'decimalEnclosedParen':
      return enclosed(n, 0x2474, 20, (v) => `(${v})`);
    case 'decimalEnclosedFullstop':
      return enclosed(n, 0x2488, 20, (v) => `${v}.`);
    case 'ideographEnclosedCircle':
      return enclosed(n, 0x3280, 10, (v) => chineseCount(v, CN_DIGIT_CHARS, ['十', '百', '千'], '零'));
    case 'ordinal':
      return `${n}${n % 10 === 1 && n % 100 !== 11 ? 'st' : n % 10 === 2 && n % 100 !== 12 ? 'nd' : n % 10 === 3 && n % 100 !== 13 ? 'rd' : 'th'}`;
    case 'none':
    case 'bullet':
      return '';
    default:
      return String(n);
  }
}

// ---- definitions and counters ----

export class Numbering {
  private readonly abstracts = new Map<string, AbstractNum>();
  private readonly nums = new Map<string, NumInstance>();
  /** counters per abstract list, per level; undefined = not started */
  private readonly counters = new Map<string, (number | undefined)[]>();
  private readonly seenNums = new Set<string>();

  constructor(
    numberingXml: XElement | undefined,
    private readonly styles: Map<string, StyleInfo>,
  ) {
    const root = numberingXml ? elementChildren(numberingXml).find((e) => local(e.name) === 'numbering') : undefined;
    if (!root) return;
    for (const el of elementChildren(root)) {
      const name = local(el.name);
      if (name === 'abstractNum') {
        const id = attr(el, 'abstractNumId');
        if (id === undefined) continue;
        const levels = new Map<number, LevelDef>();
        for (const lvl of elementChildren(el))
          if (local(lvl.name) === 'lvl') {
            const ilvl = toInt(attr(lvl, 'ilvl'));
            if (ilvl !== undefined && ilvl >= 0 && ilvl < 9) levels.set(ilvl, readLevel(lvl));
          }
        this.abstracts.set(id, { levels, numStyleLink: attr(child(el, 'numStyleLink'), 'val') });
      } else if (name === 'num') {
        const id = attr(el, 'numId');
        const abstractId = attr(child(el, 'abstractNumId'), 'val');
        if (id === undefined || abstractId === undefined) continue;
        const inst: NumInstance = { abstractId, startOverrides: new Map(), levelOverrides: new Map() };
        for (const o of elementChildren(el)) {
          if (local(o.name) !== 'lvlOverride') continue;
          const ilvl = toInt(attr(o, 'ilvl'));
          if (ilvl === undefined) continue;
          const so = toInt(attr(child(o, 'startOverride'), 'val'));
          if (so !== undefined) inst.startOverrides.set(ilvl, so);
          const lvl = child(o, 'lvl');
          if (lvl) inst.levelOverrides.set(ilvl, readLevel(lvl));
        }
        this.nums.set(id, inst);
      }
    }
  }

  /** The abstract list behind a num, following numStyleLink → style → numId (bounded). */
  private abstractFor(numId: string): { id: string; def: AbstractNum } | undefined {
    let current = this.nums.get(numId);
    for (let hops = 0; current && hops < 5; hops++) {
      const def = this.abstracts.get(current.abstractId);
      if (!def) return undefined;
      if (!def.numStyleLink || def.levels.size > 0) return { id: current.abstractId, def };
      const linked = this.styles.get(def.numStyleLink)?.numPr?.numId;
      current = linked !== undefined ? this.nums.get(linked) : undefined;
    }
    return undefined;
  }

  private level(numId: string, abs: AbstractNum, ilvl: number): LevelDef | undefined {
    return this.nums.get(numId)?.levelOverrides.get(ilvl) ?? abs.levels.get(ilvl);
  }

  /** Numbering of a paragraph from its own numPr and its style chain. */
  resolve(direct: NumPr | undefined, styleId: string | undefined): { numId: string; ilvl: number } | undefined {
    let numId = direct?.numId;
    let ilvl = direct?.ilvl;
    let style = styleId;
    let linkedStyle: string | undefined;
    for (let hops = 0; style && hops < 20 && (numId === undefined || ilvl === undefined); hops++) {
      const info = this.styles.get(style);
      if (!info) break;
      if (info.numPr) {
        if (numId === undefined && info.numPr.numId !== undefined) {
          numId = info.numPr.numId;
          linkedStyle = style;
        }
        if (ilvl === undefined && info.numPr.ilvl !== undefined) ilvl = info.numPr.ilvl;
      }
      style = info.basedOn;
    }
    if (numId === undefined || numId === '0') return undefined;
    if (ilvl === undefined && linkedStyle) {
      // a heading style bound to a list level through the level's w:pStyle
      const abs = this.abstractFor(numId);
      for (const [l, def] of abs?.def.levels ?? []) if (def.pStyle === linkedStyle) ilvl = l;
    }
    return { numId, ilvl: Math.min(8, Math.max(0, ilvl ?? 0)) };
  }

  /** Advances the list counter for this paragraph and returns its number as text ('' if none). */
  next(numId: string, ilvl: number): { text: string; suff: string } | undefined {
    const inst = this.nums.get(numId);
    const abs = this.abstractFor(numId);
    if (!inst || !abs) return undefined;
    const def = this.level(numId, abs.def, ilvl);
    if (!def) return undefined;
    let counters = this.counters.get(abs.id);
    if (!counters) {
      counters = new Array<number | undefined>(9).fill(undefined);
      this.counters.set(abs.id, counters);
    }
    if (!this.seenNums.has(numId)) {
      // a list instance with "restart at N" starts those levels afresh the first time it is used
      this.seenNums.add(numId);
      for (const l of inst.startOverrides.keys()) if (l >= 0 && l < 9) counters[l] = undefined;
    }
    const startOf = (l: number): number => inst.startOverrides.get(l) ?? this.level(numId, abs.def, l)?.start ?? 0;
    const prev = counters[ilvl];
    counters[ilvl] = prev === undefined ? startOf(ilvl) : prev + 1;
    for (let deeper = ilvl + 1; deeper < 9; deeper++) {
      const r = this.level(numId, abs.def, deeper)?.restart;
      // default: restart after any shallower level; lvlRestart=N: after levels 1..N (1-based); 0: never
      const restarts = r === undefined ? true : r > 0 && ilvl <= r - 1;
      if (restarts) counters[deeper] = undefined;
    }
    if (def.numFmt === 'bullet' || def.numFmt === 'none') return { text: '', suff: def.suff };
    const text = def.lvlText.replace(/%([1-9])/g, (_m, d: string) => {
      const l = Number(d) - 1;
      const ld = this.level(numId, abs.def, l);
      const value = counters[l] ?? startOf(l);
      return formatNumber(value, def.isLgl ? 'decimal' : (ld?.numFmt ?? 'decimal'));
    });
    return { text, suff: def.suff };
  }
}

export function readStyles(stylesXml: XElement | undefined): Map<string, StyleInfo> {
  const out = new Map<string, StyleInfo>();
  const root = stylesXml ? elementChildren(stylesXml).find((e) => local(e.name) === 'styles') : undefined;
  if (!root) return out;
  for (const el of elementChildren(root)) {
    if (local(el.name) !== 'style') continue;
    const id = attr(el, 'styleId');
    if (id === undefined) continue;
    out.set(id, { numPr: readNumPr(child(el, 'pPr')), basedOn: attr(child(el, 'basedOn'), 'val') });
    if (attr(el, 'type') === 'paragraph' && ['1', 'true', 'on'].includes(attr(el, 'default') ?? ''))
      out.set('#default-paragraph', { numPr: undefined, basedOn: id });
  }
  return out;
}
