import ExcelJS from 'exceljs';
import { csvField } from './csv';
import { UNIT_COLUMNS, type UnitRecord } from './types';

/**
 * Import refuses formula-like cells, so stored data should never start with one; if something
 * got in another way, the export still must not hand Excel a formula: prefix `'` (OWASP advice).
 */
function safe(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

function cells(u: UnitRecord): string[] {
  return [u.code, u.name, u.shortNames.join('|'), u.aliases.join('|'), u.type, u.tags.join('|'), u.parentCode ?? ''].map(safe);
}

/** units.csv text (header included, LF line ends); the caller adds a BOM for Excel if it wants. */
export function unitsToCsv(units: Iterable<UnitRecord>): string {
  const lines = [UNIT_COLUMNS.join(',')];
  for (const u of units) lines.push(cells(u).map(csvField).join(','));
  return `${lines.join('\n')}\n`;
}

/** The same columns as one worksheet; every cell is text so codes like 001 stay as typed. */
export async function unitsToXlsx(units: Iterable<UnitRecord>): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('units');
  sheet.addRow([...UNIT_COLUMNS]);
  for (const u of units) sheet.addRow(cells(u));
  sheet.getRow(1).font = { bold: true };
  sheet.columns.forEach((c, i) => (c.width = [18, 30, 24, 30, 14, 18, 18][i]));
  // exceljs returns its own Buffer type; it is a Node Buffer at run time
  return Buffer.from((await workbook.xlsx.writeBuffer()) as unknown as ArrayBuffer);
}
