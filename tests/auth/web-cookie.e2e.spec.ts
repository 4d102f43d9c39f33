import { jsonInit, startApi, type TestApi } from '../support/api';
import { createUser, type TestUser } from '../support/auth';

const WEB = { 'x-duban-client': 'web' };

function cookiesOf(res: Response): string[] {
  return res.headers.getSetCookie();
}

/** The web app's sign-in over HTTP: the refresh token only in an httpOnly cookie, read only with the web header. */
describe('auth: the web refresh cookie', () => {
  let api: TestApi;
  let user: TestUser;

  beforeAll(async () => {
    api = await startApi();
    user = await createUser(api.db);
  });
  afterAll(() => api.close());

  const post = (path: string, body: unknown, headers: Record<string, string> = {}) => {
    const init = jsonInit('POST', body);
    return fetch(`${api.url}${path}`, { ...init, headers: { ...(init.headers as Record<string, string>), ...headers } });
  };

  it('sign-in with the web header sets the cookie and keeps the token out of the body; refresh rotates it; sign-out clears it', async () => {
    const login = await post('/api/auth/login', { username: user.username, password: user.password }, WEB);
    expect(login.status).toBe(200);
    const body = (await login.json()) as Record<string, unknown>;
    expect(body.accessToken).toEqual(expect.any(String));
    expect(body).not.toHaveProperty('refreshToken');
    const [refresh, hint] = cookiesOf(login);
    expect(refresh).toMatch(/^duban_refresh=[A-Za-z0-9_-]{20,100}; Path=\/api\/auth; Max-Age=\d+; HttpOnly; SameSite=Strict$/);
    expect(hint).toBe(`duban_session=1; Path=/; Max-Age=${/Max-Age=(\d+)/.exec(refresh)?.[1]}; SameSite=Strict`);
    const cookie = refresh.split(';')[0];

    // without the header the cookie is not read (CSRF guard): the body token is required, as for API clients
    expect((await post('/api/auth/refresh', {}, { cookie })).status).toBe(400);

    const rotated = await post('/api/auth/refresh', {}, { ...WEB, cookie });
    expect(rotated.status).toBe(200);
    expect(await rotated.json()).not.toHaveProperty('refreshToken');
    const next = cookiesOf(rotated)[0].split(';')[0];
    expect(next).not.toBe(cookie);

    // the old one is spent: presenting it again revokes the family and clears both cookies
    const reused = await post('/api/auth/refresh', {}, { ...WEB, cookie });
    expect(reused.status).toBe(401);
    expect(cookiesOf(reused).map((c) => c.split(';')[0])).toEqual(['duban_refresh=', 'duban_session=']);

    const again = await post('/api/auth/login', { username: user.username, password: user.password }, WEB);
    const { accessToken } = (await again.json()) as { accessToken: string };
    const out = await fetch(`${api.url}/api/auth/logout`, { method: 'POST', headers: { ...WEB, authorization: `Bearer ${accessToken}` } });
    expect(out.status).toBe(204);
    expect(cookiesOf(out).every((c) => c.includes('Max-Age=0'))).toBe(true);
  });

  it('a missing cookie with the web header is 401; API clients keep the body token and get no cookie', async () => {
    expect((await post('/api/auth/refresh', {}, WEB)).status).toBe(401);
    const login = await post('/api/auth/login', { username: user.username, password: user.password });
    expect(cookiesOf(login)).toEqual([]);
    const { refreshToken } = (await login.json()) as { refreshToken: string };
    expect((await post('/api/auth/refresh', { refreshToken })).status).toBe(200);
  });

  it('is Secure behind https', async () => {
    const login = await post(
      '/api/auth/login',
      { username: user.username, password: user.password },
      { ...WEB, 'x-forwarded-proto': 'https' },
    );
    expect(cookiesOf(login).every((c) => c.endsWith('; Secure'))).toBe(true);
  });
});
