import { randomUUID } from 'node:crypto';
import { startIsolatedApi, type TestApi } from '../support/api';
import { createUser, login } from '../support/auth';

/**
 * Every operation in the app's own OpenAPI document, sent hostile values as an admin and without
 * signing in: wrong types, nulls, missing fields, deep nesting, huge arrays, lone surrogates, bad
 * path and query values. None may answer 5xx, every refusal is in the app's error shape with a
 * Chinese message, and each answers within a bound. A new endpoint is fuzzed without editing this.
 */

interface Schema {
  type?: string;
  properties?: Record<string, Schema>;
  items?: Schema;
  $ref?: string;
  allOf?: Schema[];
}
interface Operation {
  parameters?: { name: string; in: 'path' | 'query'; schema?: Schema }[];
  requestBody?: { content: Record<string, { schema?: Schema }> };
}
interface OpenApi {
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, Schema> };
}

interface Probe {
  op: string;
  variant: string;
  path: string;
  init: RequestInit;
}

const CJK = /[\u4e00-\u9fff]/;
const BOUND_MS = 2000;
const LONE = '\ud800';
// requests that end the admin's session would blind the rest of the run; they are probed unauthenticated only
const SESSION_ENDING = new Set(['POST /api/auth/logout']);

const deep = (depth: number): string => '['.repeat(depth) + ']'.repeat(depth);

/** Variants for each operation; enough to reach every layer (router, parser, pipes, services), few enough to stay fast. */
function probes(doc: OpenApi): Probe[] {
  const resolve = (s: Schema | undefined): Schema => {
    if (!s) return {};
    if (s.$ref) return resolve(doc.components?.schemas?.[s.$ref.split('/').pop()!]);
    if (s.allOf) return Object.assign({}, ...s.allOf.map(resolve)) as Schema;
    return s;
  };
  const out: Probe[] = [];
  for (const [template, methods] of Object.entries(doc.paths)) {
    for (const [method, operation] of Object.entries(methods)) {
      const M = method.toUpperCase();
      const op = `${M} ${template}`;
      const params = operation.parameters ?? [];
      const pathWith = (value: string): string => template.replace(/\{[^}]+\}/g, value);
      const good = pathWith(randomUUID());
      const push = (variant: string, path: string, init: RequestInit = {}): void => {
        out.push({ op, variant, path, init: { method: M, ...init } });
      };
      const json = (variant: string, body: string, path = good): void =>
        push(variant, path, { body, headers: { 'content-type': 'application/json' } });

      push('as documented, no body', good);
      if (template.includes('{')) {
        push('non-uuid path', pathWith('not-a-uuid'));
        push('3,000-character path', pathWith('a'.repeat(3000)));
        push('undecodable path', pathWith('%ED%A0%80'));
        push('path of numbers', pathWith('99999999999999999999'));
      }
      const query = params.filter((p) => p.in === 'query');
      if (query.length > 0) {
        const all = (value: string): string => `${good}?${query.map((p) => `${p.name}=${encodeURIComponent(value)}`).join('&')}`;
        push('huge numbers in every query parameter', all('99999999999999999999'));
        push('year 2^31 in every query parameter', all('2147483648'));
        push('impossible dates in every query parameter', all('2024-02-30'));
        push('week dates in every query parameter', all('2024-W01'));
        push('year 0 in every query parameter', all('0000-01-01'));
        push('lone surrogate (escaped) in every query parameter', `${good}?${query.map((p) => `${p.name}=%ED%A0%80`).join('&')}`);
        push('every query parameter twice', `${good}?${query.map((p) => `${p.name}=1&${p.name}=2`).join('&')}`);
      }

      const content = operation.requestBody?.content ?? {};
      if (content['application/json']) {
        const props = Object.entries(resolve(content['application/json'].schema).properties ?? {});
        const each = (value: unknown): string => JSON.stringify(Object.fromEntries(props.map(([k]) => [k, value])));
        json('missing fields', '{}');
        json('nulls', each(null));
        json('wrong types: objects', each({ a: 1 }));
        json('wrong types: numbers', each(123456789012345));
        json('wrong types: arrays of arrays', each([[]]));
        json('lone surrogates', each(`x${LONE}y`));
        json('deep nesting (5,000)', `{"a":${deep(5000)}}`);
        json('deep nesting in every field', JSON.stringify(Object.fromEntries(props.map(([k]) => [k, 0]))).replace(/0/g, deep(40)));
        json('huge array', `{"items":[${'1,'.repeat(50_000)}1]}`);
        json('top-level array', JSON.stringify(Array.from({ length: 2000 }, () => ({}))));
        json('not JSON', '{"a":');
        push('form-urlencoded', good, { body: 'a=1&b=2', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
      }
      if (content['multipart/form-data']) {
        const b = 'FuzzBoundary';
        const head = `--${b}\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\nContent-Type: text/plain\r\n\r\n`;
        const mp = (variant: string, body: string, type = `multipart/form-data; boundary=${b}`): void =>
          push(variant, good, { body, headers: { 'content-type': type } });
        mp('multipart cut before the closing boundary', `${head}一、总体要求\r\n`);
        mp('multipart without a boundary', `${head}x\r\n--${b}--\r\n`, 'multipart/form-data');
        mp('multipart with two files', `${head}a\r\n${head}b\r\n--${b}--\r\n`);
        mp('multipart with no file', `--${b}\r\nContent-Disposition: form-data; name="x"\r\n\r\n1\r\n--${b}--\r\n`);
        json('JSON on an upload', '{"file":"x"}');
      }
    }
  }
  return out;
}

describe('fuzzing every operation of the OpenAPI document', () => {
  let api: TestApi;
  let token: string;
  let all: Probe[] = [];
  let operations = 0;

  beforeAll(async () => {
    api = await startIsolatedApi({ QUEUE_PREFIX: `duban_test_fuzz_${randomUUID()}` });
    const admin = await createUser(api.db, { globalRoles: ['admin'] });
    token = (await login(api.url, admin.username, admin.password)).accessToken;
    const doc = (await (await fetch(`${api.url}/api/docs-json`)).json()) as OpenApi;
    operations = Object.values(doc.paths).reduce((n, methods) => n + Object.keys(methods).length, 0);
    all = probes(doc);
  });
  afterAll(async () => api.close());

  const statuses: number[] = [];

  async function send(probe: Probe, asAdmin: boolean): Promise<string[]> {
    const headers = { ...(probe.init.headers as Record<string, string>), ...(asAdmin ? { authorization: `Bearer ${token}` } : {}) };
    const started = Date.now();
    let res: Response;
    try {
      res = await fetch(`${api.url}${probe.path}`, { ...probe.init, headers, signal: AbortSignal.timeout(10_000) });
    } catch (e) {
      return [`${probe.op} [${probe.variant}]: no answer (${(e as Error).message})`];
    }
    const text = await res.text();
    if (asAdmin) statuses.push(res.status);
    const took = Date.now() - started;
    const problems: string[] = [];
    const where = `${probe.op} [${probe.variant}]${asAdmin ? '' : ' unauthenticated'} → ${res.status}`;
    if (res.status >= 500) problems.push(`${where}: server error ${text.slice(0, 200)}`);
    if (took > BOUND_MS) problems.push(`${where}: took ${took} ms`);
    if (res.status >= 400) {
      let body: { error?: { code?: unknown; message?: unknown; requestId?: unknown } } = {};
      try {
        body = JSON.parse(text) as typeof body;
      } catch {
        problems.push(`${where}: body is not JSON: ${text.slice(0, 100)}`);
      }
      const e = body.error;
      if (!e || typeof e.code !== 'string' || typeof e.requestId !== 'string' || typeof e.message !== 'string' || !CJK.test(e.message)) {
        problems.push(`${where}: not the app error shape with a Chinese message: ${text.slice(0, 200)}`);
      }
    }
    return problems;
  }

  it('the document lists the operations and every one is probed', () => {
    expect(operations).toBeGreaterThan(40);
    expect(new Set(all.map((p) => p.op)).size).toBe(operations);
  });

  it('as an admin: never a 5xx, always the error shape, always within the bound', async () => {
    const problems: string[] = [];
    for (const probe of all.filter((p) => !SESSION_ENDING.has(p.op))) problems.push(...(await send(probe, true)));
    expect(problems).toEqual([]);
    // the admin's session held for the whole run, so the probes reached past the guard
    expect(statuses.filter((s) => s === 401)).toEqual([]);
    expect(statuses.length).toBeGreaterThan(500);
  }, 120_000);

  it('unauthenticated: never a 5xx, always the error shape, always within the bound', async () => {
    const problems: string[] = [];
    // one of each kind per operation is enough to reach the guard (and the public routes' pipes)
    const seen = new Set<string>();
    for (const probe of all) {
      const kind = `${probe.op}|${probe.variant.split(' ')[0]}`;
      if (seen.has(kind)) continue;
      seen.add(kind);
      problems.push(...(await send(probe, false)));
    }
    expect(problems).toEqual([]);
  }, 120_000);
});
