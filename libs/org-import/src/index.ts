export * from './types';
export { readUnitFile, type UnitFile } from './read';
export { planImport, analyseImport, changedFields, orderParentsFirst } from './plan';
export { validateUnitRecord, checkText, splitList, cleanCell, isBureauType, type FieldIssue } from './validate';
export { unitsToCsv, unitsToXlsx } from './export';
export { decodeText, type DecodedText } from './decode';
export { parseDelimited, csvField } from './csv';
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
} from './vocabulary';
