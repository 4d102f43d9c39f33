import { SnapshotService } from '@duban/rollups';
import { Client } from 'pg';
import { recount, RollupWorld, type Row } from './rollups-world';

interface TrendBody {
  planId: string;
  by: string;
  points: { week: string; key: string; assignments: number; completionRate: number; onTimeRate: number | null; overdue: number }[];
}

/**
 * Weekly snapshots: written once per (week, plan), never changed (the app's role cannot, and the
 * table's trigger refuses even its owner), and read back as a trend.
 */
describe('roll-up snapshots and trend', () => {
  let w: RollupWorld;
  const rows: Row[] = [
    { task: 't1', unit: 's1', state: 'approved', due: '2021-06-15', assignedOn: '2021-03-01', approvedAt: '2021-06-10T10:00:00+08:00' },
    { task: 't1', unit: 's2', state: 'in_progress', due: '2021-06-15', assignedOn: '2021-03-01', progress: 50 },
    { task: 't3', unit: 's1', state: 'assigned', due: '2021-12-31', assignedOn: '2021-03-01' },
  ];

  beforeAll(async () => {
    w = await RollupWorld.create('2021-06-07T00:30:00+08:00');
    await w.insert(rows);
  });

  afterAll(async () => {
    await w?.close();
  });

  const ours = (result: Awaited<ReturnType<SnapshotService['take']>>) => result.plans.find((p) => p.planId === w.plan.planId);

  it('is idempotent per (week, plan) and records figures equal to a recount', async () => {
    const service = w.api.app.get(SnapshotService);
    const first = await service.take();
    expect(first.week).toBe('2021-06-07');
    expect(ours(first)).toMatchObject({ skipped: false });
    expect(ours(first)!.rows).toBeGreaterThan(1);
    // later the same week, after a change: nothing is written, nothing changes
    const before = await w.api.db.query(`SELECT * FROM rollup_snapshots WHERE plan_id = $1 ORDER BY id`, [w.plan.planId]);
    await w.api.db.query(`UPDATE assignments SET state = 'approved', approved_at = now() WHERE id = $1`, [rows[1].id]);
    const again = await service.take('2021-06-09');
    expect(again.week).toBe('2021-06-07');
    expect(ours(again)).toMatchObject({ skipped: true, rows: 0 });
    expect(await w.api.db.query(`SELECT * FROM rollup_snapshots WHERE plan_id = $1 ORDER BY id`, [w.plan.planId])).toEqual(before);

    const [plan] = before.filter((r: { by: string }) => r.by === 'plan');
    const want = recount(rows, '2021-06-07');
    expect([plan.assignments, plan.overdue, plan.completion_rate, plan.on_time_rate]).toEqual([
      want.assignments,
      want.overdue,
      want.completionRate,
      want.onTimeRate,
    ]);
  });

  it('cannot be changed: the app role has no UPDATE or DELETE, the trigger stops even the owner', async () => {
    await expect(w.api.db.query(`UPDATE rollup_snapshots SET overdue = 0 WHERE plan_id = $1`, [w.plan.planId])).rejects.toThrow(
      /permission denied/,
    );
    await expect(w.api.db.query(`DELETE FROM rollup_snapshots WHERE plan_id = $1`, [w.plan.planId])).rejects.toThrow(/permission denied/);
    const c = w.api.config;
    const owner = new Client({ host: c.PGHOST, port: c.PGPORT, user: c.PGUSER, password: c.PGPASSWORD, database: c.PGDATABASE });
    await owner.connect();
    try {
      await expect(owner.query(`UPDATE rollup_snapshots SET overdue = 0 WHERE plan_id = $1`, [w.plan.planId])).rejects.toThrow(
        /append-only/,
      );
      await expect(owner.query(`DELETE FROM rollup_snapshots WHERE plan_id = $1`, [w.plan.planId])).rejects.toThrow(/append-only/);
    } finally {
      await owner.end();
    }
  });

  it('trend: one point per week in order; a school sees only its own unit rows', async () => {
    const service = w.api.app.get(SnapshotService);
    // the next week (the worker's Monday 00:30 run), with the change made above
    w.clock.set(new Date('2021-06-14T00:30:00+08:00'));
    await w.signIn();
    expect(ours(await service.take())).toMatchObject({ skipped: false });
    const trend = await w.get<TrendBody>('leader', `/api/plans/${w.plan.planId}/trend?by=plan`);
    expect(trend.status).toBe(200);
    expect(trend.body.points.map((p) => [p.week, p.assignments, p.completionRate])).toEqual([
      ['2021-06-07', 3, 1 / 3],
      ['2021-06-14', 3, 2 / 3],
    ]);
    const school = await w.get<TrendBody>('memberS1', `/api/plans/${w.plan.planId}/trend?by=unit`);
    expect(school.status).toBe(200);
    expect(new Set(school.body.points.map((p) => p.key))).toEqual(new Set([w.units.s1]));
    expect(school.body.points).toHaveLength(2);
    const schoolPlan = await w.get<TrendBody>('memberS1', `/api/plans/${w.plan.planId}/trend?by=plan`);
    expect(schoolPlan.body.points).toEqual([]);
  });
});
