import { randomUUID } from 'node:crypto';
import { request, startApi, type TestApi } from '../support/api';
import { createUser, login, withAuth } from '../support/auth';

type ErrorBody = { error: { code: string; message: string; requestId: string; details?: unknown } };

const CJK = /[\u4e00-\u9fff]/;

/** The app's error shape with a Chinese message: every refusal below must leave in it. */
function expectAppError(res: { status: number; body: unknown }, status: number, code?: string): ErrorBody['error'] {
  expect(res.status).toBe(status);
  const error = (res.body as ErrorBody).error;
  expect(error).toEqual(
    expect.objectContaining({ code: expect.any(String), message: expect.stringMatching(CJK), requestId: expect.any(String) }),
  );
  if (code) expect(error.code).toBe(code);
  return error;
}

const nested = (depth: number): string => '['.repeat(depth) + ']'.repeat(depth);

describe('hostile input at the boundary gets a 4xx in the app error shape', () => {
  let api: TestApi;
  let token: string;
  beforeAll(async () => {
    api = await startApi({ QUEUE_PREFIX: `duban_test_boundary_${randomUUID()}` });
    const admin = await createUser(api.db, { globalRoles: ['admin'] });
    token = (await login(api.url, admin.username, admin.password)).accessToken;
  });
  afterAll(async () => api.close());

  const send = (method: string, path: string, body: string, contentType = 'application/json', auth = true) =>
    request(`${api.url}${path}`, {
      method,
      headers: { 'content-type': contentType, ...(auth ? { authorization: `Bearer ${token}` } : {}) },
      body,
    });

  it('JSON nested 5,000 deep → 400 JSON_TOO_DEEP, on sign-in and behind it', async () => {
    expectAppError(await send('POST', '/api/auth/login', `{"username":${nested(2000)}}`, 'application/json', false), 400);
    expectAppError(await send('POST', '/api/org/units', `{"name":${nested(5000)}}`), 400, 'JSON_TOO_DEEP');
  });

  it('an array of 20,000 elements → 400 before validation', async () => {
    const body = JSON.stringify({ items: Array.from({ length: 20_000 }, () => 1) });
    expectAppError(await send('PUT', `/api/tasks/${randomUUID()}/evidence-requirements`, body), 400, 'JSON_TOO_LARGE');
  });

  it('sign-in with a 1.7 MiB array body answers 413 in milliseconds, with a small body', async () => {
    const body = JSON.stringify(Array.from({ length: 200_000 }, () => 'aaaa'));
    const started = Date.now();
    const res = await send('POST', '/api/auth/login', body, 'application/json', false);
    expect(Date.now() - started).toBeLessThan(1000);
    expectAppError(res, 413, 'PAYLOAD_TOO_LARGE');
    expect(JSON.stringify(res.body).length).toBeLessThan(1000);
  });

  it('a top-level array where an object is expected → 400 with a bounded list of problems', async () => {
    const started = Date.now();
    const res = await send('POST', '/api/org/units', JSON.stringify(Array.from({ length: 5000 }, () => ({ a: 1 }))));
    const error = expectAppError(res, 400);
    expect(JSON.stringify(error).length).toBeLessThan(5000);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('form-urlencoded and text/plain bodies on JSON endpoints → 415', async () => {
    expectAppError(await send('POST', '/api/auth/login', 'username=a&password=b', 'application/x-www-form-urlencoded', false), 415);
    expectAppError(await send('POST', '/api/org/units', '{"code":"X"}', 'text/plain'), 415);
  });

  it('lone surrogates in a body, query or path → 400 INVALID_UNICODE', async () => {
    expectAppError(await send('POST', '/api/org/units', '{"code":"A1","name":"\\ud800x","type":"department"}'), 400, 'INVALID_UNICODE');
    expectAppError(
      await send('POST', '/api/auth/login', '{"username":"\\udc00","password":"x"}', 'application/json', false),
      400,
      'INVALID_UNICODE',
    );
    const q = await request(`${api.url}/api/plans?q=%ED%A0%80`, withAuth(token));
    expect(q.status).toBeLessThan(500);
  });

  it('validation messages are Chinese, name the field and never echo the value', async () => {
    const secret = 'x'.repeat(300);
    const res = await request(`${api.url}/api/users/${randomUUID()}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ displayName: null, isActive: 'yes', email: secret }),
    });
    const error = expectAppError(res, 400, 'VALIDATION_FAILED');
    expect(error.message).toContain('姓名');
    expect(JSON.stringify(error)).not.toContain(secret);
    const uuid = await request(`${api.url}/api/plans/not-a-uuid`, withAuth(token));
    expect(expectAppError(uuid, 400, 'VALIDATION_FAILED').message).toContain('UUID');
  });

  it('null never reaches a service: optional means absent', async () => {
    const patch = (path: string, body: unknown, method = 'PATCH') =>
      request(`${api.url}${path}`, {
        method,
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify(body),
      });
    const user = await createUser(api.db, {});
    for (const body of [{ displayName: null }, { globalRoles: null }, { isActive: null }, { units: null }, { units: [null] }]) {
      expectAppError(await patch(`/api/users/${user.id}`, body), 400, 'VALIDATION_FAILED');
    }
    expectAppError(await patch(`/api/tasks/${randomUUID()}/evidence-requirements`, { items: [[]] }, 'PUT'), 400, 'VALIDATION_FAILED');
    expectAppError(await patch(`/api/tasks/${randomUUID()}/assignments/bulk`, { role: 'cooperating' }, 'POST'), 400, 'VALIDATION_FAILED');
    const cr = await patch(
      `/api/tasks/${randomUUID()}/change-requests`,
      { kind: 'adjust', reason: '理由', proposed: { title: null } },
      'POST',
    );
    expectAppError(cr, 400, 'VALIDATION_FAILED');
  });

  it('numbers are bounded and dates are calendar dates in every query', async () => {
    for (const q of ['year=2147483648', 'year=99999999999', 'page=1e400', 'pageSize=-1']) {
      expectAppError(await request(`${api.url}/api/plans?${q}`, withAuth(token)), 400, 'VALIDATION_FAILED');
    }
    for (const from of ['2024-02-30', '2024-W01', '0000-01-01', '2024-13-01T00:00:00Z']) {
      expectAppError(await request(`${api.url}/api/audit?from=${from}`, withAuth(token)), 400, 'VALIDATION_FAILED');
    }
    expect((await request(`${api.url}/api/audit?from=2024-02-29&to=2024-03-01T08:00:00%2B08:00`, withAuth(token))).status).toBe(200);
  });

  it('a 3,000-character path → 414, in the app error shape', async () => {
    expectAppError(await request(`${api.url}/api/plans/${'a'.repeat(3000)}`, withAuth(token)), 414, 'URI_TOO_LONG');
    expectAppError(await request(`${api.url}/${'a'.repeat(3000)}`, withAuth(token)), 414, 'URI_TOO_LONG');
  });

  it('malformed multipart → 400 on every upload; two files → 400', async () => {
    const boundary = 'XyZ123';
    const cut = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\nContent-Type: text/csv\r\n\r\ncode,name\r\nA,B\r\n`;
    const two =
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n\r\ncode,name\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="b.csv"\r\n\r\ncode,name\r\n--${boundary}--\r\n`;
    const uploads = ['/api/org/units/import?dryRun=true', '/api/users/import?dryRun=true', '/api/plans/import'];
    for (const path of uploads) {
      expectAppError(await send('POST', path, cut, `multipart/form-data; boundary=${boundary}`), 400);
      expectAppError(await send('POST', path, cut, 'multipart/form-data'), 400);
      expectAppError(await send('POST', path, two, `multipart/form-data; boundary=${boundary}`), 400, 'UPLOAD_TOO_MANY_FILES');
    }
  });

  it('security headers: nosniff on JSON, /api/docs cannot be framed and still loads', async () => {
    const res = await fetch(`${api.url}/health`);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    const docs = await fetch(`${api.url}/api/docs`);
    expect(docs.status).toBe(200);
    expect(docs.headers.get('x-frame-options')).toBe('DENY');
    expect(docs.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(await docs.text()).toContain('swagger');
  });

  it('four concurrent 1.7 MiB sign-in bodies do not stall /health', async () => {
    const body = JSON.stringify(Array.from({ length: 200_000 }, () => 'aaaa'));
    await fetch(`${api.url}/health`); // a warm connection: the bound is about the event loop, not a TCP handshake
    const hostile = Array.from({ length: 4 }, () => send('POST', '/api/auth/login', body, 'application/json', false));
    const started = Date.now();
    const health = await fetch(`${api.url}/health`);
    expect(Date.now() - started).toBeLessThan(500);
    expect(health.status).toBeLessThan(500);
    for (const res of await Promise.all(hostile)) expect(res.status).toBe(413);
  });
});
