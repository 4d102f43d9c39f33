import type { ParsedPlan } from '@duban/plan-parser';
import { importFootprint, jsonInit, request as anonymous, startApi, upload, type TestApi } from '../support/api';
import { signedIn, withAuth } from '../support/auth';
import { listFiles } from '../support/files';
import { BASE_PLAN, distinctPlanText, planText } from '../support/plan-text';
import { samplePlans } from '../support/seeds';

interface DraftBody {
  planId: string;
  draftId: string;
  version: number;
  planStatus: string;
  parsed: ParsedPlan;
  diff: {
    summary: Record<string, number>;
    added: { title: string }[];
    removed: { id: string; title: string }[];
    changed: { id: string; fields: string[] }[];
  } | null;
  canUndo: boolean;
  document: { id: string; sha256: string; fileName: string; byteSize: number };
}

interface PlanBody {
  id: string;
  status: string;
  title: string;
  year: number | null;
  pointCount: number;
  sections: {
    id: string;
    title: string;
    points: {
      id: string;
      number: number;
      title: string;
      text: string;
      units: { name: string; role: string }[];
      targets: { value: number }[];
    }[];
    sections: unknown[];
  }[];
}

// every call signs in as a department head of the API it is sent to (each test API has its own key)
const tokens = new Map<string, string>();
const request = <T = Record<string, unknown>>(url: string, init: RequestInit = {}) => {
  const token = [...tokens].find(([base]) => url.startsWith(`${base}/`))?.[1];
  return anonymous<T>(url, token ? withAuth(token, init) : init);
};
const signInTo = async (t: TestApi): Promise<void> => {
  tokens.set(t.url, (await signedIn(t, 'department_head')).accessToken);
};

const countPoints = (p: ParsedPlan): number => {
  const walk = (ss: ParsedPlan['sections']): number => ss.reduce((n, s) => n + s.points.length + walk(s.sections), 0);
  return walk(p.sections);
};

describe('plan import through HTTP', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startApi();
    await signInTo(api);
  });
  afterAll(async () => api.close());

  const importBytes = (bytes: Uint8Array, name: string) => request<DraftBody>(`${api.url}/api/plans/import`, upload(bytes, name));
  const confirm = (planId: string, version: number) =>
    request<{ planId: string; diff: Record<string, number> | null }>(
      `${api.url}/api/plans/${planId}/confirm`,
      jsonInit('POST', { version }),
    );
  const getPlan = (planId: string) => request<PlanBody>(`${api.url}/api/plans/${planId}`);

  it.each(samplePlans().map((s) => [s.name, s.bytes] as const))('imports, confirms and reads back %s', async (name, bytes) => {
    const draft = await importBytes(bytes, name);
    expect(draft.status).toBe(201);
    expect(draft.body.planStatus).toBe('draft');
    expect(draft.body.document.byteSize).toBe(bytes.length);
    expect(draft.body.parsed.sections.length).toBeGreaterThanOrEqual(5);
    const points = countPoints(draft.body.parsed);
    expect(points).toBeGreaterThanOrEqual(30);

    // nothing is written to the plan tree before confirmation
    const before = await getPlan(draft.body.planId);
    expect(before.body.status).toBe('draft');
    expect(before.body.pointCount).toBe(0);

    const confirmed = await confirm(draft.body.planId, draft.body.version);
    expect(confirmed.status).toBe(200);
    const plan = await getPlan(draft.body.planId);
    expect(plan.body.status).toBe('confirmed');
    expect(plan.body.year).toBe(draft.body.parsed.year);
    expect(plan.body.pointCount).toBe(points);
    expect(plan.body.sections.map((s) => s.title)).toEqual(draft.body.parsed.sections.map((s) => s.title));
    expect(plan.body.sections[0].points[0].text).toBe(draft.body.parsed.sections[0].points[0].text);

    // the original bytes are kept under their hash
    const doc = await api.db.query('select sha256, storage_key from plan_documents where sha256 = $1', [draft.body.document.sha256]);
    expect(doc).toHaveLength(1);
    expect(listFiles(api.config.STORAGE_DIR).some((f) => f.endsWith(draft.body.document.sha256))).toBe(true);
    const audit = await api.db.query(`select action from audit_events where object_id = $1 order by id`, [draft.body.planId]);
    expect(audit.map((a: { action: string }) => a.action)).toEqual(['plan.imported', 'plan.confirmed']);
  });

  it('stores units, targets and deadlines of confirmed points', async () => {
    const draft = await importBytes(Buffer.from(distinctPlanText(BASE_PLAN.title, BASE_PLAN.sections)), 'plan.txt');
    expect(draft.status).toBe(201);
    await confirm(draft.body.planId, draft.body.version);
    const plan = await getPlan(draft.body.planId);
    const second = plan.body.sections[0].points[1];
    expect(second.units).toEqual(
      expect.arrayContaining([
        { name: '组织科', role: 'lead' },
        { name: '基教科', role: 'cooperating' },
      ]),
    );
    const rows = await api.db.query(`select deadlines from work_points where id = $1`, [second.id]);
    expect(rows[0].deadlines).toEqual([expect.objectContaining({ date: '2024-06-30' })]);
    const third = plan.body.sections[1].points[0];
    expect(third.targets.map((t) => t.value)).toEqual(expect.arrayContaining([2430, 85]));
  });

  describe('refused files leave nothing behind', () => {
    const cases: [string, string, Buffer, string][] = [
      ['an empty file', 'empty.txt', Buffer.alloc(0), 'PLAN_EMPTY'],
      ['an old binary .doc', 'plan.doc', Buffer.concat([Buffer.from('d0cf11e0a1b11ae1', 'hex'), Buffer.alloc(2048, 1)]), 'PLAN_LEGACY_DOC'],
      ['binary junk', 'plan.txt', Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)), 'PLAN_BINARY'],
      ['a PNG renamed to .pdf', 'plan.pdf', Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), Buffer.alloc(512)]), 'PLAN_BINARY'],
      ['text without any section', 'notes.txt', Buffer.from('会议纪要\n今天讨论了很多事情。\n'), 'PLAN_NO_STRUCTURE'],
    ];
    it.each(cases)('%s', async (_label, name, bytes, code) => {
      const before = await importFootprint(api.db);
      const filesBefore = listFiles(api.config.STORAGE_DIR).length;
      const res = await importBytes(bytes, name);
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
      expect(res.body).toMatchObject({ error: { code, message: expect.stringMatching(/[\u4e00-\u9fff]/) } });
      expect(await importFootprint(api.db)).toEqual(before);
      expect(listFiles(api.config.STORAGE_DIR)).toHaveLength(filesBefore);
    });

    it('a file over the size limit is answered 413 and not kept', async () => {
      const small = await startApi({ PLAN_MAX_BYTES: 64 * 1024 });
      try {
        await signInTo(small);
        const before = await importFootprint(small.db);
        const filesBefore = listFiles(small.config.STORAGE_DIR).length;
        const res = await request(
          `${small.url}/api/plans/import`,
          upload(Buffer.from('一、总体要求\n1.'.padEnd(200_000, '好')), 'big.txt'),
        );
        expect(res.status).toBe(413);
        expect(res.body).toMatchObject({ error: { code: 'PLAN_TOO_LARGE' } });
        expect(await importFootprint(small.db)).toEqual(before);
        expect(listFiles(small.config.STORAGE_DIR)).toHaveLength(filesBefore);
      } finally {
        await small.close();
      }
    });

    it('a request without a file gets a clear error', async () => {
      const res = await request(`${api.url}/api/plans/import`, jsonInit('POST', {}));
      expect(res.status).toBe(415);
      expect(res.body).toMatchObject({ error: { code: 'UPLOAD_NOT_MULTIPART' } });
    });
  });

  describe('editing a draft', () => {
    let draft: DraftBody;
    beforeEach(async () => {
      draft = (await importBytes(Buffer.from(distinctPlanText(BASE_PLAN.title, BASE_PLAN.sections)), 'plan.txt')).body;
    });
    const edit = (version: number, operations: unknown[]) =>
      request<DraftBody>(`${api.url}/api/plans/${draft.planId}/draft`, jsonInit('PATCH', { version, operations }));

    it('fixes a title, merges and splits points, and undoes step by step', async () => {
      const renamed = await edit(draft.version, [{ op: 'updatePoint', section: [1], point: 1, title: '强化政治引领（修订）' }]);
      expect(renamed.status).toBe(200);
      expect(renamed.body.parsed.sections[0].points[0].title).toBe('强化政治引领（修订）');
      expect(renamed.body.version).toBe(draft.version + 1);

      const merged = await edit(renamed.body.version, [{ op: 'mergePoints', section: [2], point: 1 }]);
      expect(merged.body.parsed.sections[1].points).toHaveLength(1);
      expect(merged.body.parsed.sections[1].points[0].text).toContain('提升保教质量');

      const text = merged.body.parsed.sections[1].points[0].text;
      const split = await edit(merged.body.version, [{ op: 'splitPoint', section: [2], point: 1, at: text.indexOf('提升保教质量') }]);
      expect(split.body.parsed.sections[1].points.map((p) => p.number)).toEqual([3, 4]);
      expect(split.body.parsed.sections[1].points[1].title).toBe('提升保教质量');

      const undone = await request<DraftBody>(
        `${api.url}/api/plans/${draft.planId}/draft/undo`,
        jsonInit('POST', { version: split.body.version }),
      );
      expect(undone.body.parsed).toEqual(merged.body.parsed);
      const undone2 = await request<DraftBody>(
        `${api.url}/api/plans/${draft.planId}/draft/undo`,
        jsonInit('POST', { version: undone.body.version }),
      );
      expect(undone2.body.parsed).toEqual(renamed.body.parsed);
      const audit = await api.db.query(`select action from audit_events where object_id = $1 order by id`, [draft.draftId]);
      expect(audit.map((a: { action: string }) => a.action)).toEqual([
        'plan.draft.edited',
        'plan.draft.edited',
        'plan.draft.edited',
        'plan.draft.undone',
        'plan.draft.undone',
      ]);
    });

    it('refuses a stale version with 409 and the current version', async () => {
      await edit(draft.version, [{ op: 'updatePlan', title: '新标题' }]);
      const stale = await edit(draft.version, [{ op: 'updatePlan', title: '另一个标题' }]);
      expect(stale.status).toBe(409);
      expect(stale.body).toMatchObject({ error: { code: 'DRAFT_VERSION_CONFLICT', details: { currentVersion: draft.version + 1 } } });
    });

    it('rejects bad operations with a clear error and leaves the draft as it was', async () => {
      const cases: [unknown[], number, string][] = [
        [[{ op: 'updatePoint', section: [9], point: 1, title: 'x' }], 404, 'DRAFT_SECTION_NOT_FOUND'],
        [[{ op: 'updatePoint', section: [1], point: 99, title: 'x' }], 404, 'DRAFT_POINT_NOT_FOUND'],
        [[{ op: 'updatePoint', section: [1], point: 1, deadlines: [{ date: '2024-02-30', phrase: 'x' }] }], 400, 'DRAFT_OP_INVALID'],
        [[{ op: 'dropTable' }], 400, 'DRAFT_OP_INVALID'],
        [
          [
            { op: 'updatePlan', title: 'ok' },
            { op: 'splitPoint', section: [1], point: 1, at: 100000 },
          ],
          400,
          'DRAFT_OP_INVALID',
        ],
      ];
      for (const [operations, status, code] of cases) {
        const res = await edit(draft.version, operations);
        expect([res.status, (res.body as unknown as { error: { code: string } }).error.code]).toEqual([status, code]);
      }
      const unchanged = await request<DraftBody>(`${api.url}/api/plans/${draft.planId}/draft`);
      expect(unchanged.body.version).toBe(draft.version);
      expect(unchanged.body.parsed).toEqual(draft.parsed);
      const unknownField = await request(
        `${api.url}/api/plans/${draft.planId}/draft`,
        jsonInit('PATCH', { version: draft.version, operations: [], status: 'confirmed' }),
      );
      expect(unknownField.status).toBe(400);
    });

    it('two confirmations at once: exactly one wins', async () => {
      const results = await Promise.all([confirm(draft.planId, draft.version), confirm(draft.planId, draft.version)]);
      expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
      const points = await api.db.query(`select count(*)::int as n from work_points where plan_id = $1`, [draft.planId]);
      expect(points[0].n).toBe(4);
      const audit = await api.db.query(`select count(*)::int as n from audit_events where object_id = $1 and action = 'plan.confirmed'`, [
        draft.planId,
      ]);
      expect(audit[0].n).toBe(1);
    });
  });

  it('re-importing a revised document shows a diff and keeps ids of unchanged points', async () => {
    const first = await importBytes(Buffer.from(distinctPlanText(BASE_PLAN.title, BASE_PLAN.sections)), 'v1.txt');
    await confirm(first.body.planId, first.body.version);
    const v1 = (await getPlan(first.body.planId)).body;
    const ids = v1.sections.flatMap((s) => s.points.map((p) => p.id));

    const revised = structuredClone(BASE_PLAN.sections);
    revised[0].points[1] = revised[0].points[1].replace('6月底前', '9月底前'); // changed
    revised[1].points.splice(1, 1); // removed
    revised[1].points.push('加强师资配备。年内补充幼儿教师不少于120名。（责任单位：人事科）'); // added
    const second = await request<DraftBody>(
      `${api.url}/api/plans/${first.body.planId}/import`,
      upload(Buffer.from(planText(BASE_PLAN.title, revised)), 'v2.txt'),
    );
    expect(second.status).toBe(201);
    expect(second.body.diff?.summary).toEqual({ added: 1, removed: 1, changed: 1, unchanged: 2 });
    expect(second.body.diff?.removed.map((r) => r.id)).toEqual([ids[3]]);
    expect(second.body.diff?.changed[0]).toMatchObject({ id: ids[1], fields: expect.arrayContaining(['text', 'deadlines']) });

    // not applied until confirmed
    expect((await getPlan(first.body.planId)).body.sections[1].points.map((p) => p.id)).toEqual([ids[2], ids[3]]);
    const applied = await confirm(first.body.planId, second.body.version);
    expect(applied.body.diff).toEqual({ added: 1, removed: 1, changed: 1, unchanged: 2 });
    const v2 = (await getPlan(first.body.planId)).body;
    const v2Ids = v2.sections.flatMap((s) => s.points.map((p) => p.id));
    expect(v2Ids.slice(0, 3)).toEqual([ids[0], ids[1], ids[2]]);
    expect(v2Ids).not.toContain(ids[3]);
    expect(v2.sections[0].points[1].text).toContain('9月底前');
    expect(v2.sections[1].points[1].title).toBe('加强师资配备');
  });

  it('lists plans with pagination, filters and sorting', async () => {
    const res = await request<{ items: { title: string; status: string }[]; total: number; page: number; pageSize: number }>(
      `${api.url}/api/plans?status=confirmed&pageSize=2&sort=title`,
    );
    expect(res.status).toBe(200);
    expect(res.body.items.length).toBeLessThanOrEqual(2);
    expect(res.body.items.every((p) => p.status === 'confirmed')).toBe(true);
    expect(res.body.total).toBeGreaterThanOrEqual(res.body.items.length);
    const titles = res.body.items.map((p) => p.title);
    expect([...titles].sort()).toEqual(titles);
    const bad = await request(`${api.url}/api/plans?pageSize=100000&q=${encodeURIComponent("'; drop table plans; --")}`);
    expect(bad.status).toBe(400);
    const injection = await request<{ total: number }>(`${api.url}/api/plans?q=${encodeURIComponent("%' or 1=1 --")}`);
    expect(injection.body.total).toBe(0);
  });

  it('serves health and OpenAPI', async () => {
    expect((await request(`${api.url}/health`)).body).toEqual({ status: 'ok', database: 'ok', redis: 'ok' });
    const doc = await request<{ paths: Record<string, unknown> }>(`${api.url}/api/docs-json`);
    expect(Object.keys(doc.body.paths)).toEqual(
      expect.arrayContaining(['/api/plans/import', '/api/plans/{id}/draft', '/api/plans/{id}/confirm']),
    );
  });

  it('audit events cannot be changed or deleted', async () => {
    // the API's role lacks the rights; the append-only trigger behind them: tests/db/least-privilege
    await expect(api.db.query(`update audit_events set action = 'x'`)).rejects.toThrow('permission denied for table audit_events');
    await expect(api.db.query(`delete from audit_events`)).rejects.toThrow('permission denied for table audit_events');
    await expect(api.db.query(`truncate audit_events`)).rejects.toThrow('permission denied for table audit_events');
  });

  it('keeps the file name people gave, never as a path', async () => {
    const res = await importBytes(Buffer.from(distinctPlanText(BASE_PLAN.title, BASE_PLAN.sections)), '../../etc/东丽区工作要点.txt');
    expect(res.status).toBe(201);
    expect(res.body.document.fileName).toBe('东丽区工作要点.txt');
    const [doc] = await api.db.query(`select storage_key from plan_documents where id = $1`, [res.body.document.id]);
    expect(doc.storage_key).toMatch(/^plans\/[0-9a-f]{2}\/[0-9a-f]{64}$/);
    expect(listFiles(api.config.STORAGE_DIR).filter((f) => f.includes('东丽区') || f.includes('..'))).toEqual([]);
  });
});
