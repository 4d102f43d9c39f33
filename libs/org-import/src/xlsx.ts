import ExcelJS from 'exceljs';
import type { TextRecord } from './csv';

export class XlsxUnreadableError extends Error {
  constructor(
    readonly reasonZh: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Sum of the uncompressed sizes the zip central directory declares. exceljs inflates everything
 * it is given, so a zip bomb is refused here before it gets the bytes. (A lying directory is not
 * caught; the 10 MB upload cap bounds what such a file can hold at ordinary ratios.)
 */
export function declaredUnzippedBytes(bytes: Uint8Array): number {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let eocd = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 0xffff); i--) {
    if (view.getUint32(i, true) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new XlsxUnreadableError('文件不是有效的 .xlsx（zip 结构损坏）', 'no end of central directory');
  const count = view.getUint16(eocd + 10, true);
  const offset = view.getUint32(eocd + 16, true);
  // zip64 (0xffff / 0xffffffff markers) is never needed for a 10 MB spreadsheet: treat it as hostile
  if (count === 0xffff || offset === 0xffffffff) return Number.POSITIVE_INFINITY;
  let at = offset;
  let total = 0;
  for (let n = 0; n < count; n++) {
    if (at + 46 > bytes.length || view.getUint32(at, true) !== 0x02014b50) {
      throw new XlsxUnreadableError('文件不是有效的 .xlsx（zip 结构损坏）', 'bad central directory entry');
    }
    const size = view.getUint32(at + 24, true);
    if (size === 0xffffffff) return Number.POSITIVE_INFINITY;
    total += size;
    at += 46 + view.getUint16(at + 28, true) + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
  }
  return total;
}

/** A cell as text. A formula becomes `=<formula>` so the formula rule refuses it like typed text. */
export function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if ('formula' in value && typeof value.formula === 'string') return `=${value.formula}`;
  if ('sharedFormula' in value) return `=${value.sharedFormula}`;
  if ('richText' in value) return value.richText.map((r) => r.text).join('');
  if ('hyperlink' in value) return typeof value.text === 'string' ? value.text : '';
  if ('error' in value) return value.error;
  return '';
}

/** The first worksheet's non-empty rows, numbered as Excel shows them. */
export async function readXlsxRecords(bytes: Uint8Array): Promise<TextRecord[]> {
  const workbook = new ExcelJS.Workbook();
  try {
    // exceljs declares its own Buffer type (an ArrayBuffer look-alike); a Node Buffer is what it reads
    await workbook.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as unknown as ExcelJS.Buffer);
  } catch (e) {
    throw new XlsxUnreadableError('无法读取 .xlsx 文件，请用 Excel 另存后重试', (e as Error).message);
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) return [];
  const records: TextRecord[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells: string[] = [];
    for (let c = 1; c <= row.cellCount; c++) cells.push(cellText(row.getCell(c).value));
    if (cells.some((x) => x.trim() !== '')) records.push({ line: rowNumber, cells });
  });
  return records;
}
