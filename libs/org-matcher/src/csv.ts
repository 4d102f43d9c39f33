import type { OrgUnitInput } from './types';

/**
 * Minimal RFC 4180 CSV parser: comma separator, "quoted" fields with "" escapes and embedded
 * commas / line breaks, CRLF or LF, optional UTF-8 BOM. Blank lines are skipped.
 * Throws on an unterminated quote or a quote inside an unquoted field.
 */
export function parseCsv(text: string): string[][] {
  const s = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let inQuotes = false;
  let quoted = false;
  let line = 1;
  const endField = (): void => {
    row.push(field);
    field = '';
    quoted = false;
  };
  const endRow = (): void => {
    endField();
    if (!(row.length === 1 && row[0] === '')) rows.push(row);
    row = [];
  };
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    if (inQuotes) {
      if (ch === '"') {
        if (s[i + 1] === '"') {
          field += '"';
          i++;
        } else inQuotes = false;
      } else {
        if (ch === '\n') line++;
        field += ch;
      }
      continue;
    }
    if (ch === '"') {
      if (field.length > 0 || quoted) throw new Error(`CSV line ${line}: unexpected quote inside a field`);
      inQuotes = true;
      quoted = true;
    } else if (ch === ',') endField();
    else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && s[i + 1] === '\n') i++;
      endRow();
      line++;
    } else {
      if (quoted) throw new Error(`CSV line ${line}: text after closing quote`);
      field += ch;
    }
  }
  if (inQuotes) throw new Error(`CSV line ${line}: unterminated quoted field`);
  if (field.length > 0 || quoted || row.length > 0) endRow();
  return rows;
}

/** Quote a field when it needs it. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) || /^\s|\s$/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function toCsv(rows: readonly (readonly string[])[]): string {
  return rows.map((r) => r.map(csvField).join(',')).join('\n') + '\n';
}

/** Header rows as objects keyed by column name; throws when a required column is missing. */
export function parseCsvRecords(text: string, required: readonly string[] = []): Record<string, string>[] {
  const rows = parseCsv(text);
  if (rows.length === 0) throw new Error('CSV is empty');
  const header = rows[0].map((h) => h.trim());
  for (const r of required) if (!header.includes(r)) throw new Error(`CSV is missing column "${r}"`);
  return rows.slice(1).map((cells, n) => {
    if (cells.length !== header.length) {
      throw new Error(`CSV record ${n + 1}: ${cells.length} fields, header has ${header.length}`);
    }
    const rec: Record<string, string> = {};
    header.forEach((h, i) => (rec[h] = cells[i]));
    return rec;
  });
}

export const UNIT_CSV_COLUMNS = ['code', 'name', 'short_names', 'aliases', 'type', 'tags', 'parent_code'] as const;

/** Split a `|`-separated list column. */
export function splitList(value: string | undefined): string[] {
  return (value ?? '')
    .split('|')
    .map((x) => x.trim())
    .filter((x) => x.length > 0);
}

/** units.csv → matcher input; the code doubles as the id. */
export function parseUnitsCsv(text: string): OrgUnitInput[] {
  return parseCsvRecords(text, UNIT_CSV_COLUMNS).map((r) => ({
    id: r.code.trim(),
    code: r.code.trim(),
    name: r.name.trim(),
    shortNames: splitList(r.short_names),
    aliases: splitList(r.aliases),
    type: r.type.trim(),
    tags: splitList(r.tags),
    parentId: r.parent_code.trim() === '' ? null : r.parent_code.trim(),
  }));
}
