import type { AssignmentState } from '@duban/assignment-workflow';
import { jsonInit, request } from '../support/api';
import { createUser, login, withAuth } from '../support/auth';
import { World, YEAR, type ErrorBody } from './world';

const STATES: AssignmentState[] = ['assigned', 'in_progress', 'submitted', 'approved', 'returned', 'extension_requested', 'cancelled'];
/** Each endpoint, the role that plays its actor, and a body that is otherwise complete. */
const ENDPOINTS = [
  { action: 'start', path: 'start', as: 'memberA', body: {} },
  { action: 'submit', path: 'submit', as: 'memberA', body: {} },
  { action: 'approve', path: 'approve', as: 'headJijiao', body: {} },
  { action: 'return', path: 'return', as: 'headJijiao', body: { reason: '材料不全' } },
  {
    action: 'request_extension',
    path: 'request-extension',
    as: 'memberA',
    body: { reason: '需要更多时间', newDueDate: `${YEAR + 1}-06-30` },
  },
  { action: 'cancel', path: 'cancel', as: 'headJijiao', body: { reason: '不再需要' } },
] as const;
/** The product rules, written out by hand (not read from TRANSITIONS): where each action leads from each state. */
const LEADS_TO: Record<(typeof ENDPOINTS)[number]['action'], Partial<Record<AssignmentState, AssignmentState>>> = {
  start: { assigned: 'in_progress' },
  submit: { assigned: 'submitted', in_progress: 'submitted', returned: 'submitted' },
  approve: { submitted: 'approved' },
  return: { submitted: 'returned' },
  request_extension: { assigned: 'extension_requested', in_progress: 'extension_requested', returned: 'extension_requested' },
  cancel: {
    assigned: 'cancelled',
    in_progress: 'cancelled',
    submitted: 'cancelled',
    returned: 'cancelled',
    extension_requested: 'cancelled',
  },
};

describe('assignment transitions: every state × action, versions, concurrency', () => {
  let w: World;
  let taskId: string;
  let assignmentId: string;
  beforeAll(async () => {
    w = await World.create();
    const [, , t3] = await w.decompose(await w.confirmedPlan());
    taskId = t3.id;
    await w.call('headJijiao', 'PATCH', `/api/tasks/${taskId}`, { version: t3.version, ownerUnitId: w.units.jijiao });
    const res = await w.call<{ assignments: { id: string }[] }>('headJijiao', 'POST', `/api/tasks/${taskId}/assignments`, {
      units: [{ unitId: w.units.schoolA, role: 'responsible' }],
    });
    assignmentId = res.body.assignments[0].id;
  });
  afterAll(async () => w.close());

  /** Puts the assignment in a state directly (test set-up only), with no pending extension. */
  const putIn = async (state: AssignmentState): Promise<void> => {
    await w.api.db.query(`DELETE FROM extension_requests WHERE assignment_id = $1`, [assignmentId]);
    await w.api.db.query(`UPDATE assignments SET state = $2, resume_state = $3, due_date = $4 WHERE id = $1`, [
      assignmentId,
      state,
      state === 'extension_requested' ? 'in_progress' : null,
      `${YEAR}-12-31`,
    ]);
  };

  const cases = STATES.flatMap((state) => ENDPOINTS.map((e) => [state, e.action, LEADS_TO[e.action][state] ?? null] as const));
  it.each(cases)('from %s, %s leads to %s', async (state, action, to) => {
    await putIn(state);
    const e = ENDPOINTS.find((x) => x.action === action) as (typeof ENDPOINTS)[number];
    const res = await w.move(e.as, assignmentId, e.path, { ...e.body });
    if (to !== null) {
      expect(res.status).toBe(200);
      expect(res.body.state).toBe(to);
    } else {
      expect(res.status).toBe(409);
      expect(res.body.error.code).toBe('ILLEGAL_TRANSITION');
      expect(res.body.error.message).toMatch(/^当前状态为「.+」，不能执行「.+」$/);
      expect(res.body.error.details).toMatchObject({ state });
    }
  });

  it('progress is refused once submitted, approved or cancelled', async () => {
    for (const state of ['submitted', 'approved', 'cancelled', 'extension_requested'] as const) {
      await putIn(state);
      const res = await w.call<ErrorBody>('memberA', 'POST', `/api/assignments/${assignmentId}/progress`, {
        percent: 10,
        period: `${YEAR}-S1`,
      });
      expect([state, res.status, res.body.error.code]).toEqual([state, 409, 'ILLEGAL_TRANSITION']);
    }
  });

  it('refuses the wrong people: 403 for those who see it, 404 for those who do not', async () => {
    await putIn('submitted');
    expect((await w.move('memberA', assignmentId, 'approve')).status).toBe(403);
    expect((await w.move('headZuzhi', assignmentId, 'approve')).status).toBe(404);
    expect((await w.move('memberB', assignmentId, 'return', { reason: 'x' })).status).toBe(404);
    expect((await w.move('leader', assignmentId, 'approve')).status).toBe(403);
    expect((await w.move('memberA', assignmentId, 'cancel', { reason: 'x' })).status).toBe(403);
    await putIn('assigned');
    expect((await w.move('headJijiao', assignmentId, 'start')).status).toBe(403);
  });

  it('a stale version gets 409 with the current state and version', async () => {
    await putIn('assigned');
    const version = await w.version(assignmentId);
    expect((await w.move('memberA', assignmentId, 'start', { version })).status).toBe(200);
    const stale = await w.move('memberA', assignmentId, 'submit', { version });
    expect(stale.status).toBe(409);
    expect(stale.body.error).toMatchObject({ code: 'VERSION_CONFLICT', details: { state: 'in_progress', version: version + 1 } });
  });

  it('two reviewers approving the same submission at once: exactly one wins, one audit event, one decision', async () => {
    // a second head of the same department
    const other = await createUser(w.api.db, { units: [{ unitId: w.units.jijiao, role: 'department_head' }] });
    const token = (await login(w.api.url, other.username, other.password)).accessToken;
    const approveAsOther = (version: number) =>
      request<ErrorBody>(`${w.api.url}/api/assignments/${assignmentId}/approve`, withAuth(token, jsonInit('POST', { version })));
    for (let round = 0; round < 5; round++) {
      await putIn('submitted');
      const version = await w.version(assignmentId);
      const [a, b] = await Promise.all([w.move('headJijiao', assignmentId, 'approve', { version }), approveAsOther(version)]);
      expect([a.status, b.status].sort()).toEqual([200, 409]);
      const loser = (a.status === 409 ? a.body : b.body) as ErrorBody;
      expect(loser.error).toMatchObject({ code: 'VERSION_CONFLICT', details: { state: 'approved', version: version + 1 } });
      const [events] = await w.api.db.query(
        `SELECT count(*)::int AS n FROM audit_events WHERE object_id = $1 AND action = 'assignment.approve' AND (before->>'version')::int = $2`,
        [assignmentId, version],
      );
      expect(events.n).toBe(1);
      const [row] = await w.api.db.query(`SELECT state, version FROM assignments WHERE id = $1`, [assignmentId]);
      expect(row).toEqual({ state: 'approved', version: version + 1 });
    }
    const [decisions] = await w.api.db.query(
      `SELECT count(*)::int AS n FROM review_decisions WHERE assignment_id = $1 AND decision = 'approve' AND decided_by IS NOT NULL`,
      [assignmentId],
    );
    const [approvals] = await w.api.db.query(
      `SELECT count(*)::int AS n FROM audit_events WHERE object_id = $1 AND action = 'assignment.approve'`,
      [assignmentId],
    );
    expect(decisions.n).toBe(approvals.n);
  });
});
