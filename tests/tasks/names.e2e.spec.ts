import { World, YEAR } from './world';

/** Every user and unit id in the work responses comes with its display name beside it (`xId` → `xName`, `x` → `xName`). */
describe('names beside ids', () => {
  let w: World;
  const names: Record<string, string> = {};
  beforeAll(async () => {
    w = await World.create();
    const rows: { id: string; display_name: string }[] = await w.api.db.query(
      `SELECT id, display_name FROM users WHERE id = ANY($1::uuid[])`,
      [Object.values(w.userIds)],
    );
    for (const r of rows) names[r.id] = r.display_name;
  });
  afterAll(async () => w.close());

  it('timelines, review decisions, returns, extension requests, assignment lists and the audit trail name people and units', async () => {
    const [task] = await w.decompose(await w.confirmedPlan());
    const res = await w.call<{ assignments: { id: string }[] }>('headZuzhi', 'POST', `/api/tasks/${task.id}/assignments`, {
      units: [{ unitId: w.units.schoolA, role: 'responsible', ownerUserId: w.userIds.memberA }],
    });
    const id = res.body.assignments[0].id;
    expect((await w.move('memberA', id, 'submit')).status).toBe(200);
    expect((await w.move('headZuzhi', id, 'return', { reason: '材料不全' })).status).toBe(200);
    expect((await w.move('memberA', id, 'request-extension', { reason: '补材料', newDueDate: `${YEAR + 1}-01-15` })).status).toBe(200);

    const head = names[w.userIds.headZuzhi];
    const member = names[w.userIds.memberA];
    expect(head).toBeTruthy();
    expect(member).not.toBe(head);

    const assignment = await w.call<
      Record<string, unknown> & { reviewDecisions: Record<string, unknown>[]; extensionRequests: Record<string, unknown>[] }
    >('memberA', 'GET', `/api/assignments/${id}`);
    expect(assignment.body).toMatchObject({
      unitId: w.units.schoolA,
      unitName: '示范区第一小学',
      ownerUserId: w.userIds.memberA,
      ownerUserName: member,
    });
    expect(assignment.body.reviewDecisions).toEqual([
      expect.objectContaining({ decision: 'return', decidedBy: w.userIds.headZuzhi, decidedByName: head }),
    ]);
    expect(assignment.body.extensionRequests).toEqual([
      expect.objectContaining({ requestedBy: w.userIds.memberA, requestedByName: member }),
    ]);

    const detail = await w.call<{ ownerUnitName: string; assignments: Record<string, unknown>[]; timeline: Record<string, unknown>[] }>(
      'headZuzhi',
      'GET',
      `/api/tasks/${task.id}`,
    );
    expect(detail.body.ownerUnitName).toBe('组织科');
    expect(detail.body.assignments).toEqual([expect.objectContaining({ unitName: '示范区第一小学', ownerUserName: member })]);
    const timeline = detail.body.timeline;
    expect(timeline).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'review', decision: 'return', decidedByName: head }),
        expect.objectContaining({ kind: 'audit', action: 'assignment.submit', actor: w.userIds.memberA, actorName: member }),
        expect.objectContaining({ kind: 'audit', action: 'task.assigned', actor: w.userIds.headZuzhi, actorName: head }),
      ]),
    );

    const audit = await w.call<{ items: Record<string, unknown>[] }>('admin', 'GET', `/api/audit?objectId=${id}&sort=at`);
    expect(audit.body.items.map((e) => [e.action, e.actorName])).toEqual([
      ['assignment.submit', member],
      ['assignment.return', head],
      ['assignment.request_extension', member],
    ]);

    const list = await w.call<{ items: Record<string, unknown>[] }>('memberA', 'GET', '/api/assignments?pageSize=200');
    expect(list.body.items.find((i) => i.id === id)).toMatchObject({ unitName: '示范区第一小学', ownerUserName: member });
  });
});
