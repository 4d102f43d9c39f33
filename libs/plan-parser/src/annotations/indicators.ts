import type { Indicator, Period } from '../types';

// Indicator tables of five-year plans, as they come out of HTML/PDF text extraction: one cell per
// line, or one row per line with cells separated by tabs / runs of spaces.

type ColKind = 'index' | 'category' | 'name' | 'unit' | 'value' | 'attr';
interface Column {
  kind: ColKind;
  /** value columns: the year, when the header says it */
  year: number | null;
  /** value columns: 'base' (基期/现状) or 'target' (目标/规划) when the header says so */
  role: 'base' | 'target' | null;
}

const FW_DIGITS = /[０-９]/g;
function asciiDigits(s: string): string {
  return s.replace(FW_DIGITS, (c) => String.fromCharCode(c.charCodeAt(0) - 0xff10 + 48));
}

const CLEAN_INNER = /[０-９\u00a0\u200b\ufeff]/;
const CLEAN_EDGE = /[\s|｜]/;

function clean(cell: string): string {
  // nothing to change (the common case): no full-width digit or invisible space, no edge to trim
  if (
    typeof cell === 'string' &&
    (cell.length === 0 ||
      (!CLEAN_EDGE.test(cell[0] as string) && !CLEAN_EDGE.test(cell[cell.length - 1] as string) && !CLEAN_INNER.test(cell)))
  ) {
    return cell;
  }
  return asciiDigits(cell)
    .replace(/[\u00a0\u200b\ufeff]/g, '')
    .replace(/^[\s|｜]+|[\s|｜]+$/g, '')
    .trim();
}

const NAME_HEAD = /^(?:主要)?指\s*标(?:名称|项目|内容)?$|^指标项$|^项\s*目$|^具体指标$/;
const UNIT_HEAD = /^(?:计量)?单\s*位$/;
const ATTR_HEAD = /^(?:指标)?属\s*性$|^(?:指标)?性\s*质$|^(?:指标)?类\s*型$/;
const INDEX_HEAD = /^(?:序\s*号|编\s*号|No\.?)$/i;
const CATEGORY_HEAD = /^(?:类\s*别|领\s*域|分\s*类|维\s*度|一级指标|类别领域)$/;
const YEAR_HEAD =
  /^(?:[（(]?)(\d{4})\s*年?(?:年底|年末)?\s*[（(]?\s*(基期|基期值|基准值|基准|现状|现状值|实际|实际值|目标|目标值|预期|预期值|规划值|规划目标)?\s*[）)]?$/;
const BASE_HEAD = /^(?:基期|基期值|基准值|基准年|现状值|现状|“?十三五”?末|十三五期末)$/;
const TARGET_HEAD = /^(?:目标值?|规划目标|规划值|预期目标|预期值|目标年|“?十四五”?末|十四五期末)$/;

function headerColumn(cell: string, seenName: boolean): Column | null {
  const c = clean(cell).replace(/\s+/g, '');
  if (c.length === 0) return null;
  if (NAME_HEAD.test(c)) return { kind: 'name', year: null, role: null };
  if (UNIT_HEAD.test(c)) return { kind: 'unit', year: null, role: null };
  if (INDEX_HEAD.test(c)) return { kind: 'index', year: null, role: null };
  // 类别 before the name column is a category; after it, the attribute (预期性/约束性)
  if (CATEGORY_HEAD.test(c)) return { kind: seenName ? 'attr' : 'category', year: null, role: null };
  if (ATTR_HEAD.test(c)) return { kind: 'attr', year: null, role: null };
  const y = YEAR_HEAD.exec(c);
  if (y) {
    const year = Number(y[1]);
    if (year < 1949 || year > 2200) return null;
    const tag = y[2] ?? '';
    const role = /基|现状|实际/.test(tag) ? 'base' : /目标|预期|规划/.test(tag) ? 'target' : null;
    return { kind: 'value', year, role };
  }
  if (BASE_HEAD.test(c)) return { kind: 'value', year: null, role: 'base' };
  if (TARGET_HEAD.test(c)) return { kind: 'value', year: null, role: 'target' };
  return null;
}

function validHeader(cols: Column[]): boolean {
  const names = cols.filter((c) => c.kind === 'name').length;
  const values = cols.filter((c) => c.kind === 'value').length;
  return names === 1 && values >= 1 && cols[0].kind !== 'value' && cols.length <= 10;
}

// ---------------------------------------------------------------------------------------------
// Cell classification
const NULL_CELL = /^(?:[—\-－–―/／\\]+|无|暂无|不适用|—|N\/A|\*+)$/i;
const VALUE_CELL =
  /^(?:[≥≤><＞＜≧≦]|>=|<=|大于等于|小于等于|不低于|不少于|不高于|不超过|超过|低于|达到|约)?\s*[-+]?\d[\d,，]*(?:\.\d+)?\s*(?:%|％|‰)?\s*(?:以上|及以上|以内|以下|左右)?$/;
const ATTR_CELL = /^(?:预期性|约束性|预期|约束|监测性|引导性|指导性)$/;
const KNOWN_UNITS = new Set([
  '%',
  '‰',
  '年',
  '岁',
  '人',
  '万人',
  '人次',
  '万人次',
  '所',
  '个',
  '名',
  '元',
  '万元',
  '亿元',
  '平方米',
  '台',
  '套',
  '册',
  '项',
  '次',
  '小时',
  '学时',
  '天',
  '倍',
  '百分点',
  '个百分点',
  '人/万人',
  '台/百人',
  '生/台',
  '册/生',
  '平方米/生',
  ':1',
  '比例',
  '分',
  '级',
  '间',
  '班',
  '门',
  '家',
]);

function isNullCell(c: string): boolean {
  return NULL_CELL.test(c);
}
function isValueCell(c: string): boolean {
  return VALUE_CELL.test(c) || /^\d+(?:\.\d+)?\s*[:：]\s*\d+(?:\.\d+)?$/.test(c);
}
function isUnitCell(c: string): boolean {
  const u = c.replace(/\s+/g, '').replace('％', '%');
  if (KNOWN_UNITS.has(u)) return true;
  return u.length > 0 && u.length <= 5 && /^[\u4e00-\u9fa5%‰/／:：A-Za-z]+$/.test(u) && !ATTR_CELL.test(u);
}
function isNameCell(c: string): boolean {
  if (c.length === 0 || c.length > 60) return false;
  if (isValueCell(c) || isNullCell(c) || ATTR_CELL.test(c)) return false;
  if (/^(?:注|说明|资料来源|备注)[：:]?/.test(c) || /^表\s*\d/.test(c)) return false;
  // a group row inside the table (一、普及水平 / （一）办学条件) is no indicator
  if (/^(?:[一二三四五六七八九十]{1,3}[、.．]|[（(][一二三四五六七八九十]{1,3}[)）])/.test(c)) return false;
  return /[\u4e00-\u9fa5A-Za-z]/.test(c);
}
function isHeaderCell(c: string): boolean {
  return headerColumn(c, true) !== null;
}

interface ParsedValue {
  value: number;
  comparator: string;
}

function parseValue(cell: string): ParsedValue | null {
  const c = asciiDigits(cell).replace(/\s+/g, '').replace(/，/g, ',');
  if (c.length === 0 || isNullCell(c)) return null;
  const m =
    /^(≥|≤|>=|<=|>|<|＞|＜|≧|≦|大于等于|小于等于|不低于|不少于|不高于|不超过|超过|低于|达到|约)?([-+]?\d[\d,]*(?:\.\d+)?)(%|‰)?(以上|及以上|以内|以下|左右)?$/.exec(
      c,
    );
  if (!m) return null;
  const value = Number(m[2].replace(/,/g, ''));
  if (!Number.isFinite(value)) return null;
  const pre = m[1] ?? '';
  const post = m[4] ?? '';
  let comparator = '=';
  if (['≥', '>=', '≧', '大于等于', '不低于', '不少于', '达到'].includes(pre)) comparator = '>=';
  else if (['≤', '<=', '≦', '小于等于', '不高于', '不超过'].includes(pre)) comparator = '<=';
  else if (['>', '＞', '超过'].includes(pre)) comparator = '>';
  else if (['<', '＜', '低于'].includes(pre)) comparator = '<';
  else if (post === '以上' || post === '及以上') comparator = '>=';
  else if (post === '以内' || post === '以下') comparator = '<=';
  return { value, comparator };
}

// ---------------------------------------------------------------------------------------------

interface Header {
  cols: Column[];
  /** index of the header's first line */
  start: number;
  /** index of the first line after the header */
  next: number;
  /** row mode: one row per line, cells split with this splitter */
  split: ((line: string) => string[]) | null;
}

const SPLIT_WIDE = (line: string): string[] =>
  line
    .split(/\t|\s{2,}|\u3000+|[|｜]/)
    .map(clean)
    .filter((c) => c.length > 0);
const SPLIT_ANY = (line: string): string[] =>
  line
    .split(/[\s\u3000|｜]+/)
    .map(clean)
    .filter((c) => c.length > 0);

function headerFromCells(cells: string[]): Column[] | null {
  const cols: Column[] = [];
  let seenName = false;
  for (const cell of cells) {
    const col = headerColumn(cell, seenName);
    if (col === null) return null;
    if (col.kind === 'name') seenName = true;
    cols.push(col);
  }
  return validHeader(cols) ? cols : null;
}

const MAX_FIRST_HEAD = 6;
const CELL_SEPARATOR = /[\s|｜]/;

function findHeader(lines: string[], from: number): Header | null {
  for (let i = from; i < lines.length; i++) {
    const line = clean(lines[i]);
    if (line.length === 0 || line.length > 120) continue;
    // Without whitespace or bars a line is one cell (no row header), and a single cell longer than
    // the longest name / index / category heading (主要指标名称) cannot start a cell-per-line header.
    if (line.length > MAX_FIRST_HEAD && !CELL_SEPARATOR.test(line)) continue;
    // row mode: the whole header on one line
    for (const split of [SPLIT_WIDE, SPLIT_ANY]) {
      const cells = split(line);
      if (cells.length >= 3) {
        const cols = headerFromCells(cells);
        if (cols) return { cols, start: i, next: i + 1, split };
      }
    }
    // cell-per-line mode: consecutive header cells starting here
    const first = headerColumn(line, false);
    if (first === null || first.kind === 'value' || first.kind === 'unit' || first.kind === 'attr') continue;
    const cols: Column[] = [];
    let seenName = false;
    let j = i;
    while (j < lines.length && cols.length < 10) {
      const c = clean(lines[j]);
      if (c.length === 0) {
        j++;
        continue;
      }
      const col = headerColumn(c, seenName);
      if (col === null) break;
      if (col.kind === 'name') {
        if (seenName) break;
        seenName = true;
      }
      cols.push(col);
      j++;
    }
    if (validHeader(cols) && cols.length >= 2) return { cols, start: i, next: j, split: null };
  }
  return null;
}

/** Assigns years to the value columns: the header's own, else from the plan period. */
function columnYears(cols: Column[], period: Period | null): Array<number | null> {
  const values = cols.filter((c) => c.kind === 'value');
  return values.map((c, i) => {
    if (c.year !== null) return c.year;
    const isBase = c.role === 'base' || (c.role === null && i === 0 && values.length > 1);
    if (period === null) return null;
    return isBase ? period.from - 1 : period.to;
  });
}

/** The cells after a header, read from the lines on demand (so work ∝ cells actually used). */
class CellStream {
  private readonly cells: string[] = [];
  private readonly lineOf: number[] = [];
  private li: number;
  private done = false;

  constructor(
    private readonly lines: string[],
    start: number,
    private readonly split: ((line: string) => string[]) | null,
    private readonly width: number,
  ) {
    this.li = start;
  }

  /** the cell at index i, or undefined past the end of the table */
  get(i: number): string | undefined {
    while (i >= this.cells.length && !this.done) this.pull();
    return this.cells[i];
  }

  line(i: number): number {
    return this.lineOf[i] ?? this.li;
  }

  private pull(): void {
    while (this.li < this.lines.length) {
      const li = this.li++;
      const raw = this.lines[li];
      const line = clean(typeof raw === 'string' ? raw : '');
      if (line.length === 0) continue;
      if (endsTable(line)) break;
      let parts: string[];
      if (this.split !== null) {
        parts = this.split(line);
        if (this.split === SPLIT_ANY && parts.length > this.width) {
          // a name with spaces in it: merge the surplus leading tokens
          const surplus = parts.length - this.width + 1;
          parts = [parts.slice(0, surplus).join(''), ...parts.slice(surplus)];
        }
      } else parts = [line];
      for (const part of parts) {
        this.cells.push(part);
        this.lineOf.push(li);
      }
      return;
    }
    this.done = true;
  }
}

interface RowResult {
  indicator: Indicator;
  next: number;
}

/**
 * Reads one row from a stream of cells following the header's column order. Leading index /
 * category cells are optional (merged cells appear only on a group's first row), the unit cell
 * may be missing (an empty cell dropped by the extractor), the attribute cell is optional.
 */
function readRow(cells: CellStream, p: number, cols: Column[], years: Array<number | null>, withLeading: boolean): RowResult | null {
  let i = p;
  let name = '';
  let unit = '';
  const values: Array<ParsedValue | null> = [];
  for (const col of cols) {
    const c = cells.get(i);
    switch (col.kind) {
      case 'index':
        if (c !== undefined && /^\d{1,3}[.、．]?$/.test(c)) i++;
        break;
      case 'category':
        if (withLeading) {
          if (c === undefined || !isNameCell(c)) return null;
          i++;
        }
        break;
      case 'name':
        if (c === undefined || !isNameCell(c)) return null;
        name = c;
        i++;
        break;
      case 'unit':
        if (c !== undefined && !isValueCell(c) && !isNullCell(c) && isUnitCell(c)) {
          unit = c.replace('％', '%');
          i++;
        } else if (c !== undefined && isNullCell(c)) {
          // "—" as the unit: only when one more value-like cell follows than value columns
          const remaining = cols.filter((x) => x.kind === 'value').length;
          let count = 0;
          for (let k = i; count <= remaining; k++) {
            const ck = cells.get(k);
            if (ck === undefined || (!isValueCell(ck) && !isNullCell(ck))) break;
            count++;
          }
          if (count === remaining + 1) i++;
        }
        break;
      case 'value':
        if (c === undefined) return null;
        if (isValueCell(c) || isNullCell(c)) {
          values.push(parseValue(c));
          i++;
        } else if (c.length <= 12 && !ATTR_CELL.test(c) && !isHeaderCell(c) && c !== name) {
          values.push(null); // a worded target (全面普及, 基本实现)
          i++;
        } else return null;
        break;
      case 'attr':
        if (c !== undefined && ATTR_CELL.test(c.replace(/\s+/g, ''))) i++;
        break;
    }
  }
  if (values.length === 0) return null;
  // at least one value cell must look like a value or a dash, else this was prose
  let valueLike = 0;
  for (let k = p; k < i; k++) {
    const ck = cells.get(k) ?? '';
    if (isValueCell(ck) || isNullCell(ck)) valueLike++;
  }
  if (valueLike === 0) return null;
  name = name.replace(/[①②③④⑤⑥⑦⑧⑨⑩*＊]+$/, '').replace(/\s+/g, '');
  if (unit === '' && /[（(]([^（）()]{1,6})[）)]$/.test(name)) {
    // 学前教育毛入园率（%）
    const m = /[（(]([^（）()]{1,6})[）)]$/.exec(name);
    if (m && isUnitCell(m[1])) {
      unit = m[1].replace('％', '%');
      name = name.slice(0, m.index);
    }
  }
  const first = values[0];
  const last = values.length > 1 ? values[values.length - 1] : null;
  const baseYear = years[0];
  const targetYear = years[years.length - 1];
  let baseline: Indicator['baseline'] = null;
  let target: Indicator['target'] = null;
  if (values.length === 1) {
    // a single value column: base or target by its header
    const role = cols.find((c) => c.kind === 'value')?.role;
    if (first && baseYear !== null) {
      if (role === 'base') baseline = { year: baseYear, value: first.value };
      else target = { year: baseYear, value: first.value, comparator: first.comparator };
    }
  } else {
    if (first && baseYear !== null) baseline = { year: baseYear, value: first.value };
    if (last && targetYear !== null) target = { year: targetYear, value: last.value, comparator: last.comparator };
  }
  return { indicator: { name, unit, baseline, target }, next: i };
}

function endsTable(cell: string): boolean {
  return /^(?:注|说明|备注|资料来源)[：:]/.test(cell) || /^表\s*\d/.test(cell);
}

/** Indicator tables flattened one cell per line (指标 / 单位 / 2020年 / 2025年 …). */
export function extractIndicators(lines: string[], period: Period | null): Indicator[] {
  return readIndicatorTables(lines, period).indicators;
}

/** Line ranges [start, end) of the indicator tables (header through last row), for the structure parser. */
export function indicatorTableSpans(lines: string[]): Array<{ start: number; end: number }> {
  return readIndicatorTables(lines, null).spans;
}

function readIndicatorTables(
  lines: string[],
  period: Period | null,
): { indicators: Indicator[]; spans: Array<{ start: number; end: number }> } {
  const spans: Array<{ start: number; end: number }> = [];
  if (!Array.isArray(lines) || lines.length === 0) return { indicators: [], spans };
  const out: Indicator[] = [];
  let from = 0;
  for (let guard = 0; guard < lines.length && from < lines.length; guard++) {
    const header = findHeader(lines, from);
    if (header === null) break;
    const { cols } = header;
    const years = columnYears(cols, period);
    const cells = new CellStream(lines, header.next, header.split, cols.length);
    const hasLeading = cols[0].kind === 'category';
    let p = 0;
    let misses = 0;
    let lastLine = header.next;
    let rows = 0;
    for (let cur = cells.get(p); cur !== undefined && misses < 2; cur = cells.get(p)) {
      if (headerColumn(cur, false)?.kind === 'name') break; // the next table's header
      let row: RowResult | null = null;
      if (hasLeading) {
        const a = readRow(cells, p, cols, years, true);
        const b = readRow(cells, p, cols, years, false);
        // prefer the reading whose unit cell is a known unit
        row = a && b ? (a.indicator.unit !== '' && b.indicator.unit === '' ? a : b) : (a ?? b);
      } else row = readRow(cells, p, cols, years, false);
      if (row === null) {
        misses++;
        p++; // a group sub-header (一、普及程度) or stray cell: skip it
        continue;
      }
      misses = 0;
      rows++;
      out.push(row.indicator);
      lastLine = cells.line(row.next - 1);
      p = row.next;
    }
    if (rows > 0) spans.push({ start: header.start, end: lastLine + 1 });
    from = Math.max(header.next, lastLine + 1);
  }
  return { indicators: out, spans };
}
