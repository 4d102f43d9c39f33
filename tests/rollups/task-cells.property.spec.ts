import { RollupService } from '@duban/rollups';
import { startApi, type TestApi } from '../support/api';
import { createUnit } from '../support/auth';
import { createPlan, createTask } from '../inbox/support/factories';

/** A small seeded PRNG (mulberry32): a failing history can be replayed from its seed. */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, int: (n: number) => Math.floor(next() * n), pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)] };
}

const STATES = ['assigned', 'in_progress', 'submitted', 'approved', 'returned', 'extension_requested', 'cancelled'] as const;
const DATES = ['2021-03-01', '2021-06-29', '2021-06-30', '2021-07-01', '2021-09-30'];

/**
 * The maintained roll-up (`rollup_task_cells`, kept by statement triggers on assignments) equals a
 * full recompute from the assignments after every step of random histories: inserts of one or many
 * rows, single and bulk updates of state, progress, due date, approval and submission, moves to
 * another task, deletes. And the service's figures read through it equal the direct aggregate's.
 */
describe('maintained roll-up = full recompute (property, random histories)', () => {
  let api: TestApi;
  let tasks: string[];
  let planId: string;
  const units: string[] = [];

  beforeAll(async () => {
    api = await startApi();
    const plan = await createPlan(api.db, '汇总性质测试计划');
    planId = plan.planId;
    const owner = await createUnit(api.db, { type: 'department' });
    tasks = [];
    for (let i = 0; i < 4; i++) {
      tasks.push(
        await createTask(api.db, { planId, pointId: plan.points[i % 3].id, title: `任务${i}`, ownerUnitId: owner.id, position: i }),
      );
    }
    for (let i = 0; i < 12; i++) units.push((await createUnit(api.db)).id);
  });

  afterAll(async () => {
    await api?.close();
  });

  const cells = async (source: string) =>
    api.db.query<Record<string, unknown>[]>(
      `SELECT task_id, state, assigned_on::text, due_date::text, submitted, n, on_time, progress_sum::text, progress_hist, progress_min
         FROM ${source} WHERE task_id = ANY($1) AND n <> 0 ORDER BY 1, 2, 3, 4, 5`,
      [tasks],
    );

  async function step(r: ReturnType<typeof prng>): Promise<string> {
    const db = api.db;
    const ours = await db.query<{ id: string; task_id: string; unit_id: string }[]>(
      `SELECT id, task_id, unit_id FROM assignments WHERE task_id = ANY($1)`,
      [tasks],
    );
    const op = ours.length < 6 ? 0 : r.int(6);
    const some = () => ours.filter(() => r.next() < 0.4).map((a) => a.id);
    if (op === 0 || op === 1) {
      const task = r.pick(tasks);
      const taken = new Set(ours.filter((a) => a.task_id === task).map((a) => a.unit_id));
      const free = units.filter((u) => !taken.has(u)).slice(0, 1 + r.int(4));
      for (const unit of free) {
        const state = r.pick(STATES);
        const due = r.pick(DATES);
        await db.query(
          `INSERT INTO assignments (task_id, unit_id, role, state, due_date, progress_percent, submitted_at, approved_at, created_at)
           VALUES ($1, $2, 'responsible', $3, $4, $5, $6, $7, $8)`,
          [
            task,
            unit,
            state,
            due,
            r.int(101),
            r.next() < 0.5 ? '2021-05-01T10:00:00+08:00' : null,
            state === 'approved' ? r.pick([`${due}T23:59:59+08:00`, `${due}T16:00:00Z`, '2021-05-01T08:00:00+08:00']) : null,
            r.pick(['2021-02-28T16:30:00Z', '2021-03-01T09:00:00+08:00', '2021-06-01T23:59:00+08:00']),
          ],
        );
      }
      return `insert ${free.length}`;
    }
    if (op === 2) {
      const ids = some();
      const state = r.pick(STATES);
      await db.query(
        `UPDATE assignments SET state = $2, approved_at = CASE WHEN $2 = 'approved' THEN coalesce(approved_at, $3::timestamptz) END,
                submitted_at = CASE WHEN $2 IN ('submitted', 'approved') THEN coalesce(submitted_at, $3::timestamptz) ELSE submitted_at END
          WHERE id = ANY($1)`,
        [ids, state, '2021-06-30T20:00:00+08:00'],
      );
      return `bulk state ${state} × ${ids.length}`;
    }
    if (op === 3) {
      const a = r.pick(ours);
      await db.query(`UPDATE assignments SET progress_percent = $2, due_date = $3 WHERE id = $1`, [a.id, r.int(101), r.pick(DATES)]);
      return 'progress and due';
    }
    if (op === 4) {
      const a = r.pick(ours);
      const target = r.pick(tasks);
      const clash = ours.some((o) => o.task_id === target && o.unit_id === a.unit_id);
      if (!clash) await db.query(`UPDATE assignments SET task_id = $2 WHERE id = $1`, [a.id, target]);
      return 'move';
    }
    const ids = some();
    await db.query(`DELETE FROM assignments WHERE id = ANY($1)`, [ids]);
    return `delete ${ids.length}`;
  }

  it.each([1, 2, 3, 4, 5])('history with seed %i', async (seed) => {
    const r = prng(seed);
    await api.db.query(`DELETE FROM assignments WHERE task_id = ANY($1)`, [tasks]);
    const ops: string[] = [];
    for (let i = 0; i < 25; i++) {
      ops.push(await step(r));
      const [kept, recomputed] = await Promise.all([cells('rollup_task_cells'), cells('rollup_task_cells_recomputed')]);
      if (JSON.stringify(kept) !== JSON.stringify(recomputed)) {
        throw new Error(
          `seed ${seed}: differs after ${ops.join(' → ')}\nkept ${JSON.stringify(kept)}\nrecomputed ${JSON.stringify(recomputed)}`,
        );
      }
    }
    const empties = await api.db.query(
      `SELECT count(*)::int AS n FROM rollup_task_cells WHERE task_id = ANY($1) AND n = 0
          AND (on_time <> 0 OR progress_sum <> 0 OR rollup_hist_min(progress_hist) IS NOT NULL OR progress_min IS NOT NULL)`,
      [tasks],
    );
    expect(empties[0].n).toBe(0);

    // the service's figures through the maintained roll-up equal the direct aggregate's
    const service = api.app.get(RollupService);
    for (const by of ['plan', 'section', 'point', 'task'] as const) {
      for (const today of ['2021-06-30', '2021-07-01']) {
        service.useTaskCells = true;
        const viaCells = await service.planRollup(planId, by, 'all', { today });
        service.useTaskCells = false;
        const direct = await service.planRollup(planId, by, 'all', { today });
        service.useTaskCells = true;
        expect(viaCells.rows).toEqual(direct.rows);
      }
    }
  });
});
