import { WorkingCalendar } from '@duban/calendar';
import { jobIdOf, OutboxService, ReminderQueues, ReminderScheduler } from '@duban/reminders';
import { startApi } from '../support/api';
import { World } from '../tasks/world';

const NOW = '2026-12-02T10:00:00+08:00'; // a Wednesday, a working day
const TODAY = '2026-12-02';
const TOKEN = 'metrics-token-for-tests-0123';

/**
 * Through the real API: changes reschedule in their transaction (a moved due date cancels the old
 * date's pending reminders and plans the new date's; a cancellation cancels them all), and the
 * admin side of reminders: plan offsets, calendar overrides, robots, dead letters, preference, metrics.
 */
describe('reminders through the API', () => {
  let w: World;
  const cal = new WorkingCalendar();

  beforeAll(async () => {
    w = await World.create(await startApi({ LOGIN_MAX_FAILURES_PER_IP: 1_000_000, DUBAN_CLOCK: NOW, METRICS_TOKEN: TOKEN }));
  });
  afterAll(async () => {
    await Promise.all(
      w.api.app
        .get(ReminderQueues)
        .all()
        .map((q) => q.obliterate({ force: true })),
    );
    await w.close();
  });

  const messagesOf = (assignmentId: string) =>
    w.api.db.query(
      `select key, kind, cancelled_at is not null as cancelled, cancel_reason from outbox_messages where assignment_id = $1 order by created_at, key`,
      [assignmentId],
    ) as Promise<{ key: string; kind: string; cancelled: boolean; cancel_reason: string | null }[]>;

  it('a moved due date and a cancellation reschedule the reminders in the same transaction', async () => {
    const planId = await w.confirmedPlan();
    const [task] = await w.decompose(planId);
    const res = await w.call<{ assignments: { id: string }[] }>('headZuzhi', 'POST', `/api/tasks/${task.id}/assignments`, {
      units: [{ unitId: w.units.schoolA, role: 'responsible' }],
    });
    expect(res.status).toBe(201);
    const a = res.body.assignments[0].id;
    const moveTo = async (dueDate: string) => {
      const cr = await w.call<{ id: string }>('headZuzhi', 'POST', `/api/tasks/${task.id}/change-requests`, {
        kind: 'adjust',
        proposed: { dueDate },
        reason: '调整进度',
      });
      expect(cr.status).toBe(201);
      expect((await w.call('headZuzhi', 'POST', `/api/change-requests/${cr.body.id}/approve`, {})).status).toBe(200);
    };
    const in3 = cal.addWorkingDays(TODAY, 3);
    await moveTo(in3);
    let msgs = await messagesOf(a);
    expect(msgs).toEqual([
      expect.objectContaining({ kind: 'due_soon', cancelled: false, key: expect.stringContaining(`.d${in3.replace(/-/g, '')}`) }),
    ]);

    const in7 = cal.addWorkingDays(TODAY, 7);
    await moveTo(in7);
    msgs = await messagesOf(a);
    expect(msgs).toEqual([
      expect.objectContaining({ kind: 'due_soon', cancelled: true, cancel_reason: `截止日期由 ${in3} 改为 ${in7}` }),
      expect.objectContaining({ kind: 'due_soon', cancelled: false, key: expect.stringContaining(`.d${in7.replace(/-/g, '')}`) }),
    ]);

    const cancel = await w.call<{ id: string }>('headZuzhi', 'POST', `/api/tasks/${task.id}/change-requests`, {
      kind: 'cancel',
      reason: '不再开展',
    });
    expect((await w.call('headZuzhi', 'POST', `/api/change-requests/${cancel.body.id}/approve`, {})).status).toBe(200);
    msgs = await messagesOf(a);
    expect(msgs.every((m) => m.cancelled)).toBe(true);
    expect(msgs[1].cancel_reason).toBe('任务已取消');
    const [{ n }] = await w.api.db.query(
      `select count(*)::int as n from outbox_deliveries d join outbox_messages m on m.id = d.message_id where m.assignment_id = $1 and d.state <> 'cancelled'`,
      [a],
    );
    expect(n).toBe(0);
  });

  it('plan offsets: the importing department changes them, audited; others may not', async () => {
    const planId = await w.confirmedPlan();
    const before = await w.call('headJijiao', 'GET', `/api/plans/${planId}/reminder-settings`);
    expect(before.body).toMatchObject({ beforeDays: [7, 3, 1], escalateAfterDays: 3, digestAfterDays: 10, isDefault: true, planId });
    const body = { beforeDays: [5, 2], escalateAfterDays: 2, digestAfterDays: 8 };
    expect((await w.call('headJijiao', 'PUT', `/api/plans/${planId}/reminder-settings`, body)).status).toBe(403);
    const put = await w.call('headZuzhi', 'PUT', `/api/plans/${planId}/reminder-settings`, body);
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({
      beforeDays: [5, 2],
      escalateAfterDays: 2,
      isDefault: false,
      updatedBy: w.userIds.headZuzhi,
      updatedByName: expect.any(String),
    });
    const bad = await w.call('headZuzhi', 'PUT', `/api/plans/${planId}/reminder-settings`, { ...body, digestAfterDays: 1 });
    expect(bad.status).toBe(400);
    const [audit] = await w.api.db.query(
      `select before, after from audit_events where action = 'reminder_settings.updated' and object_id = $1`,
      [planId],
    );
    expect(audit.before).toMatchObject({ beforeDays: [7, 3, 1] });
    expect(audit.after).toMatchObject({ beforeDays: [5, 2] });
  });

  it("calendar overrides: an admin's day off silences the scheduler that day", async () => {
    const scheduler = w.api.app.get(ReminderScheduler);
    const day = cal.addWorkingDays(TODAY, 20);
    expect((await w.call('headZuzhi', 'PUT', `/api/admin/calendar-overrides/${day}`, { kind: 'dayoff', reason: '运动会' })).status).toBe(
      403,
    );
    const put = await w.call('admin', 'PUT', `/api/admin/calendar-overrides/${day}`, { kind: 'dayoff', reason: '本局运动会放假' });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ date: day, kind: 'dayoff', createdByName: expect.any(String) });
    expect((await w.call('admin', 'PUT', `/api/admin/calendar-overrides/2026-02-30`, { kind: 'dayoff', reason: 'x' })).status).toBe(400);
    const cal2 = await w.api.db.transaction((m) => scheduler['calendarService'].load(m));
    expect(cal2.isWorkingDay(day)).toBe(false);
    const list = await w.call<{ date: string }[]>('admin', 'GET', `/api/admin/calendar-overrides?from=${day}&to=${day}`);
    expect(list.body.map((o) => o.date)).toEqual([day]);
    expect((await w.call('admin', 'DELETE', `/api/admin/calendar-overrides/${day}`)).status).toBe(204);
    expect((await w.call('admin', 'DELETE', `/api/admin/calendar-overrides/${day}`)).status).toBe(404);
    const actions = await w.api.db.query(
      `select action from audit_events where object_type = 'calendar_override' and object_id = $1 order by id`,
      [day],
    );
    expect(actions.map((r: { action: string }) => r.action)).toEqual(['calendar_override.set', 'calendar_override.removed']);
  });

  it('robots: the secret and the access token are never echoed, not even to the audit trail', async () => {
    const res = await w.call<Record<string, unknown>>('admin', 'POST', '/api/admin/unit-webhooks', {
      unitId: w.units.schoolA,
      kind: 'dingtalk',
      url: 'https://oapi.dingtalk.com/robot/send?access_token=SECRET_TOKEN',
      secret: 'SECabcdef',
    });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: expect.any(String),
      unitId: w.units.schoolA,
      unitName: '示范区第一小学',
      kind: 'dingtalk',
      url: 'https://oapi.dingtalk.com/robot/send?…',
      hasSecret: true,
      enabled: true,
    });
    const patched = await w.call('admin', 'PATCH', `/api/admin/unit-webhooks/${res.body.id}`, { enabled: false, secret: null });
    expect(patched.body).toMatchObject({ enabled: false, hasSecret: false });
    const trail = JSON.stringify(
      await w.api.db.query(`select before, after from audit_events where object_type = 'unit_webhook' and object_id = $1`, [res.body.id]),
    );
    expect(trail).not.toContain('SECRET_TOKEN');
    expect(trail).not.toContain('SECabcdef');
    expect((await w.call('admin', 'DELETE', `/api/admin/unit-webhooks/${res.body.id}`)).status).toBe(204);
  });

  it('dead letters are listed with their reason and can be retried; a user picks the daily digest', async () => {
    const userId = w.userIds.memberB;
    const key = `u=${userId}.x.urge.${TODAY}.deadtest`;
    await w.api.db.transaction((m) =>
      w.api.app
        .get(OutboxService)
        .enqueue(m, [{ kind: 'urge', slot: TODAY, recipient: { userId }, subject: '催办', body: '请办理', key, channels: ['inapp'] }]),
    );
    await w.api.db.query(
      `update outbox_deliveries set state = 'dead', attempts = 6, last_error = '重试 6 次后放弃：测试' where message_id = (select id from outbox_messages where key = $1)`,
      [key],
    );
    expect((await w.call('headZuzhi', 'GET', '/api/admin/deliveries/dead')).status).toBe(403);
    const dead = await w.call<{ items: { id: string; messageKey: string; lastError: string; recipientUserName: string }[] }>(
      'admin',
      'GET',
      '/api/admin/deliveries/dead?pageSize=200',
    );
    const item = dead.body.items.find((d) => d.messageKey === key);
    expect(item).toMatchObject({ lastError: '重试 6 次后放弃：测试', recipientUserName: expect.any(String) });
    const retried = await w.call('admin', 'POST', `/api/admin/deliveries/${item?.id}/retry`);
    expect(retried.body).toEqual({ id: item?.id, state: 'pending' });
    expect(await w.api.app.get(ReminderQueues).channel('inapp').getJob(jobIdOf(key))).toBeDefined();

    expect((await w.call('memberB', 'GET', '/api/me/reminder-preference')).body).toEqual({ reminderMode: 'immediate' });
    expect((await w.call('memberB', 'PUT', '/api/me/reminder-preference', { reminderMode: 'daily_digest' })).body).toEqual({
      reminderMode: 'daily_digest',
    });
    expect((await w.call('memberB', 'PUT', '/api/me/reminder-preference', { reminderMode: 'weekly' })).status).toBe(400);
  });

  it('/metrics needs the bearer token', async () => {
    expect((await fetch(`${w.api.url}/metrics`)).status).toBe(401);
    expect((await fetch(`${w.api.url}/metrics`, { headers: { authorization: 'Bearer wrong' } })).status).toBe(401);
    const res = await fetch(`${w.api.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).toContain('duban_reminder_deliveries{channel="inapp",state=');
    expect(text).toContain('duban_reminder_queue_jobs{queue="reminders-email",state="waiting"}');
  });
});
