import type { PlannedImport, RowChange } from '@duban/org-import';

/** The columns of seeds/org/users.csv, in file order. */
export const USER_COLUMNS = ['username', 'display_name', 'role', 'unit_codes', 'email'] as const;
export type UserColumn = (typeof USER_COLUMNS)[number];

export const GLOBAL_ROLES = ['admin', 'leader'] as const;
export const UNIT_ROLES = ['department_head', 'unit_member'] as const;
export type GlobalRole = (typeof GLOBAL_ROLES)[number];
export type UnitRole = (typeof UNIT_ROLES)[number];
export type UserRole = GlobalRole | UnitRole;

export interface Membership {
  unitCode: string;
  role: UnitRole;
}

/**
 * One user as the import sets it: a file row means "this user has exactly these roles". Admin and
 * leader rows hold bureau-wide roles only (their unit codes are checked, then ignored: a membership
 * would add unit-member rights a read-only leader must not have). Memberships sorted by code, role.
 */
export interface UserRecord {
  username: string;
  displayName: string;
  email: string | null;
  globalRoles: GlobalRole[];
  memberships: Membership[];
}

/** A user read from an import file, with the line it came from (1 = header) and the role as written. */
export interface UserImportRow extends UserRecord {
  line: number;
  role: UserRole;
}

/** A user already stored, as the caller passes it (username lower-cased). */
export type ExistingUser = UserRecord;

/** A unit already stored: unit codes must name an active one. */
export interface KnownUnit {
  code: string;
  archived: boolean;
}

export type UserIssueCode =
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
  | 'USERNAME_MISSING'
  | 'USERNAME_INVALID'
  | 'USERNAME_DUPLICATE'
  | 'DISPLAY_NAME_MISSING'
  | 'ROLE_MISSING'
  | 'ROLE_UNKNOWN'
  | 'UNITS_MISSING'
  | 'UNIT_UNKNOWN'
  | 'UNIT_ARCHIVED'
  | 'TOO_MANY_UNITS'
  | 'EMAIL_INVALID'
  | 'VALUE_TOO_LONG'
  | 'FORMULA'
  | 'CONTROL_CHAR'
  | 'CANNOT_DEMOTE_SELF';

/** One problem, located so a person can fix the file: line 1 is the header, column as written there. */
export interface UserImportIssue {
  line: number;
  column: string;
  code: UserIssueCode;
  /** Chinese, for people */
  reason: string;
  value?: string;
}

export type UserField = 'displayName' | 'email' | 'globalRoles' | 'memberships';

export type UserChange = RowChange<UserImportRow, UserRecord, UserField>;

/** The plan of a user import; its changes come in file order. */
export type UserImportReport = PlannedImport<UserImportIssue, UserChange>;

export interface UserImportLimits {
  maxBytes: number;
  maxRows: number;
  maxListedErrors: number;
  maxCellLength: number;
  /** the users table's CHECK */
  maxDisplayNameLength: number;
  maxEmailLength: number;
  /** the users API's bound on memberships */
  maxUnits: number;
  /** xlsx: declared uncompressed size of the whole archive */
  maxUnzippedBytes: number;
}

export const DEFAULT_USER_LIMITS: UserImportLimits = {
  maxBytes: 10 * 1024 * 1024,
  maxRows: 5000,
  maxListedErrors: 1000,
  maxCellLength: 2000,
  maxDisplayNameLength: 100,
  maxEmailLength: 200,
  maxUnits: 50,
  maxUnzippedBytes: 100 * 1024 * 1024,
};
