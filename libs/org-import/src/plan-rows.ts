/**
 * The planning loop every row import shares (org units, users): rows without issues are classified
 * against what is stored, issues are sorted as a person reads the file, and the report is built.
 */

/** A row the import creates or updates. */
export interface RowChange<Row, StoredRecord, Field> {
  kind: 'create' | 'update';
  row: Row;
  /** for updates: the record as stored, and which fields the file changes */
  before?: StoredRecord;
  fields: Field[];
}

export interface ImportSummary {
  create: number;
  update: number;
  unchanged: number;
}

/** How one import compares a row with the record it would update. */
export interface RowComparison<Row, Stored, StoredRecord, Field> {
  /** the stored record the row names, if any */
  find(row: Row): Stored | undefined;
  /** every field a created record sets */
  fields: readonly Field[];
  changed(before: Stored, row: Row): Field[];
  record(before: Stored): StoredRecord;
}

/** What a planned import reports, before anything is written. */
export interface PlannedImport<Issue, Change> {
  ok: boolean;
  format: 'csv' | 'xlsx' | null;
  encoding: string | null;
  /** data rows read (blank lines excluded) */
  rows: number;
  /** at most the limit's maxListedErrors; errorCount has them all */
  errors: Issue[];
  errorCount: number;
  summary: ImportSummary;
  /** creates and updates in the order they apply; empty when there are errors */
  changes: Change[];
}

/**
 * Classifies the rows (in the given order) that have no issue: create, update with the fields it
 * changes, or unchanged; then reports. Issues are sorted by line, then by the column's place in
 * `columns` (columns not listed last). Changes are only handed out when there is no error.
 */
export function planRows<Row extends { line: number }, Stored, StoredRecord, Field, Issue extends { line: number; column: string }>(
  file: { format: 'csv' | 'xlsx' | null; encoding: string | null; rowCount: number },
  rows: Iterable<Row>,
  issues: Issue[],
  compare: RowComparison<NoInfer<Row>, Stored, StoredRecord, Field>,
  options: { columns: readonly string[]; maxListedErrors: number },
): PlannedImport<Issue, RowChange<Row, StoredRecord, Field>> {
  const rowsWithIssues = new Set(issues.map((i) => i.line));
  const changes: RowChange<Row, StoredRecord, Field>[] = [];
  const summary: ImportSummary = { create: 0, update: 0, unchanged: 0 };
  for (const r of rows) {
    if (rowsWithIssues.has(r.line)) continue;
    const before = compare.find(r);
    if (before === undefined) {
      summary.create++;
      changes.push({ kind: 'create', row: r, fields: [...compare.fields] });
      continue;
    }
    const fields = compare.changed(before, r);
    if (fields.length === 0) summary.unchanged++;
    else {
      summary.update++;
      changes.push({ kind: 'update', row: r, before: compare.record(before), fields });
    }
  }
  const order = new Map<string, number>(options.columns.map((c, i) => [c, i]));
  issues.sort((a, b) => a.line - b.line || (order.get(a.column) ?? 99) - (order.get(b.column) ?? 99));
  const ok = issues.length === 0;
  return {
    ok,
    format: file.format,
    encoding: file.encoding,
    rows: file.rowCount,
    errors: issues.slice(0, options.maxListedErrors),
    errorCount: issues.length,
    summary,
    changes: ok ? changes : [],
  };
}
