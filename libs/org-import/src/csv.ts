/** One record of a delimited file, with the line it starts on (1-based). */
export interface TextRecord {
  line: number;
  cells: string[];
}

export interface CsvResult {
  records: TextRecord[];
  /** the line of a quoted field that never closes (everything after it is lost) */
  unterminatedQuoteLine?: number;
}

/**
 * RFC 4180, read leniently the way Excel writes it: `"` opens a quoted field only at the start
 * of a field (elsewhere it is a literal), `""` is a quote inside one, quoted fields may hold
 * separators and line breaks, CRLF / LF / CR all end a record. Blank lines are skipped.
 */
export function parseDelimited(text: string, separator = ','): CsvResult {
  const records: TextRecord[] = [];
  let cells: string[] = [];
  let line = 1;
  let recordLine = 1;
  let i = 0;
  const n = text.length;
  const sep = separator.charCodeAt(0);
  while (i < n) {
    let field: string;
    if (text.charCodeAt(i) === 34 /* " */) {
      const startLine = line;
      let j = i + 1;
      let value = '';
      for (;;) {
        const q = text.indexOf('"', j);
        if (q < 0) {
          // never closed: report where the field began; nothing after it can be trusted
          return { records, unterminatedQuoteLine: startLine };
        }
        value += text.slice(j, q);
        if (text.charCodeAt(q + 1) === 34) {
          value += '"';
          j = q + 2;
        } else {
          j = q + 1;
          break;
        }
      }
      line += countNewlines(value);
      // text between the closing quote and the separator is kept (lenient, as Excel does)
      let k = j;
      while (k < n && !isBoundary(text.charCodeAt(k), sep)) k++;
      field = value + text.slice(j, k);
      i = k;
    } else {
      let k = i;
      while (k < n && !isBoundary(text.charCodeAt(k), sep)) k++;
      field = text.slice(i, k);
      i = k;
    }
    cells.push(field);
    if (i >= n) break;
    const c = text.charCodeAt(i);
    if (c === sep) {
      i++;
      if (i >= n) cells.push('');
      continue;
    }
    // end of record
    i += c === 13 && text.charCodeAt(i + 1) === 10 ? 2 : 1;
    pushRecord(records, cells, recordLine);
    cells = [];
    line++;
    recordLine = line;
  }
  if (cells.length > 0) pushRecord(records, cells, recordLine);
  return { records };
}

function isBoundary(c: number, sep: number): boolean {
  return c === sep || c === 10 || c === 13;
}

function countNewlines(s: string): number {
  let count = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 10) count++;
    else if (c === 13 && s.charCodeAt(i + 1) !== 10) count++;
  }
  return count;
}

function pushRecord(records: TextRecord[], cells: string[], line: number): void {
  if (cells.every((c) => c.trim() === '')) return;
  records.push({ line, cells });
}

/** Tab-separated when the header has tabs and no commas (Excel's "Unicode text" export). */
export function guessSeparator(text: string): ',' | '\t' {
  const end = text.search(/[\r\n]/);
  const header = end < 0 ? text : text.slice(0, end);
  return header.includes('\t') && !header.includes(',') ? '\t' : ',';
}

/** Quotes a field when it needs it (same rule as org-matcher's toCsv). */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) || /^\s|\s$/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
