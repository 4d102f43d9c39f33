import ExcelJS from 'exceljs';
import { COLUMNS, type Column, type SheetRow } from './task-sheet.model';

export const SHEET_NAME = '任务分解表';
const WIDTHS: Record<Column, number> = {
  序号: 6,
  工作任务: 32,
  具体内容: 44,
  牵头单位: 18,
  配合单位: 26,
  责任人: 24,
  完成时限: 13,
  量化指标: 26,
  状态: 16,
  任务ID: 38,
  版本: 20,
};

/** The 任务分解表 workbook: a title row, a frozen header, one row per task, hidden id and version columns. */
export async function writeSheet(planTitle: string, rows: SheetRow[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Duban 督办';
  wb.title = `${planTitle} 任务分解表`;
  const ws = wb.addWorksheet(SHEET_NAME, { views: [{ state: 'frozen', ySplit: 2, xSplit: 2 }] });
  ws.columns = COLUMNS.map((c) => ({ key: c, width: WIDTHS[c], hidden: c === '任务ID' || c === '版本' }));

  ws.mergeCells(1, 1, 1, COLUMNS.length - 2);
  const title = ws.getCell(1, 1);
  title.value = `${planTitle} 任务分解表`;
  title.font = { bold: true, size: 14 };
  title.alignment = { horizontal: 'center', vertical: 'middle' };
  ws.getRow(1).height = 28;

  const header = ws.getRow(2);
  header.values = [...COLUMNS];
  header.font = { bold: true };
  header.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  header.eachCell((cell) => {
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };
    cell.border = BORDER;
  });

  rows.forEach((r, i) => {
    // empty cells stay empty rather than holding ""
    const row = ws.addRow([
      i + 1,
      r.title,
      r.description || null,
      r.lead || null,
      r.cooperating || null,
      r.owners || null,
      // a real date, so Excel sorts and edits it as one; read back as UTC midnight
      new Date(`${r.dueDate}T00:00:00Z`),
      r.targets || null,
      r.state,
      r.taskId,
      r.version,
    ]);
    row.alignment = { vertical: 'top', wrapText: true };
    row.getCell(1).alignment = { vertical: 'top', horizontal: 'center' };
    row.getCell(7).numFmt = 'yyyy-mm-dd';
    row.eachCell({ includeEmpty: true }, (cell) => (cell.border = BORDER));
  });
  ws.autoFilter = { from: { row: 2, column: 1 }, to: { row: 2, column: COLUMNS.length - 2 } };
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const THIN = { style: 'thin' as const, color: { argb: 'FFBFBFBF' } };
const BORDER = { top: THIN, left: THIN, bottom: THIN, right: THIN };

export interface ParsedRow {
  /** the spreadsheet row number people see */
  row: number;
  cells: Partial<Record<Column, CellValue>>;
}
export type CellValue = string | Date | number | null;

export class SheetUnreadable extends Error {}

/** Reads the first sheet named 任务分解表 (or the first sheet); finds the header row by its titles. */
export async function readSheet(bytes: Buffer): Promise<ParsedRow[]> {
  const wb = new ExcelJS.Workbook();
  try {
    // exceljs's Buffer type predates Node 20's generic Buffer
    await wb.xlsx.load(bytes as unknown as ExcelJS.Buffer);
  } catch {
    throw new SheetUnreadable('not an xlsx workbook');
  }
  const ws = wb.getWorksheet(SHEET_NAME) ?? wb.worksheets[0];
  if (!ws) throw new SheetUnreadable('no worksheet');
  let headerRow = 0;
  const positions = new Map<Column, number>();
  for (let r = 1; r <= Math.min(5, ws.rowCount) && headerRow === 0; r++) {
    const found = new Map<Column, number>();
    ws.getRow(r).eachCell((cell, col) => {
      const text = cellText(cell.value as ExcelJS.CellValue);
      if ((COLUMNS as readonly string[]).includes(text ?? '')) found.set(text as Column, col);
    });
    if (found.has('工作任务') && found.has('任务ID')) {
      headerRow = r;
      found.forEach((v, k) => positions.set(k, v));
    }
  }
  const missing = COLUMNS.filter((c) => !positions.has(c));
  if (headerRow === 0 || missing.length > 0) throw new SheetUnreadable(`missing columns: ${missing.join(', ')}`);

  const rows: ParsedRow[] = [];
  for (let r = headerRow + 1; r <= ws.rowCount; r++) {
    const row = ws.getRow(r);
    const cells: ParsedRow['cells'] = {};
    let any = false;
    for (const [column, index] of positions) {
      const value = normalize(row.getCell(index).value as ExcelJS.CellValue);
      cells[column] = value;
      if (value !== null && value !== '') any = true;
    }
    if (any) rows.push({ row: r, cells });
  }
  return rows;
}

function normalize(v: ExcelJS.CellValue): CellValue {
  if (v instanceof Date || typeof v === 'number') return v;
  return cellText(v);
}

/** Text of a cell whatever exceljs made of it: rich text, hyperlink, formula result, shared string. */
export function cellText(v: ExcelJS.CellValue): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') return v.trim();
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    if ('richText' in v)
      return v.richText
        .map((t) => t.text)
        .join('')
        .trim();
    if ('text' in v) return String(v.text).trim();
    if ('result' in v) return cellText(v.result as ExcelJS.CellValue);
  }
  return null;
}
