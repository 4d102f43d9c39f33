// Clean-up before structure: line endings, invisible characters, full-width digits, Word artefacts,
// page markers, web chrome and document footers are removed, then PDF hard line breaks are joined
// so that every logical line is one paragraph or one heading. Linear in the size of the input.
import type { ParseWarning } from '../types';
import { indentWidth, isDroppedCode, isSpaceCode, isWideCode, normalizeChars, tidySpaces, visualWidth } from './chars';
import { isDateLine, isDistributionLine, isFooterLine, isIssuerLine, isPageMarker, isWebChrome } from './chrome';
import { detectMarker, isStrongMarker, type Marker } from './headings';
import { indicatorTableSpans } from '../annotations/indicators';
import { findTaskTables, type TaskTable } from './tables';

/** Why a physical line was dropped (or kept as body / blank). */
export type LineKind = 'body' | 'blank' | 'page' | 'chrome' | 'footer' | 'table';

export interface PhysicalLine {
  /** 1-based line number in the input text */
  line: number;
  /** tidied content (no indent, no stray spaces) */
  text: string;
  /** content with whitespace runs collapsed to one space, for chrome recognition */
  plain: string;
  /** normalised content with its spacing as written, for splitting table cells */
  raw: string;
  indent: number;
  width: number;
  kind: LineKind;
  /** numbering marker of a body line (before context checks) */
  marker: Marker | null;
}

/** One paragraph or heading after PDF wraps are joined. */
export interface LogicalLine {
  text: string;
  /** 1-based input line where it starts */
  line: number;
  marker: Marker | null;
}

export interface CleanResult {
  lines: LogicalLine[];
  physical: PhysicalLine[];
  warnings: ParseWarning[];
  /** detected hard-wrap width in half-width units, 0 when the text is not hard-wrapped */
  wrapWidth: number;
  /** the body lines as written (spacing kept, not joined), for the indicator-table reader */
  tableLines: string[];
}

const BOOKMARK = /\[bookmark:[^\]\n]{0,200}\]/gi;

/** Splits on CRLF, CR and LF without building intermediate arrays of regex matches. */
export function splitLines(text: string): string[] {
  const out: string[] = [];
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x0a || c === 0x0d) {
      out.push(text.slice(start, i));
      if (c === 0x0d && text.charCodeAt(i + 1) === 0x0a) i++;
      start = i + 1;
    } else if (c === 0x2028 || c === 0x2029) {
      out.push(text.slice(start, i));
      start = i + 1;
    }
  }
  out.push(text.slice(start));
  return out;
}

function collapseSpaces(s: string, tidy: string): string {
  if (tidy.length === s.length) return tidy; // nothing was trimmed or removed: no spaces at all
  const out: string[] = [];
  let inSpace = false;
  for (let i = 0; i < s.length; i++) {
    if (isSpaceCode(s.charCodeAt(i))) {
      inSpace = true;
      continue;
    }
    if (inSpace && out.length > 0) out.push(' ');
    inSpace = false;
    out.push(s[i] as string);
  }
  return out.join('');
}

/** Step 1: per physical line normalisation and classification. */
export function classifyLines(text: string, warnings: ParseWarning[]): PhysicalLine[] {
  const lines: PhysicalLine[] = [];
  const n = text.length;
  // only LF line breaks: the native indexOf finds them
  const lfOnly = text.indexOf('\r') < 0 && text.indexOf('\u2028') < 0 && text.indexOf('\u2029') < 0;
  let start = 0;
  for (;;) {
    let end = lfOnly ? text.indexOf('\n', start) : nextBreak(text, start);
    if (end < 0) end = n;
    lines.push(classifyLine(text, start, end, lines.length + 1, warnings));
    if (end >= n) break;
    start = end + (text.charCodeAt(end) === 0x0d && text.charCodeAt(end + 1) === 0x0a ? 2 : 1);
  }
  markTail(lines);
  dropBlanksAroundPageMarkers(lines);
  return lines;
}

/** Index of the next CR, LF, U+2028 or U+2029 at or after `from`, -1 when there is none. */
function nextBreak(text: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x0a || c === 0x0d || c === 0x2028 || c === 0x2029) return i;
  }
  return -1;
}

// Results of scanLine (module state rather than an object per line).
let scanFirst = -1;
let scanLast = -1;
let scanIndent = 0;
let scanWidth = 0;

/**
 * The common case of a line: no dropped / full-width-digit characters and whitespace only at its
 * ends. Then the line needs no per-line normalisation: its tidied text lies between its first and
 * last non-space characters (scanFirst / scanLast, -1 when blank), the leading whitespace is
 * scanIndent wide and the text scanWidth (as indentWidth / visualWidth). False otherwise.
 */
function scanLine(text: string, start: number, end: number): boolean {
  let first = -1;
  let last = -1;
  let spaceAfterText = false;
  let indent = 0;
  let width = 0;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c > 0x3000 && c < 0xd800) {
      // CJK characters and punctuation (the bulk of a plan): not space, not dropped, wide
      if (spaceAfterText) return false;
      if (first < 0) first = i;
      last = i;
      width += 2;
      continue;
    }
    if (isDroppedCode(c) || (c >= 0xff10 && c <= 0xff19)) return false;
    if (isSpaceCode(c)) {
      if (first < 0) indent += c === 0x3000 || c === 0x09 ? 2 : 1;
      else spaceAfterText = true;
      continue;
    }
    if (spaceAfterText) return false; // whitespace inside the text
    if (first < 0) first = i;
    last = i;
    // a low surrogate counts with its high half
    if (c < 0xdc00 || c > 0xdfff) width += isWideCode(c) || (c >= 0xd800 && c <= 0xdbff) ? 2 : 1;
  }
  scanFirst = first;
  scanLast = last;
  scanIndent = indent;
  scanWidth = width;
  return true;
}

function classifyLine(text: string, start: number, end: number, line: number, warnings: ParseWarning[]): PhysicalLine {
  const raw = text.slice(start, end);
  if (scanLine(text, start, end) && !(raw.indexOf('[') >= 0 && BOOKMARK_TEST.test(raw))) {
    const tidy = scanFirst < 0 ? '' : scanFirst === start && scanLast === end - 1 ? raw : text.slice(scanFirst, scanLast + 1);
    return classify(line, tidy, tidy, tidy, scanIndent, scanIndent + scanWidth);
  }
  return classifyRaw(line, raw, warnings);
}

const BOOKMARK_TEST = /\[bookmark:/i;

/** The general per-line path: normalise characters, drop bookmarks, tidy whitespace. */
function classifyRaw(line: number, raw: string, warnings: ParseWarning[]): PhysicalLine {
  let s = normalizeChars(raw);
  if (s.indexOf('[') >= 0 && BOOKMARK_TEST.test(s)) {
    s = s.replace(BOOKMARK, (found) => {
      warnings.push({ line, message: `已删除 Word 书签残留“${found}” (Word bookmark artefact removed)` });
      return '';
    });
  }
  const indent = indentWidth(s);
  const textTidy = tidySpaces(s);
  return classify(line, textTidy, collapseSpaces(s, textTidy), s, indent, indent + visualWidth(textTidy));
}

function classify(line: number, text: string, plain: string, raw: string, indent: number, width: number): PhysicalLine {
  let kind: LineKind = 'body';
  if (text.length === 0) kind = 'blank';
  else if (isPageMarker(plain)) kind = 'page';
  else if (isFooterLine(plain)) kind = 'footer';
  else if (isWebChrome(plain)) kind = 'chrome';
  const marker = kind === 'body' ? detectMarker(text) : null;
  return { line, text, plain, raw, indent, width, kind, marker };
}

/** 抄送 and everything after it, plus a trailing signature (issuer + date), are footer. */
function markTail(lines: PhysicalLine[]): void {
  let firstHeading = -1;
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i] as PhysicalLine;
    if (l.kind !== 'body') continue;
    const m = l.marker;
    if (m !== null && m.kind === 'section' && !m.weak) {
      firstHeading = i;
      break;
    }
  }
  const from = firstHeading >= 0 ? firstHeading : Math.floor(lines.length / 2);
  for (let i = Math.max(from, 0); i < lines.length; i++) {
    const l = lines[i] as PhysicalLine;
    if (l.kind === 'body' && isDistributionLine(l.plain)) {
      for (let j = i; j < lines.length; j++) {
        const f = lines[j] as PhysicalLine;
        if (f.kind !== 'blank') f.kind = 'footer';
      }
      break;
    }
  }
  if (firstHeading < 0) return;
  // trailing signature block: [issuer]\n date, at the very end of the body
  let k = lines.length - 1;
  while (k > firstHeading && (lines[k] as PhysicalLine).kind !== 'body') k--;
  if (k > firstHeading && isDateLine((lines[k] as PhysicalLine).plain)) {
    (lines[k] as PhysicalLine).kind = 'footer';
    k--;
    while (k > firstHeading && (lines[k] as PhysicalLine).kind !== 'body') k--;
    if (k > firstHeading && isIssuerLine((lines[k] as PhysicalLine).text)) (lines[k] as PhysicalLine).kind = 'footer';
  }
}

/** Blank lines that only surround a page marker are page furniture, not paragraph breaks. */
function dropBlanksAroundPageMarkers(lines: PhysicalLine[]): void {
  for (let i = 0; i < lines.length; i++) {
    if ((lines[i] as PhysicalLine).kind !== 'page') continue;
    for (let j = i - 1; j >= 0 && (lines[j] as PhysicalLine).kind === 'blank'; j--) (lines[j] as PhysicalLine).kind = 'page';
    for (let j = i + 1; j < lines.length && (lines[j] as PhysicalLine).kind === 'blank'; j++) (lines[j] as PhysicalLine).kind = 'page';
  }
}

/**
 * The hard-wrap width of PDF-extracted text: the width most body lines reach and almost none exceed.
 * 0 when the text is one paragraph per line.
 */
export function detectWrapWidth(lines: PhysicalLine[]): number {
  const MAX = 400;
  const hist = new Array<number>(MAX + 1).fill(0);
  let n = 0;
  for (const l of lines) {
    if (l.kind !== 'body' || l.width < 20) continue;
    n++;
    hist[Math.min(l.width, MAX)]++;
  }
  if (n < 3) return 0;
  const prefix = new Array<number>(MAX + 2).fill(0);
  for (let w = 0; w <= MAX; w++) prefix[w + 1] = (prefix[w] as number) + (hist[w] as number);
  let best = 0;
  let bestCount = 0;
  for (let w = 20; w < MAX; w++) {
    if ((hist[w] as number) === 0) continue;
    const lo = Math.max(0, w - wrapTolerance(w));
    const count = (prefix[w + 1] as number) - (prefix[lo] as number);
    if (count >= bestCount) {
      best = w;
      bestCount = count;
    }
  }
  if (best === 0 || bestCount < 3 || bestCount < 0.4 * n) return 0;
  const wider = n - (prefix[Math.min(best + 3, MAX + 1)] as number);
  if (wider > Math.max(1, 0.1 * n)) return 0;
  return best;
}

function wrapTolerance(w: number): number {
  return Math.max(3, Math.floor(w * 0.1));
}

const CLOSING_START = /^[，。、；：？！）》」』】〕”’,.;:!?)\]}]/;
const TERMINAL_END = /[。！？!?][”’」』）)]{0,2}$/;
/** A notice's own title never continues on the next line: 关于印发《…》的通知 */
const NOTICE_TITLE = /^.{0,40}关于.{1,80}的(?:通知|通报|意见|决定|函)$/;
/** A salutation starts a paragraph: 各直属单位、各中小学： */
const SALUTATION = /^各.{1,60}[：:]$/;
const NOTICE_LAST = new Set(['知', '报', '见', '定', '函']);

function isNoticeTitle(s: string): boolean {
  return NOTICE_LAST.has(s[s.length - 1] as string) && NOTICE_TITLE.test(s);
}

/**
 * A plan's own title (某区2021年教育工作要点, 十四五教育发展规划) is a line of its own: in a short
 * document its width can pass for the wrap width, and the next sentence must not join it.
 */
const PLAN_TITLE_LINE =
  /^[^，。；：,;:《》“”"]{0,30}(?:\d{4}|[〇零一二三四五六七八九]{4}|十[一二三四五六七八九]五)[^，。；：,;:《》“”"]{0,20}(?:工作要点|工作计划|工作安排|发展规划|规划|实施方案|行动计划)$/;

function isTitleLine(s: string): boolean {
  return isNoticeTitle(s) || PLAN_TITLE_LINE.test(s);
}

/** An annotation bracket opened near the end of `prev + last` and not closed yet. */
function unclosedBracket(prev: string, last: string): boolean {
  const openL = Math.max(last.lastIndexOf('（'), last.lastIndexOf('('));
  const closeL = Math.max(last.lastIndexOf('）'), last.lastIndexOf(')'));
  if (openL >= 0 || closeL >= 0) return openL > closeL && last.length - openL <= 80;
  if (last.length > 80) return false;
  const openP = Math.max(prev.lastIndexOf('（'), prev.lastIndexOf('('));
  const closeP = Math.max(prev.lastIndexOf('）'), prev.lastIndexOf(')'));
  return openP > closeP && prev.length - openP + last.length <= 80;
}

function isAsciiLetter(c: number): boolean {
  return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
}

/** The line closes a bracket within its first few characters. */
function closesEarly(s: string): boolean {
  const a = s.indexOf('）');
  const b = s.indexOf(')');
  return (a >= 0 && a < 40) || (b >= 0 && b < 40);
}

interface Building {
  parts: string[];
  line: number;
  marker: Marker | null;
  last: PhysicalLine;
  /** the last two physical parts, for bracket balance across a wrap */
  prevPart: string;
  lastPart: string;
}

/** Step 2: joins PDF hard wraps into logical lines and recognises each line's marker. */
export function joinLines(physical: PhysicalLine[], wrapWidth: number, tables: TaskTable[] = []): LogicalLine[] {
  const tableAt = new Map<number, TaskTable>();
  for (const t of tables) tableAt.set(t.start, t);
  let bodyCount = 0;
  let indented = 0;
  let hasParenHeadings = false;
  for (const l of physical) {
    if (l.kind !== 'body') continue;
    bodyCount++;
    if (l.indent >= 2) indented++;
    const m = l.marker;
    if (m !== null && m.kind === 'section' && m.rank === 2 && !m.weak) hasParenHeadings = true;
  }
  const usesIndent = wrapWidth > 0 && indented >= 2 && indented <= 0.7 * bodyCount;
  const tol = wrapTolerance(wrapWidth);
  const isFull = (l: PhysicalLine): boolean => wrapWidth > 0 && l.width >= wrapWidth - tol;

  const out: LogicalLine[] = [];
  let cur: Building | null = null;
  let lastPoint: number | null = null;
  const flush = (): void => {
    if (cur === null) return;
    out.push({ text: cur.parts.join(''), line: cur.line, marker: cur.marker });
    if (cur.marker !== null && cur.marker.kind === 'point') lastPoint = cur.marker.value;
    cur = null;
  };

  for (let index = 0; index < physical.length; index++) {
    const p = physical[index] as PhysicalLine;
    const table = tableAt.get(index);
    if (table !== undefined) {
      flush();
      out.push(...tableLines(table));
      lastPoint = null;
      continue;
    }
    if (p.kind === 'page' || p.kind === 'chrome' || p.kind === 'footer' || p.kind === 'table') continue; // transparent
    if (p.kind === 'blank') {
      flush();
      continue;
    }
    let marker = p.marker;
    const c: Building | null = cur;
    // a wrapped line that continues the previous one (prev full and not at a sentence end)
    const prevOpen = c !== null && isFull(c.last) && !TERMINAL_END.test(c.last.text) && !isTitleLine(c.last.text);
    let join = false;
    if (c !== null) {
      const openBracket = (): boolean => unclosedBracket(c.prevPart, c.lastPart);
      if (marker !== null && marker.kind === 'section' && marker.weak && marker.rank === 2) {
        // `）标题`: a lost （三） unless it closes a bracket of the previous line
        if (prevOpen || !hasParenHeadings || openBracket()) {
          marker = null;
          join = true;
        }
      } else if (marker !== null && marker.kind === 'section' && marker.weak) {
        if (prevOpen) {
          marker = null;
          join = true;
        }
      } else if (marker !== null && marker.kind === 'point' && prevOpen) {
        const v = marker.value;
        const before = c.marker !== null && c.marker.kind === 'point' ? c.marker.value : lastPoint;
        const plausible = before === null || v === 1 || v === before + 1 || v === before;
        if (!plausible) {
          marker = null;
          join = true;
        }
      } else if (marker !== null && marker.kind === 'label' && (prevOpen || openBracket())) {
        // 责任单位： wrapped to the start of a line inside an annotation
        marker = null;
        join = true;
      } else if (marker !== null && marker.kind === 'item' && prevOpen && !/[；;：:]$/.test(c.last.text)) {
        marker = null; // an inline （2） that the wrap put at the start of a line
        join = true;
      } else if (isStrongMarker(marker)) {
        join = false;
      } else if (CLOSING_START.test(p.text)) {
        join = true; // Chinese typesetting never starts a line with closing punctuation
      } else if (closesEarly(p.text) && openBracket()) {
        join = true; // an annotation wrapped inside its brackets: （责任单位：基\n教科）
      } else if (isTitleLine(c.last.text) || (p.text.startsWith('各') && SALUTATION.test(p.text))) {
        join = false;
      } else if (isFull(c.last)) {
        join = usesIndent ? p.indent < 2 : !TERMINAL_END.test(c.last.text);
      }
    } else if (marker !== null && marker.kind === 'section' && marker.weak && marker.rank === 2 && !hasParenHeadings) {
      marker = null;
    }
    if (join && c !== null) {
      const prevText = c.parts[c.parts.length - 1] as string;
      const a = prevText.charCodeAt(prevText.length - 1);
      const b = p.text.charCodeAt(0);
      if (isAsciiLetter(a) && isAsciiLetter(b)) c.parts.push(' ');
      c.parts.push(p.text);
      c.prevPart = c.lastPart;
      c.lastPart = p.text;
      c.last = p;
    } else {
      flush();
      cur = { parts: [p.text], line: p.line, marker, last: p, prevPart: '', lastPart: p.text };
    }
  }
  flush();
  return out;
}

/** A task table's logical lines: its header and group headings as lines, its rows as row markers. */
function tableLines(table: TaskTable): LogicalLine[] {
  return table.items.map((item) =>
    item.kind === 'row'
      ? {
          text: item.row.cells.join('\n'),
          line: item.line,
          marker: { kind: 'row', value: item.row.number, markerLength: 0, row: item.row },
        }
      : { text: item.text, line: item.line, marker: table.plain === true ? null : detectMarker(item.text) },
  );
}

/** Clean-up pipeline: classified physical lines → logical lines (task tables read as rows). */
export function cleanLines(text: string): CleanResult {
  const warnings: ParseWarning[] = [];
  const physical = classifyLines(text, warnings);
  const tables = findTaskTables(physical);
  for (const t of tables)
    for (let i = t.start; i < t.end; i++) if ((physical[i] as PhysicalLine).kind === 'body') (physical[i] as PhysicalLine).kind = 'table';
  // indicator tables (指标 | 单位 | 2020年 | 2025年): their lines are table text, never headings or
  // points (一、普及水平 and row numbers inside them stay cells)
  const bodyAt: number[] = [];
  const tableLines: string[] = [];
  for (let i = 0; i < physical.length; i++) {
    const l = physical[i] as PhysicalLine;
    if (l.kind !== 'body') continue;
    bodyAt.push(i);
    tableLines.push(l.raw.trim());
  }
  for (const span of indicatorTableSpans(tableLines)) {
    const start = bodyAt[span.start] as number;
    const end = (bodyAt[span.end - 1] as number) + 1;
    const items: TaskTable['items'] = [];
    for (let i = start; i < end; i++) {
      const l = physical[i] as PhysicalLine;
      if (l.kind !== 'body') continue;
      l.kind = 'table';
      items.push({ kind: 'line', text: l.text, line: l.line });
    }
    tables.push({ start, end, items, plain: true });
  }
  const wrapWidth = detectWrapWidth(physical);
  const lines = joinLines(physical, wrapWidth, tables);
  return { lines, physical, warnings, wrapWidth, tableLines };
}
