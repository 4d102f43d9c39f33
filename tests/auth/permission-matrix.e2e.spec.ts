import { Controller, Get, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { UnitRole } from '@duban/db';
import { randomUUID } from 'node:crypto';
import { ApiModule } from '../../apps/api/src/app.module';
import { ROLE_PERMISSIONS, type Role } from '@duban/access';
import { AuthGuard } from '../../apps/api/src/auth/auth.guard';
import { ErrorFilter } from '../../apps/api/src/common/error.filter';
import { request, startApi, type TestApi } from '../support/api';
import { createUnit, createUser, login, withAuth, type TestUser } from '../support/auth';
import { ENDPOINTS, routeKey, type EndpointCase } from './endpoints';
import { registeredRoutes } from './routes';

type ErrorBody = { error?: { code: string; message: string; details?: { required?: string; reason?: string } } };

/** What the guard itself decided for one request, seen from inside it (not guessed from the response). */
interface GuardDecision {
  method: string;
  path: string;
  let: boolean;
}
const decisions: GuardDecision[] = [];
const canActivate = AuthGuard.prototype.canActivate;
jest.spyOn(AuthGuard.prototype, 'canActivate').mockImplementation(async function (this: AuthGuard, context) {
  const req = context.switchToHttp().getRequest<{ method: string; url: string }>();
  const seen = { method: req.method, path: req.url.split('?')[0] as string };
  try {
    const result = await canActivate.call(this, context);
    decisions.push({ ...seen, let: result });
    return result;
  } catch (e) {
    decisions.push({ ...seen, let: false });
    throw e;
  }
});

/** The guard's refusal as the client sees it: 403 FORBIDDEN naming the permission required. */
const isGuardRefusal = (res: { status: number; body: ErrorBody }): boolean =>
  res.status === 403 && res.body.error?.code === 'FORBIDDEN' && res.body.error.details?.required !== undefined;

const ROLES = Object.keys(ROLE_PERMISSIONS) as Role[];
const fill = (path: string): string => path.replace(/:\w+/g, () => randomUUID());
const call = (api: TestApi, e: EndpointCase, token?: string, path = fill(e.path)) => {
  const init: RequestInit = { method: e.method };
  if (e.body !== undefined) Object.assign(init, { headers: { 'content-type': 'application/json' }, body: JSON.stringify(e.body) });
  return send(`${api.url}${path}`, token ? withAuth(token, init) : init);
};
// some endpoints answer CSV or xlsx: only error bodies (always JSON) are parsed
const send = async (url: string, init: RequestInit): Promise<{ status: number; body: ErrorBody }> => {
  const res = await fetch(url, init);
  const isJson = (res.headers.get('content-type') ?? '').includes('json');
  return { status: res.status, body: isJson ? ((await res.json().catch(() => ({}))) as ErrorBody) : (await res.arrayBuffer(), {}) };
};

describe('permission matrix (generated from ROLE_PERMISSIONS and ENDPOINTS)', () => {
  let api: TestApi;
  const users = new Map<Role, TestUser>();

  beforeAll(async () => {
    api = await startApi();
    const unit = await createUnit(api.db);
    for (const role of ROLES) {
      const global = role === 'admin' || role === 'leader';
      users.set(
        role,
        await createUser(api.db, global ? { globalRoles: [role] } : { units: [{ unitId: unit.id, role: role as UnitRole }] }),
      );
    }
  });
  afterAll(async () => api.close());

  it('every registered route declares a permission or @Public, matching its row in ENDPOINTS', () => {
    const routes = registeredRoutes(api.app);
    expect(routes.length).toBeGreaterThan(10);
    expect(routes.filter((r) => r.declared === null).map((r) => `${r.method} ${r.path} (${r.handler})`)).toEqual([]);
    const table = new Map(ENDPOINTS.map((e) => [routeKey(e.method, e.path), e.permission as string]));
    const missing = routes
      .filter((r) => !table.has(routeKey(r.method, r.path)))
      .map((r) => `${routeKey(r.method, r.path)} → add it to tests/auth/endpoints.ts`);
    expect(missing).toEqual([]);
    const mismatched = routes
      .filter((r) => table.get(routeKey(r.method, r.path)) !== r.declared)
      .map((r) => `${routeKey(r.method, r.path)}: ${r.declared}`);
    expect(mismatched).toEqual([]);
    // and no stale rows: every row is a real route
    const registered = new Set(routes.map((r) => routeKey(r.method, r.path)));
    expect(ENDPOINTS.map((e) => routeKey(e.method, e.path)).filter((k) => !registered.has(k))).toEqual([]);
  });

  const guarded = ENDPOINTS.filter((e) => e.permission !== 'public');
  const cases = guarded.flatMap((e) =>
    ROLES.map((role) => [role, e.method, e.path, ROLE_PERMISSIONS[role].includes(e.permission as never), e] as const),
  );

  it.each(cases)('%s → %s %s (allowed: %s)', async (role, _m, _p, allowed, e) => {
    const user = users.get(role) as TestUser;
    // a fresh session per case: logout and password change may end the one they are called with
    const { accessToken } = await login(api.url, user.username, user.password);
    const path = fill(e.path);
    decisions.length = 0;
    const res = await call(api, e, accessToken, path);
    expect(res.status).not.toBe(401);
    expect(res.status).toBeLessThan(500);

    // the guard decided exactly what ROLE_PERMISSIONS says, once, for this request
    expect(decisions).toEqual([{ method: e.method, path: path.split('?')[0], let: allowed }]);
    if (allowed) {
      // past the guard: whatever the handler answered (404 for a random id, 400 for a sample body,
      // or the service's own 403 for this object), it is not the guard's refusal
      expect(isGuardRefusal(res)).toBe(false);
    } else {
      expect(res.status).toBe(403);
      expect(res.body.error).toMatchObject({ code: 'FORBIDDEN', message: '没有权限执行此操作', details: { required: e.permission } });
    }
  });

  it('the matrix covers every role on every guarded route, allowed and refused both', () => {
    expect(cases).toHaveLength(guarded.length * ROLES.length);
    expect(cases.some((c) => c[3])).toBe(true);
    expect(cases.some((c) => !c[3])).toBe(true);
  });

  it.each(guarded.map((e) => [e.method, e.path, e] as const))('anonymous %s %s → 401', async (_m, _p, e) => {
    const res = await call(api, e);
    expect(res.status).toBe(401);
    expect(res.body.error).toMatchObject({ code: 'UNAUTHENTICATED', message: expect.stringMatching(/[\u4e00-\u9fff]/) });
  });

  it.each(ENDPOINTS.filter((e) => e.permission === 'public').map((e) => [e.method, e.path, e] as const))(
    'anonymous %s %s reaches the handler',
    async (_m, _p, e) => {
      const res = await call(api, e);
      // whatever the handler answers, it is not the guard's "sign in first" or "not allowed"
      expect(res.body?.error?.details?.reason).not.toBe('missing');
      expect(res.body?.error?.details?.required).toBeUndefined();
      expect(res.status).toBeLessThan(500);
    },
  );

  it('a route without @RequirePermission or @Public is refused at run time (deny by default)', async () => {
    @Controller('api/undeclared')
    class UndeclaredController {
      @Get()
      open(): { secret: string } {
        return { secret: 'should never be served' };
      }
    }
    @Module({ imports: [ApiModule.forConfig(api.config)], controllers: [UndeclaredController] })
    class WithUndeclared {}

    const app = await NestFactory.create<NestFastifyApplication>(WithUndeclared, new FastifyAdapter(), { logger: false });
    app.useGlobalFilters(new ErrorFilter());
    await app.listen(0, '127.0.0.1');
    try {
      const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
      const admin = users.get('admin') as TestUser;
      const { accessToken } = await login(url, admin.username, admin.password);
      for (const init of [{}, withAuth(accessToken)]) {
        const res = await request<ErrorBody>(`${url}/api/undeclared`, init);
        expect(res.status).toBe(403);
        expect(res.body.error).toMatchObject({ code: 'FORBIDDEN', details: { required: 'undeclared' } });
      }
      expect(registeredRoutes(app).find((r) => r.path === '/api/undeclared')?.declared).toBeNull();
    } finally {
      await app.close();
    }
  });
});
