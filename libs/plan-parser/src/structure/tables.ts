// Task tables (重点工作任务分解表 / 任务清单): 序号 | 工作任务 | 牵头单位 | 配合单位 | 完成时限 | 分管领导.
// A header is recognised by its column names; each numbered row then becomes one work point whose
// units, leaders and deadline come from the columns. Three layouts reach us:
//   - one row per line, cells split by `|` (our docx / html / xlsx extractors, pasted text), tabs
//     or runs of spaces;
//   - one cell per line (HTML or PDF text of a table), rows started by a bare number (`68`).
// Group rows (`一、…` alone in a row) stay headings and become sections. Linear in the input.
import type { PhysicalLine } from './clean-lines';
import { tidySpaces } from './chars';
import { detectMarker } from './headings';

export type ColumnKind = 'number' | 'task' | 'lead' | 'coop' | 'deadline' | 'leader' | 'other';

/** A numbered row of a task table, its cells sorted into columns by the header. */
export interface TableRow {
  /** the row number as printed; the row's ordinal in the table when there is no 序号 column */
  number: number;
  /** every non-empty cell but the number, in document order (the point's text) */
  cells: string[];
  task: string;
  lead: string[];
  coop: string[];
  deadline: string[];
  leaders: string[];
  /** a row without its own number (序号 merged with the row above): it carries that row's number */
  merged?: boolean;
}

/** What a table contributes to the logical lines: a heading line, a header/plain line or a row. */
export type TableItem = { kind: 'line'; text: string; line: number } | { kind: 'row'; row: TableRow; line: number };

export interface TaskTable {
  /** physical line indexes covered, [start, end) */
  start: number;
  end: number;
  items: TableItem[];
  /** an indicator table: its lines are text, no heading or point markers */
  plain?: boolean;
}

const MAX_HEADER_CELL = 12;
const MAX_ROW_LINES = 40;

/** The kind of a header cell, or null when the text is not a column name. */
export function columnKind(cell: string): ColumnKind | null {
  const c = cell.replace(/[\s*＊]/g, '');
  if (c.length === 0 || c.length > MAX_HEADER_CELL) return null;
  if (/^(?:序号?|编号|项次|No\.?)$/i.test(c)) return 'number';
  if (/领导|责任人|联系人|负责人/.test(c)) return 'leader';
  if (/(?:配合|协同|协办|协助|参与|协作)/.test(c) && /(?:单位|科室|部门|处室|科|室)$/.test(c)) return 'coop';
  if (/^(?:配合|协同|协办)$/.test(c)) return 'coop';
  if (/(?:单位|科室|部门|处室|股室)$/.test(c) || /^(?:牵头|主责|责任|主办)$/.test(c)) return 'lead';
  if (/时限|时间|节点|期限|进度|完成日期|截止/.test(c)) return 'deadline';
  if (/任务|内容|措施|事项|重点工作|工作要点|目标|举措/.test(c)) return 'task';
  if (/^(?:类别|领域|项目|分类|备注|序列|重点领域|工作类别|板块|条目)$/.test(c)) return 'other';
  return null;
}

/** Column kinds of a header, or null when the cells do not make a task-table header. */
function headerOf(cells: string[]): ColumnKind[] | null {
  if (cells.length < 3 || cells.length > 12) return null;
  const kinds: ColumnKind[] = [];
  for (const c of cells) {
    const k = columnKind(c);
    if (k === null) return null;
    kinds.push(k);
  }
  if (!kinds.includes('task')) return null;
  if (!kinds.some((k) => k === 'lead' || k === 'coop' || k === 'deadline' || k === 'leader')) return null;
  if (kinds.filter((k) => k !== 'other').length < 3) return null;
  return kinds;
}

type Delim = 'pipe' | 'tab' | 'space';

/** Cells tidied like body lines (no space next to a Chinese character: `改革， 年内` → `改革，年内`). */
function trimCells(cells: string[]): string[] {
  return cells.map((c) => tidySpaces(c));
}

/** Cells of one line split by `|`, tabs or spaces, without a markdown-style empty first/last cell. */
function splitBy(raw: string, delim: Delim, loose = false): string[] {
  const s = raw.replace(/^[\s\u3000]+|[\s\u3000]+$/g, '');
  let cells: string[];
  if (delim === 'pipe') {
    cells = trimCells(s.split(/[|｜]/));
    if (cells.length > 1 && cells[0] === '' && /^[|｜]/.test(s)) cells.shift();
    if (cells.length > 1 && cells[cells.length - 1] === '' && /[|｜]$/.test(s)) cells.pop();
  } else if (delim === 'tab') cells = trimCells(s.split('\t'));
  else cells = s.split(loose ? /[\s\u3000]+/ : /[ \t\u3000\u00a0]{2,}|\t|\u3000/);
  return cells;
}

function delimiterOf(raw: string): Delim | null {
  if (raw.indexOf('|') >= 0 || raw.indexOf('｜') >= 0) return 'pipe';
  if (raw.indexOf('\t') >= 0) return 'tab';
  if (/\S[\s\u3000]+\S/.test(raw)) return 'space';
  return null;
}

const NUMBER_CELL = /^(\d{1,4})[.．、]?$/;

const SEGMENT_SPLIT = /[、，,；;/\s\u3000]+/;
const UNIT_SUFFIX =
  /(?:科|室|局|处|中心|站|所|院|校|学校|园|会|办|部|队|组|委|馆|单位|部门|街道|镇|乡|股|厅|司|系统|公司|集团|医院|学院|大学|中学|小学|幼儿园|团)(?:[（(](?:牵头|配合|协办|负责)[)）])?$/;

/** Every name ends like a unit (基教科, 各中小学, 区教师发展中心). */
export function isUnitCell(cell: string): boolean {
  if (cell.length === 0 || cell.length > 80 || /[。！？]/.test(cell)) return false;
  const parts = cell.split(SEGMENT_SPLIT).filter((p) => p.length > 0);
  if (parts.length === 0) return false;
  return parts.every((p) => /^(?:各|全体|相关|有关|所有)/.test(p) || UNIT_SUFFIX.test(p.replace(/等$/, '')));
}

/** Every name is a person's: two to four Chinese characters that are not a unit. */
export function isLeaderCell(cell: string): boolean {
  if (cell.length === 0 || cell.length > 60) return false;
  const parts = cell.split(SEGMENT_SPLIT).filter((p) => p.length > 0);
  return parts.length > 0 && parts.every((p) => /^[\u4e00-\u9fa5·]{2,4}$/.test(p) && !isUnitCell(p));
}

const DEADLINE_WORDS =
  /\d{1,2} ?月|[一二三四五六七八九十]{1,2}月|\d{4} ?年|季度|学期|年底|年末|年内|年中|全年|长期|持续|常态|上半年|下半年|开学|寒假|暑假|每[周月季年学]|\d{4}[.\-/]\d|十[一二三四五六七八九]?五/;

/** A time-column cell: 6月底前, 2023年12月, 长期坚持, 每季度. */
export function isDeadlineCell(cell: string): boolean {
  return cell.length > 0 && cell.length <= 40 && !/[。！？]/.test(cell) && DEADLINE_WORDS.test(cell);
}

function fits(kind: ColumnKind, cell: string): boolean {
  switch (kind) {
    case 'lead':
    case 'coop':
      return isUnitCell(cell);
    case 'deadline':
      return isDeadlineCell(cell);
    case 'leader':
      return isLeaderCell(cell) && !isDeadlineCell(cell);
    default:
      return false;
  }
}

/**
 * Sorts a row's cells (number excluded) into the columns. Exactly one cell per column → by
 * position; otherwise (empty cells dropped, a task wrapped over several lines) the trailing
 * cells that read as units / names / dates are matched to the columns after the task, left to
 * right, and everything before them is the task.
 */
function toRow(number: number, cells: string[], kinds: ColumnKind[], exact: boolean): TableRow {
  const nonEmpty = cells.filter((c) => c.length > 0);
  const row: TableRow = { number, cells: nonEmpty, task: '', lead: [], coop: [], deadline: [], leaders: [] };
  const put = (kind: ColumnKind, cell: string): void => {
    if (cell.length === 0) return;
    if (kind === 'lead') row.lead.push(cell);
    else if (kind === 'coop') row.coop.push(cell);
    else if (kind === 'deadline') row.deadline.push(cell);
    else if (kind === 'leader') row.leaders.push(cell);
  };
  const cols = kinds.filter((k) => k !== 'number');
  if (exact && cells.length === cols.length) {
    const task: string[] = [];
    cols.forEach((k, i) => (k === 'task' ? task.push(cells[i] as string) : put(k, cells[i] as string)));
    row.task = task.filter(Boolean).join('');
    return row;
  }
  const taskAt = cols.indexOf('task');
  const after = cols.slice(taskAt + 1);
  // the typed tail: cells from the end that read as a unit, a name or a date
  let tail = nonEmpty.length;
  while (tail > 1 && after.some((k) => fits(k, nonEmpty[tail - 1] as string))) tail--;
  // columns before the task (类别) only when a cell is left for them beside the task
  const before = cols.slice(0, taskAt).filter((k) => k !== 'task');
  const lead = Math.min(before.length, Math.max(0, tail - 1));
  let c = tail;
  for (const k of after) {
    if (c < nonEmpty.length && fits(k, nonEmpty[c] as string)) put(k, nonEmpty[c++] as string);
  }
  // what the typed match could not place stays in the text; the task is the rest
  row.task = nonEmpty.slice(lead, tail).join('');
  return row;
}

function isBody(l: PhysicalLine): boolean {
  return l.kind === 'body';
}

function isTransparent(l: PhysicalLine): boolean {
  return l.kind === 'blank' || l.kind === 'page' || l.kind === 'chrome';
}

/** A group row: its one filled cell is a section heading (一、… / （一）…). */
function groupHeading(cells: string[]): string | null {
  const filled = cells.filter((c) => c.length > 0);
  if (filled.length !== 1) return null;
  const text = filled[0] as string;
  const m = detectMarker(text);
  return m !== null && m.kind === 'section' && !m.weak ? text : null;
}

/** Finds task tables among the classified lines. Lines it claims are not seen by the wrap joiner. */
export function findTaskTables(lines: PhysicalLine[]): TaskTable[] {
  const tables: TaskTable[] = [];
  let i = 0;
  while (i < lines.length) {
    const l = lines[i] as PhysicalLine;
    if (!isBody(l) || l.text.length > 200) {
      i++;
      continue;
    }
    const table = delimitedAt(lines, i) ?? flattenedAt(lines, i);
    if (table === null) {
      i++;
      continue;
    }
    tables.push(table);
    i = table.end;
  }
  return tables;
}

/** Delimiters in a line: a row of k cells has k - 1 of them (markdown's outer pipes add two). */
function delimiterCount(raw: string, delim: Delim): number {
  let n = 0;
  for (const ch of raw) if (delim === 'pipe' ? ch === '|' || ch === '｜' : ch === '\t') n++;
  return n;
}

/** Within a few lines from `from`, a line with the delimiter and no leading number: a row's rest. */
function restOfRowAt(lines: PhysicalLine[], from: number, delim: Delim): boolean {
  for (let k = from, seen = 0; k < lines.length && seen < 10; k++) {
    const l = lines[k] as PhysicalLine;
    if (isTransparent(l)) continue;
    if (!isBody(l)) return false;
    seen++;
    if (delimiterOf(l.raw) === delim) return !NUMBER_CELL.test(splitBy(l.raw, delim)[0] as string);
  }
  return false;
}

/** A row being read: its cells so far (a wrapped cell glued back), and whether all columns arrived. */
interface OpenRow {
  number: number;
  line: number;
  cells: string[];
  delimiters: number;
  merged: boolean;
}

/**
 * A header on one line (`序号|工作任务|牵头单位|…`), then one row per line. A row may wrap over
 * lines (a line without a number continues it while its columns are incomplete); a line without
 * a number but with the row's shape after a complete row is a row whose 序号 cell was merged with
 * the one above (docx vMerge: an empty first cell; HTML rowspan: the cell missing); a line without
 * the delimiter after a complete row is prose after the table, not part of its last row.
 */
function delimitedAt(lines: PhysicalLine[], at: number): TaskTable | null {
  const h = lines[at] as PhysicalLine;
  const delim = delimiterOf(h.raw);
  if (delim === null) return null;
  const kinds = headerOf(splitBy(h.raw, delim, delim === 'space').filter((c, k, all) => c.length > 0 || (k > 0 && k < all.length - 1)));
  if (kinds === null) return null;
  const hasNumber = kinds[0] === 'number';
  const items: TableItem[] = [{ kind: 'line', text: h.text, line: h.line }];
  let rows = 0;
  let end = at + 1;
  let open: OpenRow | null = null;
  const counted = delim === 'pipe' || delim === 'tab';
  // a space-separated row's empty cells leave no trace: it is never known complete (wraps continue it)
  const complete = (r: OpenRow): boolean => counted && r.delimiters >= kinds.length - (r.merged ? 2 : 1);
  const close = (): void => {
    if (open === null) return;
    const rest = open.cells;
    const row = toRow(open.number, rest, kinds, delim !== 'space' || rest.length === kinds.length - (hasNumber ? 1 : 0));
    if (open.merged) row.merged = true;
    items.push({ kind: 'row', row, line: open.line });
    rows++;
    open = null;
  };
  for (let j = at + 1; j < lines.length; j++) {
    const l = lines[j] as PhysicalLine;
    if (isTransparent(l)) continue;
    if (!isBody(l)) break;
    const d = delimiterOf(l.raw) ?? 'space';
    let cells = splitBy(l.raw, delim === 'space' ? 'space' : d);
    if (delim === 'space' && cells.length < 3) cells = splitBy(l.raw, 'space', true);
    if (/^[\s|｜:：\-—=+]+$/.test(l.raw)) {
      // a markdown rule `|---|---|` under the header
      close();
      items.push({ kind: 'line', text: l.text, line: l.line });
      end = j + 1;
      continue;
    }
    const heading = groupHeading(cells);
    if (heading !== null) {
      close();
      items.push({ kind: 'line', text: heading, line: l.line });
      end = j + 1;
      continue;
    }
    const num = hasNumber ? NUMBER_CELL.exec(cells[0] as string) : null;
    const delimiters = counted ? delimiterCount(l.raw, delim) : 0;
    const cur = open as OpenRow | null;
    if (hasNumber && num === null) {
      const filled = cells.filter(Boolean);
      // a sentence or 附件 line without the delimiter continues an incomplete row only when the rest
      // of the row (a delimited line without a number) follows; otherwise it is prose after the table
      const prose = counted && d !== delim && isProseLine(l.text) && !restOfRowAt(lines, j + 1, delim);
      if (cur !== null && filled.length > 0 && !complete(cur) && !prose && (counted || cells.length <= 2) && l.text.length <= 120) {
        // a continuation line of the open row (a cell wrapped onto the next line): glued to its last cell
        const [first, ...others] = cells;
        const lastAt = cur.cells.length - 1;
        if (lastAt >= 0 && counted) cur.cells[lastAt] = `${cur.cells[lastAt] as string}${first ?? ''}`;
        else if (first) cur.cells.push(first);
        cur.cells.push(...(counted ? others : others.filter(Boolean)));
        cur.delimiters += delimiters;
        end = j + 1;
        continue;
      }
      if (cur !== null && counted && complete(cur) && d === delim && filled.length >= 2 && cells.length >= kinds.length - 1) {
        // the row's shape without its number: 序号 merged with the row above; a point of its own
        const number = cur.number;
        close();
        open = { number, line: l.line, cells: cells.length >= kinds.length ? cells.slice(1) : cells, delimiters, merged: true };
        end = j + 1;
        continue;
      }
      break;
    }
    if (!hasNumber && cells.filter(Boolean).length < 2) break;
    close();
    open = {
      number: hasNumber ? Number((num as RegExpExecArray)[1]) : rows + 1,
      line: l.line,
      cells: hasNumber ? cells.slice(1) : cells,
      delimiters,
      merged: false,
    };
    end = j + 1;
  }
  close();
  if (rows === 0) return null;
  return { start: at, end, items };
}

/** Document furniture after a table: 附件, 抄送, 印发, 联系人 lines. */
const FURNITURE = /^(?:附件|抄送|印发|联系人|联系电话|（此页无正文）|\(此页无正文\))/;

/** Cells a prose paragraph has and a table cell lacks: sentences, a numbered heading, furniture. */
function isProseLine(text: string): boolean {
  if (FURNITURE.test(text) || detectMarker(text) !== null) return true;
  return text.length > 40 && /[。！？；]/.test(text);
}

const ISSUER = /(?:局|人民政府|政府|委员会|办公室|教育局|工委)$/;
const FULL_DATE = /^(?:19|20)\d{2} ?年 ?\d{1,2} ?月 ?\d{1,2} ?日$/;

/** The issuer and date closing a document (江城区教育局 / 2024年1月5日, then nothing): no row cells. */
function signatureAt(lines: PhysicalLine[], at: number): boolean {
  if (!ISSUER.test((lines[at] as PhysicalLine).text)) return false;
  let k = at + 1;
  while (k < lines.length && isTransparent(lines[k] as PhysicalLine)) k++;
  if (k >= lines.length || !FULL_DATE.test((lines[k] as PhysicalLine).text)) return false;
  for (k++; k < lines.length; k++) {
    const l = lines[k] as PhysicalLine;
    if (!isTransparent(l) && isBody(l)) return false;
  }
  return true;
}

const MAX_LOOKAHEAD = 60;

/**
 * A header one cell per line (序号 / 工作任务 / 牵头单位 / …), then rows started by a bare number.
 * A row's shape is its task (one or more lines) then cells that read as its typed columns (units,
 * dates, names). After those, a line that reads as none of them is not the row's: it is a row
 * whose 序号 cell was merged with the one above when a row of the same shape follows it up to the
 * next numbered row, else the end of the table (prose, a heading, a signature after it).
 */
function flattenedAt(lines: PhysicalLine[], at: number): TaskTable | null {
  const cells: string[] = [];
  const headerLines: PhysicalLine[] = [];
  let j = at;
  for (; j < lines.length && cells.length < 12; j++) {
    const l = lines[j] as PhysicalLine;
    if (isTransparent(l)) continue;
    if (!isBody(l) || columnKind(l.text) === null) break;
    cells.push(l.text);
    headerLines.push(l);
  }
  const kinds = headerOf(cells);
  if (kinds === null) return null;
  const hasNumber = kinds[0] === 'number';
  const last = kinds[kinds.length - 1] as ColumnKind;
  const width = kinds.filter((k) => k !== 'number').length;
  const after = kinds.slice(kinds.indexOf('task') + 1);
  const typed = (text: string): boolean => after.some((k) => fits(k, text));
  const items: TableItem[] = headerLines.map((l) => ({ kind: 'line', text: l.text, line: l.line }));
  let end = j;
  let rows = 0;
  /** the most task lines a row of this table has had: a longer task is prose, not a wrap */
  let taskLines = 0;
  type Open = { number: number; line: number; index: number; cells: string[]; closed: boolean; typed: number; merged: boolean };
  let open: Open | null = null;
  const close = (): void => {
    if (open === null) return;
    const row = toRow(open.number, open.cells, kinds, false);
    if (open.merged) row.merged = true;
    items.push({ kind: 'row', row, line: open.line });
    if (open.typed > 0) taskLines = Math.max(taskLines, open.cells.length - open.typed);
    rows++;
    open = null;
  };
  /** Lines from `from` make a number-less row (task lines, then typed cells) before the next numbered row. */
  const rowWithoutNumberAt = (from: number): boolean => {
    let seenTyped = false;
    let task = 0;
    for (let k = from, steps = 0; k < lines.length && steps < MAX_LOOKAHEAD; k++, steps++) {
      const l = lines[k] as PhysicalLine;
      if (isTransparent(l)) continue;
      if (!isBody(l)) return false;
      if (NUMBER_CELL.test(l.text) || groupHeading([l.text]) !== null) return seenTyped;
      if (k > from && typed(l.text)) seenTyped = true;
      else if (seenTyped) {
        // another row without its number (序号 merged over three rows): its own shape is checked next
        seenTyped = false;
        task = 1;
      } else if (++task > Math.max(taskLines, 1) + 2 || (isProseLine(l.text) && k > from)) return false;
    }
    return false;
  };
  for (; j < lines.length; j++) {
    const l = lines[j] as PhysicalLine;
    if (isTransparent(l)) continue;
    if (!isBody(l)) break;
    const num = NUMBER_CELL.exec(l.text);
    if (num !== null && hasNumber) {
      close();
      open = { number: Number(num[1]), line: l.line, index: j, cells: [], closed: false, typed: 0, merged: false };
      end = j + 1;
      continue;
    }
    const heading = groupHeading([l.text]);
    if (heading !== null && (open === null || open.cells.length > 0)) {
      close();
      items.push({ kind: 'line', text: heading, line: l.line });
      end = j + 1;
      continue;
    }
    const cur = open as Open | null;
    if (cur === null) {
      if (hasNumber) break;
      open = { number: rows + 1, line: l.line, index: j, cells: [l.text], closed: false, typed: 0, merged: false };
      end = j + 1;
      continue;
    }
    const isTyped = cur.cells.length >= 1 && typed(l.text);
    if (hasNumber && cur.closed) {
      // the row has its last column: a row whose 序号 was merged, or the end of the table
      if (!rowWithoutNumberAt(j)) break;
      const number = cur.number;
      close();
      open = { number, line: l.line, index: j, cells: [l.text], closed: false, typed: 0, merged: true };
      end = j + 1;
      continue;
    }
    // after its units a row takes no sentence paragraph (a wrapped task line that happened to read
    // as a unit, 覆盖全区所有学校, is followed by a short line and stays)
    if (hasNumber && cur.typed > 0 && !isTyped && isProseLine(l.text)) break;
    if (hasNumber && !cur.closed && signatureAt(lines, j)) break;
    if (cur.closed || cur.cells.length >= MAX_ROW_LINES) break;
    // a row of task lines only: a sentence paragraph past the longest task seen is prose after the table
    if (hasNumber && !isTyped && cur.typed === 0 && rows > 0 && cur.cells.length >= Math.max(taskLines, 1) && isProseLine(l.text)) {
      const prev = cur.cells[cur.cells.length - 1] as string;
      if (/[。！？；]$/.test(prev)) break;
    }
    cur.cells.push(l.text);
    if (isTyped) cur.typed++;
    // the row is complete when its last column's cell arrives (a date, names) or every column is filled
    if ((cur.cells.length >= 2 && fits(last, l.text)) || (!hasNumber && cur.cells.length >= width) || cur.cells.length >= width + 2) {
      cur.closed = true;
      if (!hasNumber) close();
    }
    end = j + 1;
  }
  // a bare number after the last row with nothing under it is a page number, not a row
  const tail = open as Open | null;
  if (tail !== null && tail.cells.length === 0 && rows > 0) {
    end = tail.index;
    open = null;
  }
  close();
  if (rows === 0) return null;
  return { start: at, end, items };
}
