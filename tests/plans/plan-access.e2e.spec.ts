import { jsonInit, request, startApi, upload, type TestApi } from '../support/api';
import { createUnit, createUser, login, signedIn, withAuth } from '../support/auth';
import { BASE_PLAN, distinctPlanText } from '../support/plan-text';

describe('who may change a plan', () => {
  let api: TestApi;
  const token: Record<string, string> = {};

  beforeAll(async () => {
    api = await startApi();
    const jjk = await createUnit(api.db, { type: 'department', name: '计划权限测试基教科' });
    const dyk = await createUnit(api.db, { type: 'department', name: '计划权限测试德育科' });
    for (const [name, unitId] of [
      ['importer', jjk.id],
      ['colleague', jjk.id],
      ['otherHead', dyk.id],
    ] as const) {
      const u = await createUser(api.db, { units: [{ unitId, role: 'department_head' }] });
      token[name] = (await login(api.url, u.username, u.password)).accessToken;
    }
    token.admin = (await signedIn(api, 'admin')).accessToken;
  });
  afterAll(async () => api.close());

  const importAs = async (who: string) => {
    const res = await request<{ planId: string; version: number }>(
      `${api.url}/api/plans/import`,
      withAuth(token[who], upload(Buffer.from(distinctPlanText(BASE_PLAN.title, BASE_PLAN.sections)), 'plan.txt')),
    );
    expect(res.status).toBe(201);
    return res.body;
  };
  const as = (who: string, method: string, path: string, body: unknown) =>
    request(`${api.url}${path}`, withAuth(token[who], jsonInit(method, body)));

  it('a head of another department reads the draft but cannot edit or confirm it', async () => {
    const draft = await importAs('importer');
    expect((await request(`${api.url}/api/plans/${draft.planId}/draft`, withAuth(token.otherHead))).status).toBe(200);
    const edit = await as('otherHead', 'PATCH', `/api/plans/${draft.planId}/draft`, {
      version: draft.version,
      operations: [{ op: 'updatePlan', title: 'x' }],
    });
    expect(edit.status).toBe(403);
    expect(edit.body).toMatchObject({ error: { code: 'PLAN_NOT_YOURS' } });
    expect((await as('otherHead', 'POST', `/api/plans/${draft.planId}/confirm`, { version: draft.version })).status).toBe(403);
    const unchanged = await request<{ version: number }>(`${api.url}/api/plans/${draft.planId}/draft`, withAuth(token.importer));
    expect(unchanged.body.version).toBe(draft.version);
  });

  it('a head of the same department and an admin can', async () => {
    const draft = await importAs('importer');
    const edited = await as('colleague', 'PATCH', `/api/plans/${draft.planId}/draft`, {
      version: draft.version,
      operations: [{ op: 'updatePlan', title: '修订后的标题' }],
    });
    expect(edited.status).toBe(200);
    expect((await as('admin', 'POST', `/api/plans/${draft.planId}/confirm`, { version: draft.version + 1 })).status).toBe(200);
  });

  it('an unknown plan is 404 whoever asks', async () => {
    const res = await as('otherHead', 'POST', `/api/plans/00000000-0000-4000-8000-000000000000/confirm`, { version: 1 });
    expect(res.status).toBe(404);
  });
});
