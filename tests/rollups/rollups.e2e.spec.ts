import { RollupService } from '@duban/rollups';
import { recount, RollupWorld, type Row } from './rollups-world';

interface FiguresBody {
  assignments: number;
  byState: Record<string, number>;
  completionRate: number;
  onTimeRate: number | null;
  overdue: number;
  light: string;
}
interface OverviewBody {
  asOf: string;
  plans: (FiguresBody & { planId: string; title: string; year: number })[];
}
interface RollupBody {
  planId: string;
  by: string;
  rows: (FiguresBody & { key: string; label: string })[];
}

const pick = (f: FiguresBody) => ({
  assignments: f.assignments,
  byState: f.byState,
  completionRate: f.completionRate,
  onTimeRate: f.onTimeRate,
  overdue: f.overdue,
});

/**
 * Roll-ups through HTTP, against figures the test recounts from the rows it wrote. Today is
 * 2021-06-30 (a Wednesday) in China.
 */
describe('roll-ups (overview, per section / point / task / unit / unit type, scoping)', () => {
  const TODAY = '2021-06-30';
  let w: RollupWorld;
  const rows: Row[] = [
    // t1 (section 一, point 1, D): on time to the last second, late by one, cancelled, overdue
    {
      task: 't1',
      unit: 's1',
      state: 'approved',
      due: '2021-06-15',
      assignedOn: '2021-03-01',
      approvedAt: '2021-06-15T23:59:59+08:00',
      progress: 100,
    },
    {
      task: 't1',
      unit: 's2',
      state: 'approved',
      due: '2021-06-15',
      assignedOn: '2021-03-01',
      approvedAt: '2021-06-16T00:00:00+08:00',
      progress: 100,
    },
    { task: 't1', unit: 'direct', state: 'cancelled', due: '2021-06-15', assignedOn: '2021-03-01' },
    { task: 't1', unit: 's3', state: 'in_progress', due: '2021-06-29', assignedOn: '2021-03-02', progress: 90 },
    // t2 (section 一 /（一）, point 2, D): lagging 序时进度, on track and submitted, due today unsubmitted
    { task: 't2', unit: 's2', state: 'in_progress', due: '2021-12-31', assignedOn: '2021-03-01', progress: 0 },
    { task: 't2', unit: 'direct', state: 'submitted', due: '2021-12-31', assignedOn: '2021-03-01', progress: 50 },
    { task: 't2', unit: 's1', state: 'assigned', due: '2021-06-30', assignedOn: '2021-06-01', progress: 100 },
    // t3 (section 二, point 3, E): all green
    {
      task: 't3',
      unit: 's1',
      state: 'approved',
      due: '2021-12-31',
      assignedOn: '2021-03-01',
      approvedAt: '2021-06-01T10:00:00+08:00',
      progress: 100,
    },
    { task: 't3', unit: 's2', state: 'in_progress', due: '2021-12-31', assignedOn: '2021-06-28', progress: 10 },
    { task: 't3', unit: 'direct', state: 'returned', due: '2021-09-30', assignedOn: '2021-06-01', progress: 30, submitted: true },
  ];

  beforeAll(async () => {
    w = await RollupWorld.create(`${TODAY}T10:00:00+08:00`);
    await w.insert(rows);
  });

  afterAll(async () => {
    await w?.close();
  });

  const ours = async (who: Parameters<RollupWorld['get']>[0]) => {
    const res = await w.get<OverviewBody>(who, '/api/overview');
    expect(res.status).toBe(200);
    return { body: res.body, plan: res.body.plans.find((p) => p.planId === w.plan.planId) };
  };

  it('overview: a leader sees the plan with figures equal to a recount of the rows', async () => {
    const { body, plan } = await ours('leader');
    expect(Date.parse(body.asOf)).toBe(Date.parse(`${TODAY}T10:00:00+08:00`));
    expect(plan).toBeDefined();
    expect(pick(plan!)).toEqual(recount(rows, TODAY));
    // 3 approved of 9 live; 2 of 3 on time; one overdue
    expect(plan!.completionRate).toBeCloseTo(3 / 9);
    expect(plan!.onTimeRate).toBeCloseTo(2 / 3);
    expect(plan!.overdue).toBe(1);
    expect(plan!.light).toBe('red');
    expect(plan!.year).toBe(2024);
  });

  it.each(['section', 'point', 'task', 'unit', 'unitType'])('by=%s: each row equals the recount of its rows', async (by) => {
    const res = await w.get<RollupBody>('leader', `/api/plans/${w.plan.planId}/rollup?by=${by}`);
    expect(res.status).toBe(200);
    expect(res.body.by).toBe(by);
    const p = w.plan.points;
    const s = w.plan.sections;
    const taskPoint = { t1: p[0].id, t2: p[1].id, t3: p[2].id };
    const taskSection = { t1: s[0].id, t2: s[0].id, t3: s[1].id };
    const unitType = { s1: 'school', s2: 'school', s3: 'school', direct: 'direct_unit' };
    const keyOf: Record<string, (r: Row) => string> = {
      section: (r) => taskSection[r.task],
      point: (r) => taskPoint[r.task],
      task: (r) => w.tasks[r.task],
      unit: (r) => w.units[r.unit],
      unitType: (r) => unitType[r.unit],
    };
    const expected = new Map<string, Row[]>();
    for (const r of rows) expected.set(keyOf[by](r), [...(expected.get(keyOf[by](r)) ?? []), r]);
    const withWork = res.body.rows.filter((r) => r.assignments > 0);
    expect(new Set(withWork.map((r) => r.key))).toEqual(new Set(expected.keys()));
    for (const row of withWork) expect([row.key, pick(row)]).toEqual([row.key, recount(expected.get(row.key)!, TODAY)]);
    for (const row of res.body.rows) expect(row.label).toBeTruthy();
  });

  it('lights: red for overdue, yellow for lagging 序时进度 or due soon unsubmitted, green otherwise', async () => {
    const light = async (by: string, extra = '') =>
      new Map(
        (await w.get<RollupBody>('leader', `/api/plans/${w.plan.planId}/rollup?by=${by}${extra}`)).body.rows.map((r) => [r.key, r.light]),
      );
    const tasks = await light('task');
    expect([tasks.get(w.tasks.t1), tasks.get(w.tasks.t2), tasks.get(w.tasks.t3)]).toEqual(['red', 'yellow', 'green']);
    const sections = await light('section');
    expect([sections.get(w.plan.sections[0].id), sections.get(w.plan.sections[1].id)]).toEqual(['red', 'green']);
    // within t2, the lagging unit (0% at ~48% 序时进度) and the unsubmitted one due today are yellow; the submitted one green
    const units = await light('unit', `&task=${w.tasks.t2}`);
    expect([units.get(w.units.s2), units.get(w.units.s1), units.get(w.units.direct)]).toEqual(['yellow', 'yellow', 'green']);
  });

  it('drill-down: plan → section → point → task narrows to the branch', async () => {
    const section = w.plan.sections[0].id;
    const points = await w.get<RollupBody>('leader', `/api/plans/${w.plan.planId}/rollup?by=point&section=${section}`);
    expect(points.body.rows.map((r) => r.key).sort()).toEqual([w.plan.points[0].id, w.plan.points[1].id].sort());
    const tasks = await w.get<RollupBody>('leader', `/api/plans/${w.plan.planId}/rollup?by=task&point=${w.plan.points[1].id}`);
    expect(tasks.body.rows.map((r) => r.key)).toEqual([w.tasks.t2]);
    const units = await w.get<RollupBody>('leader', `/api/plans/${w.plan.planId}/rollup?by=unit&task=${w.tasks.t1}`);
    expect(units.body.rows.reduce((n, r) => n + r.assignments, 0)).toBe(rows.filter((r) => r.task === 't1').length);
  });

  it('scoping: a school sees only itself, a head only its department’s tasks, an outsider nothing', async () => {
    const school = await ours('memberS1');
    expect(pick(school.plan!)).toEqual(
      recount(
        rows.filter((r) => r.unit === 's1'),
        TODAY,
      ),
    );
    const schoolUnits = await w.get<RollupBody>('memberS1', `/api/plans/${w.plan.planId}/rollup?by=unit`);
    expect(schoolUnits.body.rows.map((r) => r.key)).toEqual([w.units.s1]);

    const headD = await ours('headD');
    expect(pick(headD.plan!)).toEqual(
      recount(
        rows.filter((r) => r.task !== 't3'),
        TODAY,
      ),
    );
    const dTasks = await w.get<RollupBody>('headD', `/api/plans/${w.plan.planId}/rollup?by=task`);
    expect(dTasks.body.rows.map((r) => r.key).sort()).toEqual([w.tasks.t1, w.tasks.t2].sort());
    const headE = await ours('headE');
    expect(pick(headE.plan!)).toEqual(
      recount(
        rows.filter((r) => r.task === 't3'),
        TODAY,
      ),
    );

    const outsider = await ours('memberNone');
    expect(outsider.plan).toBeUndefined();
    expect((await w.get('memberNone', `/api/plans/${w.plan.planId}/rollup?by=section`)).status).toBe(404);
  });

  it('overdue turns at China midnight: open work due today is not overdue at 23:59:59, is at 00:00', async () => {
    try {
      w.clock.set(new Date(`${TODAY}T23:59:59+08:00`));
      await w.signIn();
      expect((await ours('leader')).plan!.overdue).toBe(recount(rows, TODAY).overdue);
      w.clock.set(new Date('2021-07-01T00:00:00+08:00'));
      await w.signIn();
      const after = (await ours('leader')).plan!;
      expect(after.overdue).toBe(recount(rows, '2021-07-01').overdue);
      expect(after.overdue).toBe(recount(rows, TODAY).overdue + 1);
    } finally {
      w.clock.set(new Date(`${TODAY}T10:00:00+08:00`));
      await w.signIn();
    }
  });

  it('red list: open work past due, most overdue first, paginated, scoped', async () => {
    type Red = {
      total: number;
      items: { assignmentId: string; dueDate: string; daysOverdue: number; workingDaysOverdue: number; unitName: string }[];
    };
    const res = await w.get<Red>('leader', `/api/rollups/overdue?planId=${w.plan.planId}&pageSize=10`);
    expect(res.status).toBe(200);
    const want = rows.filter((r) => r.state !== 'approved' && r.state !== 'cancelled' && r.due < TODAY);
    expect(res.body.total).toBe(want.length);
    expect(res.body.items.map((i) => i.assignmentId)).toEqual(want.map((r) => r.id));
    // due Tuesday 06-29, today Wednesday 06-30: one calendar day, one working day
    expect(res.body.items[0]).toMatchObject({ dueDate: '2021-06-29', daysOverdue: 1, workingDaysOverdue: 1 });
    expect((await w.get<Red>('memberS1', `/api/rollups/overdue?planId=${w.plan.planId}`)).body.total).toBe(0);
    expect((await w.get<Red>('headE', `/api/rollups/overdue?planId=${w.plan.planId}`)).body.total).toBe(0);
    expect((await w.get<Red>('headD', `/api/rollups/overdue?planId=${w.plan.planId}`)).body.total).toBe(1);
  });

  it('unit ranking: by completion rate; a school sees only its own row with its rank among all', async () => {
    type Ranking = { total: number; rows: { rank: number; key: string; completionRate: number }[] };
    const all = await w.get<Ranking>('leader', `/api/plans/${w.plan.planId}/ranking`);
    expect(all.status).toBe(200);
    expect(all.body.total).toBe(4);
    const rates = all.body.rows.map((r) => r.completionRate);
    expect(rates).toEqual([...rates].sort((a, b) => b - a));
    const s1 = recount(
      rows.filter((r) => r.unit === 's1'),
      TODAY,
    ).completionRate;
    expect(all.body.rows.find((r) => r.key === w.units.s1)!.completionRate).toBeCloseTo(s1);
    const mine = await w.get<Ranking>('memberS1', `/api/plans/${w.plan.planId}/ranking`);
    expect(mine.body.total).toBe(4);
    expect(mine.body.rows.map((r) => [r.key, r.rank])).toEqual([[w.units.s1, all.body.rows.find((r) => r.key === w.units.s1)!.rank]]);
  });

  it('ranking pages: global ranks, desc gives the lowest first, pageSize bounds; matrix pages by unit', async () => {
    type Ranking = { total: number; page: number; pageSize: number; rows: { rank: number; key: string }[] };
    const url = `/api/plans/${w.plan.planId}/ranking`;
    const full = (await w.get<Ranking>('leader', url)).body;
    expect([full.page, full.pageSize, full.rows.map((r) => r.rank)]).toEqual([1, 20, [1, 2, 3, 4]]);
    const pages = [];
    for (const page of [1, 2, 3]) pages.push(...(await w.get<Ranking>('leader', `${url}?page=${page}&pageSize=2`)).body.rows);
    expect(pages.map((r) => [r.key, r.rank])).toEqual(full.rows.map((r) => [r.key, r.rank]));
    const low = (await w.get<Ranking>('leader', `${url}?order=desc&pageSize=3`)).body;
    expect(low.total).toBe(4);
    expect(low.rows.map((r) => [r.key, r.rank])).toEqual(
      [...full.rows]
        .reverse()
        .slice(0, 3)
        .map((r) => [r.key, r.rank]),
    );
    for (const bad of ['pageSize=0', 'pageSize=101', 'page=0', 'order=up']) {
      const res = await w.get<{ message: string }>('leader', `${url}?${bad}`);
      expect(res.status).toBe(400);
      expect(JSON.stringify(res.body)).toMatch(/[\u4e00-\u9fff]/);
    }
    const mine = (await w.get<Ranking>('memberS1', `${url}?order=desc&pageSize=1`)).body;
    expect(mine.rows.map((r) => [r.key, r.rank])).toEqual([[w.units.s1, full.rows.find((r) => r.key === w.units.s1)!.rank]]);

    type Matrix = { total: number; units: { key: string }[]; cells: { unitId: string; assignments: number }[] };
    const murl = `/api/plans/${w.plan.planId}/matrix`;
    const whole = (await w.get<Matrix>('leader', murl)).body;
    const parts: Matrix[] = [];
    for (const page of [1, 2, 3]) parts.push((await w.get<Matrix>('leader', `${murl}?page=${page}&pageSize=2`)).body);
    expect(parts.flatMap((p) => p.units.map((u) => u.key))).toEqual(whole.units.map((u) => u.key));
    expect(parts.map((p) => p.total)).toEqual([whole.total, whole.total, whole.total]);
    for (const p of parts) expect(p.cells.every((c) => p.units.some((u) => u.key === c.unitId))).toBe(true);
    expect(parts.flatMap((p) => p.cells).reduce((n, c) => n + c.assignments, 0)).toBe(rows.length);
    expect((await w.get('leader', `${murl}?pageSize=101`)).status).toBe(400);
  });

  it('unit × section matrix and the assignment drill-down with evidence links', async () => {
    type Matrix = {
      sections: { key: string }[];
      units: { key: string }[];
      cells: { unitId: string; sectionId: string; assignments: number; light: string }[];
    };
    const m = await w.get<Matrix>('leader', `/api/plans/${w.plan.planId}/matrix`);
    expect(m.status).toBe(200);
    const s = w.plan.sections;
    const sectionOf = { t1: s[0].id, t2: s[0].id, t3: s[1].id };
    for (const c of m.body.cells) {
      const mine = rows.filter((r) => w.units[r.unit] === c.unitId && sectionOf[r.task] === c.sectionId);
      expect(c.assignments).toBe(mine.length);
    }
    expect(m.body.cells.reduce((n, c) => n + c.assignments, 0)).toBe(rows.length);
    expect(m.body.cells.find((c) => c.unitId === w.units.s3 && c.sectionId === s[0].id)!.light).toBe('red');

    type Drill = { total: number; items: { assignmentId: string; light: string; lightReason: string; evidencePath: string }[] };
    const d = await w.get<Drill>('leader', `/api/plans/${w.plan.planId}/rollup/assignments?task=${w.tasks.t1}`);
    expect(d.status).toBe(200);
    expect(d.body.total).toBe(rows.filter((r) => r.task === 't1').length);
    const late = d.body.items.find((i) => i.assignmentId === rows[3].id)!;
    expect([late.light, late.lightReason]).toEqual(['red', '已逾期1个工作日']);
    expect((await w.get(`leader`, late.evidencePath)).status).toBe(200);
    expect((await w.get<Drill>('memberS2', `/api/plans/${w.plan.planId}/rollup/assignments?task=${w.tasks.t1}`)).body.total).toBe(1);
  });

  it('indicator attainment: latest actual per unit, summed for counts, against the target and the baseline', async () => {
    const db = w.api.db;
    const [target] = await db.query(
      `INSERT INTO task_targets (task_id, position, metric, phrase, value, unit, comparator) VALUES ($1, 0, '新增学前学位', '新增学前学位2430个', 2430, '个', '>=') RETURNING id`,
      [w.tasks.t3],
    );
    await db.query(
      `INSERT INTO plan_indicators (plan_id, position, name, unit, baseline_year, baseline_value, target_year, target_value, target_comparator)
       VALUES ($1, 0, '新增学前学位', '个', 2020, 1000, 2025, 2430, '>=')`,
      [w.plan.planId],
    );
    const actual = async (unit: 's1' | 's2', value: number, asOf: string) => {
      const assignment = rows.find((r) => r.task === 't3' && r.unit === unit)!.id;
      const [report] = await db.query(`INSERT INTO progress_reports (assignment_id, percent) VALUES ($1, 50) RETURNING id`, [assignment]);
      await db.query(
        `INSERT INTO target_actuals (progress_report_id, assignment_id, task_target_id, value, as_of) VALUES ($1, $2, $3, $4, $5)`,
        [report.id, assignment, target.id, value, asOf],
      );
    };
    await actual('s1', 500, '2021-03-31');
    await actual('s1', 990, '2021-06-01'); // s1's latest
    await actual('s2', 1440, '2021-05-01');
    type Body = {
      targets: { targetId: string; actual: number; attained: boolean; attainmentRate: number; baseline: number; vsBaseline: number }[];
    };
    const res = await w.get<Body>('leader', `/api/plans/${w.plan.planId}/indicators`);
    expect(res.status).toBe(200);
    const t = res.body.targets.find((x) => x.targetId === target.id)!;
    expect([t.actual, t.attained, t.attainmentRate, t.baseline, t.vsBaseline]).toEqual([2430, true, 1, 1000, 1430]);
    // a school sees only its own actuals
    const mine = (await w.get<Body>('memberS1', `/api/plans/${w.plan.planId}/indicators`)).body.targets.find(
      (x) => x.targetId === target.id,
    )!;
    expect([mine.actual, mine.attained]).toEqual([990, false]);
  });

  it('a head: owned tasks from the maintained roll-up plus its own unit’s work elsewhere, equal to the direct aggregate', async () => {
    // 科室 E is itself assigned to t1 (owned by D): E's head counts that one too
    const [extra] = await w.api.db.query(
      `INSERT INTO assignments (task_id, unit_id, role, state, due_date, created_at) VALUES ($1, $2, 'responsible', 'in_progress', '2021-06-01', '2021-03-01T09:00:00+08:00') RETURNING id`,
      [w.tasks.t1, w.units.e],
    );
    try {
      const headE = await ours('headE');
      const eRows: Row[] = [
        ...rows.filter((r) => r.task === 't3'),
        { task: 't1', unit: 's1', state: 'in_progress', due: '2021-06-01', assignedOn: '2021-03-01' },
      ];
      expect(pick(headE.plan!)).toEqual(recount(eRows, TODAY));
      const service = w.api.app.get(RollupService);
      for (const who of ['headD', 'headE'] as const) {
        const viaCells = (await w.get<RollupBody>(who, `/api/plans/${w.plan.planId}/rollup?by=point`)).body.rows;
        service.useTaskCells = false;
        try {
          const direct = (await w.get<RollupBody>(who, `/api/plans/${w.plan.planId}/rollup?by=point`)).body.rows;
          expect(viaCells).toEqual(direct);
        } finally {
          service.useTaskCells = true;
        }
      }
    } finally {
      await w.api.db.query(`DELETE FROM assignments WHERE id = $1`, [extra.id]);
    }
  });
});
