import { guessSeparator, parseDelimited, type TextRecord } from './csv';
import { readHeader, tooManyRows } from './header';
import { decodeText } from './decode';
import {
  DEFAULT_LIMITS,
  type ImportIssue,
  type ImportLimits,
  type ImportRow,
  type IssueCode,
  type OrgUnitType,
  UNIT_COLUMNS,
  type ImportColumn,
} from './types';
import { checkText, cleanCell, splitList, validateUnitRecord, type FieldIssue } from './validate';
import { COLUMN_LABELS, HEADER_ALIASES, parseFlag, parseUnitType, REQUIRED_COLUMNS, TYPE_LABELS } from './vocabulary';
import { declaredUnzippedBytes, readXlsxRecords, XlsxUnreadableError } from './xlsx';

/** A units file read and checked row by row; rules across rows are the planner's. */
export interface UnitFile {
  format: 'csv' | 'xlsx' | null;
  encoding: string | null;
  /** data rows read (blank lines excluded) */
  rowCount: number;
  /** rows whose every cell made sense on its own (they may still have field issues) */
  rows: ImportRow[];
  /** codes of every row with a well-formed code, first line each: children may point at them */
  codeLines: Map<string, number>;
  issues: ImportIssue[];
  /** header text per column as the file wrote it, for messages */
  headers: Partial<Record<ImportColumn, string>>;
}

const TYPE_HELP = `${Object.values(TYPE_LABELS).join('、')}（或 bureau、district_bureau、department、direct_unit、school）`;

function emptyFile(format: UnitFile['format'], encoding: string | null, issue: Omit<ImportIssue, 'column'>): UnitFile {
  return { format, encoding, rowCount: 0, rows: [], codeLines: new Map(), issues: [{ column: '', ...issue }], headers: {} };
}

function isZip(b: Uint8Array): boolean {
  return b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04;
}

function isOleCompound(b: Uint8Array): boolean {
  return b[0] === 0xd0 && b[1] === 0xcf && b[2] === 0x11 && b[3] === 0xe0;
}

/** .csv (UTF-8, UTF-8 BOM, GB18030, UTF-16; comma or tab) or .xlsx, told apart by content, not by name. */
export async function readUnitFile(bytes: Uint8Array, limits: ImportLimits = DEFAULT_LIMITS): Promise<UnitFile> {
  if (bytes.length > limits.maxBytes) {
    return emptyFile(null, null, {
      line: 0,
      code: 'FILE_TOO_LARGE',
      reason: `文件超过 ${Math.round(limits.maxBytes / 1024 / 1024)} MB 上限，请拆分后分批导入`,
    });
  }
  if (bytes.length === 0) return emptyFile(null, null, { line: 0, code: 'FILE_EMPTY', reason: '文件为空' });
  if (isOleCompound(bytes)) {
    return emptyFile(null, null, {
      line: 0,
      code: 'FILE_OLD_XLS',
      reason: '不支持旧版 .xls 文件，请在 Excel 中另存为 .xlsx 或 .csv（UTF-8）后导入',
    });
  }
  let format: 'csv' | 'xlsx';
  let encoding: string | null = null;
  let records: TextRecord[];
  if (isZip(bytes)) {
    format = 'xlsx';
    try {
      if (declaredUnzippedBytes(bytes) > limits.maxUnzippedBytes) {
        return emptyFile(format, null, { line: 0, code: 'FILE_TOO_LARGE', reason: '.xlsx 解压后过大（可能是压缩炸弹），已拒绝' });
      }
      records = await readXlsxRecords(bytes);
    } catch (e) {
      if (e instanceof XlsxUnreadableError) return emptyFile(format, null, { line: 0, code: 'FILE_UNREADABLE', reason: e.reasonZh });
      throw e;
    }
  } else {
    format = 'csv';
    const decoded = decodeText(bytes);
    if (!decoded || decoded.text.includes('\u0000')) {
      return emptyFile(format, null, {
        line: 0,
        code: 'FILE_UNREADABLE',
        reason: '无法识别文件编码，请保存为 UTF-8 或 GB18030 编码的 CSV，或 .xlsx 文件',
      });
    }
    encoding = decoded.encoding;
    const parsed = parseDelimited(decoded.text, guessSeparator(decoded.text));
    records = parsed.records;
    if (parsed.unterminatedQuoteLine !== undefined) {
      const file = readRecords(records, format, encoding, limits);
      file.issues.push({
        line: parsed.unterminatedQuoteLine,
        column: '',
        code: 'ROW_MALFORMED',
        reason: '引号未闭合：从这一行起的内容无法读取，请检查是否缺少右引号 "',
      });
      return file;
    }
  }
  return readRecords(records, format, encoding, limits);
}

function readRecords(records: TextRecord[], format: 'csv' | 'xlsx', encoding: string | null, limits: ImportLimits): UnitFile {
  if (records.length === 0) return emptyFile(format, encoding, { line: 0, code: 'FILE_EMPTY', reason: '文件没有任何内容' });
  const [header, ...data] = records;
  const file: UnitFile = { format, encoding, rowCount: data.length, rows: [], codeLines: new Map(), issues: [], headers: {} };
  const { index, headers, issues } = readHeader(header, { aliases: HEADER_ALIASES, labels: COLUMN_LABELS, required: REQUIRED_COLUMNS });
  file.headers = headers;
  file.issues.push(...issues);
  if (file.issues.length > 0) return file;
  const overflow = tooManyRows(data, limits.maxRows);
  if (overflow) {
    file.issues.push(overflow);
    return file;
  }
  const width = Math.max(...Object.values(index).map((i) => i + 1));
  for (const record of data) readRow(file, record, index, width, limits);
  return file;
}

function readRow(
  file: UnitFile,
  record: TextRecord,
  index: Partial<Record<ImportColumn, number>>,
  width: number,
  limits: ImportLimits,
): void {
  const column = (col: ImportColumn): string => file.headers[col] ?? COLUMN_LABELS[col];
  const push = (i: FieldIssue): void => {
    file.issues.push({
      line: record.line,
      column: column(i.field),
      code: i.code,
      reason: i.reason,
      ...(i.value !== undefined ? { value: i.value } : {}),
    });
  };
  const issue = (field: ImportColumn, code: IssueCode, reason: string, value?: string): void => push({ field, code, reason, value });
  const cell = (col: ImportColumn): string => (index[col] === undefined ? '' : cleanCell(record.cells[index[col]] ?? ''));

  const extra = record.cells.findIndex((c, i) => i >= width && c.trim() !== '');
  if (extra >= 0) {
    file.issues.push({
      line: record.line,
      column: `第 ${extra + 1} 列`,
      code: 'ROW_TOO_MANY_FIELDS',
      reason: '这一行的内容比表头多出若干列（可能是名称里的逗号没有加引号）',
      value: cleanCell(record.cells[extra]).slice(0, 60),
    });
  }
  const before = file.issues.length;
  for (const col of UNIT_COLUMNS) {
    const raw = cell(col);
    if (raw.length > limits.maxCellLength)
      issue(col, 'VALUE_TOO_LONG', `内容过长（${raw.length} 字符，上限 ${limits.maxCellLength}）`, `${raw.slice(0, 60)}…`);
  }
  if (file.issues.length > before) {
    // still known as a code, so its children are not also reported as orphans
    const code = cell('code');
    if (code.length <= limits.maxCellLength && code !== '' && !file.codeLines.has(code)) file.codeLines.set(code, record.line);
    return;
  }

  const code = cell('code');
  const typeText = cell('type');
  let type: OrgUnitType | undefined;
  if (typeText === '') issue('type', 'TYPE_MISSING', `类型不能为空，可用：${TYPE_HELP}`);
  else {
    type = parseUnitType(typeText);
    if (!type) issue('type', 'TYPE_UNKNOWN', `未知类型“${typeText.slice(0, 60)}”，可用：${TYPE_HELP}`, typeText.slice(0, 60));
  }
  for (const col of ['code', 'type', 'parent_code'] as const) {
    for (const i of checkText(col, cell(col), limits)) if (i.code === 'CONTROL_CHAR') push(i);
  }
  const parentCode = cell('parent_code') || null;
  const flagText = cell('supervision_office');
  const supervisionOffice = flagText === '' ? undefined : parseFlag(flagText);
  if (flagText !== '' && supervisionOffice === undefined) {
    issue('supervision_office', 'FLAG_INVALID', '“督查室”列只能填“是”或“否”（留空表示不改）', flagText.slice(0, 60));
  }
  const row: ImportRow = {
    line: record.line,
    code,
    name: cell('name'),
    shortNames: splitList(cell('short_names')),
    aliases: splitList(cell('aliases')),
    // an unknown type is already reported; 'bureau' only lets the type-free rules run on the rest
    type: type ?? 'bureau',
    tags: splitList(cell('tags')),
    parentCode,
    ...(supervisionOffice !== undefined ? { supervisionOffice } : {}),
  };
  for (const i of validateUnitRecord(row, limits)) {
    if (!type && (i.code === 'SCHOOL_LEVEL_MISSING' || i.code === 'ROOT_TYPE')) continue;
    push(i);
  }
  const first = file.codeLines.get(code);
  if (first !== undefined) issue('code', 'CODE_DUPLICATE', `编码“${code}”与第 ${first} 行重复`, code);
  else if (code !== '') file.codeLines.set(code, record.line);
  if (type) file.rows.push(row);
}
