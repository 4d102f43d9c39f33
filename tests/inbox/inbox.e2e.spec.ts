import { actorsFor, canSeeAssignment, headUnitIds, isAdmin, memberUnitIds } from '@duban/access';
import type { AuthUser } from '@duban/access';
import { chinaDate, type AssignmentState } from '@duban/assignment-workflow';
import type { AssignmentRole } from '@duban/db';
import { request as anonymous, startIsolatedApi, type TestApi } from '../support/api';
import { createUnit, createUser, login, withAuth } from '../support/auth';
import { addDays, createAssignment, createChangeRequest, createPlan, createTask, type PlanFixture } from './support/factories';

interface Item {
  id: string;
  taskId: string;
  taskTitle: string;
  planId: string;
  sectionId: string;
  sectionNumber: string;
  pointNumber: number;
  unitId: string;
  unitName: string;
  role: AssignmentRole;
  dueDate: string;
  state: AssignmentState;
  stateLabel: string;
  overdue: boolean;
  daysUntilDue: number;
  version: number;
  updatedAt: string;
}
interface PageBody {
  items: Item[];
  total: number;
  page: number;
  pageSize: number;
}
interface Summary {
  total: number;
  actions: { total: number; overdue: number };
  reviews: { total: number; submissions: number; extensions: number; overdue: number };
  changeRequests: { total: number };
}

interface Seeded {
  id: string;
  taskId: string;
  unitId: string;
  role: AssignmentRole;
  state: AssignmentState;
  dueDate: string;
  planId: string;
  title: string;
}

const TIED_TITLE = '并列排序任务';
const SORTS = ['dueDate', '-dueDate', 'updatedAt', '-updatedAt', 'title', '-title', 'state', '-state'] as const;
const WORKFLOW_ORDER = ['assigned', 'in_progress', 'returned', 'extension_requested', 'submitted', 'approved', 'cancelled'];
/** the value each sort orders by */
const sortKey = (sort: (typeof SORTS)[number], i: Item): string | number => {
  const key = sort.replace(/^-/, '');
  if (key === 'state') return WORKFLOW_ORDER.indexOf(i.state);
  if (key === 'title') return i.taskTitle;
  return key === 'dueDate' ? i.dueDate : i.updatedAt;
};

const STATES: AssignmentState[] = ['assigned', 'in_progress', 'submitted', 'returned', 'extension_requested', 'approved', 'cancelled'];
const OFFSETS = [-20, -1, 0, 1, 7, 45];

describe('inbox, review queue and assignment list', () => {
  let api: TestApi;
  const today = chinaDate(new Date());
  const seeded: Seeded[] = [];
  const tasks = new Map<string, { ownerUnitId: string | null; planId: string; title: string }>();
  const pendingChangeTasks: string[] = [];
  let plan: PlanFixture;
  let plan2: PlanFixture;
  const tied: string[] = [];
  const units: Record<string, string> = {};
  const users: Record<string, { token: string; me: AuthUser }> = {};

  const get = async <T>(who: string, path: string) => {
    const res = await anonymous<T>(`${api.url}${path}`, withAuth(users[who].token));
    return res;
  };
  const ok = async <T>(who: string, path: string): Promise<T> => {
    const res = await get<T>(who, path);
    if (res.status !== 200) throw new Error(`${path}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };
  const all = async (who: string, path: string): Promise<Item[]> => {
    const out: Item[] = [];
    for (let page = 1; ; page++) {
      const body = await ok<PageBody>(who, `${path}${path.includes('?') ? '&' : '?'}pageSize=200&page=${page}`);
      out.push(...body.items);
      if (out.length >= body.total || body.items.length === 0) return out;
    }
  };

  beforeAll(async () => {
    // a database of its own: admins and leaders see every assignment in it
    api = await startIsolatedApi();
    const db = api.db;
    for (const [key, type] of [
      ['deptA', 'department'],
      ['deptB', 'department'],
      ['deptC', 'department'],
      ['s1', 'school'],
      ['s2', 'school'],
      ['s3', 'school'],
    ] as const) {
      units[key] = (await createUnit(db, { type, name: `${key}单位` })).id;
    }
    plan = await createPlan(db);
    plan2 = await createPlan(db, '“十四五”教育发展规划');

    let n = 0;
    const assign = async (taskId: string, unitKey: string, role: AssignmentRole, t: { planId: string; title: string }) => {
      const state = STATES[n % STATES.length];
      const dueDate = addDays(today, OFFSETS[Math.floor(n / STATES.length) % OFFSETS.length]);
      n++;
      const id = await createAssignment(db, { taskId, unitId: units[unitKey], role, state, dueDate });
      seeded.push({ id, taskId, unitId: units[unitKey], role, state, dueDate, planId: t.planId, title: t.title });
    };
    const task = async (p: PlanFixture, point: number, title: string, owner: string | null, lead: string | null, others: string[]) => {
      const t = { planId: p.planId, title };
      const id = await createTask(db, { planId: p.planId, pointId: p.points[point].id, title, ownerUnitId: owner ? units[owner] : null });
      tasks.set(id, { ownerUnitId: owner ? units[owner] : null, ...t });
      if (lead) await assign(id, lead, 'lead', t);
      for (const u of others) await assign(id, u, lead ? 'cooperating' : 'responsible', t);
      return id;
    };
    // enough rows that every state meets every due offset somewhere
    for (let round = 0; round < 3; round++) {
      await task(plan, 0, `推进学前教育普惠发展${round}`, 'deptA', 'deptB', ['s1', 's2', 's3']);
      await task(plan, 1, `新增学位2430个${round}`, 'deptA', null, ['s1', 's2', 's3', 'deptB']);
      await task(plan, 2, `100%_完成\\督导${round}`, 'deptA', 's1', ['s2']);
      await task(plan2, 0, `“双减”课后服务${round}`, 'deptB', null, ['s1', 's2', 'deptA']);
      await task(plan2, 2, `校园安全专项整治${round}`, 'deptC', 'deptB', ['s2', 's3']);
    }
    const ownedByA = [...tasks].filter(([, t]) => t.ownerUnitId === units.deptA).map(([id]) => id);
    const ownedByC = [...tasks].filter(([, t]) => t.ownerUnitId === units.deptC).map(([id]) => id);
    for (const id of [ownedByA[0], ownedByA[1], ownedByC[0]]) {
      await createChangeRequest(db, id);
      pendingChangeTasks.push(id);
    }

    // rows that tie on every sort key (title, due date, state, updated_at): only their ids order them
    const title = TIED_TITLE;
    for (let k = 0; k < 6; k++) {
      const taskId = await createTask(db, { planId: plan2.planId, pointId: plan2.points[1].id, title, ownerUnitId: units.deptC });
      tasks.set(taskId, { ownerUnitId: units.deptC, planId: plan2.planId, title });
      for (const unitKey of ['s3', 'deptC']) {
        const row = {
          taskId,
          unitId: units[unitKey],
          role: 'responsible' as const,
          state: 'in_progress' as const,
          dueDate: addDays(today, 7),
        };
        const id = await createAssignment(db, row);
        seeded.push({ id, ...row, planId: plan2.planId, title });
        tied.push(id);
      }
    }
    await db.query(`update assignments set updated_at = '2024-03-01T08:00:00+08:00' where id = any($1)`, [tied]);

    const make = async (key: string, spec: Parameters<typeof createUser>[1]) => {
      const u = await createUser(db, spec);
      const { accessToken } = await login(api.url, u.username, u.password);
      users[key] = { token: accessToken, me: {} as AuthUser };
      users[key].me = await ok<AuthUser>(key, '/api/auth/me');
    };
    await make('member', { units: [{ unitId: units.s1, role: 'unit_member' }] });
    await make('member2', { units: [{ unitId: units.s2, role: 'unit_member' }] });
    await make('leadMember', { units: [{ unitId: units.deptB, role: 'unit_member' }] });
    await make('head', { units: [{ unitId: units.deptA, role: 'department_head' }] });
    await make('leader', { globalRoles: ['leader'] });
    await make('admin', { globalRoles: ['admin'] });
  });

  afterAll(async () => {
    await api?.close();
  });

  const liveLead = (taskId: string): string | null =>
    seeded.find((s) => s.taskId === taskId && s.role === 'lead' && s.state !== 'cancelled')?.unitId ?? null;
  // only a live lead consolidates (and so sees) its cooperating units, in lists and detail alike
  const facts = (s: Seeded, lead = liveLead) => ({
    unitId: s.unitId,
    role: s.role,
    taskOwnerUnitId: tasks.get(s.taskId)?.ownerUnitId ?? null,
    leadUnitId: lead(s.taskId),
  });
  // what the shared TypeScript rules say each list must hold
  const expected = (me: AuthUser) => ({
    all: seeded.filter((s) => canSeeAssignment(me, facts(s))),
    actions: seeded.filter((s) => memberUnitIds(me).includes(s.unitId) && ['assigned', 'in_progress', 'returned'].includes(s.state)),
    reviews: seeded.filter((s) => ['submitted', 'extension_requested'].includes(s.state) && actorsFor(me, facts(s)).includes('reviewer')),
    changeRequests: pendingChangeTasks.filter((id) => isAdmin(me) || headUnitIds(me).includes(tasks.get(id)?.ownerUnitId ?? '')),
  });
  const ids = (xs: { id: string }[]) => xs.map((x) => x.id).sort();

  it.each(['member', 'leadMember', 'head', 'leader', 'admin'])('%s: counts equal list totals and the shared access rules', async (who) => {
    const me = users[who].me;
    const want = expected(me);
    const summary = await ok<Summary>(who, '/api/inbox/summary');
    const actions = await all(who, '/api/inbox/actions');
    const reviews = await all(who, '/api/inbox/reviews');
    const visible = await all(who, '/api/assignments');
    const changes = await ok<{ total: number; items: { taskId: string }[] }>(who, '/api/inbox/change-requests?pageSize=200');

    expect(ids(actions)).toEqual(ids(want.actions));
    expect(ids(reviews)).toEqual(ids(want.reviews));
    expect(ids(visible)).toEqual(ids(want.all));
    expect(changes.items.map((c) => c.taskId).sort()).toEqual([...want.changeRequests].sort());

    expect(summary.actions.total).toBe(actions.length);
    expect(summary.actions.overdue).toBe(actions.filter((i) => i.overdue).length);
    expect(summary.reviews.total).toBe(reviews.length);
    expect(summary.reviews.submissions).toBe(reviews.filter((i) => i.state === 'submitted').length);
    expect(summary.reviews.extensions).toBe(reviews.filter((i) => i.state === 'extension_requested').length);
    expect(summary.changeRequests.total).toBe(changes.total);
    expect(summary.total).toBe(actions.length + reviews.length + changes.total);

    // the same filters narrow the badge and the list alike
    const filtered = await ok<Summary>(who, `/api/inbox/summary?planId=${plan.planId}&overdue=true`);
    const filteredActions = await ok<PageBody>(who, `/api/inbox/actions?planId=${plan.planId}&overdue=true`);
    const filteredReviews = await ok<PageBody>(who, `/api/inbox/reviews?planId=${plan.planId}&overdue=true`);
    expect(filtered.actions.total).toBe(filteredActions.total);
    expect(filtered.reviews.total).toBe(filteredReviews.total);
  });

  it('gives each role something to do in this seed (the comparison above is not vacuous)', () => {
    expect(expected(users.member.me).actions.length).toBeGreaterThan(0);
    expect(expected(users.leadMember.me).reviews.length).toBeGreaterThan(0);
    expect(expected(users.head.me).reviews.length).toBeGreaterThan(0);
    expect(expected(users.head.me).changeRequests.length).toBe(2);
    expect(expected(users.admin.me).reviews.length).toBeGreaterThan(expected(users.head.me).reviews.length);
    expect(expected(users.leader.me).actions.length + expected(users.leader.me).reviews.length).toBe(0);
  });

  it('answers every list item with the fields a row needs', async () => {
    const body = await ok<PageBody>('admin', '/api/assignments?pageSize=200');
    for (const item of body.items) {
      const s = seeded.find((x) => x.id === item.id) as Seeded;
      expect(item).toMatchObject({ taskId: s.taskId, unitId: s.unitId, role: s.role, dueDate: s.dueDate, state: s.state, version: 1 });
      expect(item.stateLabel).toMatch(/[\u4e00-\u9fa5]/);
      expect(item.overdue).toBe(s.dueDate < today && !['approved', 'cancelled'].includes(s.state));
      expect(item.daysUntilDue).toBe(Math.round((Date.parse(s.dueDate) - Date.parse(today)) / 86_400_000));
      expect(typeof item.sectionNumber).toBe('string');
      expect(item.pointNumber).toBeGreaterThan(0);
      expect(item.unitName).toMatch(/单位$/);
    }
  });

  it('filters by plan, section (with sub-sections), unit, states and due window', async () => {
    const byPlan = await all('admin', `/api/assignments?planId=${plan2.planId}`);
    expect(ids(byPlan)).toEqual(ids(seeded.filter((s) => s.planId === plan2.planId)));

    // section 一 holds point 1 directly and point 2 through its sub-section （一）
    const bySection = await all('admin', `/api/assignments?sectionId=${plan.sections[0].id}`);
    expect(new Set(bySection.map((i) => i.pointNumber))).toEqual(new Set([1, 2]));
    expect(bySection.every((i) => i.planId === plan.planId)).toBe(true);
    const bySub = await all('admin', `/api/assignments?sectionId=${plan.subSectionId}`);
    expect(new Set(bySub.map((i) => i.pointNumber))).toEqual(new Set([2]));

    const byUnit = await all('admin', `/api/assignments?unitId=${units.s3}`);
    expect(ids(byUnit)).toEqual(ids(seeded.filter((s) => s.unitId === units.s3)));

    const repeated = await all('admin', '/api/assignments?state=submitted&state=returned');
    const commas = await all('admin', '/api/assignments?state=submitted,returned');
    expect(ids(repeated)).toEqual(ids(seeded.filter((s) => s.state === 'submitted' || s.state === 'returned')));
    expect(ids(commas)).toEqual(ids(repeated));

    const from = addDays(today, 0);
    const to = addDays(today, 7);
    const window = await all('admin', `/api/assignments?dueFrom=${from}&dueTo=${to}`);
    expect(ids(window)).toEqual(ids(seeded.filter((s) => s.dueDate >= from && s.dueDate <= to)));
  });

  it("filters one task's assignments (the task page's units), paginated, within what each caller may see", async () => {
    // the task with the most units, so that two-row pages split it
    const counts = new Map<string, number>();
    for (const x of seeded) counts.set(x.taskId, (counts.get(x.taskId) ?? 0) + 1);
    const [taskId, n] = [...counts].sort((a, b) => b[1] - a[1])[0];
    expect(n).toBeGreaterThan(2);
    let partial = 0;
    for (const who of ['member', 'member2', 'head', 'leader', 'admin']) {
      const want = expected(users[who].me).all.filter((x) => x.taskId === taskId);
      const got: Item[] = [];
      for (let page = 1; page <= Math.ceil(n / 2) + 1; page++) {
        const body = await ok<PageBody>(who, `/api/assignments?taskId=${taskId}&pageSize=2&page=${page}&sort=state`);
        expect(body).toMatchObject({ total: want.length, page, pageSize: 2 });
        expect(body.items.length).toBeLessThanOrEqual(2);
        got.push(...body.items);
      }
      expect(got.every((i) => i.taskId === taskId)).toBe(true);
      expect(ids(got)).toEqual(ids(want));
      // ordered by workflow state across the pages
      const order = got.map((i) => WORKFLOW_ORDER.indexOf(i.state));
      expect(order).toEqual([...order].sort((a, b) => a - b));
      if (want.length < n) partial++;
    }
    // some caller sees only part of the task (the scoping is exercised, not just the filter)
    expect(partial).toBeGreaterThan(0);
    expect((await get('admin', '/api/assignments?taskId=not-a-uuid')).status).toBe(400);
  });

  it('splits by overdue exactly as isOverdue does, with today in China', async () => {
    const everything = await all('admin', '/api/assignments');
    const overdue = await all('admin', '/api/assignments?overdue=true');
    const notOverdue = await all('admin', '/api/assignments?overdue=false');
    expect(overdue.length + notOverdue.length).toBe(everything.length);
    expect(overdue.length).toBeGreaterThan(0);
    expect(overdue.every((i) => i.overdue)).toBe(true);
    expect(notOverdue.some((i) => i.overdue)).toBe(false);
    // due today is not overdue yet
    expect(notOverdue.some((i) => i.dueDate === today && i.state === 'in_progress')).toBe(true);
  });

  it('searches titles in Chinese and treats LIKE and SQL metacharacters as text', async () => {
    const xuewei = await all('admin', `/api/assignments?q=${encodeURIComponent('学位')}`);
    expect(xuewei.length).toBe(seeded.filter((s) => s.title.includes('学位')).length);
    expect(xuewei.every((i) => i.taskTitle.includes('新增学位'))).toBe(true);
    const quoted = await all('admin', `/api/assignments?q=${encodeURIComponent('“双减”')}`);
    expect(quoted.length).toBe(seeded.filter((s) => s.title.includes('“双减”')).length);

    for (const [q, fragment] of [
      ['%', '%'],
      ['_', '_'],
      ['\\', '\\'],
      ['0%_完', '0%_完'],
    ]) {
      const hits = await all('admin', `/api/assignments?q=${encodeURIComponent(q)}`);
      expect(hits.length).toBe(seeded.filter((s) => s.title.includes(fragment)).length);
      expect(hits.length).toBeGreaterThan(0);
    }
    const injection = await get<PageBody>('admin', `/api/assignments?q=${encodeURIComponent("'; drop table assignments; --")}`);
    expect(injection.status).toBe(200);
    expect(injection.body.total).toBe(0);
    expect((await all('admin', '/api/assignments')).length).toBe(seeded.length);
  });

  it.each(SORTS)('sort=%s: ordered by its key, equal keys by id ascending', async (sort) => {
    const items = await all('admin', `/api/assignments?sort=${sort}`);
    expect(ids(items)).toEqual(ids(seeded));
    const desc = sort.startsWith('-');
    let ties = 0;
    for (let i = 1; i < items.length; i++) {
      const [a, b] = [sortKey(sort, items[i - 1]!), sortKey(sort, items[i]!)];
      if (a === b) {
        ties++;
        expect(items[i - 1]!.id < items[i]!.id).toBe(true);
      } else expect(desc ? a > b : a < b).toBe(true);
    }
    // the tie-break is exercised: the twelve fully tied rows alone give eleven ties, in id order
    expect(ties).toBeGreaterThanOrEqual(tied.length - 1);
    expect(items.map((i) => i.id).filter((id) => tied.includes(id))).toEqual([...tied].sort());
  });

  it('refuses a sort key outside the whitelist', async () => {
    expect((await get('admin', '/api/assignments?sort=unit_id;drop')).status).toBe(400);
  });

  it.each(SORTS)('sort=%s: rows with equal keys page stably, in id order, across page boundaries', async (sort) => {
    const pages: Item[][] = [];
    for (let page = 1; page <= 3; page++) {
      const body = await ok<PageBody>('admin', `/api/assignments?q=${encodeURIComponent(TIED_TITLE)}&sort=${sort}&pageSize=5&page=${page}`);
      expect(body.total).toBe(tied.length);
      pages.push(body.items);
    }
    expect(pages.map((p) => p.length)).toEqual([5, 5, 2]);
    expect(pages.flat().map((i) => i.id)).toEqual([...tied].sort());
    // asking again gives the same pages
    const again = await ok<PageBody>('admin', `/api/assignments?q=${encodeURIComponent(TIED_TITLE)}&sort=${sort}&pageSize=5&page=2`);
    expect(again.items.map((i) => i.id)).toEqual(pages[1]!.map((i) => i.id));
  });

  it.each(SORTS)('sort=%s: pages of 7 concatenate to the full list, without overlap or gaps', async (sort) => {
    const full = await all('admin', `/api/assignments?sort=${sort}`);
    const pages: Item[] = [];
    for (let page = 1; page <= Math.ceil(full.length / 7); page++) {
      const body = await ok<PageBody>('admin', `/api/assignments?sort=${sort}&pageSize=7&page=${page}`);
      expect(body.total).toBe(full.length);
      expect(body.items.length).toBeLessThanOrEqual(7);
      pages.push(...body.items);
    }
    expect(pages.map((i) => i.id)).toEqual(full.map((i) => i.id));
  });

  it('a page past the end is empty and still counts the total', async () => {
    const beyond = await ok<PageBody>('admin', '/api/assignments?page=999&pageSize=7');
    expect(beyond.items).toEqual([]);
    expect(beyond.total).toBe(seeded.length);
  });

  it.each([
    ['pageSize=201', 'oversized page'],
    ['page=0', 'page zero'],
    [`q=${'学'.repeat(101)}`, 'oversized search'],
    ['state=done', 'unknown state'],
    [`state=${Array(8).fill('assigned').join(',')}`, 'too many states'],
    ['dueFrom=2024-02-30', 'impossible date'],
    ['dueTo=2024/06/30', 'wrong date format'],
    ['overdue=yes', 'non-boolean overdue'],
    ['planId=1', 'non-uuid plan'],
    ['sectionId=abc', 'non-uuid section'],
    ['unitId=abc', 'non-uuid unit'],
    ['bogus=1', 'unknown parameter'],
  ])('refuses %s (%s) with 400', async (query) => {
    for (const path of ['/api/assignments', '/api/inbox/actions', '/api/inbox/reviews', '/api/inbox/summary']) {
      if (path === '/api/inbox/summary' && /^page/.test(query)) continue;
      const res = await get<{ error: { code: string } }>('admin', `${path}?${query}`);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
    }
  });

  it('never shows a school another school’s items (beyond the cooperating units of a task it leads)', async () => {
    for (const [who, mine, theirs] of [
      ['member', units.s1, units.s3],
      ['member2', units.s2, units.s1],
    ]) {
      const visible = await all(who, '/api/assignments');
      expect(visible.length).toBeGreaterThan(0);
      for (const i of visible) expect(i.unitId === mine || (i.role === 'cooperating' && liveLead(i.taskId) === mine)).toBe(true);
      expect((await ok<PageBody>(who, `/api/assignments?unitId=${theirs}`)).total).toBe(0);
      expect((await all(who, '/api/inbox/actions')).every((i) => i.unitId === mine)).toBe(true);
      for (const r of await all(who, '/api/inbox/reviews')) expect(liveLead(r.taskId)).toBe(mine);
    }
    // s2 leads nothing: it sees its own rows only; s1 leads 「100%_完成」 and sees s2's part of it
    expect((await all('member2', '/api/assignments')).every((i) => i.unitId === units.s2)).toBe(true);
    const s1sees = await all('member', `/api/assignments?unitId=${units.s2}`);
    expect(s1sees.length).toBeGreaterThan(0);
    expect(s1sees.every((i) => i.taskTitle.startsWith('100%_完成') && i.role === 'cooperating')).toBe(true);
  });

  it('requires a signed-in user', async () => {
    const res = await anonymous(`${api.url}/api/inbox/summary`);
    expect(res.status).toBe(401);
  });
});
