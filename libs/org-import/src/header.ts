import type { TextRecord } from './csv';
import { cleanCell } from './validate';
import { normalizeHeader } from './vocabulary';

/** A problem with the sheet as a whole: its header row or its size. */
export interface SheetIssue {
  line: number;
  column: string;
  code: 'HEADER_UNKNOWN_COLUMN' | 'HEADER_DUPLICATE_COLUMN' | 'HEADER_MISSING_COLUMN' | 'TOO_MANY_ROWS';
  reason: string;
  value?: string;
}

export interface ColumnSpec<C extends string> {
  /** column → the header spellings accepted for it (compared after normalizeHeader) */
  aliases: Record<C, readonly string[]>;
  /** column → its name for people */
  labels: Record<C, string>;
  required: readonly C[];
}

export interface ReadHeader<C extends string> {
  /** column → its position in each record */
  index: Partial<Record<C, number>>;
  /** column → the header as written in the file */
  headers: Partial<Record<C, string>>;
  issues: SheetIssue[];
}

/** Maps a header row to columns, naming every unknown, repeated or missing column in Chinese. */
export function readHeader<C extends string>(header: TextRecord, spec: ColumnSpec<C>): ReadHeader<C> {
  const byName = new Map<string, C>(
    (Object.entries(spec.aliases) as [C, readonly string[]][]).flatMap(([col, names]) =>
      names.map((n) => [normalizeHeader(n), col] as const),
    ),
  );
  const result: ReadHeader<C> = { index: {}, headers: {}, issues: [] };
  header.cells.forEach((raw, i) => {
    const text = cleanCell(raw);
    if (text === '') return;
    const col = byName.get(normalizeHeader(text));
    if (!col) {
      result.issues.push({ line: header.line, column: text, code: 'HEADER_UNKNOWN_COLUMN', reason: `无法识别的列“${text}”`, value: text });
    } else if (result.index[col] !== undefined) {
      result.issues.push({
        line: header.line,
        column: text,
        code: 'HEADER_DUPLICATE_COLUMN',
        reason: `“${spec.labels[col]}”列出现了两次`,
        value: text,
      });
    } else {
      result.index[col] = i;
      result.headers[col] = text;
    }
  });
  for (const col of spec.required) {
    if (result.index[col] === undefined) {
      result.issues.push({
        line: header.line,
        column: spec.labels[col],
        code: 'HEADER_MISSING_COLUMN',
        reason: `缺少“${spec.labels[col]}”列（表头可写 ${spec.aliases[col].join(' / ')}）`,
      });
    }
  }
  return result;
}

/** Refuses a sheet with more data rows than the limit, pointing at the first row past it. */
export function tooManyRows(data: TextRecord[], maxRows: number): SheetIssue | null {
  if (data.length <= maxRows) return null;
  return {
    line: data[maxRows].line,
    column: '',
    code: 'TOO_MANY_ROWS',
    reason: `数据超过 ${maxRows} 行上限（共 ${data.length} 行），请拆分后分批导入`,
  };
}
