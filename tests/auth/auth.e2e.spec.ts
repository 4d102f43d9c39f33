import Redis from 'ioredis';
import { JwtService } from '@nestjs/jwt';
import { randomUUID } from 'node:crypto';
import { jsonInit, request, startApi, type TestApi } from '../support/api';
import { authHeaders, createUnit, createUser, login, withAuth, type TestUser } from '../support/auth';
import { ENDPOINTS, routeKey, type EndpointCase } from './endpoints';

type Body = Record<string, unknown> & { error?: { code: string; message: string; details?: Record<string, unknown> } };
type TokenBody = Body & {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
  mustChangePassword: boolean;
  user: { id: string; permissions: string[] };
};

describe('sign-in, tokens and sessions', () => {
  let api: TestApi;
  let head: TestUser;
  let unitId: string;
  const me = (token: string) => request<Body>(`${api.url}/api/auth/me`, { headers: authHeaders(token) });
  const loginRaw = (url: string, username: string, password: string) =>
    request<TokenBody>(`${url}/api/auth/login`, jsonInit('POST', { username, password }));
  const refresh = (refreshToken: string) => request<TokenBody>(`${api.url}/api/auth/refresh`, jsonInit('POST', { refreshToken }));
  const audit = async (action: string, objectId: string): Promise<number> =>
    Number((await api.db.query(`select count(*)::int n from audit_events where action = $1 and object_id = $2`, [action, objectId]))[0].n);

  beforeAll(async () => {
    // own Redis key prefix: the failed sign-ins here must not count against other suites' 127.0.0.1
    api = await startApi({ QUEUE_PREFIX: `duban_test_auth_${randomUUID()}` });
    unitId = (await createUnit(api.db, { type: 'department' })).id;
    head = await createUser(api.db, { units: [{ unitId, role: 'department_head' }] });
  });
  afterAll(async () => api.close());

  it('signs in and answers /me with roles, units and permissions', async () => {
    const res = await loginRaw(api.url, head.username.toUpperCase(), head.password);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      tokenType: 'Bearer',
      expiresIn: 900,
      user: { id: head.id, units: [{ unitId, role: 'department_head' }] },
    });
    expect(res.body.refreshToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(JSON.stringify(res.body)).not.toMatch(/argon2|passwordHash/);
    const who = await me(res.body.accessToken);
    expect(who.status).toBe(200);
    expect(who.body).toMatchObject({
      id: head.id,
      username: head.username,
      globalRoles: [],
      permissions: expect.arrayContaining(['plans:import', 'self']),
    });
    expect(await audit('auth.login', head.id)).toBeGreaterThan(0);
    // the refresh token is stored only as its hash
    const [row] = await api.db.query(`select token_hash from refresh_tokens where user_id = $1 order by created_at desc limit 1`, [
      head.id,
    ]);
    expect(row.token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(row.token_hash).not.toContain(res.body.refreshToken);
  });

  it('wrong password and unknown user get the same answer', async () => {
    const wrong = await loginRaw(api.url, head.username, 'not-the-password');
    const unknown = await loginRaw(api.url, `ghost-${Date.now()}`, 'whatever');
    for (const res of [wrong, unknown]) {
      expect(res.status).toBe(401);
      expect(res.body.error).toMatchObject({ code: 'INVALID_CREDENTIALS', message: '用户名或密码错误' });
    }
    expect(await audit('auth.login_failed', head.id)).toBeGreaterThan(0);
  });

  it('a deactivated user cannot sign in and their live token stops working', async () => {
    const u = await createUser(api.db, { units: [{ unitId, role: 'unit_member' }] });
    const { accessToken } = await login(api.url, u.username, u.password);
    await api.db.query(`update users set is_active = false where id = $1`, [u.id]);
    expect((await me(accessToken)).status).toBe(401);
    expect((await loginRaw(api.url, u.username, u.password)).body.error?.code).toBe('INVALID_CREDENTIALS');
  });

  describe('access tokens that must be refused (401 UNAUTHENTICATED)', () => {
    let token: string;
    beforeAll(async () => {
      token = (await login(api.url, head.username, head.password)).accessToken;
    });
    const expectRefused = async (bad: string, message?: RegExp) => {
      const res = await me(bad);
      expect(res.status).toBe(401);
      expect(res.body.error).toMatchObject({ code: 'UNAUTHENTICATED', message: expect.stringMatching(message ?? /[\u4e00-\u9fff]/) });
    };
    const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const claims = () => JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()) as Record<string, unknown>;

    it('missing, malformed or not a bearer', async () => {
      expect((await request<Body>(`${api.url}/api/auth/me`)).body.error?.code).toBe('UNAUTHENTICATED');
      for (const header of ['Bearer', `Basic ${token}`, `Bearer ${token} x`, 'Bearer !!!', `Bearer ${'a'.repeat(5000)}`]) {
        const res = await request<Body>(`${api.url}/api/auth/me`, { headers: { authorization: header } });
        expect(res.status).toBe(401);
      }
    });

    it('one byte of the signature flipped', async () => {
      const [h, p, s] = token.split('.');
      const flipped = s[5] === 'A' ? 'B' : 'A';
      await expectRefused(`${h}.${p}.${s.slice(0, 5)}${flipped}${s.slice(6)}`);
    });

    it('payload changed (another user id) under the old signature', async () => {
      const [h, , s] = token.split('.');
      await expectRefused(`${h}.${b64({ ...claims(), sub: randomUUID() })}.${s}`);
    });

    it('alg none', async () => {
      await expectRefused(`${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims())}.`);
    });

    it('signed with another secret, or with another algorithm', async () => {
      const payload = { ...claims() };
      await expectRefused(await new JwtService({ secret: 'x'.repeat(40) }).signAsync(payload));
      await expectRefused(await new JwtService({ secret: api.config.JWT_SECRET }).signAsync(payload, { algorithm: 'HS512' }));
    });

    it('expired (signed with the right secret, exp in the past)', async () => {
      const now = Math.floor(Date.now() / 1000);
      const expired = await new JwtService({ secret: api.config.JWT_SECRET }).signAsync({ ...claims(), iat: now - 1000, exp: now - 60 });
      await expectRefused(expired, /过期/);
      expect((await me(expired)).body.error?.details).toEqual({ reason: 'expired' });
    });

    it('the untouched token still works (the cases above fail for their own reason)', async () => {
      expect((await me(token)).status).toBe(200);
    });
  });

  describe('refresh rotation', () => {
    it('each refresh token works once and yields the next one', async () => {
      const first = await login(api.url, head.username, head.password);
      const second = await refresh(first.refreshToken);
      expect(second.status).toBe(200);
      expect(second.body.refreshToken).not.toBe(first.refreshToken);
      expect((await me(second.body.accessToken)).status).toBe(200);
      const third = await refresh(second.body.refreshToken);
      expect(third.status).toBe(200);
    });

    it('replaying a used refresh token revokes the whole family: the newer token and its access token die too', async () => {
      const first = await login(api.url, head.username, head.password);
      const legit = await refresh(first.refreshToken);
      expect(legit.status).toBe(200);
      const replay = await refresh(first.refreshToken);
      expect(replay.status).toBe(401);
      expect(replay.body.error).toMatchObject({ code: 'REFRESH_REUSED', message: expect.stringContaining('重新登录') });
      expect((await refresh(legit.body.refreshToken)).body.error?.code).toBe('REFRESH_REUSED');
      expect((await me(legit.body.accessToken)).status).toBe(401);
      const [{ family_id: family }] = await api.db.query(
        `select family_id from refresh_tokens where user_id = $1 order by created_at desc limit 1`,
        [head.id],
      );
      expect(await audit('auth.refresh_reused', family)).toBeGreaterThan(0);
      // other sessions of the same user are untouched
      const other = await login(api.url, head.username, head.password);
      expect((await me(other.accessToken)).status).toBe(200);
    });

    it('an unknown, malformed or expired refresh token is refused', async () => {
      expect((await refresh('A'.repeat(43))).body.error?.code).toBe('UNAUTHENTICATED');
      expect((await refresh("' or 1=1 --")).status).toBe(400);
      const t = await login(api.url, head.username, head.password);
      await api.db.query(`update refresh_tokens set expires_at = now() - interval '1 minute' where user_id = $1 and used_at is null`, [
        head.id,
      ]);
      expect((await refresh(t.refreshToken)).body.error?.code).toBe('UNAUTHENTICATED');
    });
  });

  it('logout ends the session at once: access token refused, refresh token refused', async () => {
    const t = await login(api.url, head.username, head.password);
    const out = await request(`${api.url}/api/auth/logout`, withAuth(t.accessToken, { method: 'POST' }));
    expect(out.status).toBe(204);
    expect((await me(t.accessToken)).body.error).toMatchObject({ code: 'UNAUTHENTICATED', details: { reason: 'revoked' } });
    expect((await refresh(t.refreshToken)).status).toBe(401);
    expect(await audit('auth.logout', JSON.parse(Buffer.from(t.accessToken.split('.')[1], 'base64url').toString()).sid)).toBe(1);
  });

  it('password change: old password refused, other sessions end, new tokens returned', async () => {
    const u = await createUser(api.db, { units: [{ unitId, role: 'unit_member' }] });
    const a = await login(api.url, u.username, u.password);
    const b = await login(api.url, u.username, u.password);
    const change = (body: object) => request<TokenBody>(`${api.url}/api/auth/password`, withAuth(a.accessToken, jsonInit('POST', body)));
    expect((await change({ oldPassword: 'wrong-password', newPassword: 'New-password-1' })).body.error?.code).toBe('INVALID_PASSWORD');
    const short = await change({ oldPassword: u.password, newPassword: 'short' });
    expect(short.status).toBe(400);
    expect(JSON.stringify(short.body)).toContain('至少 8 位');
    const ok = await change({ oldPassword: u.password, newPassword: 'New-password-1' });
    expect(ok.status).toBe(200);
    expect((await me(ok.body.accessToken)).status).toBe(200);
    expect((await me(a.accessToken)).status).toBe(401);
    expect((await me(b.accessToken)).status).toBe(401);
    expect((await refresh(b.refreshToken)).status).toBe(401);
    expect((await loginRaw(api.url, u.username, u.password)).status).toBe(401);
    expect((await loginRaw(api.url, u.username, 'New-password-1')).status).toBe(200);
    expect(await audit('auth.password_changed', u.id)).toBe(1);
    const [row] = await api.db.query(`select after from audit_events where action = 'auth.password_changed' and object_id = $1`, [u.id]);
    expect(JSON.stringify(row)).not.toMatch(/argon2|New-password/);
  });

  describe('a temporary password must be changed before any work (403 PASSWORD_CHANGE_REQUIRED)', () => {
    // only these stay open; refresh and sign-in are public and hand out tokens that stay blocked
    const allowed = new Set(['POST /api/auth/logout', 'GET /api/auth/me', 'POST /api/auth/password']);
    const blocked = ENDPOINTS.filter((e) => e.permission !== 'public' && !allowed.has(routeKey(e.method, e.path)));
    let temp: TestUser;
    let token: string;

    const call = async (e: EndpointCase, accessToken: string) => {
      const init: RequestInit = { method: e.method };
      if (e.body !== undefined) Object.assign(init, { headers: { 'content-type': 'application/json' }, body: JSON.stringify(e.body) });
      return request<Body>(`${api.url}${e.path.replace(/:\w+/g, () => randomUUID())}`, withAuth(accessToken, init));
    };

    beforeAll(async () => {
      // an admin holds every permission, so a 403 here can only be the temporary password's
      temp = await createUser(api.db, { globalRoles: ['admin'] });
      await api.db.query(`update users set must_change_password = true where id = $1`, [temp.id]);
      const res = await loginRaw(api.url, temp.username, temp.password);
      expect(res.status).toBe(200);
      expect(res.body.mustChangePassword).toBe(true);
      token = res.body.accessToken;
    });

    it('the sign-in response and /me say so; an ordinary sign-in says false', async () => {
      expect((await me(token)).body).toMatchObject({ id: temp.id, mustChangePassword: true });
      const ordinary = await loginRaw(api.url, head.username, head.password);
      expect(ordinary.body.mustChangePassword).toBe(false);
      expect((await me(ordinary.body.accessToken)).body.mustChangePassword).toBe(false);
    });

    it(`refuses every other endpoint (${blocked.length} of them), whatever the permission`, async () => {
      expect(blocked.length).toBeGreaterThan(40);
      const wrong: string[] = [];
      for (const e of blocked) {
        const res = await call(e, token);
        const error = res.body?.error;
        if (res.status !== 403 || error?.code !== 'PASSWORD_CHANGE_REQUIRED' || error.message !== '请先修改临时密码')
          wrong.push(`${e.method} ${e.path} → ${res.status} ${error?.code}`);
      }
      expect(wrong).toEqual([]);
    });

    it('a refreshed token is still blocked: the flag is read from the database, not the token', async () => {
      const again = await loginRaw(api.url, temp.username, temp.password);
      const next = await refresh(again.body.refreshToken);
      expect(next.status).toBe(200);
      expect(next.body.mustChangePassword).toBe(true);
      expect((await request<Body>(`${api.url}/api/users`, withAuth(next.body.accessToken))).body.error?.code).toBe(
        'PASSWORD_CHANGE_REQUIRED',
      );
    });

    it('after the change, work proceeds; sign-out works before it', async () => {
      const other = await loginRaw(api.url, temp.username, temp.password);
      const out = await request(`${api.url}/api/auth/logout`, withAuth(other.body.accessToken, { method: 'POST' }));
      expect(out.status).toBe(204);
      const changed = await request<TokenBody>(
        `${api.url}/api/auth/password`,
        withAuth(token, jsonInit('POST', { oldPassword: temp.password, newPassword: 'Changed-password-1' })),
      );
      expect(changed.status).toBe(200);
      expect(changed.body.mustChangePassword).toBe(false);
      const list = await request<Body>(`${api.url}/api/users`, withAuth(changed.body.accessToken));
      expect(list.status).toBe(200);
      const [row] = await api.db.query(`select must_change_password from users where id = $1`, [temp.id]);
      expect(row.must_change_password).toBe(false);
    });
  });
});

describe('brute force throttling (Redis)', () => {
  let api: TestApi;
  const prefix = `duban_test_throttle_${randomUUID()}`;
  const redis = new Redis('redis://127.0.0.1:6379');
  beforeAll(async () => {
    // a private key prefix so this test never locks others out; a window long enough that a
    // loaded machine still fits every attempt in it — its end is simulated below, not waited for
    api = await startApi({ QUEUE_PREFIX: prefix, LOGIN_LOCK_SECONDS: 120, LOGIN_MAX_FAILURES_PER_IP: 12 });
  });
  afterAll(async () => {
    await api.close();
    redis.disconnect();
  });
  /** The window ends: the failure counters expire, exactly as Redis would expire them. */
  const endWindow = async () => {
    const keys = await redis.keys(`${prefix}:auth:fail:*`);
    expect(keys.length).toBeGreaterThan(0);
    for (const key of keys) expect(await redis.ttl(key)).toBeGreaterThan(0);
    await redis.del(...keys);
  };
  const attempt = (username: string, password: string) =>
    request<Body>(`${api.url}/api/auth/login`, jsonInit('POST', { username, password }));

  it('locks the account on the 6th attempt with a clear Chinese message, and unlocks after the window', async () => {
    const u = await createUser(api.db);
    for (let i = 0; i < 5; i++) expect((await attempt(u.username, `wrong-${i}`)).body.error?.code).toBe('INVALID_CREDENTIALS');
    const locked = await attempt(u.username, u.password); // even the right password
    expect(locked.status).toBe(423);
    expect(locked.body.error).toMatchObject({ code: 'ACCOUNT_LOCKED', message: expect.stringMatching(/账号已锁定，请 \d+ 分钟后再试/) });
    expect((await attempt(u.username.toUpperCase(), u.password)).status).toBe(423);
    expect(
      Number(
        (await api.db.query(`select count(*)::int n from audit_events where action = 'auth.account_locked' and object_id = $1`, [u.id]))[0]
          .n,
      ),
    ).toBe(1);
    await endWindow();
    expect((await attempt(u.username, u.password)).status).toBe(200);
  });

  it('a success clears the account count', async () => {
    const u = await createUser(api.db);
    for (let i = 0; i < 4; i++) await attempt(u.username, 'wrong-password');
    expect((await attempt(u.username, u.password)).status).toBe(200);
    for (let i = 0; i < 4; i++) expect((await attempt(u.username, 'wrong-password')).status).toBe(401);
    expect((await attempt(u.username, u.password)).status).toBe(200);
  });

  it('throttles an IP spraying many accounts (429), then lets it in after the window', async () => {
    await endWindow(); // the window of the tests above is over
    const u = await createUser(api.db);
    for (let i = 0; i < 12; i++) expect((await attempt(`spray-${i}-${Date.now()}`, 'Password1')).status).toBe(401);
    const throttled = await attempt(u.username, u.password);
    expect(throttled.status).toBe(429);
    expect(throttled.body.error).toMatchObject({ code: 'LOGIN_THROTTLED', message: expect.stringMatching(/请 \d+ 分钟后再试/) });
    await endWindow();
    expect((await attempt(u.username, u.password)).status).toBe(200);
  });
});
