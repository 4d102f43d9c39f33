// .xlsx → text: every sheet's rows in order, one row per line, cells joined by ` | ` (empty cells
// kept so the columns line up); a row with one filled cell (a title, or a group heading merged
// across the table) is that cell alone. The structure parser then reads the task table.
//
// The sheet XML is read through our own zip reader rather than exceljs: exceljs unzips with no
// bound on the inflated size, while ZipArchive refuses an archive whose declared total exceeds
// the limit before inflating anything and caps inflation for archives that lie — the same
// guarantees (and refusal codes) as the docx path.
import type { ExtractedText } from '../types';
import { relationships, resolvePart } from './docx';
import { attr, child, local } from './numbering';
import { refuse } from './refusals';
import { elementChildren, parseTree, textContent, type XElement } from './tree';
import type { ZipArchive } from './zip';

const WORKBOOK = 'xl/workbook.xml';
const REL_WORKSHEET = /\/worksheet$/;
const REL_SHARED_STRINGS = /\/sharedStrings$/;
const REL_STYLES = /\/styles$/;
/** Cells per row and rows per sheet we read; a plan table is far smaller. */
const MAX_COLUMNS = 200;

export function isXlsx(zip: ZipArchive): boolean {
  return zip.has(WORKBOOK) && !zip.has('word/document.xml');
}

/** Elements named `name` anywhere below `root`, in document order (iterative). */
function findAll(root: XElement, name: string): XElement[] {
  const out: XElement[] = [];
  const stack: XElement[] = [root];
  while (stack.length) {
    const el = stack.pop() as XElement;
    if (local(el.name) === name) {
      out.push(el);
      continue;
    }
    const kids = elementChildren(el);
    for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i] as XElement);
  }
  return out;
}

/** The text of a shared / inline string: its <t> runs, without phonetic (rPh) runs. */
function stringText(si: XElement): string {
  let s = '';
  for (const c of elementChildren(si)) {
    const n = local(c.name);
    if (n === 't') s += textContent(c);
    else if (n === 'r') s += textContent(child(c, 't') ?? c);
  }
  return s;
}

/** Column index from a cell reference: "C12" → 2. */
function columnOf(ref: string | undefined): number | null {
  if (!ref) return null;
  let n = 0;
  let i = 0;
  for (; i < ref.length; i++) {
    const c = ref.charCodeAt(i);
    if (c < 0x41 || c > 0x5a) break;
    n = n * 26 + (c - 0x40);
  }
  return i === 0 ? null : n - 1;
}

// Built-in number formats that are dates (ECMA-376 18.8.30).
const BUILTIN_DATE_FORMATS = new Set([14, 15, 16, 17, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 50, 51, 52, 53, 54, 55, 56, 57, 58]);

/** Per cell style index: does it format a number as a date? */
function dateStyles(stylesXml: string | undefined): boolean[] {
  if (stylesXml === undefined) return [];
  const root = parseTree(stylesXml, true);
  const custom = new Map<number, boolean>();
  for (const f of findAll(root, 'numFmt')) {
    const id = Number(attr(f, 'numFmtId'));
    // a date code has y/m/d outside quoted literals and brackets
    const code = (attr(f, 'formatCode') ?? '').replace(/"[^"]*"|\[[^\]]*\]/g, '');
    custom.set(id, /[yd]|m{1,2}(?![^;]*[hs])/i.test(code) && !/^[#0.,%]+$/.test(code));
  }
  const cellXfs = findAll(root, 'cellXfs')[0];
  if (!cellXfs) return [];
  return elementChildren(cellXfs)
    .filter((x) => local(x.name) === 'xf')
    .map((xf) => {
      const id = Number(attr(xf, 'numFmtId') ?? 0);
      return custom.get(id) ?? BUILTIN_DATE_FORMATS.has(id);
    });
}

/** An Excel serial day (1900 system) as 2024年8月31日. */
function serialToDate(serial: number): string | null {
  if (!Number.isFinite(serial) || serial < 1 || serial > 2_958_465) return null;
  const ms = Math.round((serial - 25569) * 86_400_000);
  const d = new Date(ms);
  return `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日`;
}

function cellText(c: XElement, shared: string[], isDate: boolean[]): string {
  const type = attr(c, 't');
  const v = child(c, 'v');
  const raw = v ? textContent(v) : '';
  let s: string;
  if (type === 's') s = shared[Number(raw)] ?? '';
  else if (type === 'inlineStr') s = stringText(child(c, 'is') ?? c);
  else if (type === 'b') s = raw === '1' ? 'TRUE' : raw === '0' ? 'FALSE' : raw;
  else if ((type === undefined || type === 'n') && raw !== '' && isDate[Number(attr(c, 's') ?? 0)] === true)
    s = serialToDate(Number(raw)) ?? raw;
  else s = raw;
  // Alt+Enter line breaks inside a cell: the cell stays one cell
  return s.replace(/\s*[\r\n]+\s*/g, ' ').trim();
}

function sheetLines(xml: string, shared: string[], isDate: boolean[], out: string[]): void {
  const root = parseTree(xml, true);
  for (const row of findAll(root, 'row')) {
    const cells: string[] = [];
    let next = 0;
    for (const c of elementChildren(row)) {
      if (local(c.name) !== 'c') continue;
      const col = columnOf(attr(c, 'r')) ?? next;
      if (col >= MAX_COLUMNS) break;
      while (cells.length < col) cells.push('');
      cells[col] = cellText(c, shared, isDate);
      next = col + 1;
    }
    while (cells.length > 0 && cells[cells.length - 1] === '') cells.pop();
    let first = 0;
    while (first < cells.length && cells[first] === '') first++;
    const filled = cells.filter(Boolean);
    if (filled.length === 1) out.push(filled[0] as string);
    else if (filled.length > 1) out.push(cells.slice(first).join(' | '));
  }
}

export function extractXlsx(zip: ZipArchive): ExtractedText {
  const workbookXml = zip.readText(WORKBOOK);
  if (workbookXml === undefined) throw refuse.corrupt('Excel 表格缺少 workbook.xml', 'xl/workbook.xml is missing');
  const rels = relationships(zip, 'xl/_rels/workbook.xml.rels', 'xl/');
  // sheet r:id → part path (relationships() drops the ids)
  const byId = new Map<string, string>();
  const relsXml = zip.readText('xl/_rels/workbook.xml.rels');
  if (relsXml !== undefined) {
    for (const r of findAll(parseTree(relsXml, true), 'Relationship')) {
      const id = attr(r, 'Id');
      const target = attr(r, 'Target');
      if (id && target && REL_WORKSHEET.test(attr(r, 'Type') ?? '')) byId.set(id, resolvePart('xl/', target));
    }
  }
  const sharedPath = rels.find((r) => REL_SHARED_STRINGS.test(r.type))?.target ?? 'xl/sharedStrings.xml';
  const sharedXml = zip.readText(sharedPath);
  const shared = sharedXml === undefined ? [] : findAll(parseTree(sharedXml, true), 'si').map(stringText);
  const isDate = dateStyles(zip.readText(rels.find((r) => REL_STYLES.test(r.type))?.target ?? 'xl/styles.xml'));

  const lines: string[] = [];
  const sheets = findAll(parseTree(workbookXml, true), 'sheet');
  for (const sheet of sheets) {
    if (attr(sheet, 'state') === 'hidden' || attr(sheet, 'state') === 'veryHidden') continue;
    const path = byId.get(attr(sheet, 'id') ?? '');
    if (path === undefined) continue;
    const xml = zip.readText(path);
    if (xml === undefined) continue;
    if (lines.length > 0) lines.push('');
    sheetLines(xml, shared, isDate, lines);
  }
  const text = lines.join('\n');
  if (text.trim() === '') throw refuse.empty();
  return { text, encoding: 'utf-8', format: 'xlsx' };
}
