import { startApi, type TestApi } from '../support/api';
import { createUnit, createUser, login } from '../support/auth';

interface NotificationList {
  items: { id: string; kind: string; title: string; read: boolean }[];
  total: number;
  unread: number;
}

/**
 * The in-app notifications API over the `notifications` rows the reminders' in-app channel writes
 * (written directly here, as that channel would): newest first, unread filter, mark one or all
 * read, the unread count in the inbox summary, and nobody touches anyone else's.
 */
describe('in-app notifications', () => {
  let api: TestApi;
  let me: { id: string; token: string };
  let other: { id: string; token: string };

  const call = async <T>(token: string, method: string, path: string): Promise<{ status: number; body: T }> => {
    const res = await fetch(`${api.url}${path}`, { method, headers: { authorization: `Bearer ${token}` } });
    return { status: res.status, body: (await res.json()) as T };
  };

  beforeAll(async () => {
    api = await startApi({ LOGIN_MAX_FAILURES_PER_IP: 1_000_000 });
    const unit = await createUnit(api.db);
    const sign = async () => {
      const u = await createUser(api.db, { units: [{ unitId: unit.id, role: 'unit_member' }] });
      return { id: u.id, token: (await login(api.url, u.username, u.password)).accessToken };
    };
    me = await sign();
    other = await sign();
    const base = Date.parse('2026-03-02T09:00:00+08:00');
    for (let i = 0; i < 5; i++) {
      await api.db.query(`INSERT INTO notifications (user_id, kind, title, body, created_at) VALUES ($1, $2, $3, '正文', $4)`, [
        me.id,
        i % 2 ? 'urge' : 'notice',
        `通知${i}`,
        new Date(base + i * 60_000),
      ]);
    }
    await api.db.query(`INSERT INTO notifications (user_id, kind, title, body) VALUES ($1, 'urge', '别人的', '正文')`, [other.id]);
  });
  afterAll(async () => api.close());

  it('lists my notifications newest first, paginated, with the unread count', async () => {
    const page1 = await call<NotificationList>(me.token, 'GET', '/api/notifications?pageSize=2');
    expect(page1.status).toBe(200);
    expect(page1.body.items.map((n) => n.title)).toEqual(['通知4', '通知3']);
    expect(page1.body).toMatchObject({ total: 5, unread: 5 });
    const page3 = await call<NotificationList>(me.token, 'GET', '/api/notifications?pageSize=2&page=3');
    expect(page3.body.items.map((n) => n.title)).toEqual(['通知0']);
  });

  it('marks one read (only mine), filters unread, and the inbox summary counts unread', async () => {
    const list = await call<NotificationList>(me.token, 'GET', '/api/notifications');
    const first = list.body.items[0];
    const read = await call<{ read: boolean; unread: number }>(me.token, 'POST', `/api/notifications/${first.id}/read`);
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ read: true, unread: 4 });
    const notMine = await call<{ error: { code: string } }>(other.token, 'POST', `/api/notifications/${first.id}/read`);
    expect(notMine.status).toBe(404);
    expect(notMine.body.error.code).toBe('NOTIFICATION_NOT_FOUND');

    const unread = await call<NotificationList>(me.token, 'GET', '/api/notifications?unread=true');
    expect(unread.body.items.map((n) => n.id)).not.toContain(first.id);
    expect(unread.body.total).toBe(4);
    const summary = await call<{ notifications: { unread: number } }>(me.token, 'GET', '/api/inbox/summary');
    expect(summary.status).toBe(200);
    expect(summary.body.notifications).toEqual({ unread: 4 });
    const bad = await call<{ error: { code: string } }>(me.token, 'GET', '/api/notifications?unread=maybe');
    expect(bad.status).toBe(400);
  });

  it('marks all read, and leaves other people’s alone', async () => {
    const all = await call<{ marked: number }>(me.token, 'POST', '/api/notifications/read-all');
    expect(all.body.marked).toBe(4);
    expect((await call<{ notifications: { unread: number } }>(me.token, 'GET', '/api/inbox/summary')).body.notifications.unread).toBe(0);
    expect((await call<NotificationList>(other.token, 'GET', '/api/notifications')).body.unread).toBe(1);
  });
});
