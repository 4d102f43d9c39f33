export * from './types';
export { readUnitFile, type UnitFile } from './read';
export { planImport, analyseImport, changedFields, orderParentsFirst } from './plan';
export { planRows, type RowChange, type RowComparison, type ImportSummary, type PlannedImport } from './plan-rows';
export { validateUnitRecord, checkText, splitList, cleanCell, isBureauType, type FieldIssue } from './validate';
export { unitsToCsv, unitsToXlsx } from './export';
export { decodeText, type DecodedText } from './decode';
export { parseDelimited, guessSeparator, csvField, type TextRecord } from './csv';
export { readXlsxRecords, declaredUnzippedBytes, XlsxUnreadableError } from './xlsx';
export {
  ALLOWED_TAGS,
  LEVEL_TAGS,
  FUNDING_TAGS,
  ADMIN_LEVEL_TAGS,
  OTHER_TAGS,
  CODE_PATTERN,
  HEADER_ALIASES,
  TYPE_LABELS,
  parseUnitType,
  normalizeHeader,
  LIST_SEPARATORS,
} from './vocabulary';
export { readHeader, tooManyRows, type ColumnSpec, type ReadHeader, type SheetIssue } from './header';
