import type { UserColumn, UserRole } from './types';

/** Header spellings accepted for each column (compared after org-import's normalizeHeader). */
export const USER_HEADER_ALIASES: Record<UserColumn, readonly string[]> = {
  username: ['username', '用户名', '账号', '登录名'],
  display_name: ['display_name', 'displayname', 'name', '姓名', '显示名'],
  role: ['role', '角色'],
  unit_codes: ['unit_codes', 'unitcodes', 'unit_code', '所属单位编码', '单位编码', '所属单位代码'],
  email: ['email', 'e-mail', '邮箱', '电子邮箱', '电子邮件'],
};

/** Names used in messages. */
export const USER_COLUMN_LABELS: Record<UserColumn, string> = {
  username: '用户名',
  display_name: '姓名',
  role: '角色',
  unit_codes: '所属单位编码',
  email: '邮箱',
};

export const REQUIRED_USER_COLUMNS: readonly UserColumn[] = ['username', 'display_name', 'role', 'unit_codes'];

export const ROLE_LABELS: Record<UserRole, string> = {
  admin: '系统管理员',
  leader: '局领导',
  department_head: '科室负责人',
  unit_member: '经办人',
};

const ROLE_INDEX = new Map<string, UserRole>(
  (Object.entries(ROLE_LABELS) as [UserRole, string][]).flatMap(([role, label]) => [
    [role, role],
    [label, role],
  ]),
);

/** `unit_member`, `经办人`, `Unit_Member` → the role; undefined when unknown. */
export function parseRole(text: string): UserRole | undefined {
  return ROLE_INDEX.get(text.trim().toLowerCase()) ?? ROLE_INDEX.get(text.trim());
}

/** Same rule as the users table's CHECK, applied after lower-casing. */
export const USERNAME_PATTERN = /^[a-z0-9][a-z0-9_.-]{1,63}$/;

/** Deliberately plain: one @, something before, a dotted domain after, no spaces. */
export const EMAIL_PATTERN = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;
