import { Client } from 'pg';
import type { JsonResponse } from '../support/api';
import { World, YEAR, type AssignmentView, type ErrorBody, type TaskView } from './world';

const code = (res: JsonResponse<unknown>): string | undefined => (res.body as ErrorBody | null)?.error?.code;

describe('the working core through HTTP, as each role', () => {
  let w: World;
  beforeAll(async () => {
    w = await World.create();
  });
  afterAll(async () => w.close());

  /** A freshly imported and decomposed plan: [政治引领 (组织科), 基层组织 (组织科 lead, 基教科), 课后服务 (各小学), 普惠资源 (unmatched)]. */
  const fresh = async (): Promise<TaskView[]> => w.decompose(await w.confirmedPlan());
  const assign = (as: Parameters<World['call']>[0], taskId: string, body: unknown) =>
    w.call<{ created: number; skipped: string[]; assignments: { id: string; unitId: string; role: string }[] } & ErrorBody>(
      as,
      'POST',
      `/api/tasks/${taskId}/assignments`,
      body,
    );
  const idOf = (res: { body: { assignments: { id: string; unitId: string }[] } }, unitId: string): string =>
    res.body.assignments.find((a) => a.unitId === unitId)?.id as string;

  it('assigns a lead and a cooperating unit; one lead only; members and other heads cannot assign', async () => {
    const [, t2] = await fresh();
    const units = [
      { unitId: w.units.zuzhi, role: 'lead', ownerUserId: w.userIds.memberZuzhi },
      { unitId: w.units.jijiao, role: 'cooperating' },
    ];
    expect((await assign('memberZuzhi', t2.id, { units })).status).toBe(403);
    // the head of another department does not even see a task 组织科 owns
    expect((await assign('headJijiao', t2.id, { units })).status).toBe(404);
    const coopFirst = await assign('headZuzhi', t2.id, { units: [units[1]] });
    expect([coopFirst.status, code(coopFirst)]).toEqual([409, 'LEAD_REQUIRED']);
    const wrongOwner = await assign('headZuzhi', t2.id, { units: [{ ...units[0], ownerUserId: w.userIds.memberA }] });
    expect([wrongOwner.status, code(wrongOwner)]).toEqual([400, 'OWNER_NOT_MEMBER']);

    const ok = await assign('headZuzhi', t2.id, { units });
    expect(ok.status).toBe(201);
    expect(ok.body.created).toBe(2);
    const again = await assign('headZuzhi', t2.id, { units: [{ unitId: w.units.schoolC, role: 'lead' }] });
    expect([again.status, code(again)]).toEqual([409, 'LEAD_ALREADY_ASSIGNED']);
    // the database holds the rule too, whatever code writes (a plain client: TypeORM would log the expected failure)
    const c = w.api.config;
    const pg = new Client({ host: c.PGHOST, port: c.PGPORT, user: c.PGUSER, password: c.PGPASSWORD, database: c.PGDATABASE });
    await pg.connect();
    await expect(
      pg.query(`INSERT INTO assignments (task_id, unit_id, role, due_date) VALUES ($1, $2, 'lead', '2030-01-01')`, [
        t2.id,
        w.units.schoolC,
      ]),
    ).rejects.toThrow(/assignments_one_lead_idx/);
    await pg.end();

    const view = await w.task('headZuzhi', t2.id);
    expect(view.body.assignments?.map((a) => [a.role, a.state, a.dueDate])).toEqual([
      ['lead', 'assigned', `${YEAR}-06-30`],
      ['cooperating', 'assigned', `${YEAR}-06-30`],
    ]);
    const patched = await w.call<ErrorBody>('headZuzhi', 'PATCH', `/api/tasks/${t2.id}`, { version: view.body.version, title: '改个标题' });
    expect([patched.status, code(patched)]).toEqual([409, 'CHANGE_NEEDS_APPROVAL']);
    // what is not core content may still change directly
    const described = await w.call<TaskView>('headZuzhi', 'PATCH', `/api/tasks/${t2.id}`, {
      version: view.body.version,
      description: '补充说明',
    });
    expect([described.status, described.body.description, described.body.version]).toEqual([200, '补充说明', view.body.version + 1]);
  });

  it('cooperating unit reports to the lead unit, which consolidates; the head reviews the lead; everything in the timeline', async () => {
    const [, t2] = await fresh();
    const res = await assign('headZuzhi', t2.id, {
      units: [
        { unitId: w.units.zuzhi, role: 'lead' },
        { unitId: w.units.jijiao, role: 'cooperating' },
      ],
    });
    const lead = idOf(res, w.units.zuzhi);
    const coop = idOf(res, w.units.jijiao);

    const seen = await w.assignment('memberJijiao', coop);
    expect(seen.status).toBe(200);
    expect(seen.body).toMatchObject({ state: 'assigned', overdue: false, availableActions: expect.arrayContaining(['start', 'submit']) });
    expect((await w.move('memberJijiao', coop, 'start')).body.state).toBe('in_progress');
    const progress = await w.call('memberJijiao', 'POST', `/api/assignments/${coop}/progress`, {
      percent: 60,
      narrative: '已完成章程初稿',
    });
    expect(progress.status).toBe(201);

    // the lead cannot submit its consolidation while a cooperating unit is still at work
    const early = await w.move('memberZuzhi', lead, 'submit');
    expect([early.status, early.body.error?.code]).toEqual([409, 'COOPERATING_NOT_APPROVED']);
    expect(early.body.error?.details).toMatchObject({ pending: 1 });

    expect((await w.move('memberJijiao', coop, 'submit')).body.state).toBe('submitted');
    // nobody approves their own work, nor a department head of the cooperating unit
    expect((await w.move('memberJijiao', coop, 'approve')).status).toBe(403);
    expect((await w.move('headJijiao', coop, 'approve')).status).toBe(403);
    const noReason = await w.move('memberZuzhi', coop, 'return');
    expect([noReason.status, noReason.body.error?.code]).toEqual([400, 'REASON_REQUIRED']);
    const returned = await w.move('memberZuzhi', coop, 'return', { reason: '缺少修订后的章程文本' });
    expect(returned.body.state).toBe('returned');
    expect((await w.move('memberJijiao', coop, 'submit')).body.state).toBe('submitted');
    expect((await w.move('memberZuzhi', coop, 'approve')).body.state).toBe('approved');

    expect((await w.move('memberZuzhi', lead, 'submit')).body.state).toBe('submitted');
    // a unit member may review cooperating units, never the lead's own work
    const self = await w.move('memberZuzhi', lead, 'approve');
    expect([self.status, self.body.error?.code]).toEqual([403, 'FORBIDDEN']);
    expect((await w.move('leader', lead, 'approve')).status).toBe(403);
    expect((await w.move('headZuzhi', lead, 'return', { reason: '请补充各校完成情况汇总' })).body.state).toBe('returned');
    expect((await w.move('memberZuzhi', lead, 'submit')).body.state).toBe('submitted');
    const approved = await w.move('headZuzhi', lead, 'approve');
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ state: 'approved', approvedBy: w.userIds.headZuzhi, lateCloseReason: null });

    const task = await w.task('headZuzhi', t2.id);
    expect(task.body.complete).toBe(true);
    const reviews = task.body.timeline?.filter((e) => e.kind === 'review').map((e) => [e.decision, e.reason]);
    expect(reviews).toEqual([
      ['return', '缺少修订后的章程文本'],
      ['approve', null],
      ['return', '请补充各校完成情况汇总'],
      ['approve', null],
    ]);
    const actions = task.body.timeline?.filter((e) => e.kind === 'audit').map((e) => e.action);
    expect(actions).toEqual([
      'task.created',
      'task.assigned',
      'assignment.start',
      'assignment.progress_reported',
      'assignment.submit',
      'assignment.return',
      'assignment.submit',
      'assignment.approve',
      'assignment.submit',
      'assignment.return',
      'assignment.submit',
      'assignment.approve',
    ]);
    const assignmentView = await w.assignment('memberJijiao', coop);
    expect(assignmentView.body.reviewDecisions.map((d) => d.decision)).toEqual(['return', 'approve']);

    // outsiders: another school sees neither the task nor its assignments; the leader reads everything
    expect((await w.assignment('memberA', coop)).status).toBe(404);
    expect((await w.task('memberA', t2.id)).status).toBe(404);
    expect((await w.task('leader', t2.id)).status).toBe(200);
    // lists are scoped the same way: 基教科 sees the task it cooperates on, a school sees nothing of this plan
    const list = (as: 'memberJijiao' | 'memberA' | 'headZuzhi') =>
      w.call<{ items: { id: string; assignmentCount: number }[]; total: number }>(as, 'GET', `/api/tasks?planId=${t2.planId}`);
    expect((await list('memberJijiao')).body.items.map((t) => t.id)).toEqual([t2.id]);
    expect((await list('memberA')).body.total).toBe(0);
    const all = await list('headZuzhi');
    expect(all.body.total).toBe(4);
    expect(all.body.items.find((t) => t.id === t2.id)?.assignmentCount).toBe(2);
  });

  it('bulk-assigns all 小学 in one statement; progress with period and actuals; done when every school is', async () => {
    const [, , t3] = await fresh();
    // nobody owns a task given to "各小学" until a head claims it
    const claimed = await w.call<TaskView>('headJijiao', 'PATCH', `/api/tasks/${t3.id}`, {
      version: t3.version,
      ownerUnitId: w.units.jijiao,
    });
    expect([claimed.status, claimed.body.ownerUnitId]).toEqual([200, w.units.jijiao]);
    const stolen = await w.call<ErrorBody>('headZuzhi', 'PATCH', `/api/tasks/${t3.id}`, {
      version: claimed.body.version,
      ownerUnitId: w.units.zuzhi,
    });
    expect(stolen.status).toBe(404);

    const unitSet = { types: ['school'], tags: ['小学'], parentId: w.units.bureau, includeDescendants: true };
    const bulk = await w.call('headJijiao', 'POST', `/api/tasks/${t3.id}/assignments/bulk`, { unitSet, role: 'responsible' });
    expect(bulk.status).toBe(201);
    expect(bulk.body).toEqual({ matched: 2, created: 2, skipped: 0, completionRule: 'all_units_approval' });
    const repeat = await w.call('headJijiao', 'POST', `/api/tasks/${t3.id}/assignments/bulk`, { unitSet, role: 'responsible' });
    expect(repeat.body).toMatchObject({ matched: 2, created: 0, skipped: 2 });
    const unbounded = await w.call<ErrorBody>('headJijiao', 'POST', `/api/tasks/${t3.id}/assignments/bulk`, {
      unitSet: {},
      role: 'responsible',
    });
    expect([unbounded.status, code(unbounded)]).toEqual([400, 'UNIT_SET_UNBOUNDED']);
    const events = await w.api.db.query(`SELECT after FROM audit_events WHERE object_id = $1 AND action = 'task.assigned_bulk'`, [t3.id]);
    expect(events).toHaveLength(2);
    expect(events[0].after).toMatchObject({ created: 2, unitSet });

    const task = await w.task('headJijiao', t3.id);
    const a = task.body.assignments?.find((x) => x.unitId === w.units.schoolA)?.id as string;
    const b = task.body.assignments?.find((x) => x.unitId === w.units.schoolB)?.id as string;
    const target = task.body.targets[0];
    const report = (as: 'memberA' | 'memberB', id: string, body: Record<string, unknown>) =>
      w.call<ErrorBody>(as, 'POST', `/api/assignments/${id}/progress`, { percent: 50, narrative: '稳步推进', ...body });
    expect(code(await report('memberA', a, {}))).toBe('PERIOD_REQUIRED');
    expect(code(await report('memberA', a, { period: `${YEAR}-03` }))).toBe('PERIOD_INVALID');
    const otherTarget = await report('memberA', a, {
      period: `${YEAR}-S1`,
      actuals: [{ taskTargetId: a, value: 1, asOf: `${YEAR}-03-01` }],
    });
    expect(code(otherTarget)).toBe('TARGET_NOT_IN_TASK');
    expect(
      (await report('memberA', a, { period: `${YEAR}-S1`, actuals: [{ taskTargetId: target.id, value: 91, asOf: `${YEAR}-03-01` }] }))
        .status,
    ).toBe(201);
    expect(
      (await report('memberA', a, { period: `${YEAR}-S1`, actuals: [{ taskTargetId: target.id, value: 96.5, asOf: `${YEAR}-04-01` }] }))
        .status,
    ).toBe(201);
    expect((await report('memberB', a, { period: `${YEAR}-S1` })).status).toBe(404);

    const withActuals = await w.task('headJijiao', t3.id);
    expect(withActuals.body.targets[0].actuals).toEqual([
      expect.objectContaining({ unitId: w.units.schoolA, value: 96.5, asOf: `${YEAR}-04-01` }),
    ]);
    const mine = await w.assignment('memberA', a);
    expect(mine.body).toMatchObject({ state: 'in_progress', progressPercent: 50 });
    expect(mine.body.progressReports[0]).toMatchObject({ period: `${YEAR}-S1`, actuals: [expect.objectContaining({ value: 96.5 })] });
    // school B sees its own assignment in the task, not school A's numbers
    expect((await w.task('memberB', t3.id)).body.targets[0].actuals).toEqual([]);

    await w.move('memberA', a, 'submit');
    await w.move('headJijiao', a, 'approve');
    expect((await w.task('headJijiao', t3.id)).body.complete).toBe(false);
    await w.move('memberB', b, 'submit');
    await w.move('headJijiao', b, 'approve');
    expect((await w.task('headJijiao', t3.id)).body.complete).toBe(true);
  });

  it('approving after the due date asks for a late-close reason and keeps it', async () => {
    const [t1] = await fresh();
    const res = await assign('headZuzhi', t1.id, { units: [{ unitId: w.units.zuzhi, role: 'responsible' }], dueDate: '2024-01-31' });
    const id = idOf(res, w.units.zuzhi);
    const before = await w.assignment('memberZuzhi', id);
    expect(before.body.overdue).toBe(true);
    expect(before.body.daysUntil).toBeLessThan(0);
    await w.move('memberZuzhi', id, 'submit');
    const refused = await w.move('headZuzhi', id, 'approve');
    expect([refused.status, refused.body.error?.code]).toEqual([422, 'LATE_CLOSE_REASON_REQUIRED']);
    const ok = await w.move('headZuzhi', id, 'approve', { lateCloseReason: '受疫情影响培训延后' });
    expect(ok.status).toBe(200);
    const after = await w.assignment('headZuzhi', id);
    expect(after.body).toMatchObject({ state: 'approved', overdue: false, lateCloseReason: '受疫情影响培训延后' });
    expect(after.body.reviewDecisions).toEqual([expect.objectContaining({ decision: 'approve', reason: '受疫情影响培训延后' })]);
  });

  it('extension requests: the unit asks with a reason and a date; the head denies or approves; due history kept', async () => {
    const [t1] = await fresh();
    const res = await assign('headZuzhi', t1.id, { units: [{ unitId: w.units.schoolC, role: 'responsible' }] });
    const id = idOf(res, w.units.schoolC);
    await w.move('memberC', id, 'start');
    const noReason = await w.move('memberC', id, 'request-extension', { newDueDate: `${YEAR + 1}-03-31` });
    expect([noReason.status, noReason.body.error?.code]).toEqual([400, 'REASON_REQUIRED']);
    const noDate = await w.move('memberC', id, 'request-extension', { reason: '场地改造' });
    expect([noDate.status, noDate.body.error?.code]).toEqual([400, 'EXTENSION_DATE_REQUIRED']);
    const earlier = await w.move('memberC', id, 'request-extension', { reason: '场地改造', newDueDate: `${YEAR}-01-01` });
    expect([earlier.status, earlier.body.error?.code]).toEqual([422, 'EXTENSION_DATE_INVALID']);
    const bad = await w.move('memberC', id, 'request-extension', { reason: '场地改造', newDueDate: `${YEAR}-02-30` });
    expect(bad.status).toBe(400);

    const asked = await w.move('memberC', id, 'request-extension', { reason: '场地改造', newDueDate: `${YEAR + 1}-03-31` });
    expect(asked.body.state).toBe('extension_requested');
    const first = (await w.assignment('memberC', id)).body.extensionRequests[0];
    const decide = (as: 'headZuzhi' | 'memberC', requestId: string, verb: string, body: Record<string, unknown> = {}) =>
      w.api.db
        .query(`SELECT version FROM assignments WHERE id = $1`, [id])
        .then(([r]) =>
          w.call<AssignmentView & ErrorBody>(as, 'POST', `/api/extension-requests/${requestId}/${verb}`, { version: r.version, ...body }),
        );
    expect((await decide('memberC', first.id, 'approve')).status).toBe(403);
    const denyNoReason = await decide('headZuzhi', first.id, 'deny');
    expect([denyNoReason.status, denyNoReason.body.error?.code]).toEqual([400, 'REASON_REQUIRED']);
    const denied = await decide('headZuzhi', first.id, 'deny', { reason: '时限不能推迟' });
    expect(denied.body).toMatchObject({ state: 'in_progress', dueDate: `${YEAR}-12-31` });
    expect(code(await decide('headZuzhi', first.id, 'approve'))).toBe('EXTENSION_ALREADY_DECIDED');

    await w.move('memberC', id, 'request-extension', { reason: '场地改造推迟到明年', newDueDate: `${YEAR + 1}-03-31` });
    const second = (await w.assignment('memberC', id)).body.extensionRequests[1];
    const approved = await decide('headZuzhi', second.id, 'approve');
    expect(approved.body).toMatchObject({ state: 'in_progress', dueDate: `${YEAR + 1}-03-31` });
    const view = await w.assignment('memberC', id);
    expect(view.body.extensionRequests.map((r) => [r.status, r.decisionReason])).toEqual([
      ['denied', '时限不能推迟'],
      ['approved', null],
    ]);
    expect(view.body.dueChanges).toEqual([
      expect.objectContaining({ oldDue: `${YEAR}-12-31`, newDue: `${YEAR + 1}-03-31`, source: 'extension', reason: '场地改造推迟到明年' }),
    ]);
  });

  it('adjusting an assigned task needs the owner’s approval; old values stay in force; a return keeps its reason', async () => {
    const [, t2] = await fresh();
    const res = await assign('headZuzhi', t2.id, {
      units: [
        { unitId: w.units.zuzhi, role: 'lead' },
        { unitId: w.units.jijiao, role: 'cooperating' },
      ],
    });
    const coop = idOf(res, w.units.jijiao);
    const proposal = {
      kind: 'adjust',
      proposed: { title: '建强基层党组织', dueDate: `${YEAR}-09-30`, units: { add: [{ unitId: w.units.schoolC, role: 'cooperating' }] } },
      reason: '章程修订需经教代会审议',
    };
    expect((await w.call('memberJijiao', 'POST', `/api/tasks/${t2.id}/change-requests`, proposal)).status).toBe(403);
    const empty = await w.call<ErrorBody>('headJijiao', 'POST', `/api/tasks/${t2.id}/change-requests`, {
      kind: 'adjust',
      proposed: {},
      reason: '无',
    });
    expect(code(empty)).toBe('PROPOSAL_EMPTY');
    const created = await w.call<{ id: string; status: string }>('headJijiao', 'POST', `/api/tasks/${t2.id}/change-requests`, proposal);
    expect([created.status, created.body.status]).toEqual([201, 'pending']);
    const twice = await w.call<ErrorBody>('headJijiao', 'POST', `/api/tasks/${t2.id}/change-requests`, proposal);
    expect(code(twice)).toBe('CHANGE_REQUEST_PENDING');

    const pending = await w.task('headZuzhi', t2.id);
    expect(pending.body).toMatchObject({ title: '建强基层组织', dueDate: `${YEAR}-06-30` });
    expect(pending.body.pendingChangeRequest).toMatchObject({
      id: created.body.id,
      kind: 'adjust',
      proposed: expect.objectContaining({ title: '建强基层党组织' }),
    });

    expect((await w.call('headJijiao', 'POST', `/api/change-requests/${created.body.id}/approve`, {})).status).toBe(403);
    const noReason = await w.call<ErrorBody>('headZuzhi', 'POST', `/api/change-requests/${created.body.id}/return`, {});
    expect(code(noReason)).toBe('REASON_REQUIRED');
    const returned = await w.call<{ status: string; decisionReason: string }>(
      'headZuzhi',
      'POST',
      `/api/change-requests/${created.body.id}/return`,
      {
        reason: '时限不宜推迟三个月',
      },
    );
    expect(returned.body).toMatchObject({ status: 'returned', decisionReason: '时限不宜推迟三个月' });
    expect((await w.task('headZuzhi', t2.id)).body.title).toBe('建强基层组织');

    const second = await w.call<{ id: string }>('headJijiao', 'POST', `/api/tasks/${t2.id}/change-requests`, {
      ...proposal,
      proposed: { ...proposal.proposed, dueDate: `${YEAR}-07-31` },
    });
    const approved = await w.call('headZuzhi', 'POST', `/api/change-requests/${second.body.id}/approve`, {});
    expect(approved.status).toBe(200);
    const after = await w.task('headZuzhi', t2.id);
    expect(after.body).toMatchObject({ title: '建强基层党组织', dueDate: `${YEAR}-07-31`, pendingChangeRequest: null });
    expect(after.body.assignments?.map((a) => [a.unitId, a.dueDate])).toEqual(
      expect.arrayContaining([
        [w.units.zuzhi, `${YEAR}-07-31`],
        [w.units.jijiao, `${YEAR}-07-31`],
        [w.units.schoolC, `${YEAR}-07-31`],
      ]),
    );
    const history = await w.assignment('memberJijiao', coop);
    expect(history.body.dueChanges).toEqual([
      expect.objectContaining({ oldDue: `${YEAR}-06-30`, newDue: `${YEAR}-07-31`, source: 'adjustment', reason: '章程修订需经教代会审议' }),
    ]);
  });

  it('cancelling a task goes through the owner’s approval and cancels the open assignments', async () => {
    const [t1] = await fresh();
    const res = await assign('headZuzhi', t1.id, {
      units: [
        { unitId: w.units.zuzhi, role: 'responsible' },
        { unitId: w.units.schoolC, role: 'responsible' },
      ],
    });
    const c = idOf(res, w.units.schoolC);
    await w.move('memberC', c, 'start');
    const request = await w.call<{ id: string }>('headZuzhi', 'POST', `/api/tasks/${t1.id}/change-requests`, {
      kind: 'cancel',
      reason: '该项工作并入市级统一部署',
    });
    expect(request.status).toBe(201);
    expect((await w.assignment('memberC', c)).body.state).toBe('in_progress');
    const ok = await w.call('headZuzhi', 'POST', `/api/change-requests/${request.body.id}/approve`, {});
    expect(ok.status).toBe(200);
    const task = await w.task('headZuzhi', t1.id);
    expect(task.body.status).toBe('cancelled');
    expect(task.body.assignments?.every((a) => a.state === 'cancelled')).toBe(true);
    const late = await w.move('memberC', c, 'submit');
    expect([late.status, late.body.error?.code]).toEqual([409, 'ILLEGAL_TRANSITION']);
    expect(late.body.error?.message).toBe('当前状态为「已取消」，不能执行「提交审核」');
    const edit = await w.call<ErrorBody>('headZuzhi', 'PATCH', `/api/tasks/${t1.id}`, { version: task.body.version, description: 'x' });
    expect(code(edit)).toBe('TASK_CANCELLED');
  });

  it('splits and merges tasks before assignment, and refuses once units are at work', async () => {
    const [t1, t2, t3] = await fresh();
    const split = await w.call<{ taskIds: string[] }>('headZuzhi', 'POST', `/api/tasks/${t1.id}/split`, {
      version: t1.version,
      parts: [{ title: '组织专题培训' }, { title: '开展主题党日活动', description: '每月一次', targetIds: [t1.targets[0].id] }],
    });
    expect(split.status).toBe(201);
    const [a, b] = split.body.taskIds;
    expect(a).toBe(t1.id);
    const partB = await w.task('headZuzhi', b);
    expect(partB.body).toMatchObject({ title: '开展主题党日活动', pointId: t1.pointId, ownerUnitId: w.units.zuzhi, dueDate: t1.dueDate });
    expect(partB.body.targets.map((t) => t.id)).toEqual([t1.targets[0].id]);
    expect((await w.task('headZuzhi', a)).body.targets).toEqual([]);
    const stale = await w.call<ErrorBody>('headZuzhi', 'POST', `/api/tasks/${t1.id}/split`, {
      version: t1.version,
      parts: [{ title: 'x' }, { title: 'y' }],
    });
    expect(code(stale)).toBe('VERSION_CONFLICT');

    const across = await w.call<ErrorBody>('headZuzhi', 'POST', '/api/tasks/merge', { taskIds: [a, t2.id] });
    expect(code(across)).toBe('MERGE_DIFFERENT_POINTS');
    const merged = await w.call<TaskView>('headZuzhi', 'POST', '/api/tasks/merge', { taskIds: [a, b], title: '强化政治引领' });
    expect(merged.status).toBe(201);
    expect(merged.body).toMatchObject({ id: a, title: '强化政治引领' });
    expect(merged.body.targets.map((t) => t.id)).toEqual([t1.targets[0].id]);
    expect((await w.task('headZuzhi', b)).status).toBe(404);

    await assign('headZuzhi', t2.id, { units: [{ unitId: w.units.zuzhi, role: 'lead' }] });
    const late = await w.call<ErrorBody>('headZuzhi', 'POST', `/api/tasks/${t2.id}/split`, {
      version: t2.version,
      parts: [{ title: 'x' }, { title: 'y' }],
    });
    expect(code(late)).toBe('TASK_ALREADY_ASSIGNED');
    // an unowned task cannot be assigned until a head claims it
    const unowned = await assign('headZuzhi', t3.id, { units: [{ unitId: w.units.schoolA, role: 'responsible' }] });
    expect(code(unowned)).toBe('TASK_OWNER_REQUIRED');
  });
});
