import { TransitionHooks, type AssignmentChange } from '@duban/work';
import { World, YEAR } from './world';

/**
 * Every assignment change goes through one path: one transition each, set-based ones included
 * (a change request's due-date move and cancellation), and a registered hook sees every change
 * with its before and after, next to one audit row per assignment.
 */
describe('the one transition path and its hooks', () => {
  let w: World;
  const seen: AssignmentChange[] = [];
  let unregister: () => void;

  beforeAll(async () => {
    w = await World.create();
    unregister = w.api.app.get(TransitionHooks).register((_m, change) => {
      seen.push(change);
    });
  });
  afterAll(async () => {
    unregister();
    await w.close();
  });

  const auditOf = async (assignmentId: string) =>
    (await w.api.db.query(
      `SELECT action, before, after FROM audit_events WHERE object_type = 'assignment' AND object_id = $1 ORDER BY id`,
      [assignmentId],
    )) as { action: string; before: Record<string, unknown>; after: Record<string, unknown> }[];

  it('a hook sees single transitions, extension decisions, due-date moves and cancellations, each once', async () => {
    const [task] = await w.decompose(await w.confirmedPlan());
    const res = await w.call<{ assignments: { id: string; unitId: string }[] }>('headZuzhi', 'POST', `/api/tasks/${task.id}/assignments`, {
      units: [
        { unitId: w.units.schoolA, role: 'responsible' },
        { unitId: w.units.schoolB, role: 'responsible' },
        { unitId: w.units.schoolC, role: 'responsible' },
      ],
    });
    expect(res.status).toBe(201);
    const id = (unit: string) => res.body.assignments.find((a) => a.unitId === unit)!.id;
    const [a, b, c] = [id(w.units.schoolA), id(w.units.schoolB), id(w.units.schoolC)];
    const taskDue = `${YEAR}-12-31`;

    expect((await w.move('memberA', a, 'start')).status).toBe(200);
    expect((await w.call('memberA', 'POST', `/api/assignments/${a}/progress`, { percent: 40 })).status).toBe(201);
    const later = `${YEAR + 1}-01-31`;
    expect((await w.move('memberB', b, 'request-extension', { reason: '工期', newDueDate: later })).status).toBe(200);
    const extensionId = (await w.assignment('memberB', b)).body.extensionRequests[0].id;
    const approved = await w.call('headZuzhi', 'POST', `/api/extension-requests/${extensionId}/approve`, { version: await w.version(b) });
    expect(approved.status).toBe(200);

    const earlier = `${YEAR}-11-30`;
    const adjust = await w.call<{ id: string }>('headZuzhi', 'POST', `/api/tasks/${task.id}/change-requests`, {
      kind: 'adjust',
      proposed: { dueDate: earlier },
      reason: '提前完成',
    });
    expect((await w.call('headZuzhi', 'POST', `/api/change-requests/${adjust.body.id}/approve`, {})).status).toBe(200);
    const cancel = await w.call<{ id: string }>('headZuzhi', 'POST', `/api/tasks/${task.id}/change-requests`, {
      kind: 'cancel',
      reason: '不再开展',
    });
    const cancelled = await w.call('headZuzhi', 'POST', `/api/change-requests/${cancel.body.id}/approve`, {});
    expect(cancelled.status).toBe(200);

    const summary = seen
      .filter((s) => s.taskId === task.id)
      .map((s) => [s.assignmentId, s.action, s.from.state, s.to.state, s.from.dueDate, s.to.dueDate]);
    expect(summary).toEqual([
      [a, 'start', 'assigned', 'in_progress', taskDue, taskDue],
      [a, 'report_progress', 'in_progress', 'in_progress', taskDue, taskDue],
      [b, 'request_extension', 'assigned', 'extension_requested', taskDue, taskDue],
      [b, 'approve_extension', 'extension_requested', 'assigned', taskDue, later],
      // b's own extension keeps its date: only those still on the task's date move
      ...[a, c]
        .sort()
        .map((x) => [x, 'move_due_date', x === a ? 'in_progress' : 'assigned', x === a ? 'in_progress' : 'assigned', taskDue, earlier]),
      ...[a, b, c]
        .sort()
        .map((x) => [x, 'cancel', x === a ? 'in_progress' : 'assigned', 'cancelled', x === b ? later : earlier, x === b ? later : earlier]),
    ]);

    // one audit row per assignment for the set-based changes, with before and after
    for (const x of [a, c]) {
      expect((await auditOf(x)).filter((e) => e.action === 'assignment.due_date_moved')).toEqual([
        expect.objectContaining({
          before: expect.objectContaining({ dueDate: taskDue }),
          after: expect.objectContaining({ dueDate: earlier }),
        }),
      ]);
    }
    for (const x of [a, b, c]) {
      expect((await auditOf(x)).filter((e) => e.action === 'assignment.cancel')).toEqual([
        expect.objectContaining({ after: expect.objectContaining({ state: 'cancelled', reason: '不再开展' }) }),
      ]);
    }
    // the version moved once per change
    const [row] = await w.api.db.query(`SELECT version FROM assignments WHERE id = $1`, [a]);
    expect(row.version).toBe(1 + 4);
  });
});
