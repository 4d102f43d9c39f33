import { AdjustableClock, Clock } from '@duban/clock';
import { jsonInit, request, startApi, type TestApi } from '../support/api';
import { createUnit, createUser, login, withAuth, type TestUser } from '../support/auth';
import { createAssignment, createPlan, createTask } from '../inbox/support/factories';

interface ReviewItem {
  id: string;
  overdue: boolean;
  daysUntilDue: number;
}

/**
 * DUBAN_CLOCK replays a plan in its own year: with the clock frozen in 2021, work due 2021-06-30 is
 * on time on 2021-03-01 and overdue on 2021-07-01, in the inbox and at approval, and every audit
 * event and decision carries the clock's time, not the wall clock's.
 */
describe('one clock (DUBAN_CLOCK)', () => {
  const START = '2021-03-01T09:00:00+08:00';
  let api: TestApi;
  let clock: AdjustableClock;
  let head: TestUser;
  let onTime: string;
  let late: string;

  beforeAll(async () => {
    api = await startApi({ DUBAN_CLOCK: START });
    clock = api.app.get(Clock) as AdjustableClock;
    expect(clock).toBeInstanceOf(AdjustableClock);
    clock.freeze();
    clock.set(new Date(START));

    const department = await createUnit(api.db, { type: 'department' });
    const school = await createUnit(api.db);
    head = await createUser(api.db, { units: [{ unitId: department.id, role: 'department_head' }] });
    const plan = await createPlan(api.db, '2021年教育工作要点');
    const task = async (title: string) =>
      createTask(api.db, { planId: plan.planId, pointId: plan.points[0].id, title, ownerUnitId: department.id, dueDate: '2021-06-30' });
    onTime = await createAssignment(api.db, {
      taskId: await task('按时完成'),
      unitId: school.id,
      role: 'lead',
      state: 'submitted',
      dueDate: '2021-06-30',
    });
    late = await createAssignment(api.db, {
      taskId: await task('逾期完成'),
      unitId: school.id,
      role: 'lead',
      state: 'submitted',
      dueDate: '2021-06-30',
    });
  });

  afterAll(async () => {
    await api?.close();
  });

  /** Signs in on the clock's "now" (a token from before a jump of months would have expired). */
  async function reviews(): Promise<{ token: string; today: string; items: Map<string, ReviewItem> }> {
    const { accessToken } = await login(api.url, head.username, head.password);
    const res = await request<{ today: string; items: ReviewItem[] }>(`${api.url}/api/inbox/reviews?pageSize=100`, withAuth(accessToken));
    expect(res.status).toBe(200);
    return { token: accessToken, today: res.body.today, items: new Map(res.body.items.map((i) => [i.id, i])) };
  }

  async function approve(token: string, id: string, body: Record<string, unknown> = {}) {
    const current = await request<{ version: number }>(`${api.url}/api/assignments/${id}`, withAuth(token));
    expect(current.status).toBe(200);
    return request<{ error?: { code?: string } }>(
      `${api.url}/api/assignments/${id}/approve`,
      withAuth(token, jsonInit('POST', { version: current.body.version, ...body })),
    );
  }

  async function auditOf(id: string, action: string): Promise<{ at: Date; after: Record<string, unknown> }> {
    const [row] = await api.db.query(`select at, after from audit_events where object_id = $1 and action = $2 order by id desc limit 1`, [
      id,
      action,
    ]);
    expect(row).toBeDefined();
    return row;
  }

  it('on 2021-03-01 work due 2021-06-30 is not overdue, and approving it is not late', async () => {
    const { token, today, items } = await reviews();
    expect(today).toBe('2021-03-01');
    expect(items.get(onTime)).toMatchObject({ overdue: false, daysUntilDue: 121 });
    expect(items.get(late)).toMatchObject({ overdue: false });

    const res = await approve(token, onTime);
    expect(res.status).toBe(200);
    const audit = await auditOf(onTime, 'assignment.approve');
    expect(audit.at.toISOString()).toBe('2021-03-01T01:00:00.000Z');
    expect(audit.after).toMatchObject({ late: false });
    const [stored] = await api.db.query(
      `select a.approved_at, d.at as decided_at from assignments a join review_decisions d on d.assignment_id = a.id where a.id = $1`,
      [onTime],
    );
    expect(stored.approved_at.toISOString()).toBe('2021-03-01T01:00:00.000Z');
    expect(stored.decided_at.toISOString()).toBe('2021-03-01T01:00:00.000Z');
  });

  it("an assignment starts on the clock's day (序时进度 counts from it), named or by unit set", async () => {
    const { accessToken } = await login(api.url, head.username, head.password);
    const department = await api.db.query(`select unit_id from user_units where user_id = $1`, [head.id]);
    const plan = await createPlan(api.db, '2021年开学工作安排');
    const taskId = await createTask(api.db, {
      planId: plan.planId,
      pointId: plan.points[0].id,
      title: '开学检查',
      ownerUnitId: department[0].unit_id,
      dueDate: '2021-06-30',
    });
    const school = await createUnit(api.db, { type: 'school', name: `开学检查小学${Date.now()}` });
    const named = await request(
      `${api.url}/api/tasks/${taskId}/assignments`,
      withAuth(accessToken, jsonInit('POST', { units: [{ unitId: school.id, role: 'lead' }] })),
    );
    expect(named.status).toBeLessThan(300);
    const tag = `开学${Date.now()}`;
    await createUnit(api.db, { type: 'school', tags: [tag] });
    await createUnit(api.db, { type: 'school', tags: [tag] });
    const bulk = await request(
      `${api.url}/api/tasks/${taskId}/assignments/bulk`,
      withAuth(accessToken, jsonInit('POST', { unitSet: { tags: [tag] }, role: 'responsible' })),
    );
    expect(bulk.status).toBeLessThan(300);
    const rows: { created_at: Date }[] = await api.db.query(`select created_at from assignments where task_id = $1`, [taskId]);
    expect(rows).toHaveLength(3);
    for (const row of rows) expect(row.created_at.toISOString()).toBe('2021-03-01T01:00:00.000Z');
  });

  it('on 2021-07-01 the same due date is overdue, and approval needs a reason for lateness', async () => {
    clock.set(new Date('2021-07-01T10:30:00+08:00'));
    const { token, today, items } = await reviews();
    expect(today).toBe('2021-07-01');
    expect(items.get(late)).toMatchObject({ overdue: true, daysUntilDue: -1 });

    const refused = await approve(token, late);
    expect(refused.status).toBe(422);
    expect(refused.body.error?.code).toBe('LATE_CLOSE_REASON_REQUIRED');
    const accepted = await approve(token, late, { lateCloseReason: '受疫情影响，验收推迟一天' });
    expect(accepted.status).toBe(200);
    const audit = await auditOf(late, 'assignment.approve');
    expect(audit.at.toISOString()).toBe('2021-07-01T02:30:00.000Z');
    expect(audit.after).toMatchObject({ late: true, lateCloseReason: '受疫情影响，验收推迟一天' });
  });

  it('sign-in events and refresh-token expiry follow the clock too', async () => {
    clock.set(new Date('2021-08-02T08:00:00+08:00'));
    const { refreshToken } = await login(api.url, head.username, head.password);
    const [token] = await api.db.query(`select expires_at from refresh_tokens where user_id = $1 order by expires_at desc limit 1`, [
      head.id,
    ]);
    expect(token.expires_at.getTime() - Date.parse('2021-08-02T00:00:00Z')).toBe(api.config.REFRESH_TOKEN_TTL_SECONDS * 1000);
    const signIn = await api.db.query(`select at from audit_events where action = 'auth.login' and actor = $1 order by id desc limit 1`, [
      head.id,
    ]);
    expect(signIn[0].at.toISOString()).toBe('2021-08-02T00:00:00.000Z');

    // past the refresh token's lifetime on the clock (not on the wall clock), it no longer works
    clock.advance(api.config.REFRESH_TOKEN_TTL_SECONDS * 1000 + 1000);
    const refreshed = await request(`${api.url}/api/auth/refresh`, jsonInit('POST', { refreshToken }));
    expect(refreshed.status).toBe(401);
  });
});
