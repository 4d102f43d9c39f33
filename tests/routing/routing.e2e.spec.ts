import { jsonInit, request } from '../support/api';
import { createUnit, createUser, login, withAuth } from '../support/auth';
import { PLAN_TEXT, World, type ErrorBody, type TaskView } from '../tasks/world';

interface RoutingView {
  planId: string;
  points: {
    pointId: string;
    number: number;
    suggested: {
      leadUnitId: string | null;
      leadUnitName: string | null;
      cooperatingUnits: { id: string; name: string }[];
      reasons: { source: string; mention: string; role: string }[];
    };
    tasks: { taskId: string; ownerUnitId: string | null; liveAssignments: number }[];
  }[];
  lastRouting: { id: string; undoable: boolean } | null;
}
interface RouteResult {
  routingId: string | null;
  changed: number;
  unchanged: number;
  created: number;
}

// point 5 names departments only in its prose; no annotation
const TEXT = `${PLAN_TEXT}三、其他\n5.推进集团化办学。由基教科会同组织科制定集团化办学实施方案，年底前完成。\n`;

describe('routing: the supervision office sends points to lead departments (issue 8)', () => {
  let w: World;
  let office: string;
  let coordinator: string;
  let planId: string;
  let points: RoutingView['points'];
  const pointNo = (n: number) => points.find((p) => p.number === n) as RoutingView['points'][number];

  const as = <T = Record<string, unknown>>(token: string, method: string, path: string, body?: unknown) =>
    request<T>(`${w.api.url}${path}`, withAuth(token, body === undefined ? { method } : jsonInit(method, body)));
  const view = (token = coordinator) =>
    as<RoutingView & ErrorBody>(token, 'GET', `/api/plans/${planId}/routing?bureauId=${w.units.bureau}`);
  const route = (items: unknown[], token = coordinator) =>
    as<RouteResult & ErrorBody>(token, 'PUT', `/api/plans/${planId}/routing`, { items, bureauId: w.units.bureau });
  const undo = (token = coordinator) =>
    as<{ routingId: string; restored: number } & ErrorBody>(token, 'POST', `/api/plans/${planId}/routing/undo`);

  beforeAll(async () => {
    w = await World.create();
    // 督查室: flagged by an admin through the org API (audited)
    office = (await createUnit(w.api.db, { name: '督查室', type: 'department', parentId: w.units.bureau })).id;
    const flagged = await w.call('admin', 'PATCH', `/api/org/units/${office}`, { isSupervisionOffice: true });
    expect(flagged.status).toBe(200);
    const user = await createUser(w.api.db, { units: [{ unitId: office, role: 'unit_member' }] });
    coordinator = (await login(w.api.url, user.username, user.password)).accessToken;
    planId = await w.confirmedPlan(TEXT);
  });
  afterAll(() => w.close());

  it('an admin sets the flag through the org API, audited with before and after', async () => {
    const [row] = await w.api.db.query(
      `SELECT before, after FROM audit_events WHERE action = 'org.unit.updated' AND object_id = $1 ORDER BY at DESC LIMIT 1`,
      [office],
    );
    expect(row).toMatchObject({ before: { isSupervisionOffice: false }, after: { isSupervisionOffice: true } });
    const bad = await w.call<ErrorBody>('admin', 'PATCH', `/api/org/units/${office}`, { isSupervisionOffice: 'yes' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/督查室标记/);
    expect((await w.call('headJijiao', 'PATCH', `/api/org/units/${office}`, { isSupervisionOffice: false })).status).toBe(403);
  });

  it('suggests lead and cooperating departments from annotations, table columns and prose', async () => {
    // a task table's columns arrive as mentions with roles (主要责任单位 → lead, 协同配合单位 → cooperating)
    const [p4] = await w.api.db.query(`SELECT id FROM work_points WHERE plan_id = $1 AND number = 4`, [planId]);
    await w.api.db.query(
      `INSERT INTO point_unit_mentions (point_id, name, role) VALUES ($1, '基础教育管理科', 'lead'), ($1, '组织科', 'cooperating')`,
      [p4.id],
    );
    const res = await view();
    expect(res.status).toBe(200);
    points = res.body.points;
    expect(points.map((p) => p.number)).toEqual([1, 2, 3, 4, 5]);
    expect(pointNo(1).suggested).toMatchObject({ leadUnitId: w.units.zuzhi, leadUnitName: '组织科', cooperatingUnits: [] });
    expect(pointNo(2).suggested.leadUnitId).toBe(w.units.zuzhi);
    expect(pointNo(2).suggested.cooperatingUnits).toEqual([{ id: w.units.jijiao, name: '基教科' }]);
    expect(pointNo(3).suggested.leadUnitId).toBeNull(); // 各小学 is for the owner's heads to assign, not a department
    expect(pointNo(4).suggested.leadUnitId).toBeNull(); // '基础教育管理科' is no name of this tree's 基教科
    expect(pointNo(4).suggested.cooperatingUnits.map((u) => u.id)).toEqual([w.units.zuzhi]);
    expect(pointNo(5).suggested).toMatchObject({ leadUnitId: w.units.jijiao, cooperatingUnits: [{ id: w.units.zuzhi }] });
    expect(pointNo(5).suggested.reasons.every((r) => r.source === 'text')).toBe(true);
    expect(points.every((p) => p.tasks.length === 0)).toBe(true); // nothing decomposed yet
    expect(res.body.lastRouting).toBeNull();
  });

  it('is refused to heads, members and leaders outside the supervision office (403), and 404 for an unknown plan', async () => {
    for (const role of ['headJijiao', 'headZuzhi', 'memberA', 'leader'] as const) {
      expect((await w.call(role, 'GET', `/api/plans/${planId}/routing`)).status).toBe(403);
      expect((await w.call(role, 'PUT', `/api/plans/${planId}/routing`, { items: [] })).status).toBe(403);
      expect((await w.call(role, 'POST', `/api/plans/${planId}/routing/undo`)).status).toBe(403);
    }
    const unknown = await as<ErrorBody>(coordinator, 'GET', `/api/plans/00000000-0000-4000-8000-000000000000/routing`);
    expect(unknown.status).toBe(404);
  });

  it('validates in Chinese and bounds the list', async () => {
    const empty = await route([]);
    expect(empty.status).toBe(400);
    expect(empty.body.error.message).toMatch(/清单项/);
    const tooMany = await route(Array.from({ length: 1001 }, () => ({ pointId: pointNo(1).pointId, leadUnitId: w.units.zuzhi })));
    expect(tooMany.status).toBe(400);
    const badId = await route([{ pointId: pointNo(1).pointId, leadUnitId: 'x' }]);
    expect(badId.status).toBe(400);
    expect(badId.body.error.message).toMatch(/牵头科室/);
    const school = await route([{ pointId: pointNo(1).pointId, leadUnitId: w.units.schoolA }]);
    expect(school.status).toBe(400);
    expect(school.body.error).toMatchObject({ code: 'OWNER_NOT_DEPARTMENT', message: expect.stringMatching(/不是科室/) });
    const coopSchool = await route([{ pointId: pointNo(1).pointId, leadUnitId: w.units.zuzhi, cooperatingUnitIds: [w.units.schoolA] }]);
    expect(coopSchool.body.error).toMatchObject({ code: 'ROUTING_UNIT_INVALID' });
    const both = await route([{ pointId: pointNo(1).pointId, taskId: pointNo(1).pointId, leadUnitId: w.units.zuzhi }]);
    expect(both.status).toBe(400);
    const foreign = await route([{ taskId: '00000000-0000-4000-8000-000000000000', leadUnitId: w.units.zuzhi }]);
    expect(foreign.body.error).toMatchObject({ code: 'ROUTING_ITEM_NOT_IN_PLAN' });
    // all or nothing: nothing above left a trace
    expect((await w.api.db.query(`SELECT count(*)::int AS n FROM plan_routings WHERE plan_id = $1`, [planId]))[0].n).toBe(0);
  });

  it('confirms every point in one request; the lead departments own the tasks; one audit row per changed task', async () => {
    const res = await route([
      { pointId: pointNo(1).pointId, leadUnitId: w.units.zuzhi },
      { pointId: pointNo(2).pointId, leadUnitId: w.units.zuzhi, cooperatingUnitIds: [w.units.jijiao] },
      { pointId: pointNo(3).pointId, leadUnitId: w.units.jijiao },
      { pointId: pointNo(4).pointId, leadUnitId: w.units.jijiao, cooperatingUnitIds: [w.units.zuzhi] },
      { pointId: pointNo(5).pointId, leadUnitId: w.units.jijiao, cooperatingUnitIds: [w.units.zuzhi, w.units.jijiao] },
    ]);
    expect(res.status).toBe(200);
    // point 1's task was already owned by 组织科 (its annotation matched when the task was made)
    expect(res.body).toMatchObject({ created: 5, changed: 4, unchanged: 1 });
    const audit = await w.api.db.query(
      `SELECT object_id, before, after FROM audit_events WHERE action = 'task.routed' AND after->>'routingId' = $1`,
      [res.body.routingId],
    );
    expect(audit).toHaveLength(4);
    points = (await view()).body.points;
    const t5 = pointNo(5).tasks[0];
    expect(t5.ownerUnitId).toBe(w.units.jijiao);
    expect(audit.find((a: { object_id: string }) => a.object_id === t5.taskId)).toMatchObject({
      before: { ownerUnitId: null, cooperatingUnitIds: [] },
      after: { ownerUnitId: w.units.jijiao, cooperatingUnitIds: [w.units.zuzhi] },
    });

    // the heads of 基教科 see their tasks; 组织科's member sees none of them
    const list = await w.call<{ items: TaskView[] }>('headJijiao', 'GET', `/api/tasks?planId=${planId}&pageSize=100`);
    const owned = list.body.items.filter((t) => t.ownerUnitId === w.units.jijiao).map((t) => t.id);
    expect(owned.sort()).toEqual([3, 4, 5].map((n) => pointNo(n).tasks[0].taskId).sort());
    expect((await w.call('memberB', 'GET', `/api/tasks/${t5.taskId}`)).status).toBe(404);
    // the head reads the routed cooperating departments with their names
    const detail = await w.call<{ ownerUnitName: string; cooperatingUnits: { id: string; name: string }[] }>(
      'headJijiao',
      'GET',
      `/api/tasks/${t5.taskId}`,
    );
    expect(detail.body).toMatchObject({ ownerUnitName: '基教科', cooperatingUnits: [{ id: w.units.zuzhi, name: '组织科' }] });
  });

  it('undoes the latest routing while nothing is assigned', async () => {
    const t5 = pointNo(5).tasks[0].taskId;
    const moved = await route([{ taskId: t5, leadUnitId: w.units.zuzhi }]);
    expect(moved.body.changed).toBe(1);
    const undone = await undo();
    expect(undone.status).toBe(200);
    expect(undone.body).toMatchObject({ routingId: moved.body.routingId, restored: 1 });
    const [task] = await w.api.db.query(`SELECT owner_unit_id, cooperating_unit_ids FROM tasks WHERE id = $1`, [t5]);
    expect(task).toEqual({ owner_unit_id: w.units.jijiao, cooperating_unit_ids: [w.units.zuzhi] });
    const [row] = await w.api.db.query(`SELECT before, after FROM audit_events WHERE action = 'task.routing.undone' AND object_id = $1`, [
      t5,
    ]);
    expect(row).toMatchObject({ before: { ownerUnitId: w.units.zuzhi }, after: { ownerUnitId: w.units.jijiao } });
  });

  it("the owner's head assigns schools; then routing and undo are refused with a Chinese 409", async () => {
    const t3 = pointNo(3).tasks[0].taskId;
    // another department's head may not assign 基教科's task
    const other = await w.call('headZuzhi', 'POST', `/api/tasks/${t3}/assignments`, {
      units: [{ unitId: w.units.schoolA, role: 'responsible' }],
    });
    expect([403, 404]).toContain(other.status);
    const assigned = await w.call('headJijiao', 'POST', `/api/tasks/${t3}/assignments`, {
      units: [
        { unitId: w.units.schoolA, role: 'responsible' },
        { unitId: w.units.schoolB, role: 'responsible' },
      ],
    });
    expect(assigned.status).toBe(201);
    // the schools now see the task in their inbox
    const inbox = await w.call<{ total: number }>('memberA', 'GET', `/api/inbox/actions`);
    expect(inbox.body.total).toBeGreaterThan(0);

    const locked = await undo();
    expect(locked.status).toBe(409);
    expect(locked.body.error).toMatchObject({ code: 'ROUTING_LOCKED', message: expect.stringMatching(/不能撤销/) });
    const reroute = await route([{ taskId: t3, leadUnitId: w.units.zuzhi }]);
    expect(reroute.status).toBe(409);
    expect(reroute.body.error).toMatchObject({ code: 'TASK_OWNER_LOCKED', message: expect.stringMatching(/已分派/) });
    expect((await view()).body.lastRouting).toMatchObject({ undoable: false });
  });

  it('an admin routes too; a plan never routed has nothing to undo', async () => {
    const fresh = await w.confirmedPlan(TEXT);
    const res = await w.call<ErrorBody>('admin', 'POST', `/api/plans/${fresh}/routing/undo`);
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ code: 'ROUTING_NOTHING_TO_UNDO', message: '该计划没有可撤销的分派路由' });
    expect((await w.call('admin', 'GET', `/api/plans/${fresh}/routing`)).status).toBe(200);
  });
});
