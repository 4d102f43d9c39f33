import {
  checkText,
  cleanCell,
  DEFAULT_LIMITS,
  declaredUnzippedBytes,
  decodeText,
  guessSeparator,
  parseDelimited,
  readXlsxRecords,
  splitList,
  type TextRecord,
  XlsxUnreadableError,
  readHeader,
  tooManyRows,
} from '@duban/org-import';
import {
  DEFAULT_USER_LIMITS,
  GLOBAL_ROLES,
  type Membership,
  type UnitRole,
  USER_COLUMNS,
  type UserColumn,
  type UserImportIssue,
  type UserImportLimits,
  type UserImportRow,
  type UserIssueCode,
  type UserRole,
} from './types';
import {
  EMAIL_PATTERN,
  parseRole,
  REQUIRED_USER_COLUMNS,
  ROLE_LABELS,
  USER_COLUMN_LABELS,
  USER_HEADER_ALIASES,
  USERNAME_PATTERN,
} from './vocabulary';

/** A users file read and checked row by row; rules against stored units and users are the planner's. */
export interface UserFile {
  format: 'csv' | 'xlsx' | null;
  encoding: string | null;
  /** data rows read (blank lines excluded) */
  rowCount: number;
  /** rows with a well-formed username and a known role (they may still have issues) */
  rows: (UserImportRow & { unitCodes: string[] })[];
  issues: UserImportIssue[];
  /** header text per column as the file wrote it, for messages */
  headers: Partial<Record<UserColumn, string>>;
}

const ROLE_HELP = `${Object.values(ROLE_LABELS).join('、')}（或 ${Object.keys(ROLE_LABELS).join('、')}）`;
const clip = (s: string): string => (s.length > 60 ? `${s.slice(0, 60)}…` : s);

function emptyFile(format: UserFile['format'], encoding: string | null, code: UserIssueCode, reason: string): UserFile {
  return { format, encoding, rowCount: 0, rows: [], issues: [{ line: 0, column: '', code, reason }], headers: {} };
}

const isZip = (b: Uint8Array): boolean => b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04;
const isOleCompound = (b: Uint8Array): boolean => b[0] === 0xd0 && b[1] === 0xcf && b[2] === 0x11 && b[3] === 0xe0;

/**
 * .csv (UTF-8, UTF-8 BOM, GB18030, UTF-16; comma or tab) or .xlsx, told apart by content, with
 * org-import's readers; then the users columns (English or Chinese headers) row by row.
 */
export async function readUserFile(bytes: Uint8Array, limits: UserImportLimits = DEFAULT_USER_LIMITS): Promise<UserFile> {
  if (bytes.length > limits.maxBytes) {
    return emptyFile(null, null, 'FILE_TOO_LARGE', `文件超过 ${Math.round(limits.maxBytes / 1024 / 1024)} MB 上限，请拆分后分批导入`);
  }
  if (bytes.length === 0) return emptyFile(null, null, 'FILE_EMPTY', '文件为空');
  if (isOleCompound(bytes)) {
    return emptyFile(null, null, 'FILE_OLD_XLS', '不支持旧版 .xls 文件，请在 Excel 中另存为 .xlsx 或 .csv（UTF-8）后导入');
  }
  if (isZip(bytes)) {
    try {
      if (declaredUnzippedBytes(bytes) > limits.maxUnzippedBytes) {
        return emptyFile('xlsx', null, 'FILE_TOO_LARGE', '.xlsx 解压后过大（可能是压缩炸弹），已拒绝');
      }
      return readRecords(await readXlsxRecords(bytes), 'xlsx', null, limits);
    } catch (e) {
      if (e instanceof XlsxUnreadableError) return emptyFile('xlsx', null, 'FILE_UNREADABLE', e.reasonZh);
      throw e;
    }
  }
  const decoded = decodeText(bytes);
  if (!decoded || decoded.text.includes('\u0000')) {
    return emptyFile('csv', null, 'FILE_UNREADABLE', '无法识别文件编码，请保存为 UTF-8 或 GB18030 编码的 CSV，或 .xlsx 文件');
  }
  const parsed = parseDelimited(decoded.text, guessSeparator(decoded.text));
  const file = readRecords(parsed.records, 'csv', decoded.encoding, limits);
  if (parsed.unterminatedQuoteLine !== undefined) {
    file.issues.push({
      line: parsed.unterminatedQuoteLine,
      column: '',
      code: 'ROW_MALFORMED',
      reason: '引号未闭合：从这一行起的内容无法读取，请检查是否缺少右引号 "',
    });
  }
  return file;
}

function readRecords(records: TextRecord[], format: 'csv' | 'xlsx', encoding: string | null, limits: UserImportLimits): UserFile {
  if (records.length === 0) return emptyFile(format, encoding, 'FILE_EMPTY', '文件没有任何内容');
  const [header, ...data] = records;
  const file: UserFile = { format, encoding, rowCount: data.length, rows: [], issues: [], headers: {} };
  const { index, headers, issues } = readHeader(header, {
    aliases: USER_HEADER_ALIASES,
    labels: USER_COLUMN_LABELS,
    required: REQUIRED_USER_COLUMNS,
  });
  file.headers = headers;
  file.issues.push(...issues);
  if (file.issues.length > 0) return file;
  const overflow = tooManyRows(data, limits.maxRows);
  if (overflow) {
    file.issues.push(overflow);
    return file;
  }
  const width = Math.max(...Object.values(index).map((i) => i + 1));
  const usernameLines = new Map<string, number>();
  for (const record of data) readRow(file, record, index, width, limits, usernameLines);
  return file;
}

function readRow(
  file: UserFile,
  record: TextRecord,
  index: Partial<Record<UserColumn, number>>,
  width: number,
  limits: UserImportLimits,
  usernameLines: Map<string, number>,
): void {
  const issue = (col: UserColumn, code: UserIssueCode, reason: string, value?: string): void => {
    file.issues.push({
      line: record.line,
      column: file.headers[col] ?? USER_COLUMN_LABELS[col],
      code,
      reason,
      ...(value !== undefined ? { value } : {}),
    });
  };
  const cell = (col: UserColumn): string => (index[col] === undefined ? '' : cleanCell(record.cells[index[col]] ?? ''));

  const extra = record.cells.findIndex((c, i) => i >= width && c.trim() !== '');
  if (extra >= 0) {
    file.issues.push({
      line: record.line,
      column: `第 ${extra + 1} 列`,
      code: 'ROW_TOO_MANY_FIELDS',
      reason: '这一行的内容比表头多出若干列（可能是某个值里的逗号没有加引号）',
      value: clip(cleanCell(record.cells[extra])),
    });
  }
  // every cell: length, control characters and formula leads, as org-import refuses them
  const bad = new Set<UserColumn>();
  for (const col of USER_COLUMNS) {
    // checkText labels issues with a unit column; only its code, reason and value are used here
    for (const i of checkText('name', cell(col), { ...DEFAULT_LIMITS, maxCellLength: limits.maxCellLength })) {
      issue(col, i.code as UserIssueCode, i.reason, i.value);
      bad.add(col);
    }
  }

  const username = cell('username').toLowerCase();
  let usernameOk = false;
  if (!bad.has('username')) {
    if (username === '') issue('username', 'USERNAME_MISSING', '用户名不能为空');
    else if (!USERNAME_PATTERN.test(username)) {
      issue('username', 'USERNAME_INVALID', '用户名为 2–64 位小写字母、数字、点、下划线或连字符，以字母或数字开头', clip(username));
    } else usernameOk = true;
  }
  if (usernameOk) {
    const first = usernameLines.get(username);
    if (first !== undefined) {
      issue('username', 'USERNAME_DUPLICATE', `用户名“${username}”与第 ${first} 行重复`, username);
      usernameOk = false;
    } else usernameLines.set(username, record.line);
  }

  const displayName = cell('display_name');
  if (!bad.has('display_name')) {
    if (displayName === '') issue('display_name', 'DISPLAY_NAME_MISSING', '姓名不能为空');
    else if (displayName.length > limits.maxDisplayNameLength) {
      issue(
        'display_name',
        'VALUE_TOO_LONG',
        `姓名过长（${displayName.length} 字符，上限 ${limits.maxDisplayNameLength}）`,
        clip(displayName),
      );
    }
  }

  const roleText = cell('role');
  let role: UserRole | undefined;
  if (!bad.has('role')) {
    if (roleText === '') issue('role', 'ROLE_MISSING', `角色不能为空，可用：${ROLE_HELP}`);
    else {
      role = parseRole(roleText);
      if (!role) issue('role', 'ROLE_UNKNOWN', `未知角色“${clip(roleText)}”，可用：${ROLE_HELP}`, clip(roleText));
    }
  }

  const unitCodes = bad.has('unit_codes') ? [] : splitList(cell('unit_codes'));
  if (unitCodes.length > limits.maxUnits) {
    issue('unit_codes', 'TOO_MANY_UNITS', `所属单位最多 ${limits.maxUnits} 个，实际 ${unitCodes.length} 个`);
  } else if (role && !isGlobal(role) && unitCodes.length === 0 && !bad.has('unit_codes')) {
    issue('unit_codes', 'UNITS_MISSING', `${ROLE_LABELS[role]}必须填写所属单位编码（多个用 | 分隔）`);
  }

  const emailText = cell('email');
  if (!bad.has('email') && emailText !== '') {
    if (emailText.length > limits.maxEmailLength) {
      issue('email', 'VALUE_TOO_LONG', `邮箱过长（${emailText.length} 字符，上限 ${limits.maxEmailLength}）`, clip(emailText));
    } else if (!EMAIL_PATTERN.test(emailText)) {
      issue('email', 'EMAIL_INVALID', `“${clip(emailText)}”不是有效的邮箱地址`, clip(emailText));
    }
  }

  if (!usernameOk || !role) return;
  const global = isGlobal(role);
  file.rows.push({
    line: record.line,
    username,
    displayName,
    email: emailText === '' ? null : emailText,
    role,
    globalRoles: global ? [role as (typeof GLOBAL_ROLES)[number]] : [],
    memberships: global ? [] : sortMemberships(unitCodes.map((unitCode) => ({ unitCode, role: role as UnitRole }))),
    unitCodes,
  });
}

export function isGlobal(role: UserRole): boolean {
  return (GLOBAL_ROLES as readonly string[]).includes(role);
}

/** By unit code, then role: the order in which memberships are compared and stored in plans. */
export function sortMemberships(list: readonly Membership[]): Membership[] {
  return [...list].sort((a, b) =>
    a.unitCode < b.unitCode ? -1 : a.unitCode > b.unitCode ? 1 : a.role < b.role ? -1 : a.role > b.role ? 1 : 0,
  );
}
