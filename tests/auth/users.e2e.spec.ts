import { randomUUID } from 'node:crypto';
import { jsonInit, request, startApi, type TestApi } from '../support/api';
import { createUnit, createUser, login, withAuth, type TestUser } from '../support/auth';

type Body = Record<string, unknown> & { error?: { code: string; message: string; details?: unknown } };
interface UserView {
  id: string;
  username: string;
  displayName: string;
  globalRoles: string[];
  units: { unitId: string; unitCode: string; role: string }[];
  isActive: boolean;
  mustChangePassword: boolean;
  password?: string;
}
type Page = { items: UserView[]; total: number; page: number; pageSize: number };

describe('users API: admin changes, scopes, mass assignment', () => {
  let api: TestApi;
  let schoolA: string;
  let schoolB: string;
  let tokens: Record<'admin' | 'leader' | 'headA' | 'memberA' | 'memberB', string>;
  let people: Record<'admin' | 'leader' | 'headA' | 'memberA' | 'memberA2' | 'memberB', TestUser>;

  const as = (who: keyof typeof tokens) => ({
    get: <T = Body>(path: string) => request<T>(`${api.url}${path}`, withAuth(tokens[who])),
    send: <T = Body>(method: string, path: string, body: unknown) =>
      request<T>(`${api.url}${path}`, withAuth(tokens[who], jsonInit(method, body))),
  });
  const row = async (id: string) =>
    (await api.db.query(`select username, display_name, email, global_roles, is_active, password_hash from users where id = $1`, [id]))[0];
  const memberships = async (id: string) =>
    (await api.db.query(`select unit_id, role from user_units where user_id = $1 order by unit_id, role`, [id])) as unknown[];

  beforeAll(async () => {
    api = await startApi({ QUEUE_PREFIX: `duban_test_users_${randomUUID()}` });
    schoolA = (await createUnit(api.db, { name: '甲小学' })).id;
    schoolB = (await createUnit(api.db, { name: '乙小学' })).id;
    people = {
      admin: await createUser(api.db, { globalRoles: ['admin'] }),
      leader: await createUser(api.db, { globalRoles: ['leader'] }),
      headA: await createUser(api.db, { units: [{ unitId: schoolA, role: 'department_head' }] }),
      memberA: await createUser(api.db, { units: [{ unitId: schoolA, role: 'unit_member' }] }),
      memberA2: await createUser(api.db, { units: [{ unitId: schoolA, role: 'unit_member' }] }),
      memberB: await createUser(api.db, { units: [{ unitId: schoolB, role: 'unit_member' }] }),
    };
    const sign = async (u: TestUser) => (await login(api.url, u.username, u.password)).accessToken;
    tokens = {
      admin: await sign(people.admin),
      leader: await sign(people.leader),
      headA: await sign(people.headA),
      memberA: await sign(people.memberA),
      memberB: await sign(people.memberB),
    };
  });
  afterAll(async () => api.close());

  describe('admin', () => {
    it('creates a user with a generated password returned once; the user must change it', async () => {
      const username = `new.${Date.now()}`;
      const res = await as('admin').send<UserView>('POST', '/api/users', {
        username,
        displayName: '新同事',
        email: 'new@duban.local',
        units: [{ unitId: schoolA, role: 'unit_member' }],
      });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        username,
        displayName: '新同事',
        globalRoles: [],
        mustChangePassword: true,
        units: [{ unitId: schoolA, role: 'unit_member' }],
      });
      expect(res.body.password).toMatch(/^[A-Za-z2-9]{16}$/);
      expect(JSON.stringify(res.body)).not.toMatch(/argon2|passwordHash/);
      expect((await login(api.url, username, res.body.password as string)).accessToken).toBeTruthy();
      // shown once: reading the user never shows a password
      expect(JSON.stringify((await as('admin').get(`/api/users/${res.body.id}`)).body)).not.toMatch(/password"|argon2/);
      const [audit] = await api.db.query(`select after from audit_events where action = 'user.created' and object_id = $1`, [res.body.id]);
      expect(audit.after).toMatchObject({ username });
      expect(JSON.stringify(audit)).not.toMatch(/argon2|passwordHash|password"/);
    });

    it('refuses a taken username (any case), an unknown unit, a bad username', async () => {
      expect(
        (await as('admin').send('POST', '/api/users', { username: people.memberA.username.toUpperCase(), displayName: 'x' })).status,
      ).toBe(400);
      expect((await as('admin').send('POST', '/api/users', { username: people.memberA.username, displayName: 'x' })).body.error?.code).toBe(
        'USERNAME_TAKEN',
      );
      const unknownUnit = await as('admin').send('POST', '/api/users', {
        username: `u.${Date.now()}`,
        displayName: 'x',
        units: [{ unitId: randomUUID(), role: 'unit_member' }],
      });
      expect(unknownUnit.body.error).toMatchObject({ code: 'UNIT_NOT_FOUND' });
      expect((await as('admin').send('POST', '/api/users', { username: '../admin', displayName: 'x' })).status).toBe(400);
    });

    it('updates names, roles and memberships with before/after audit (never the hash)', async () => {
      const u = await createUser(api.db, { units: [{ unitId: schoolA, role: 'unit_member' }] });
      const res = await as('admin').send<UserView>('PATCH', `/api/users/${u.id}`, {
        displayName: '改过的名字',
        units: [
          { unitId: schoolA, role: 'department_head' },
          { unitId: schoolB, role: 'unit_member' },
        ],
      });
      expect(res.status).toBe(200);
      expect(res.body.units.map((m) => m.role).sort()).toEqual(['department_head', 'unit_member']);
      const [audit] = await api.db.query(`select before, after from audit_events where action = 'user.updated' and object_id = $1`, [u.id]);
      expect(audit.before).toMatchObject({ displayName: expect.any(String), units: [{ role: 'unit_member' }] });
      expect(audit.after).toMatchObject({ displayName: '改过的名字' });
      expect(JSON.stringify(audit)).not.toMatch(/argon2|passwordHash/);
    });

    it('deactivating a user ends their sessions at once', async () => {
      const u = await createUser(api.db, { units: [{ unitId: schoolB, role: 'unit_member' }] });
      const t = await login(api.url, u.username, u.password);
      expect((await as('admin').send('PATCH', `/api/users/${u.id}`, { isActive: false })).status).toBe(200);
      expect((await request(`${api.url}/api/auth/me`, withAuth(t.accessToken))).status).toBe(401);
      expect((await request(`${api.url}/api/auth/refresh`, jsonInit('POST', { refreshToken: t.refreshToken }))).status).toBe(401);
    });

    it('cannot deactivate or demote themselves', async () => {
      const res = await as('admin').send('PATCH', `/api/users/${people.admin.id}`, { globalRoles: ['leader'] });
      expect(res.body.error?.code).toBe('CANNOT_DEMOTE_SELF');
      expect((await row(people.admin.id)).global_roles).toEqual(['admin']);
    });

    it('resets a password: old one and old sessions stop working, user must change it', async () => {
      const u = await createUser(api.db, { units: [{ unitId: schoolB, role: 'unit_member' }] });
      const t = await login(api.url, u.username, u.password);
      const res = await as('admin').send<{ password: string }>('POST', `/api/users/${u.id}/reset-password`, {});
      expect(res.status).toBe(200);
      expect((await request(`${api.url}/api/auth/me`, withAuth(t.accessToken))).status).toBe(401);
      const again = await login(api.url, u.username, res.body.password);
      // with a temporary password only /me (and password change, sign-out) answer
      const self = await request<{ id: string }>(`${api.url}/api/auth/me`, withAuth(again.accessToken));
      expect(self.body).toMatchObject({ id: u.id, mustChangePassword: true });
      expect((await as('admin').send('POST', `/api/users/${randomUUID()}/reset-password`, {})).status).toBe(404);
    });
  });

  describe('object scope (IDOR): someone outside the scope gets 404, never the record', () => {
    it('leaders see everyone', async () => {
      for (const u of [people.memberA, people.memberB, people.headA])
        expect((await as('leader').get(`/api/users/${u.id}`)).status).toBe(200);
    });

    it('a department head sees their unit’s users and themselves, not another school’s', async () => {
      expect((await as('headA').get(`/api/users/${people.memberA.id}`)).status).toBe(200);
      expect((await as('headA').get(`/api/users/${people.headA.id}`)).status).toBe(200);
      const other = await as('headA').get(`/api/users/${people.memberB.id}`);
      expect(other.status).toBe(404);
      expect(other.body.error).toMatchObject({ code: 'USER_NOT_FOUND', message: '用户不存在或无权访问' });
      const list = await as('headA').get<Page>(`/api/users?pageSize=200`);
      const ids = list.body.items.map((u) => u.id);
      expect(ids).toEqual(expect.arrayContaining([people.memberA.id, people.memberA2.id, people.headA.id]));
      expect(ids).not.toContain(people.memberB.id);
      // filtering by another unit only narrows the scope, never widens it
      const inB = await as('headA').get<Page>(`/api/users?unitId=${schoolB}&pageSize=200`);
      expect(inB.body.items.map((u) => u.id)).not.toContain(people.memberB.id);
    });

    it('a member of school A reading a user of school B (or a colleague) gets 404; the list holds only themselves', async () => {
      expect((await as('memberA').get(`/api/users/${people.memberB.id}`)).status).toBe(404);
      expect((await as('memberA').get(`/api/users/${people.memberA2.id}`)).status).toBe(404);
      expect((await as('memberA').get(`/api/users/${randomUUID()}`)).status).toBe(404);
      expect((await as('memberA').get(`/api/users/${people.memberA.id}`)).status).toBe(200);
      const list = await as('memberA').get<Page>(`/api/users?unitId=${schoolA}`);
      expect(list.body.items.map((u) => u.id)).toEqual([people.memberA.id]);
    });

    it('a member cannot assign or approve: every admin action is 403', async () => {
      expect((await as('memberA').send('POST', '/api/users', { username: 'x.y', displayName: 'x' })).status).toBe(403);
      expect((await as('memberA').send('POST', `/api/users/${people.memberA2.id}/reset-password`, {})).status).toBe(403);
      expect((await as('headA').send('PATCH', `/api/users/${people.memberA.id}`, { units: [] })).status).toBe(403);
    });
  });

  describe('mass assignment: nobody sets their own role, unit or activation through a body', () => {
    const protectedFields = [
      { globalRoles: ['admin'] },
      { units: [{ unitId: schoolB, role: 'department_head' }] },
      { isActive: false },
      { passwordHash: 'x' },
      { username: 'root' },
      { id: randomUUID() },
      { mustChangePassword: false },
    ];

    it.each(protectedFields.map((f) => [Object.keys(f)[0], f] as const))(
      'PATCH /api/auth/me with %s → 400, nothing changed',
      async (_k, field) => {
        const before = [await row(people.memberA.id), await memberships(people.memberA.id)];
        const res = await as('memberA').send('PATCH', '/api/auth/me', { displayName: '我自己', ...field });
        expect(res.status).toBe(400);
        expect(res.body.error).toMatchObject({ code: 'VALIDATION_FAILED' });
        expect([await row(people.memberA.id), await memberships(people.memberA.id)]).toEqual(before);
      },
    );

    it.each(protectedFields.map((f) => [Object.keys(f)[0], f] as const))(
      'PATCH /api/users/<self> with %s by a non-admin → 403, nothing changed',
      async (_k, field) => {
        const before = [await row(people.headA.id), await memberships(people.headA.id)];
        expect((await as('headA').send('PATCH', `/api/users/${people.headA.id}`, field)).status).toBe(403);
        expect((await as('memberA').send('POST', '/api/users', { username: `m.${Date.now()}`, displayName: 'x', ...field })).status).toBe(
          403,
        );
        expect([await row(people.headA.id), await memberships(people.headA.id)]).toEqual(before);
      },
    );

    it('even an admin cannot smuggle fields the API does not expose', async () => {
      const u = await createUser(api.db);
      const before = await row(u.id);
      for (const field of [
        { passwordHash: 'x' },
        { id: randomUUID() },
        { username: 'renamed' },
        { createdAt: '2000-01-01' },
        { mustChangePassword: false },
      ]) {
        expect((await as('admin').send('PATCH', `/api/users/${u.id}`, field)).status).toBe(400);
      }
      expect(
        (await as('admin').send('POST', '/api/users', { username: `s.${Date.now()}`, displayName: 'x', passwordHash: 'x' })).status,
      ).toBe(400);
      expect((await as('admin').send('PATCH', `/api/users/${u.id}`, { units: [{ unitId: schoolA, role: 'admin' }] })).status).toBe(400);
      expect((await as('admin').send('PATCH', `/api/users/${u.id}`, { globalRoles: ['superuser'] })).status).toBe(400);
      expect(await row(u.id)).toEqual(before);
    });

    it('a profile change that is allowed goes through', async () => {
      const res = await as('memberB').send<{ displayName: string }>('PATCH', '/api/auth/me', { displayName: '乙校经办人' });
      expect(res.status).toBe(200);
      expect(res.body.displayName).toBe('乙校经办人');
    });
  });

  describe('list filters', () => {
    it('filters by unit, role, activity and search; paginates', async () => {
      const byUnit = await as('admin').get<Page>(`/api/users?unitId=${schoolA}&role=unit_member&pageSize=1`);
      expect(byUnit.body.pageSize).toBe(1);
      expect(byUnit.body.items).toHaveLength(1);
      expect(byUnit.body.total).toBeGreaterThanOrEqual(2);
      const admins = await as('admin').get<Page>(`/api/users?role=admin&pageSize=200`);
      expect(admins.body.items.every((u) => u.globalRoles.includes('admin'))).toBe(true);
      const search = await as('admin').get<Page>(`/api/users?q=${encodeURIComponent(people.memberB.username.slice(-6))}`);
      expect(search.body.items.map((u) => u.id)).toContain(people.memberB.id);
    });

    it('LIKE metacharacters are searched literally', async () => {
      const odd = await createUser(api.db, { displayName: '百分之百%_\\测试' });
      const all = await as('admin').get<Page>(`/api/users?q=${encodeURIComponent('%')}&pageSize=200`);
      expect(all.body.items.map((u) => u.id)).toEqual([odd.id]);
      expect((await as('admin').get<Page>(`/api/users?q=${encodeURIComponent('_')}&pageSize=200`)).body.items.map((u) => u.id)).toEqual([
        odd.id,
      ]);
      expect((await as('admin').get<Page>(`/api/users?q=${encodeURIComponent('\\')}&pageSize=200`)).body.items.map((u) => u.id)).toEqual([
        odd.id,
      ]);
    });
  });
});
