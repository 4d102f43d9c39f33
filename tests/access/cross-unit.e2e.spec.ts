import { request, upload } from '../support/api';
import { withAuth } from '../support/auth';
import { distinctTail } from '../support/plan-text';
import { SAMPLES } from '../evidence/support/http';
import { PLAN_TEXT, World, YEAR, type ErrorBody, type TaskView } from '../tasks/world';

/**
 * Every task, assignment, evidence, timeline, 任务分解表, inbox and plan endpoint, called by people
 * who must not see the object: a school that has nothing to do with the task (memberC), a
 * department head of another department (headJijiao), and a member of the lead unit whose own lead
 * assignment was cancelled (memberA). Objects answer 404 (their existence is not revealed), plan
 * ownership 403 PLAN_NOT_YOURS, and lists never contain the rows.
 */
describe('cross-unit access', () => {
  let w: World;
  let planId: string;
  let task: TaskView;
  let leadA: string; // schoolA's lead assignment, cancelled below
  let coopB: string; // schoolB's cooperating assignment
  let evidenceId: string;
  let extensionId: string;
  let changeRequestId: string;

  beforeAll(async () => {
    w = await World.create();
    planId = await w.confirmedPlan();
    task = (await w.decompose(planId))[1]; // owned by 组织科
    const assigned = await w.call<{ assignments: { id: string; unitId: string }[] }>(
      'headZuzhi',
      'POST',
      `/api/tasks/${task.id}/assignments`,
      {
        units: [
          { unitId: w.units.schoolA, role: 'lead' },
          { unitId: w.units.schoolB, role: 'cooperating' },
        ],
      },
    );
    expect(assigned.status).toBe(201);
    leadA = assigned.body.assignments.find((a) => a.unitId === w.units.schoolA)!.id;
    coopB = assigned.body.assignments.find((a) => a.unitId === w.units.schoolB)!.id;

    const uploaded = await request<{ id: string }>(
      `${w.api.url}/api/assignments/${coopB}/evidence`,
      withAuth(w.tokens.memberB, upload(SAMPLES.pdf(), '方案.pdf')),
    );
    expect(uploaded.status).toBe(201);
    evidenceId = uploaded.body.id;
    const asked = await w.move('memberB', coopB, 'request-extension', { reason: '施工延误', newDueDate: `${YEAR}-09-30` });
    expect(asked.status).toBe(200);
    extensionId = (await w.assignment('memberB', coopB)).body.extensionRequests[0].id;

    // before the cancellation the lead unit sees its cooperating unit: the refusals below are the cancellation's doing
    expect((await w.assignment('memberA', coopB)).status).toBe(200);
    const cancelled = await w.move('headZuzhi', leadA, 'cancel', { reason: '牵头单位调整' });
    expect(cancelled.status).toBe(200);

    const cr = await w.call<{ id: string }>('headZuzhi', 'POST', `/api/tasks/${task.id}/change-requests`, {
      kind: 'adjust',
      proposed: { title: '建强基层组织（调整）' },
      reason: '表述调整',
    });
    expect(cr.status).toBe(201);
    changeRequestId = cr.body.id;
  });
  afterAll(async () => w.close());

  const version = (id: string) => w.version(id);

  it('refuses assignments, extension requests and evidence of other units with 404', async () => {
    const cases: ['memberC' | 'memberA', string, string, () => Promise<unknown>][] = [];
    for (const who of ['memberC', 'memberA'] as const) {
      const b = coopB;
      cases.push(
        [who, 'GET', `/api/assignments/${b}`, async () => undefined],
        [who, 'POST', `/api/assignments/${b}/progress`, async () => ({ percent: 10 })],
        [who, 'POST', `/api/assignments/${b}/start`, async () => ({ version: await version(b) })],
        [who, 'POST', `/api/assignments/${b}/submit`, async () => ({ version: await version(b) })],
        [who, 'POST', `/api/assignments/${b}/approve`, async () => ({ version: await version(b) })],
        [who, 'POST', `/api/assignments/${b}/return`, async () => ({ version: await version(b), reason: '不行' })],
        [
          who,
          'POST',
          `/api/assignments/${b}/request-extension`,
          async () => ({ version: await version(b), reason: '延', newDueDate: `${YEAR}-10-01` }),
        ],
        [who, 'POST', `/api/extension-requests/${extensionId}/approve`, async () => ({ version: await version(b) })],
        [who, 'POST', `/api/extension-requests/${extensionId}/deny`, async () => ({ version: await version(b), reason: '不同意' })],
        [who, 'GET', `/api/assignments/${b}/evidence`, async () => undefined],
        [who, 'GET', `/api/evidence/${evidenceId}/download`, async () => undefined],
        [who, 'DELETE', `/api/evidence/${evidenceId}`, async () => undefined],
        [who, 'POST', `/api/evidence/${evidenceId}/accept`, async () => ({})],
        [who, 'POST', `/api/evidence/${evidenceId}/return`, async () => ({ reason: '不清楚' })],
        // 催办: a cancelled lead unit no longer urges its cooperating units
        [who, 'POST', `/api/assignments/${b}/urge`, async () => ({ message: '请抓紧' })],
        [who, 'GET', `/api/assignments/${b}/urgings`, async () => undefined],
      );
    }
    // the unrelated school sees nothing of the task, the cancelled lead included
    cases.push(
      ['memberC', 'GET', `/api/assignments/${leadA}`, async () => undefined],
      ['memberC', 'GET', `/api/tasks/${task.id}`, async () => undefined],
      ['memberC', 'GET', `/api/tasks/${task.id}/evidence-requirements`, async () => undefined],
    );
    const wrong: string[] = [];
    for (const [who, method, path, body] of cases) {
      const res = await w.call<ErrorBody>(who, method, path, await body());
      if (res.status !== 404) wrong.push(`${who} ${method} ${path} → ${res.status} ${JSON.stringify(res.body).slice(0, 120)}`);
    }
    expect(wrong).toEqual([]);
    // nothing moved: every refusal happened before any write
    const [row] = await w.api.db.query(`SELECT state FROM assignments WHERE id = $1`, [coopB]);
    expect(row.state).toBe('extension_requested');
    const [ev] = await w.api.db.query(`SELECT review_state, withdrawn_at FROM evidence_files WHERE id = $1`, [evidenceId]);
    expect(ev).toEqual({ review_state: 'pending', withdrawn_at: null });
    expect(await w.api.db.query(`SELECT id FROM urgings WHERE assignment_id = $1`, [coopB])).toEqual([]);
  });

  it("refuses another department's head on the task's management endpoints with 404", async () => {
    const cases: [string, string, unknown][] = [
      ['PATCH', `/api/tasks/${task.id}`, { version: task.version, title: '改' }],
      ['POST', `/api/tasks/${task.id}/split`, { version: task.version, parts: [{ title: 'a' }, { title: 'b' }] }],
      ['POST', `/api/tasks/${task.id}/assignments`, { units: [{ unitId: w.units.schoolC, role: 'cooperating' }] }],
      ['POST', `/api/tasks/${task.id}/assignments/bulk`, { unitSet: { types: ['school'] }, role: 'cooperating' }],
      ['POST', `/api/tasks/${task.id}/change-requests`, { kind: 'cancel', reason: '不要了' }],
      ['POST', `/api/change-requests/${changeRequestId}/approve`, {}],
      ['POST', `/api/change-requests/${changeRequestId}/return`, { reason: '不同意' }],
      ['PUT', `/api/tasks/${task.id}/evidence-requirements`, { items: [{ name: '方案' }] }],
      ['POST', `/api/assignments/${coopB}/cancel`, { version: await version(coopB), reason: '取消' }],
      ['GET', `/api/tasks/${task.id}`, undefined],
      ['GET', `/api/assignments/${coopB}`, undefined],
      ['POST', `/api/assignments/${coopB}/urge`, {}],
      ['POST', `/api/assignments/${coopB}/notices`, {}],
    ];
    const wrong: string[] = [];
    for (const [method, path, body] of cases) {
      const res = await w.call<ErrorBody>('headJijiao', method, path, body);
      if (res.status !== 404) wrong.push(`${method} ${path} → ${res.status} ${JSON.stringify(res.body).slice(0, 120)}`);
    }
    expect(wrong).toEqual([]);
  });

  it('lists never include rows of other units', async () => {
    const hidden = { memberC: [leadA, coopB], memberA: [coopB], headJijiao: [leadA, coopB] } as const;
    for (const [who, ids] of Object.entries(hidden) as [keyof typeof hidden, readonly string[]][]) {
      for (const path of ['/api/assignments?pageSize=200', '/api/inbox/actions?pageSize=200', '/api/inbox/reviews?pageSize=200']) {
        const res = await w.call<{ items: { id: string }[] }>(who, 'GET', path);
        expect([who, path, res.status]).toEqual([who, path, 200]);
        expect(res.body.items.map((i) => i.id).filter((id) => ids.includes(id))).toEqual([]);
      }
      const requests = await w.call<{ items: { id: string }[] }>(who, 'GET', '/api/inbox/change-requests?pageSize=200');
      expect(requests.body.items.map((i) => i.id)).not.toContain(changeRequestId);
    }
    for (const who of ['memberC', 'headJijiao'] as const) {
      const tasks = await w.call<{ items: { id: string }[] }>(who, 'GET', `/api/tasks?planId=${planId}&pageSize=200`);
      expect(tasks.body.items.map((t) => t.id)).not.toContain(task.id);
    }
    // the row exists and shows up for someone who may see it: the lists above are not just empty
    const all = await w.call<{ items: { id: string }[] }>('admin', 'GET', '/api/assignments?pageSize=200');
    expect(all.body.items.map((i) => i.id)).toEqual(expect.arrayContaining([leadA, coopB]));
  });

  it("a task's timeline shows a unit its own part, not the other units'", async () => {
    const text = async (who: 'memberB' | 'memberA' | 'headZuzhi') => {
      const res = await w.task(who, task.id);
      expect(res.status).toBe(200);
      return JSON.stringify(res.body);
    };
    const b = await text('memberB');
    expect(b).toContain(coopB);
    expect(b).not.toContain(leadA);
    expect(b).not.toContain(w.units.schoolA);
    const a = await text('memberA');
    expect(a).toContain(leadA);
    expect(a).not.toContain(coopB);
    expect(a).not.toContain(w.units.schoolB);
    // the owner sees the whole history: the redaction is scoped, not blanket
    const owner = await text('headZuzhi');
    for (const id of [leadA, coopB, w.units.schoolA, w.units.schoolB]) expect(owner).toContain(id);
  });

  it('the 任务分解表 is refused to a school without plans:read and to an unrelated department', async () => {
    const get = (who: 'memberC' | 'memberB' | 'headJijiao' | 'headZuzhi' | 'leader') =>
      fetch(`${w.api.url}/api/plans/${planId}/task-sheet.xlsx`, withAuth(w.tokens[who], {}));
    expect((await get('memberC')).status).toBe(403);
    expect((await get('memberB')).status).toBe(403);
    expect([403, 404]).toContain((await get('headJijiao')).status);
    expect((await get('headZuzhi')).status).toBe(200);
    expect((await get('leader')).status).toBe(200);
    const imported = await request<ErrorBody>(
      `${w.api.url}/api/plans/${planId}/task-sheet/import`,
      withAuth(w.tokens.headJijiao, upload(Buffer.from('x'), 'sheet.xlsx')),
    );
    expect([403, 404]).toContain(imported.status);
  });

  it("refuses another department's head on a plan it does not own with 403 PLAN_NOT_YOURS", async () => {
    const decomposed = await w.call<ErrorBody & { tasks?: unknown }>('headJijiao', 'POST', `/api/plans/${planId}/tasks/decompose`, {});
    expect([decomposed.status, decomposed.body.error?.code]).toEqual([403, 'PLAN_NOT_YOURS']);
    expect(decomposed.body.tasks).toBeUndefined();

    const fresh = await w.confirmedPlan();
    const first = await w.call<ErrorBody>('headJijiao', 'POST', `/api/plans/${fresh}/tasks/decompose`, { bureauId: w.units.bureau });
    expect([first.status, first.body.error?.code]).toEqual([403, 'PLAN_NOT_YOURS']);
    const [count] = await w.api.db.query(`SELECT count(*)::int AS n FROM tasks WHERE plan_id = $1`, [fresh]);
    expect(count.n).toBe(0);

    const draft = await request<{ planId: string; version: number }>(
      `${w.api.url}/api/plans/import`,
      withAuth(w.tokens.headZuzhi, upload(Buffer.from(PLAN_TEXT + distinctTail()), 'draft.txt')),
    );
    expect(draft.status).toBe(201);
    const confirm = await w.call<ErrorBody>('headJijiao', 'POST', `/api/plans/${draft.body.planId}/confirm`, {
      version: draft.body.version,
    });
    expect([confirm.status, confirm.body.error?.code]).toEqual([403, 'PLAN_NOT_YOURS']);
    // the owner still may
    expect((await w.call('headZuzhi', 'POST', `/api/plans/${fresh}/tasks/decompose`, { bureauId: w.units.bureau })).status).toBe(200);
  });
});
