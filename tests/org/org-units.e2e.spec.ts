import { jsonInit, request, startApi, type TestApi } from '../support/api';
import { createUser, signedIn, withAuth } from '../support/auth';

interface Unit {
  id: string;
  code: string;
  name: string;
  shortNames: string[];
  aliases: string[];
  type: string;
  tags: string[];
  parentId: string | null;
  archivedAt: string | null;
}
interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}

describe('org units: CRUD, archive, cycles, filters', () => {
  let api: TestApi;
  let admin: string;
  let root: Unit;
  let dept: Unit;
  let school: Unit;

  beforeAll(async () => {
    api = await startApi();
    admin = (await signedIn(api, 'admin')).accessToken;
  });
  afterAll(async () => api.close());

  const call = <T = Unit>(method: string, path: string, body?: unknown, token = admin) =>
    request<T>(`${api.url}/api/org/units${path}`, withAuth(token, body === undefined ? { method } : jsonInit(method, body)));
  const audits = async (id: string): Promise<{ action: string; before: unknown; after: unknown }[]> =>
    api.db.query(`select action, before, after from audit_events where object_type = 'org_unit' and object_id = $1 order by id`, [id]);

  it('creates a bureau, a department under it and a school under the department', async () => {
    const r1 = await call('POST', '', { code: 'CR', name: '增删改测试局', type: 'bureau', shortNames: ['测试局'] });
    expect(r1.status).toBe(201);
    root = r1.body;
    const r2 = await call('POST', '', {
      code: 'CR-D1',
      name: '基础教育科',
      type: 'department',
      shortNames: ['基教科|基础科'],
      parentId: root.id,
    });
    expect(r2.status).toBe(201);
    dept = r2.body;
    expect(dept.shortNames).toEqual(['基教科', '基础科']);
    const r3 = await call('POST', '', { code: 'CR-S1', name: '测试小学', type: 'school', tags: ['小学', '公办'], parentId: dept.id });
    expect(r3.status).toBe(201);
    school = r3.body;
    expect(await audits(school.id)).toEqual([expect.objectContaining({ action: 'org.unit.created' })]);

    const detail = await call<Unit & { parentChain: { code: string }[]; childCount: number }>('GET', `/${school.id}`);
    expect(detail.body.parentChain.map((p) => p.code)).toEqual(['CR', 'CR-D1']);
    expect((await call<{ childCount: number }>('GET', `/${root.id}`)).body.childCount).toBe(1);
  });

  it('refuses invalid units with 400 and a Chinese reason, duplicate codes with 409', async () => {
    const cases: [unknown, string][] = [
      [{ code: 'CR-S2', name: '无学段学校', type: 'school', tags: ['公办'], parentId: root.id }, 'SCHOOL_LEVEL_MISSING'],
      [{ code: 'CR-S3', name: '=cmd|calc', type: 'school', tags: ['小学'], parentId: root.id }, 'FORMULA'],
      [{ code: 'CR-S4', name: '标签错误', type: 'school', tags: ['小学', '重点'], parentId: root.id }, 'TAG_UNKNOWN'],
      [{ code: 'CR S5', name: '编码错误', type: 'department', parentId: root.id }, 'CODE_INVALID'],
      [{ code: 'CR-D9', name: '无上级科室', type: 'department' }, 'ROOT_TYPE'],
      [{ code: 'CR-D8', name: '', type: 'department', parentId: root.id }, 'NAME_MISSING'],
    ];
    for (const [body, code] of cases) {
      const res = await call<ErrorBody>('POST', '', body);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('ORG_UNIT_INVALID');
      expect(JSON.stringify(res.body.error.details)).toContain(code);
      expect(res.body.error.message).toMatch(/[\u4e00-\u9fff]/);
    }
    expect((await call<ErrorBody>('POST', '', { code: 'CR-X', name: '缺类型' })).status).toBe(400);
    expect((await call<ErrorBody>('POST', '', { code: 'CR-X', name: 'x', type: 'galaxy' })).status).toBe(400);
    const dup = await call<ErrorBody>('POST', '', { code: 'CR-D1', name: '重复', type: 'department', parentId: root.id });
    expect(dup.status).toBe(409);
    expect(dup.body.error.code).toBe('ORG_UNIT_CODE_TAKEN');
  });

  it('updates fields with before/after audit; an empty change writes nothing', async () => {
    const res = await call('PATCH', `/${dept.id}`, { name: '基础教育管理科', aliases: ['义务教育科'] });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ name: '基础教育管理科', aliases: ['义务教育科'], code: 'CR-D1' });
    const again = await call('PATCH', `/${dept.id}`, { name: '基础教育管理科' });
    expect(again.status).toBe(200);
    const events = await audits(dept.id);
    expect(events.filter((e) => e.action === 'org.unit.updated')).toEqual([
      {
        action: 'org.unit.updated',
        before: { name: '基础教育科', aliases: [] },
        after: { name: '基础教育管理科', aliases: ['义务教育科'] },
      },
    ]);
    expect((await call<ErrorBody>('PATCH', `/${dept.id}`, { name: null })).status).toBe(400);
    expect((await call<ErrorBody>('PATCH', `/${dept.id}`, { code: 'NEW' })).status).toBe(400);
  });

  it('moves a unit, but never under itself or its own descendant (409)', async () => {
    const dept2 = (await call('POST', '', { code: 'CR-D2', name: '德育科', type: 'department', parentId: root.id })).body;
    const moved = await call('PATCH', `/${school.id}`, { parentId: dept2.id });
    expect(moved.status).toBe(200);
    expect(moved.body.parentId).toBe(dept2.id);
    // root → under the school (its grandchild): a loop
    const cycle = await call<ErrorBody>('PATCH', `/${root.id}`, { parentId: school.id });
    expect(cycle.status).toBe(409);
    expect(cycle.body.error.code).toBe('ORG_UNIT_CYCLE');
    expect((await call<ErrorBody>('PATCH', `/${dept2.id}`, { parentId: dept2.id })).body.error.code).toBe('ORG_UNIT_CYCLE');
    expect((await call<ErrorBody>('PATCH', `/${school.id}`, { parentId: '00000000-0000-4000-8000-000000000000' })).status).toBe(422);
    await call('PATCH', `/${school.id}`, { parentId: dept.id });
  });

  it('archives (refusing units with active children or members), hides, and restores', async () => {
    const busy = await call<ErrorBody>('DELETE', `/${dept.id}`);
    expect(busy.status).toBe(409);
    expect(busy.body.error.code).toBe('ORG_UNIT_HAS_CHILDREN');

    const staffed = (await call('POST', '', { code: 'CR-U1', name: '教研室', type: 'direct_unit', parentId: root.id })).body;
    await createUser(api.db, { units: [{ unitId: staffed.id, role: 'unit_member' }] });
    expect((await call<ErrorBody>('DELETE', `/${staffed.id}`)).body.error.code).toBe('ORG_UNIT_HAS_MEMBERS');

    const archived = await call('DELETE', `/${school.id}`);
    expect(archived.status).toBe(200);
    expect(archived.body.archivedAt).not.toBeNull();
    const visible = await call<{ items: Unit[] }>('GET', `?parentId=${dept.id}`);
    expect(visible.body.items).toEqual([]);
    const all = await call<{ items: Unit[] }>('GET', `?parentId=${dept.id}&includeArchived=true`);
    expect(all.body.items.map((u) => u.code)).toEqual(['CR-S1']);
    expect((await call<ErrorBody>('PATCH', `/${school.id}`, { name: '改名' })).body.error.code).toBe('ORG_UNIT_ARCHIVED');

    // the department is now empty: archive it, then the school cannot come back before it does
    expect((await call('DELETE', `/${dept.id}`)).status).toBe(200);
    expect((await call<ErrorBody>('POST', `/${school.id}/restore`)).body.error.code).toBe('ORG_UNIT_PARENT_ARCHIVED');
    expect((await call('POST', `/${dept.id}/restore`)).status).toBe(200);
    const restored = await call('POST', `/${school.id}/restore`);
    expect(restored.status).toBe(200);
    expect(restored.body.archivedAt).toBeNull();
    expect((await audits(school.id)).map((e) => e.action)).toEqual([
      'org.unit.created',
      'org.unit.updated',
      'org.unit.updated',
      'org.unit.archived',
      'org.unit.restored',
    ]);
  });

  it('filters by name with SQL metacharacters taken literally', async () => {
    await call('POST', '', { code: 'CR-S9', name: '百分之100%小学', type: 'school', tags: ['小学'], parentId: root.id });
    await call('POST', '', { code: 'CR-S8', name: '下划线_小学', type: 'school', tags: ['小学'], parentId: root.id });
    const q = async (text: string) =>
      (await call<{ items: Unit[] }>('GET', `?parentId=${root.id}&q=${encodeURIComponent(text)}`)).body.items.map((u) => u.code);
    expect(await q('100%')).toEqual(['CR-S9']);
    expect(await q('%')).toEqual(['CR-S9']);
    expect(await q('_')).toEqual(['CR-S8']);
    expect(await q('\\')).toEqual([]);
    expect(await q("'; drop table org_units; --")).toEqual([]);
    expect(await q('测试局')).toEqual([]); // the root itself is not its own child
    expect(await q('基础科')).toEqual(['CR-D1']); // short name
    expect(await q('义务教育')).toEqual(['CR-D1']); // alias
    const sorted = await call<{ items: Unit[] }>('GET', `?parentId=${root.id}&type=school&sort=-code`);
    expect(sorted.body.items.map((u) => u.code)).toEqual(['CR-S9', 'CR-S8']);
  });

  it.each([
    ['q too long', `q=${'长'.repeat(101)}`],
    ['q with a NUL', 'q=%00'],
    ['q with a newline', 'q=a%0Ab'],
    ['tag too long', `tag=${'标'.repeat(21)}`],
    ['too many tags', `tag=${Array.from({ length: 11 }, (_, i) => `t${i}`).join(',')}`],
    ['unknown type', 'type=galaxy'],
    ['parentId not a uuid', "parentId=1' or '1'='1"],
    ['pageSize too large', 'pageSize=100000'],
    ['page not a number', 'page=abc'],
    ['unknown sort', 'sort=password'],
    ['unknown parameter', 'admin=true'],
    ['includeArchived not boolean', 'includeArchived=yes'],
  ])('answers 400, never 500: %s', async (_name, query) => {
    const res = await call<ErrorBody>('GET', `?${query}`);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
  });

  it('answers 400 for a malformed id and 404 for an unknown one', async () => {
    expect((await call<ErrorBody>('GET', '/not-a-uuid')).status).toBe(400);
    const missing = await call<ErrorBody>('GET', '/00000000-0000-4000-8000-000000000000');
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('ORG_UNIT_NOT_FOUND');
    expect((await call<ErrorBody>('DELETE', '/00000000-0000-4000-8000-000000000000')).status).toBe(404);
  });

  it('lets members read but not write', async () => {
    const member = await signedIn(api, 'unit_member');
    expect((await call('GET', '', undefined, member.accessToken)).status).toBe(200);
    expect((await call('GET', `/${root.id}`, undefined, member.accessToken)).status).toBe(200);
    expect((await call('POST', '', { code: 'CR-Z', name: 'x', type: 'department', parentId: root.id }, member.accessToken)).status).toBe(
      403,
    );
    expect((await call('PATCH', `/${root.id}`, { name: 'x' }, member.accessToken)).status).toBe(403);
    expect((await call('DELETE', `/${school.id}`, undefined, member.accessToken)).status).toBe(403);
    expect((await request(`${api.url}/api/org/units`)).status).toBe(401);
  });
});
