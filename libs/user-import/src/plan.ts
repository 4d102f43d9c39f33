import { planRows } from '@duban/org-import';
import { readUserFile, sortMemberships, type UserFile } from './read';
import {
  DEFAULT_USER_LIMITS,
  type ExistingUser,
  type KnownUnit,
  USER_COLUMNS,
  type UserColumn,
  type UserField,
  type UserImportIssue,
  type UserImportLimits,
  type UserImportReport,
  type UserRecord,
} from './types';
import { USER_COLUMN_LABELS } from './vocabulary';

export interface UserImportContext {
  /** every stored user whose username the file may name (more is fine); usernames lower-cased */
  users: Iterable<ExistingUser>;
  /** every stored unit, archived included */
  units: Iterable<KnownUnit>;
  /** the admin running the import: they cannot take their own admin role away through it */
  actorUsername?: string | null;
}

const FIELDS: readonly UserField[] = ['displayName', 'email', 'globalRoles', 'memberships'];

function same(field: UserField, a: UserRecord, b: UserRecord): boolean {
  switch (field) {
    case 'displayName':
    case 'email':
      return a[field] === b[field];
    case 'globalRoles':
      return [...a.globalRoles].sort().join(',') === [...b.globalRoles].sort().join(',');
    case 'memberships': {
      const key = (r: UserRecord): string =>
        sortMemberships(r.memberships)
          .map((m) => `${m.unitCode}\u0000${m.role}`)
          .join('\u0001');
      return key(a) === key(b);
    }
  }
}

/** The fields of `after` that differ from `before` (roles and memberships compare as sets). */
export function changedUserFields(before: UserRecord, after: UserRecord): UserField[] {
  return FIELDS.filter((f) => !same(f, before, after));
}

/**
 * Rules against the units and users already stored, then the plan: which rows create a user,
 * which update one, which change nothing. Pure: the caller loads the context and applies
 * `changes` in one transaction. Users absent from the file are left alone (an import never
 * deletes or deactivates anyone), and passwords are not the planner's business.
 */
export function planUserImport(file: UserFile, ctx: UserImportContext, limits: UserImportLimits = DEFAULT_USER_LIMITS): UserImportReport {
  const units = new Map<string, KnownUnit>();
  for (const u of ctx.units) units.set(u.code, u);
  const stored = new Map<string, ExistingUser>();
  for (const u of ctx.users) stored.set(u.username.toLowerCase(), u);
  const issues: UserImportIssue[] = [...file.issues];
  const column = (col: UserColumn): string => file.headers[col] ?? USER_COLUMN_LABELS[col];

  for (const r of file.rows) {
    for (const code of r.unitCodes) {
      const unit = units.get(code);
      if (!unit) {
        issues.push({
          line: r.line,
          column: column('unit_codes'),
          code: 'UNIT_UNKNOWN',
          reason: `单位编码“${code}”在系统中不存在`,
          value: code,
        });
      } else if (unit.archived) {
        issues.push({
          line: r.line,
          column: column('unit_codes'),
          code: 'UNIT_ARCHIVED',
          reason: `单位“${code}”已归档，不能再加入成员`,
          value: code,
        });
      }
    }
    const actor = ctx.actorUsername?.toLowerCase();
    if (actor && r.username === actor && !r.globalRoles.includes('admin') && stored.get(actor)?.globalRoles.includes('admin')) {
      issues.push({
        line: r.line,
        column: column('role'),
        code: 'CANNOT_DEMOTE_SELF',
        reason: '不能通过导入取消自己的系统管理员角色，请由其他管理员操作',
        value: r.role,
      });
    }
  }

  return planRows(
    file,
    file.rows,
    issues,
    { find: (r) => stored.get(r.username), fields: FIELDS, changed: changedUserFields, record: toRecord },
    { columns: USER_COLUMNS.map(column), maxListedErrors: limits.maxListedErrors },
  );
}

/** Reads and plans in one call (dry runs, tests). */
export async function analyseUserImport(
  bytes: Uint8Array,
  ctx: UserImportContext,
  limits: UserImportLimits = DEFAULT_USER_LIMITS,
): Promise<UserImportReport> {
  return planUserImport(await readUserFile(bytes, limits), ctx, limits);
}

function toRecord(u: ExistingUser): UserRecord {
  return {
    username: u.username,
    displayName: u.displayName,
    email: u.email,
    globalRoles: [...u.globalRoles].sort(),
    memberships: sortMemberships(u.memberships),
  };
}
