import ExcelJS from 'exceljs';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { seedOrgUnits } from '../../apps/cli/src/commands/seed-org';
import { encodeGb18030 } from '../../libs/org-import/test/gb18030';
import { request, startIsolatedApi, upload, type TestApi } from '../support/api';
import { login, signedIn, withAuth } from '../support/auth';
import type { ImportReportBody } from '../support/import-report';
import { REPO_ROOT } from '../support/seeds';

interface ImportBody extends ImportReportBody {
  changes: { line: number; username: string; kind: string; fields: string[] }[];
  temporaryPasswords?: { username: string; temporaryPassword: string }[];
}
type Reply = ImportBody & { error?: { code: string; details: ImportBody } };

const SEED = readFileSync(path.join(REPO_ROOT, 'seeds/org/users.csv'));
const HEADER = 'username,display_name,role,unit_codes,email';
const csv = (...lines: string[]): Buffer => Buffer.from([HEADER, ...lines].join('\n'));

describe('users import through HTTP (own database)', () => {
  let api: TestApi;
  let admin: string;
  let adminId: string;
  let adminName: string;

  beforeAll(async () => {
    api = await startIsolatedApi();
    await seedOrgUnits(api.db);
    const a = await signedIn(api, 'admin');
    admin = a.accessToken;
    adminId = a.id;
    adminName = a.username;
  });
  afterAll(async () => api.close());

  const importFile = (bytes: Uint8Array, name: string, dryRun: boolean, token = admin) =>
    request<Reply>(`${api.url}/api/users/import?dryRun=${dryRun}`, withAuth(token, upload(bytes, name)));
  const count = async (sql: string, params: unknown[] = []): Promise<number> => Number((await api.db.query(sql, params))[0].n);
  const users = () => count(`select count(*)::int as n from users`);
  const memberships = () => count(`select count(*)::int as n from user_units`);
  const importEvents = () => count(`select count(*)::int as n from audit_events where action = 'users.imported'`);
  // xmin changes whenever a row is rewritten: the aggregate proves "nothing was written"
  const footprint = async (): Promise<string> =>
    (
      await api.db.query(
        `select (select string_agg(xmin::text || updated_at::text, ',' order by username) from users)
             || '/' || (select count(*) from user_units) || '/' || (select count(*) from audit_events) as v`,
      )
    )[0].v;
  const unitsOf = async (username: string): Promise<string[]> =>
    (
      await api.db.query(
        `select o.code || ':' || m.role as x from user_units m join users u on u.id = m.user_id join org_units o on o.id = m.unit_id
          where u.username = $1 order by 1`,
        [username],
      )
    ).map((r: { x: string }) => r.x);

  it('dry-runs the 210 demo users: the plan, no passwords, nothing written', async () => {
    const before = await footprint();
    const res = await importFile(SEED, 'users.csv', true);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ ok: true, dryRun: true, rows: 210, errors: [], summary: { create: 210, update: 0, unchanged: 0 } });
    expect(res.body.changes).toHaveLength(210);
    expect(res.body.changes[0]).toMatchObject({ line: 2, username: 'admin', kind: 'create' });
    expect(res.body.temporaryPasswords).toBeUndefined();
    expect(await footprint()).toBe(before);
  });

  it('imports them in one run with roles, memberships and one-time passwords; re-importing changes nothing', async () => {
    const res = await importFile(SEED, 'users.csv', false);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ ok: true, dryRun: false, summary: { create: 210, update: 0, unchanged: 0 } });
    expect(await users()).toBe(211);
    // every unit-role row of the file: one membership per unit code; admin/leader rows none
    const expected = SEED.toString('utf8')
      .split('\n')
      .slice(1)
      .filter((l) => /,(department_head|unit_member),/.test(l))
      .reduce((n, l) => n + l.split(',')[3].split('|').length, 0);
    expect(await memberships()).toBe(expected);
    expect(await unitsOf('admin')).toEqual([]);
    expect(await unitsOf('jjk.head')).toEqual(['DL-D-JJK:department_head']);
    const roles = await api.db.query(`select username, global_roles from users where username in ('admin', 'leader.liu') order by 1`);
    expect(roles).toEqual([
      { username: 'admin', global_roles: ['admin'] },
      { username: 'leader.liu', global_roles: ['leader'] },
    ]);

    const passwords = new Map(res.body.temporaryPasswords!.map((p) => [p.username, p.temporaryPassword]));
    expect(passwords.size).toBe(210);
    const hashes = await api.db.query(`select password_hash from users where username = 'jjk.head'`);
    expect(JSON.stringify(res.body)).not.toContain(hashes[0].password_hash);
    for (const username of ['jjk.head', 'leader.liu']) {
      const t = await login(api.url, username, passwords.get(username)!);
      const [{ id }] = await api.db.query(`select id from users where username = $1`, [username]);
      // with a temporary password only /me (and password change, sign-out) answer
      const self = await request<{ id: string; mustChangePassword: boolean }>(`${api.url}/api/auth/me`, withAuth(t.accessToken));
      expect(self.body).toMatchObject({ id, mustChangePassword: true });
    }
    expect(await importEvents()).toBe(1);
    const [event] = await api.db.query(`select actor, after from audit_events where action = 'users.imported'`);
    expect(event.actor).toBe(adminId);
    expect(event.after).toMatchObject({ rows: 210, summary: { create: 210 }, updated: [] });
    expect(JSON.stringify(event.after)).not.toMatch(/argon2|temporaryPassword/);

    const before = await footprint();
    const again = await importFile(SEED, 'users.csv', false);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ ok: true, summary: { create: 0, update: 0, unchanged: 210 }, changes: [] });
    expect(again.body.temporaryPasswords).toEqual([]);
    expect(await footprint()).toBe(before);
    // the one-time passwords still work: an import never touches an existing user's password
    await login(api.url, 's001.member', passwords.get('s001.member')!);
  });

  it('lists every bad row in a dry run; the real run answers 422 and writes nothing', async () => {
    const file = csv(
      'fresh.one,新人,unit_member,DL-D-JJK,fresh@duban.local', // 2: fine on its own
      ',无名,unit_member,DL-D-JJK,', // 3
      'Bad User,空格,unit_member,DL-D-JJK,', // 4
      'fresh.one,重复,unit_member,DL-D-JJK,', // 5
      'no.name,,unit_member,DL-D-JJK,', // 6
      'x.role,某人,超级用户,DL-D-JJK,', // 7
      'x.units,某人,unit_member,NO-SUCH-UNIT,', // 8
      'x.nounit,某人,经办人,,', // 9
      'x.mail,某人,leader,,not-an-email', // 10
      `x.long,${'长'.repeat(101)},unit_member,DL-D-JJK,`, // 11
      'x.formula,=HYPERLINK("http://evil"),unit_member,DL-D-JJK,', // 12
      `${adminName},管理员自己,unit_member,DL-D-JJK,`, // 13
    );
    const dry = await importFile(file, 'bad.csv', true);
    expect(dry.status).toBe(200);
    expect(dry.body.ok).toBe(false);
    expect(dry.body.errors.map((e) => [e.line, e.column, e.code])).toEqual([
      [3, 'username', 'USERNAME_MISSING'],
      [4, 'username', 'USERNAME_INVALID'],
      [5, 'username', 'USERNAME_DUPLICATE'],
      [6, 'display_name', 'DISPLAY_NAME_MISSING'],
      [7, 'role', 'ROLE_UNKNOWN'],
      [8, 'unit_codes', 'UNIT_UNKNOWN'],
      [9, 'unit_codes', 'UNITS_MISSING'],
      [10, 'email', 'EMAIL_INVALID'],
      [11, 'display_name', 'VALUE_TOO_LONG'],
      [12, 'display_name', 'FORMULA'],
      [13, 'role', 'CANNOT_DEMOTE_SELF'],
    ]);
    for (const e of dry.body.errors) expect(e.reason).toMatch(/[\u4e00-\u9fff]/);
    expect(dry.body.changes).toEqual([]);

    const before = await footprint();
    const real = await importFile(file, 'bad.csv', false);
    expect(real.status).toBe(422);
    expect(real.body.error?.code).toBe('USERS_IMPORT_INVALID');
    expect(real.body.error?.details.errors).toEqual(dry.body.errors);
    expect(await footprint()).toBe(before);
    expect(await count(`select count(*)::int as n from users where username = 'fresh.one'`)).toBe(0);
  });

  it('reads a GB18030 CSV with Chinese headers and role names', async () => {
    const text = [
      '用户名,姓名,角色,所属单位编码,邮箱',
      'gb.head,国标科长,科室负责人,DL-D-JJK|DL-D-BGS,gb.head@duban.local',
      'gb.leader,国标领导,局领导,DL,',
    ].join('\r\n');
    const res = await importFile(encodeGb18030(text), '用户.csv', false);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ ok: true, encoding: 'gb18030', summary: { create: 2, update: 0, unchanged: 0 } });
    expect(res.body.temporaryPasswords!.map((p) => p.username)).toEqual(['gb.head', 'gb.leader']);
    expect(await unitsOf('gb.head')).toEqual(['DL-D-BGS:department_head', 'DL-D-JJK:department_head']);
    const [row] = await api.db.query(`select display_name, global_roles, must_change_password from users where username = 'gb.leader'`);
    expect(row).toEqual({ display_name: '国标领导', global_roles: ['leader'], must_change_password: true });
  });

  it('reads an .xlsx built with exceljs', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('用户');
    ws.addRow(['username', 'display_name', 'role', 'unit_codes', 'email']);
    ws.addRow(['xlsx.member', '表格用户', 'unit_member', 'DL-D-JJK', 'xlsx@duban.local']);
    const bytes = new Uint8Array(await wb.xlsx.writeBuffer());
    const res = await importFile(bytes, 'users.xlsx', false);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ ok: true, format: 'xlsx', summary: { create: 1 } });
    const t = await login(api.url, 'xlsx.member', res.body.temporaryPasswords![0].temporaryPassword);
    expect(t.accessToken).toBeTruthy();
    expect(await unitsOf('xlsx.member')).toEqual(['DL-D-JJK:unit_member']);
  });

  it('applies a changed display name and membership, audited with before and after', async () => {
    const file = csv('jjk.member,改过的名字,unit_member,DL-D-BGS,jjk.member@duban.local');
    const dry = await importFile(file, 'change.csv', true);
    expect(dry.body).toMatchObject({
      ok: true,
      summary: { create: 0, update: 1, unchanged: 0 },
      changes: [{ line: 2, username: 'jjk.member', kind: 'update', fields: ['displayName', 'memberships'] }],
    });
    const [{ password_hash: hashBefore }] = await api.db.query(`select password_hash from users where username = 'jjk.member'`);
    const eventsBefore = await importEvents();
    const res = await importFile(file, 'change.csv', false);
    expect(res.status).toBe(200);
    expect(res.body.summary).toEqual({ create: 0, update: 1, unchanged: 0 });
    expect(res.body.temporaryPasswords).toEqual([]);
    expect(await unitsOf('jjk.member')).toEqual(['DL-D-BGS:unit_member']);
    const [row] = await api.db.query(`select display_name, password_hash, must_change_password from users where username = 'jjk.member'`);
    expect(row).toMatchObject({ display_name: '改过的名字', password_hash: hashBefore });
    expect(await importEvents()).toBe(eventsBefore + 1);
    const [event] = await api.db.query(`select after from audit_events where action = 'users.imported' order by id desc limit 1`);
    expect(event.after.updated).toEqual([
      {
        username: 'jjk.member',
        before: { display_name: expect.any(String), units: [{ unitCode: 'DL-D-JJK', role: 'unit_member' }] },
        after: { display_name: '改过的名字', units: [{ unitCode: 'DL-D-BGS', role: 'unit_member' }] },
      },
    ]);
    expect(JSON.stringify(event.after)).not.toContain(hashBefore);
    // the same file again: nothing to do
    const before = await footprint();
    expect((await importFile(file, 'change.csv', false)).body.summary).toEqual({ create: 0, update: 0, unchanged: 1 });
    expect(await footprint()).toBe(before);
  });

  it('refuses anyone without users:manage (403) and requests without a file', async () => {
    const head = await signedIn(api, 'department_head');
    expect((await importFile(SEED, 'users.csv', true, head.accessToken)).status).toBe(403);
    const leader = await signedIn(api, 'leader');
    expect((await importFile(SEED, 'users.csv', true, leader.accessToken)).status).toBe(403);
    const noFile = await request<Reply>(`${api.url}/api/users/import`, withAuth(admin, { method: 'POST' }));
    expect(noFile.status).toBe(415);
  });
});
