import { request as anonymous, startApi, upload, type TestApi } from '../support/api';
import { signedIn, withAuth } from '../support/auth';
import { BASE_PLAN, planText } from '../support/plan-text';

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
