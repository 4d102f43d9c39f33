import ExcelJS from 'exceljs';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  analyseUserImport,
  changedUserFields,
  DEFAULT_USER_LIMITS,
  type ExistingUser,
  type KnownUnit,
  parseRole,
  readUserFile,
  type UserImportReport,
} from '@duban/user-import';
import { encodeGb18030 } from '../../org-import/test/gb18030';

const SEED = readFileSync(path.join(__dirname, '../../../seeds/org/users.csv'));
const SEED_UNITS: KnownUnit[] = readFileSync(path.join(__dirname, '../../../seeds/org/units.csv'), 'utf8')
  .split(/\r?\n/)
  .slice(1)
  .filter((l) => l.trim() !== '')
  .map((l) => ({ code: l.split(',')[0], archived: false }));
const HEADER = 'username,display_name,role,unit_codes,email';
const csv = (...lines: string[]): Buffer => Buffer.from([HEADER, ...lines].join('\n'));
const UNITS: KnownUnit[] = [
  { code: 'U1', archived: false },
  { code: 'U2', archived: false },
  { code: 'OLD', archived: true },
];
const codesOf = (r: UserImportReport): string[] => r.errors.map((e) => e.code);
const asExisting = (r: UserImportReport): ExistingUser[] =>
  r.changes.map(({ row }) => ({
    username: row.username,
    displayName: row.displayName,
    email: row.email,
    globalRoles: row.globalRoles,
    memberships: row.memberships,
  }));

describe('readUserFile + planUserImport', () => {
  it('plans the 210 demo users; admin and leader rows get global roles only; a re-plan changes nothing', async () => {
    const first = await analyseUserImport(SEED, { users: [], units: SEED_UNITS });
    expect(first).toMatchObject({ ok: true, format: 'csv', rows: 210, errors: [], summary: { create: 210, update: 0, unchanged: 0 } });
    const admin = first.changes.find((c) => c.row.username === 'admin')!.row;
    expect(admin).toMatchObject({ globalRoles: ['admin'], memberships: [] });
    const head = first.changes.find((c) => c.row.username === 'jjk.head')!.row;
    expect(head).toMatchObject({ globalRoles: [], memberships: [{ unitCode: 'DL-D-JJK', role: 'department_head' }] });
    const again = await analyseUserImport(SEED, { users: asExisting(first), units: SEED_UNITS });
    expect(again.summary).toEqual({ create: 0, update: 0, unchanged: 210 });
    expect(again.changes).toEqual([]);
  });

  it('reports every kind of bad row with line, column and a Chinese reason, and plans nothing', async () => {
    const file = csv(
      'ok.user,好人,unit_member,U1,ok@duban.local', // 2: fine
      ',无名,unit_member,U1,', // 3
      'Bad User,空格,unit_member,U1,', // 4
      'ok.user,重复,unit_member,U2,', // 5
      'no.name,,unit_member,U1,', // 6
      'x.role,某人,超级用户,U1,', // 7
      'x.units,某人,unit_member,NOPE|OLD,', // 8
      'x.nounit,某人,经办人,,', // 9
      'x.mail,某人,leader,,not-an-email', // 10
      `x.long,${'长'.repeat(101)},unit_member,U1,`, // 11
      'x.formula,=HYPERLINK("http://evil"),unit_member,U1,', // 12
      'x.role2,某人,,U1,', // 13
    );
    const r = await analyseUserImport(file, { users: [], units: UNITS });
    expect(r.ok).toBe(false);
    expect(r.changes).toEqual([]);
    expect(r.errors.map((e) => [e.line, e.column, e.code])).toEqual([
      [3, 'username', 'USERNAME_MISSING'],
      [4, 'username', 'USERNAME_INVALID'],
      [5, 'username', 'USERNAME_DUPLICATE'],
      [6, 'display_name', 'DISPLAY_NAME_MISSING'],
      [7, 'role', 'ROLE_UNKNOWN'],
      [8, 'unit_codes', 'UNIT_UNKNOWN'],
      [8, 'unit_codes', 'UNIT_ARCHIVED'],
      [9, 'unit_codes', 'UNITS_MISSING'],
      [10, 'email', 'EMAIL_INVALID'],
      [11, 'display_name', 'VALUE_TOO_LONG'],
      [12, 'display_name', 'FORMULA'],
      [13, 'role', 'ROLE_MISSING'],
    ]);
    for (const e of r.errors) expect(e.reason).toMatch(/[\u4e00-\u9fff]/);
    expect(r.errors[2].reason).toContain('第 2 行');
    expect(r.summary).toEqual({ create: 1, update: 0, unchanged: 0 });
  });

  it('reads Chinese headers and role names from a GB18030 file, lower-cases usernames', async () => {
    const text = ['用户名,姓名,角色,所属单位编码,邮箱', 'Zhang.San,张三,科室负责人,U1|U2,zs@duban.local', 'li.si,李四,局领导,U1,'].join(
      '\r\n',
    );
    const r = await analyseUserImport(encodeGb18030(text), { users: [], units: UNITS });
    expect(r).toMatchObject({ ok: true, encoding: 'gb18030', summary: { create: 2 } });
    expect(r.changes.map((c) => c.row)).toMatchObject([
      {
        username: 'zhang.san',
        displayName: '张三',
        globalRoles: [],
        memberships: [
          { unitCode: 'U1', role: 'department_head' },
          { unitCode: 'U2', role: 'department_head' },
        ],
      },
      { username: 'li.si', globalRoles: ['leader'], memberships: [], email: null },
    ]);
  });

  it('reads .xlsx and refuses formula cells there too', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('用户');
    ws.addRow(['用户名', '姓名', '角色', '所属单位编码', '邮箱']);
    ws.addRow(['x.one', '一号', 'unit_member', 'U1', 'one@duban.local']);
    ws.addRow(['x.two', { formula: '1+1' }, 'unit_member', 'U1', '']);
    const bytes = new Uint8Array(await wb.xlsx.writeBuffer());
    const r = await analyseUserImport(bytes, { users: [], units: UNITS });
    expect(r.format).toBe('xlsx');
    expect(r.errors).toMatchObject([{ line: 3, column: '姓名', code: 'FORMULA' }]);
  });

  it('plans updates by field, never for an unchanged user, and refuses an admin demoting themselves', async () => {
    const existing: ExistingUser[] = [
      { username: 'a.admin', displayName: '管理员', email: null, globalRoles: ['admin'], memberships: [] },
      {
        username: 'b.member',
        displayName: '旧名',
        email: null,
        globalRoles: [],
        memberships: [{ unitCode: 'U1', role: 'unit_member' }],
      },
      { username: 'c.same', displayName: '不变', email: null, globalRoles: [], memberships: [{ unitCode: 'U2', role: 'unit_member' }] },
    ];
    const file = csv('a.admin,管理员,unit_member,U1,', 'b.member,新名,unit_member,U2,', 'c.same,不变,经办人,U2,');
    const r = await analyseUserImport(file, { users: existing, units: UNITS, actorUsername: 'a.admin' });
    expect(r.errors).toMatchObject([{ line: 2, column: 'role', code: 'CANNOT_DEMOTE_SELF' }]);
    const other = await analyseUserImport(file, { users: existing, units: UNITS, actorUsername: 'someone.else' });
    expect(other.summary).toEqual({ create: 0, update: 2, unchanged: 1 });
    expect(other.changes.find((c) => c.row.username === 'b.member')).toMatchObject({
      kind: 'update',
      fields: ['displayName', 'memberships'],
      before: { displayName: '旧名' },
    });
  });

  it('refuses headers it does not know, missing columns, too many rows and unreadable files', async () => {
    expect(codesOf(await analyseUserImport(Buffer.from('username,姓名,foo\n'), { users: [], units: UNITS }))).toEqual([
      'HEADER_MISSING_COLUMN',
      'HEADER_MISSING_COLUMN',
      'HEADER_UNKNOWN_COLUMN',
    ]);
    const many = csv(...Array.from({ length: 4 }, (_, i) => `u${i}.x,某人,unit_member,U1,`));
    const limited = await analyseUserImport(many, { users: [], units: UNITS }, { ...DEFAULT_USER_LIMITS, maxRows: 3 });
    expect(limited.errors).toMatchObject([{ line: 5, code: 'TOO_MANY_ROWS' }]);
    expect(codesOf(await analyseUserImport(Buffer.alloc(0), { users: [], units: [] }))).toEqual(['FILE_EMPTY']);
    expect((await readUserFile(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 1, 2]))).issues[0].code).toBe('FILE_OLD_XLS');
  });

  it('parses roles in English and Chinese; compares roles and memberships as sets', () => {
    expect(['admin', '系统管理员', 'Leader', '局领导', '科室负责人', '经办人', 'x'].map(parseRole)).toEqual([
      'admin',
      'admin',
      'leader',
      'leader',
      'department_head',
      'unit_member',
      undefined,
    ]);
    const a = {
      username: 'x',
      displayName: 'X',
      email: null,
      globalRoles: [],
      memberships: [
        { unitCode: 'B', role: 'unit_member' as const },
        { unitCode: 'A', role: 'unit_member' as const },
      ],
    };
    expect(changedUserFields(a, { ...a, memberships: [...a.memberships].reverse() })).toEqual([]);
    expect(changedUserFields(a, { ...a, email: 'x@y.cn' })).toEqual(['email']);
  });
});
