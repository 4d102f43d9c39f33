import { request, upload } from '../support/api';
import { withAuth } from '../support/auth';
import { distinctTail } from '../support/plan-text';
import { PLAN_TEXT, World, YEAR, type ErrorBody, type TaskView } from './world';

describe('decomposing a confirmed plan into tasks', () => {
  let w: World;
  beforeAll(async () => {
    w = await World.create();
  });
  afterAll(async () => w.close());

  it('makes one task per point, with targets, due dates, cadence, owner and suggestions; idempotent', async () => {
    const planId = await w.confirmedPlan();
    const first = await w.call<{ created: number; tasks: TaskView[] }>('headZuzhi', 'POST', `/api/plans/${planId}/tasks/decompose`, {
      bureauId: w.units.bureau,
    });
    expect(first.status).toBe(200);
    expect(first.body.created).toBe(4);
    const [t1, t2, t3, t4] = first.body.tasks;
    expect(t1).toMatchObject({ title: '强化政治引领', dueDate: `${YEAR}-12-31`, cadence: null, ownerUnitId: w.units.zuzhi });
    expect(t1.description).toContain('专题培训不少于4次');
    expect(t1.targets).toEqual([expect.objectContaining({ metric: '组织专题培训', value: 4 })]);
    expect(t2).toMatchObject({ dueDate: `${YEAR}-06-30`, ownerUnitId: w.units.zuzhi });
    expect(t2.suggestedAssignees).toEqual([
      expect.objectContaining({ mention: '组织科', role: 'lead', kind: 'unit', unitIds: [w.units.zuzhi] }),
      expect.objectContaining({ mention: '基教科', role: 'cooperating', kind: 'unit', unitIds: [w.units.jijiao] }),
    ]);
    // a set of schools suggests them all, but owns nothing: a head claims the task
    expect(t3).toMatchObject({ cadence: 'semester', ownerUnitId: null });
    expect(t3.suggestedAssignees?.[0]).toMatchObject({ kind: 'set' });
    expect(t3.suggestedAssignees?.[0].unitIds.sort()).toEqual([w.units.schoolA, w.units.schoolB].sort());
    // an unknown unit is reported, not dropped
    expect(t4.ownerUnitId).toBeNull();
    expect(t4.suggestedAssignees).toEqual([expect.objectContaining({ mention: '学前教育科', kind: 'unmatched', unitIds: [] })]);

    const again = await w.call<{ created: number; tasks: TaskView[] }>('headZuzhi', 'POST', `/api/plans/${planId}/tasks/decompose`, {
      bureauId: w.units.bureau,
    });
    expect(again.body.created).toBe(0);
    expect(again.body.tasks.map((t) => t.id)).toEqual(first.body.tasks.map((t) => t.id));
    const audit = await w.api.db.query(
      `SELECT count(*)::int AS n FROM audit_events WHERE action = 'task.created' AND object_id = ANY($1)`,
      [first.body.tasks.map((t) => t.id)],
    );
    expect(audit[0].n).toBe(4);
  });

  it('refuses a plan that is not confirmed, a missing plan, and people without the permission', async () => {
    const draft = await request<{ planId: string }>(
      `${w.api.url}/api/plans/import`,
      withAuth(w.tokens.headZuzhi, upload(Buffer.from(PLAN_TEXT + distinctTail()), 'draft.txt')),
    );
    expect(draft.status).toBe(201);
    const early = await w.call<ErrorBody>('headZuzhi', 'POST', `/api/plans/${draft.body.planId}/tasks/decompose`, {});
    expect([early.status, early.body.error.code]).toEqual([409, 'PLAN_NOT_CONFIRMED']);
    expect((await w.call('memberA', 'POST', `/api/plans/${draft.body.planId}/tasks/decompose`, {})).status).toBe(403);
    expect((await w.call('leader', 'POST', `/api/plans/${draft.body.planId}/tasks/decompose`, {})).status).toBe(403);
    const missing = await w.call<ErrorBody>('headZuzhi', 'POST', `/api/plans/00000000-0000-4000-8000-000000000000/tasks/decompose`, {});
    expect([missing.status, missing.body.error.code]).toEqual([404, 'PLAN_NOT_FOUND']);
  });
});
