import type { PlannedImport, RowChange } from './plan-rows';

export type OrgUnitType = 'bureau' | 'district_bureau' | 'department' | 'direct_unit' | 'school';

/** The columns of seeds/org/units.csv, in file order. */
export const UNIT_COLUMNS = ['code', 'name', 'short_names', 'aliases', 'type', 'tags', 'parent_code'] as const;
export type UnitColumn = (typeof UNIT_COLUMNS)[number];

/**
 * Columns a file may carry besides UNIT_COLUMNS; never exported, so an export → import round trip
 * leaves them as they are. `supervision_office` (督查室: 是/否) flags the unit whose members route plans.
 */
export const OPTIONAL_COLUMNS = ['supervision_office'] as const;
export type ImportColumn = UnitColumn | (typeof OPTIONAL_COLUMNS)[number];

/** One unit as files carry it: the parent by code, never by database id. */
export interface UnitRecord {
  code: string;
  name: string;
  shortNames: string[];
  aliases: string[];
  type: OrgUnitType;
  tags: string[];
  parentCode: string | null;
  /** the supervision-office flag; undefined (no column, or an empty cell) leaves it unchanged */
  supervisionOffice?: boolean;
}

/** A unit read from an import file, with the line it came from (1 = header). */
export interface ImportRow extends UnitRecord {
  line: number;
}

/** A unit already in the database, as the caller passes it to the planner. */
export interface ExistingUnit extends UnitRecord {
  archived: boolean;
}

export type IssueCode =
  | 'FILE_TOO_LARGE'
  | 'FILE_EMPTY'
  | 'FILE_UNREADABLE'
  | 'FILE_OLD_XLS'
  | 'HEADER_MISSING_COLUMN'
  | 'HEADER_UNKNOWN_COLUMN'
  | 'HEADER_DUPLICATE_COLUMN'
  | 'TOO_MANY_ROWS'
  | 'ROW_MALFORMED'
  | 'ROW_TOO_MANY_FIELDS'
  | 'CODE_MISSING'
  | 'CODE_INVALID'
  | 'CODE_DUPLICATE'
  | 'NAME_MISSING'
  | 'TYPE_MISSING'
  | 'TYPE_UNKNOWN'
  | 'TAG_UNKNOWN'
  | 'TAG_CONFLICT'
  | 'SCHOOL_LEVEL_MISSING'
  | 'ROOT_TYPE'
  | 'PARENT_SELF'
  | 'PARENT_UNKNOWN'
  | 'PARENT_ARCHIVED'
  | 'CYCLE'
  | 'VALUE_TOO_LONG'
  | 'TOO_MANY_ITEMS'
  | 'FORMULA'
  | 'CONTROL_CHAR'
  | 'UNIT_ARCHIVED'
  | 'FLAG_INVALID';

/** One problem, located so a person can fix the file: line 1 is the header, column as written there. */
export interface ImportIssue {
  line: number;
  column: string;
  code: IssueCode;
  /** Chinese, for people */
  reason: string;
  value?: string;
}

export type UnitChange = RowChange<ImportRow, UnitRecord, keyof UnitRecord>;

/** The plan of an org-unit import; its changes come parents before children. */
export interface ImportReport extends PlannedImport<ImportIssue, UnitChange> {
  /** reported, never blocking */
  warnings: ImportIssue[];
}

export interface ImportLimits {
  maxBytes: number;
  maxRows: number;
  maxListedErrors: number;
  maxNameLength: number;
  maxListItemLength: number;
  maxListItems: number;
  maxCellLength: number;
  /** xlsx: declared uncompressed size of the whole archive */
  maxUnzippedBytes: number;
}

export const DEFAULT_LIMITS: ImportLimits = {
  maxBytes: 10 * 1024 * 1024,
  maxRows: 100_000,
  maxListedErrors: 1000,
  maxNameLength: 200,
  maxListItemLength: 100,
  maxListItems: 30,
  maxCellLength: 2000,
  maxUnzippedBytes: 100 * 1024 * 1024,
};
