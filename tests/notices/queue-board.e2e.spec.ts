import { startApi, type TestApi } from '../support/api';
import { createUnit, createUser, login } from '../support/auth';

/** bull-board at /admin/queues: served to admins (bearer header), refused to everyone else in the app's error shape. */
describe('/admin/queues', () => {
  let api: TestApi;
  const tokens: Record<'admin' | 'leader' | 'head', string> = {} as never;

  beforeAll(async () => {
    api = await startApi({ LOGIN_MAX_FAILURES_PER_IP: 1_000_000 });
    const unit = await createUnit(api.db, { type: 'department' });
    for (const [role, spec] of [
      ['admin', { globalRoles: ['admin'] }],
      ['leader', { globalRoles: ['leader'] }],
      ['head', { units: [{ unitId: unit.id, role: 'department_head' }] }],
    ] as const) {
      const user = await createUser(api.db, spec as unknown as Parameters<typeof createUser>[1]);
      tokens[role] = (await login(api.url, user.username, user.password)).accessToken;
    }
  });
  afterAll(async () => api.close());

  const get = (path: string, token?: string) => fetch(`${api.url}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });

  it('anonymous → 401 UNAUTHENTICATED, a bad token → 401, never the board', async () => {
    for (const res of [await get('/admin/queues'), await get('/admin/queues/api/queues'), await get('/admin/queues', 'x.y.z')]) {
      expect(res.status).toBe(401);
      const body = (await res.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe('UNAUTHENTICATED');
    }
  });

  it('a leader or a department head → 403 FORBIDDEN naming queues:admin', async () => {
    for (const token of [tokens.leader, tokens.head]) {
      for (const path of ['/admin/queues', '/admin/queues/api/queues']) {
        const res = await get(path, token);
        expect(res.status).toBe(403);
        expect(await res.json()).toMatchObject({ error: { code: 'FORBIDDEN', details: { required: 'queues:admin' } } });
      }
    }
  });

  it('an admin gets the board and its queue list (the health queue and the reminders queues)', async () => {
    const page = await get('/admin/queues', tokens.admin);
    expect(page.status).toBe(200);
    expect(await page.text()).toMatch(/<html/i);
    const res = await get('/admin/queues/api/queues', tokens.admin);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { queues: { name: string }[] };
    expect(body.queues.map((q) => q.name).sort()).toEqual(
      expect.arrayContaining(['health', 'reminders-email', 'reminders-inapp', 'reminders-webhook', 'reminders-scheduler']),
    );
  });

  describe('opened from the web app: a short-lived cookie scoped to /admin/queues', () => {
    const open = (token: string, web = true) =>
      fetch(`${api.url}/api/admin/queues/session`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, ...(web ? { 'x-duban-client': 'web' } : {}) },
      });
    const cookieOf = (res: Response) => (res.headers.get('set-cookie') ?? '').split(';')[0];

    it('an admin gets an httpOnly, SameSite=Strict cookie for /admin/queues only, 10 minutes; the board opens with it alone', async () => {
      const res = await open(tokens.admin);
      expect(res.status).toBe(200);
      const header = res.headers.get('set-cookie') ?? '';
      expect(header).toMatch(/^duban_queues=[^;]+; Path=\/admin\/queues; Max-Age=600; HttpOnly; SameSite=Strict/);
      const page = await fetch(`${api.url}/admin/queues/api/queues`, { headers: { cookie: cookieOf(res) } });
      expect(page.status).toBe(200);
      // the cookie is not a credential for the API itself
      const apiCall = await fetch(`${api.url}/api/overview`, { headers: { cookie: cookieOf(res) } });
      expect(apiCall.status).toBe(401);
    });

    it('refused without the web header (CSRF), to non-admins; a forged cookie is a 401', async () => {
      expect((await open(tokens.admin, false)).status).toBe(400);
      for (const token of [tokens.leader, tokens.head]) {
        const res = await open(token);
        expect(res.status).toBe(403);
        expect(res.headers.get('set-cookie')).toBeNull();
      }
      // a leader's own token put into the cookie by hand is still checked for queues:admin
      const leaderCookie = await fetch(`${api.url}/admin/queues/api/queues`, { headers: { cookie: `duban_queues=${tokens.leader}` } });
      expect(leaderCookie.status).toBe(403);
      const forged = await fetch(`${api.url}/admin/queues/api/queues`, { headers: { cookie: 'duban_queues=a.b.c' } });
      expect(forged.status).toBe(401);
    });
  });
});
