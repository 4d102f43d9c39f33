import { request, startApi, type TestApi } from '../support/api';
import { authHeaders, createUnit, createUser, login } from '../support/auth';

interface AuditPage {
  items: { action: string; objectType: string; objectId: string; actor: string | null; before: unknown; after: unknown; at: string }[];
  total: number;
  page: number;
  pageSize: number;
}

describe('GET /api/audit', () => {
  let api: TestApi;
  const tokens: Record<string, string> = {};
  let adminId: string;

  beforeAll(async () => {
    api = await startApi();
    const department = await createUnit(api.db, { type: 'department', name: '审计测试科' });
    const school = await createUnit(api.db, { type: 'school', name: '审计测试小学', tags: ['小学', '公办'] });
    const specs = {
      admin: { globalRoles: ['admin' as const] },
      leader: { globalRoles: ['leader' as const] },
      head: { units: [{ unitId: department.id, role: 'department_head' as const }] },
      member: { units: [{ unitId: school.id, role: 'unit_member' as const }] },
    };
    for (const [role, spec] of Object.entries(specs)) {
      const user = await createUser(api.db, spec);
      if (role === 'admin') adminId = user.id;
      tokens[role] = (await login(api.url, user.username, user.password)).accessToken;
    }
    // a few events of our own to filter on
    for (let i = 0; i < 3; i++) {
      await api.db.query(
        `insert into audit_events (actor, action, object_type, object_id, after) values ($1, 'test.audit_filter', 'widget', $2, $3)`,
        [adminId, `w-${i}`, { n: i }],
      );
    }
  });
  afterAll(async () => api.close());

  const get = (role: string, query: string) => request<AuditPage>(`${api.url}/api/audit${query}`, { headers: authHeaders(tokens[role]) });

  it('admins and leaders read it; heads and unit members do not', async () => {
    expect((await get('admin', '')).status).toBe(200);
    expect((await get('leader', '')).status).toBe(200);
    expect((await get('head', '')).status).toBe(403);
    expect((await get('member', '')).status).toBe(403);
    expect((await request(`${api.url}/api/audit`)).status).toBe(401);
  });

  it('filters by action prefix, object and actor, newest first, paginated', async () => {
    const page = await get('leader', `?action=test.audit_&objectType=widget&actor=${adminId}&pageSize=2`);
    expect(page.status).toBe(200);
    expect(page.body.total).toBe(3);
    expect(page.body.items.map((e) => e.objectId)).toEqual(['w-2', 'w-1']);
    const second = await get('leader', `?action=test.audit_&objectType=widget&pageSize=2&page=2`);
    expect(second.body.items.map((e) => e.objectId)).toEqual(['w-0']);
    const oldest = await get('leader', `?action=test.audit_&sort=at&pageSize=1`);
    expect(oldest.body.items[0].after).toEqual({ n: 0 });
    const one = await get('admin', `?objectType=widget&objectId=w-1`);
    expect(one.body.items).toHaveLength(1);
  });

  it('a login is itself audited', async () => {
    const page = await get('admin', `?action=auth.login&actor=${adminId}`);
    expect(page.body.total).toBeGreaterThanOrEqual(1);
  });

  it.each([
    ['?action=' + encodeURIComponent("x' or 1=1 --")],
    ['?objectType=' + encodeURIComponent('widget;drop table audit_events')],
    ['?actor=' + 'a'.repeat(500)],
    ['?from=yesterday'],
    ['?pageSize=100000'],
    ['?sort=' + encodeURIComponent('at; delete')],
    ['?unknown=1'],
  ])('refuses a bad filter %s with 400, never 500', async (query) => {
    const res = await get('admin', query);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: { code: 'VALIDATION_FAILED' } });
  });

  it('an id with SQL metacharacters is just text', async () => {
    const res = await get('admin', `?objectId=${encodeURIComponent("w-1' or '1'='1")}`);
    expect(res.status).toBe(200);
    expect(res.body.total).toBe(0);
  });
});
