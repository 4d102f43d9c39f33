import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { request, upload } from '../support/api';
import { withAuth } from '../support/auth';
import { distinctTail } from '../support/plan-text';
import { SAMPLES } from '../evidence/support/http';
import { PLAN_TEXT, World, YEAR } from '../tasks/world';

/**
 * The web app's types come from the documented response schemas (`@ApiOkResponse` classes); this
 * checks the documents against the real answers: every GET with a documented JSON body is called on
 * seeded data (a confirmed plan decomposed and assigned, progress, evidence, a submission, a pending
 * change request, an urging, an open draft) and its answer must validate against `/api/docs-json`.
 * A field renamed in a service but not in its response class fails here (documented fields are
 * required); a new documented GET without a sample below fails too.
 */

type Json = Record<string, unknown>;
interface OpenApi {
  paths: Record<string, Record<string, { responses?: Record<string, { content?: Record<string, { schema?: Json }> }> }>>;
  components: { schemas: Record<string, Json> };
}

/** OpenAPI 3.0 `nullable` → JSON Schema: `null` or the rest (ajv's own `nullable` ignores `allOf`/`$ref` siblings). */
function toJsonSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(toJsonSchema);
  if (!node || typeof node !== 'object') return node;
  const { nullable, ...rest } = node as Json;
  const out: Json = {};
  for (const [k, v] of Object.entries(rest)) {
    // `properties` and `additionalProperties` maps hold schemas; `example`s are data
    out[k] = k === 'example' ? v : toJsonSchema(v);
  }
  if (out.$ref) out.$ref = (out.$ref as string).replace('#/components/schemas/', 'components#/schemas/');
  if (nullable === true) {
    if (Array.isArray(out.enum)) out.enum = [...(out.enum as unknown[]), null];
    return { anyOf: [{ type: 'null' }, out] };
  }
  return out;
}

describe('web: real answers match the documented response schemas', () => {
  let w: World;
  const samples: { template: string; url: string; as: Parameters<World['call']>[0] }[] = [];

  beforeAll(async () => {
    w = await World.create();
    const planId = await w.confirmedPlan();
    const [task, second] = await w.decompose(planId);
    const assigned = await w.call<{ assignments: { id: string }[] }>('headZuzhi', 'POST', `/api/tasks/${task.id}/assignments`, {
      units: [
        { unitId: w.units.schoolA, role: 'responsible' },
        { unitId: w.units.schoolB, role: 'responsible' },
      ],
    });
    expect(assigned.status).toBe(201);
    const [a, late] = assigned.body.assignments.map((x) => x.id);
    // school B's work is long overdue: on the red list, and worth a 督办单 (which notifies school B)
    await w.api.db.query(`UPDATE assignments SET due_date = $2 WHERE id = $1`, [late, `${YEAR - 2}-03-02`]);
    const notice = await w.call<{ id: string }>('headZuzhi', 'POST', `/api/assignments/${late}/notices`, {});
    expect(notice.status).toBe(201);
    // the worker delivers notifications from the outbox; this suite runs no worker, so one is stored as it would be
    await w.api.db.query(
      `INSERT INTO notifications (user_id, kind, title, body, link, assignment_id, notice_id) VALUES ($1, 'notice', '督办单', '请及时签收', $2, $3, $4)`,
      [w.userIds.memberB, `/notices/${notice.body.id}`, late, notice.body.id],
    );
    expect((await w.move('memberA', a, 'start')).status).toBe(200);
    expect((await w.call('memberA', 'POST', `/api/assignments/${a}/progress`, { percent: 40, period: `${YEAR}-S1` })).status).toBe(201);
    const file = await request(`${w.api.url}/api/assignments/${a}/evidence`, withAuth(w.tokens.memberA, upload(SAMPLES.pdf(), '方案.pdf')));
    expect(file.status).toBe(201);
    expect((await w.call('headZuzhi', 'POST', `/api/assignments/${a}/urge`, { message: '请抓紧' })).status).toBe(201);
    expect((await w.move('memberA', a, 'submit')).status).toBe(200);
    const cr = await w.call('headZuzhi', 'POST', `/api/tasks/${second.id}/change-requests`, {
      kind: 'adjust',
      proposed: { dueDate: `${YEAR}-11-30` },
      reason: '调整进度',
    });
    expect(cr.status).toBe(201);
    const draft = await request<{ planId: string }>(
      `${w.api.url}/api/plans/import`,
      withAuth(w.tokens.headZuzhi, upload(Buffer.from(PLAN_TEXT + distinctTail()), 'draft.txt')),
    );
    expect(draft.status).toBe(201);
    // a holiday override and a robot with a token and a secret, neither of which may come back
    expect((await w.call('admin', 'PUT', `/api/admin/calendar-overrides/${YEAR}-10-09`, { kind: 'dayoff', reason: '运动会' })).status).toBe(
      200,
    );
    const robot = await w.call('admin', 'POST', '/api/admin/unit-webhooks', {
      unitId: w.units.schoolA,
      kind: 'dingtalk',
      url: 'https://oapi.dingtalk.com/robot/send?access_token=tok-SECRET-1',
      secret: 'SEC-SECRET-2',
    });
    expect(robot.status).toBe(201);
    expect(JSON.stringify(robot.body)).not.toMatch(/SECRET/);

    samples.push(
      { template: '/api/auth/me', url: '/api/auth/me', as: 'headZuzhi' },
      { template: '/api/plans', url: '/api/plans?pageSize=100', as: 'admin' },
      { template: '/api/plans/{id}', url: `/api/plans/${planId}`, as: 'admin' },
      { template: '/api/plans/{id}/draft', url: `/api/plans/${draft.body.planId}/draft`, as: 'headZuzhi' },
      { template: '/api/tasks', url: `/api/tasks?planId=${planId}`, as: 'admin' },
      { template: '/api/tasks/{id}', url: `/api/tasks/${task.id}`, as: 'admin' },
      { template: '/api/tasks/{id}', url: `/api/tasks/${second.id}`, as: 'headZuzhi' },
      { template: '/api/assignments/{id}', url: `/api/assignments/${a}`, as: 'headZuzhi' },
      { template: '/api/assignments/{id}', url: `/api/assignments/${a}`, as: 'memberA' },
      { template: '/api/assignments/{id}/evidence', url: `/api/assignments/${a}/evidence`, as: 'headZuzhi' },
      { template: '/api/assignments', url: '/api/assignments', as: 'admin' },
      { template: '/api/inbox/summary', url: '/api/inbox/summary', as: 'headZuzhi' },
      { template: '/api/inbox/actions', url: '/api/inbox/actions', as: 'memberB' },
      { template: '/api/inbox/reviews', url: '/api/inbox/reviews', as: 'headZuzhi' },
      { template: '/api/inbox/change-requests', url: '/api/inbox/change-requests', as: 'headZuzhi' },
      { template: '/api/org/units', url: '/api/org/units?pageSize=100', as: 'admin' },
      { template: '/api/users', url: '/api/users?pageSize=100', as: 'admin' },
      { template: '/api/users/{id}', url: `/api/users/${w.userIds.memberA}`, as: 'admin' },
      { template: '/api/org/units/{id}', url: `/api/org/units/${w.units.schoolA}`, as: 'admin' },
      { template: '/api/overview', url: '/api/overview', as: 'leader' },
      { template: '/api/plans/{id}/rollup', url: `/api/plans/${planId}/rollup?by=unit`, as: 'leader' },
      { template: '/api/plans/{id}/rollup/assignments', url: `/api/plans/${planId}/rollup/assignments`, as: 'leader' },
      { template: '/api/plans/{id}/ranking', url: `/api/plans/${planId}/ranking`, as: 'leader' },
      { template: '/api/plans/{id}/matrix', url: `/api/plans/${planId}/matrix`, as: 'leader' },
      { template: '/api/plans/{id}/indicators', url: `/api/plans/${planId}/indicators`, as: 'leader' },
      { template: '/api/plans/{id}/trend', url: `/api/plans/${planId}/trend`, as: 'leader' },
      { template: '/api/rollups/overdue', url: '/api/rollups/overdue', as: 'leader' },
      { template: '/api/notices', url: '/api/notices', as: 'headZuzhi' },
      { template: '/api/notices/{id}', url: `/api/notices/${notice.body.id}`, as: 'memberB' },
      { template: '/api/notifications', url: '/api/notifications', as: 'memberB' },
      { template: '/api/plans/{planId}/reminder-settings', url: `/api/plans/${planId}/reminder-settings`, as: 'admin' },
      { template: '/api/admin/calendar-overrides', url: `/api/admin/calendar-overrides?from=${YEAR}-01-01&to=${YEAR}-12-31`, as: 'admin' },
      { template: '/api/admin/unit-webhooks', url: '/api/admin/unit-webhooks', as: 'admin' },
      { template: '/api/admin/mail', url: '/api/admin/mail', as: 'admin' },
      { template: '/api/me/reminder-preference', url: '/api/me/reminder-preference', as: 'memberA' },
      { template: '/api/assignments/{id}/urgings', url: `/api/assignments/${a}/urgings`, as: 'memberA' },
    );
  });
  afterAll(async () => w?.close());

  it('every sampled GET answers what /api/docs-json documents, and every documented GET body is sampled', async () => {
    const docRes = await request<OpenApi>(`${w.api.url}/api/docs-json`);
    expect(docRes.status).toBe(200);
    const doc = docRes.body;
    const ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(ajv);
    ajv.addSchema({ $id: 'components', schemas: toJsonSchema(doc.components.schemas) });
    const validators = new Map<string, ValidateFunction>();
    for (const [template, ops] of Object.entries(doc.paths)) {
      const schema = ops.get?.responses?.['200']?.content?.['application/json']?.schema;
      if (schema) validators.set(template, ajv.compile(toJsonSchema(schema) as Json));
    }
    expect([...validators.keys()].sort()).toEqual([...new Set(samples.map((s) => s.template))].sort());

    const failures: string[] = [];
    for (const s of samples) {
      const res = await w.call(s.as, 'GET', s.url);
      expect([s.url, res.status]).toEqual([s.url, 200]);
      const items = (res.body as { items?: unknown[] }).items;
      if (items) expect([s.url, items.length > 0]).toEqual([s.url, true]);
      const validate = validators.get(s.template)!;
      if (!validate(res.body)) failures.push(`${s.url} (${s.as}): ${ajv.errorsText(validate.errors, { separator: '\n  ' })}`);
    }
    expect(failures).toEqual([]);
    const robots = await w.call('admin', 'GET', '/api/admin/unit-webhooks');
    expect(JSON.stringify(robots.body)).not.toMatch(/SECRET/);
  });

  it('the unit list names each parent (the 上级 column read a field the API did not send)', async () => {
    const [bureau] = await w.api.db.query(`SELECT name FROM org_units WHERE id = $1`, [w.units.bureau]);
    const list = await w.call<{ items: { parentName: string | null }[] }>('admin', 'GET', `/api/org/units?parentId=${w.units.bureau}`);
    expect(list.body.items.length).toBe(5);
    expect(new Set(list.body.items.map((u) => u.parentName))).toEqual(new Set([bureau.name]));
  });
});
