import { chinaDate, type AssignmentState } from '@duban/assignment-workflow';
import { request as anonymous, startIsolatedApi, type TestApi } from '../support/api';
import { createUnit, createUser, login, withAuth } from '../support/auth';
import { addDays, createAssignment, createPlan, createTask, type PlanFixture } from './support/factories';

/**
 * The action inbox reads its page from assignments_unit_actions_idx without the visibility rule
 * (its own condition implies the rule's first branch). It must list exactly what the scoped
 * assignment list holds for the user's units in the action states, in the same order, for every
 * sort, filter and page — for a member of one unit (compared with `=`) and of two (`ANY`).
 */
describe('action inbox: the indexed page equals the scoped list', () => {
  let api: TestApi;
  let plan: PlanFixture;
  const units: Record<string, string> = {};
  const tokens: Record<string, string> = {};
  const ACTION: AssignmentState[] = ['assigned', 'in_progress', 'returned'];
  const STATES: AssignmentState[] = [...ACTION, 'submitted', 'extension_requested', 'approved', 'cancelled'];
  // due dates around the real today, so that both overdue filters hold rows
  const today = chinaDate(new Date());

  beforeAll(async () => {
    api = await startIsolatedApi();
    const db = api.db;
    for (const key of ['dept', 's1', 's2', 's3'])
      units[key] = (await createUnit(db, { type: key === 'dept' ? 'department' : 'school' })).id;
    plan = await createPlan(db);
    // few due dates for many rows: ties on due_date everywhere, so the id tie-break decides pages
    for (let i = 0; i < 12; i++) {
      const taskId = await createTask(db, {
        planId: plan.planId,
        pointId: plan.points[i % plan.points.length].id,
        title: `任务${String.fromCharCode(0x4e00 + ((i * 7) % 5))}${i}`,
        ownerUnitId: units.dept,
      });
      for (const [j, unit] of ['s1', 's2', 's3'].entries()) {
        await createAssignment(db, {
          taskId,
          unitId: units[unit],
          role: 'responsible',
          state: STATES[(i + j) % STATES.length],
          dueDate: addDays(today, ((i + j) % 3) * 10 - 10),
        });
      }
    }
    for (const [who, mine] of [
      ['one', ['s1']],
      ['two', ['s1', 's2']],
    ] as const) {
      const u = await createUser(db, { units: mine.map((k) => ({ unitId: units[k], role: 'unit_member' as const })) });
      tokens[who] = (await login(api.url, u.username, u.password)).accessToken;
    }
  });

  afterAll(async () => {
    await api?.close();
  });

  const get = async (who: string, path: string) => {
    const res = await anonymous<{ items: { id: string; unitId: string; state: AssignmentState }[]; total: number }>(
      `${api.url}${path}`,
      withAuth(tokens[who]),
    );
    if (res.status !== 200) throw new Error(`${path}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };

  const QUERIES = [
    '',
    '&sort=-dueDate',
    '&sort=title',
    '&sort=-title',
    '&sort=state',
    '&sort=-updatedAt',
    '&state=in_progress',
    '&state=returned,assigned&sort=-dueDate',
    '&overdue=true',
    '&overdue=false&sort=title',
    `&dueFrom=${today}`,
    '&q=任务',
    `&planId=PLAN`,
  ];

  it.each(['one', 'two'])('member of %s unit(s): same ids, order and totals on every page', async (who) => {
    const mine = who === 'one' ? [units.s1] : [units.s1, units.s2];
    let compared = 0;
    for (const raw of QUERIES) {
      const q = raw.replace('PLAN', plan.planId);
      // the reference: the scoped list (visibility rule applied) narrowed to the user's units and the action states
      const stateFilter = /[?&]state=/.test(q) ? '' : `&state=${ACTION.join(',')}`;
      const scoped = (await get(who, `/api/assignments?pageSize=200${stateFilter}${q}`)).items.filter((i) => mine.includes(i.unitId));
      const whole = await get(who, `/api/inbox/actions?pageSize=200${q}`);
      expect(whole.items.map((i) => i.id)).toEqual(scoped.map((i) => i.id));
      expect(whole.total).toBe(scoped.length);
      // pages of 4 walk the same order
      for (let page = 1; page <= Math.ceil(scoped.length / 4); page++) {
        const part = await get(who, `/api/inbox/actions?pageSize=4&page=${page}${q}`);
        expect(part.items.map((i) => i.id)).toEqual(scoped.slice((page - 1) * 4, page * 4).map((i) => i.id));
        expect(part.total).toBe(scoped.length);
      }
      compared += scoped.length;
    }
    // the comparison is not vacuous: the unfiltered inbox holds rows, and of more than one unit for 'two'
    const all = await get(who, '/api/inbox/actions?pageSize=200');
    expect(all.total).toBeGreaterThan(4);
    expect(new Set(all.items.map((i) => i.unitId)).size).toBe(mine.length);
    expect(compared).toBeGreaterThan(all.total);
  });
});
