import { jsonInit, request as anonymous, startApi, upload, type TestApi } from '../support/api';
import { signedIn, withAuth } from '../support/auth';
import { BASE_PLAN, distinctPlanText, planText } from '../support/plan-text';

interface DraftBody {
  planId: string;
  version: number;
  document: { sha256: string };
}

describe('plan lifecycle: duplicates', () => {
  let api: TestApi;
  let token: string;
  beforeAll(async () => {
    api = await startApi();
    token = (await signedIn(api, 'department_head')).accessToken;
  });
  afterAll(async () => api.close());

  const call = <T = Record<string, unknown>>(path: string, init: RequestInit = {}) =>
    anonymous<T>(`${api.url}${path}`, withAuth(token, init));
  // every test gets its own bytes, so one test's plans never block another's imports
  let n = 0;
  const freshBytes = (): Buffer => Buffer.from(planText(`${BASE_PLAN.title}（${++n}）`, BASE_PLAN.sections));
  const importBytes = (bytes: Buffer) => call<DraftBody>('/api/plans/import', upload(bytes, 'plan.txt'));

  it('refuses a second import of the same bytes with the plan it already is', async () => {
    const bytes = freshBytes();
    const first = await importBytes(bytes);
    expect(first.status).toBe(201);
    const second = await importBytes(bytes);
    expect(second.status).toBe(409);
    expect(second.body).toMatchObject({ error: { code: 'PLAN_DUPLICATE', details: { planId: first.body.planId } } });
    expect(JSON.stringify(second.body)).toContain('请勿重复导入');
    const plans = await api.db.query(
      `select distinct d.plan_id from plan_drafts d join plan_documents doc on doc.id = d.document_id where doc.sha256 = $1`,
      [first.body.document.sha256],
    );
    expect(plans).toHaveLength(1);
  });

  it('gives one plan and one 409 when the same bytes are imported twice at once', async () => {
    const bytes = freshBytes();
    const answers = await Promise.all([importBytes(bytes), importBytes(bytes)]);
    expect(answers.map((a) => a.status).sort()).toEqual([201, 409]);
  });

  it('still imports the same bytes as a revision of that plan', async () => {
    const bytes = freshBytes();
    const first = await importBytes(bytes);
    const revision = await call<DraftBody>(`/api/plans/${first.body.planId}/import`, upload(bytes, 'plan.txt'));
    expect(revision.status).toBe(201);
    expect(revision.body.planId).toBe(first.body.planId);
  });
});

describe('plan lifecycle: deleting and restoring a never-confirmed plan', () => {
  let api: TestApi;
  let token: string;
  let stranger: string;
  beforeAll(async () => {
    api = await startApi();
    token = (await signedIn(api, 'department_head')).accessToken;
    // a head of another department (signedIn makes a fresh unit)
    stranger = (await signedIn(api, 'department_head')).accessToken;
  });
  afterAll(async () => api.close());

  const call = <T = Record<string, unknown>>(path: string, init: RequestInit = {}, as = token) =>
    anonymous<T>(`${api.url}${path}`, withAuth(as, init));
  const bytesOf = () => Buffer.from(distinctPlanText(BASE_PLAN.title, BASE_PLAN.sections));
  const importBytes = (bytes: Buffer) => call<DraftBody>('/api/plans/import', upload(bytes, 'plan.txt'));
  const discard = (planId: string, version: number, as = token) =>
    call(`/api/plans/${planId}/draft?version=${version}`, { method: 'DELETE' }, as);
  const restore = (planId: string, as = token) => call<DraftBody>(`/api/plans/${planId}/restore`, { method: 'POST' }, as);
  const listed = async (planId: string) =>
    (await call<{ items: { id: string }[] }>('/api/plans?pageSize=100')).body.items.some((p) => p.id === planId);
  const actions = async (planId: string) =>
    (await api.db.query(`select action from audit_events where object_id = $1 order by id`, [planId])).map(
      (a: { action: string }) => a.action,
    );

  it('discarding the only draft removes the plan, frees its bytes, and restore brings it back', async () => {
    const bytes = bytesOf();
    const first = await importBytes(bytes);
    expect(first.status).toBe(201);
    expect(await listed(first.body.planId)).toBe(true);

    expect((await discard(first.body.planId, first.body.version)).status).toBe(204);
    expect((await call(`/api/plans/${first.body.planId}`)).status).toBe(404);
    expect(await listed(first.body.planId)).toBe(false);
    // the row, the document and the audit trail stay
    const [row] = await api.db.query(`select archived_at from plans where id = $1`, [first.body.planId]);
    expect(row.archived_at).not.toBeNull();
    expect(await actions(first.body.planId)).toEqual(['plan.imported', 'plan.archived']);

    const restored = await restore(first.body.planId);
    expect(restored.status).toBe(200);
    expect(restored.body.planId).toBe(first.body.planId);
    expect((await call(`/api/plans/${first.body.planId}`)).status).toBe(200);
    expect((await call(`/api/plans/${first.body.planId}/draft`)).status).toBe(200);
    expect(await listed(first.body.planId)).toBe(true);
    expect(await actions(first.body.planId)).toEqual(['plan.imported', 'plan.archived', 'plan.restored']);
    const [audit] = await api.db.query(`select before, after from audit_events where object_id = $1 and action = 'plan.restored'`, [
      first.body.planId,
    ]);
    expect(audit.before.archivedAt).not.toBeNull();
    expect(audit.after.archivedAt).toBeNull();
    // restored, it blocks its bytes again
    expect((await importBytes(bytes)).status).toBe(409);
  });

  it('lets the same bytes be imported again once the plan is gone, and then refuses the restore', async () => {
    const bytes = bytesOf();
    const first = await importBytes(bytes);
    await discard(first.body.planId, first.body.version);
    const again = await importBytes(bytes);
    expect(again.status).toBe(201);
    expect(again.body.planId).not.toBe(first.body.planId);

    const refused = await restore(first.body.planId);
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ error: { code: 'PLAN_DUPLICATE', details: { planId: again.body.planId } } });
    expect((await call(`/api/plans/${first.body.planId}`)).status).toBe(404);
  });

  it('keeps a confirmed plan when its revision draft is discarded', async () => {
    const first = await importBytes(bytesOf());
    const confirmed = await call(`/api/plans/${first.body.planId}/confirm`, jsonInit('POST', { version: first.body.version }));
    expect(confirmed.status).toBe(200);
    const revision = await call<DraftBody>(`/api/plans/${first.body.planId}/import`, upload(bytesOf(), 'v2.txt'));
    expect((await discard(first.body.planId, revision.body.version)).status).toBe(204);
    expect((await call(`/api/plans/${first.body.planId}`)).status).toBe(200);
    expect(await actions(first.body.planId)).not.toContain('plan.archived');
  });

  it("refuses another department's head with 403 PLAN_NOT_YOURS, for delete and restore", async () => {
    const first = await importBytes(bytesOf());
    const notYours = await discard(first.body.planId, first.body.version, stranger);
    expect(notYours.status).toBe(403);
    expect(notYours.body).toMatchObject({ error: { code: 'PLAN_NOT_YOURS' } });
    await discard(first.body.planId, first.body.version);
    const restoreNotYours = await restore(first.body.planId, stranger);
    expect(restoreNotYours.status).toBe(403);
    expect(restoreNotYours.body).toMatchObject({ error: { code: 'PLAN_NOT_YOURS' } });
    expect((await call(`/api/plans/${first.body.planId}`)).status).toBe(404);
  });

  it('refuses to restore a plan that is not archived', async () => {
    const first = await importBytes(bytesOf());
    expect((await restore(first.body.planId)).status).toBe(404);
  });
});
