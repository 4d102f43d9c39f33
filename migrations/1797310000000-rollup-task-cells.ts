import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A maintained roll-up: assignments counted per task and "cell" (state, assigned date, due date,
 * submitted or not), with the on-time count, the progress sum and a histogram of progress (101
 * slots, so the lowest progress survives removals). Everything in it is additive, so statement
 * triggers on `assignments` apply each statement's changes as signed deltas (transition tables),
 * in the writing transaction: the roll-up is never behind and never needs a queue. The leader's
 * figures (overview; rollups by plan, section, point, task) read these few thousand rows instead
 * of a million assignments; unit-level figures still aggregate assignments directly.
 *
 * `rollup_task_cells_recomputed` is the same figures from scratch: the property test proves the
 * two equal over random histories, and a bulk load that bypasses triggers rebuilds from it.
 */
export class RollupTaskCells1797310000000 implements MigrationInterface {
  name = 'RollupTaskCells1797310000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE rollup_task_cells (
        task_id       uuid NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
        state         text NOT NULL,
        assigned_on   date NOT NULL,
        due_date      date NOT NULL,
        submitted     boolean NOT NULL,
        n             int NOT NULL,
        on_time       int NOT NULL,
        progress_sum  bigint NOT NULL,
        -- progress_hist[p + 1] = how many have progress p (0–100); progress_min = its lowest p, kept
        -- on write so reads need not scan histograms
        progress_hist int[] NOT NULL,
        progress_min  int,
        PRIMARY KEY (task_id, state, assigned_on, due_date, submitted)
      )`);
    // the lowest progress in a histogram (null when empty)
    await q.query(`
      CREATE FUNCTION rollup_hist_min(h int[]) RETURNS int LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT (min(i) - 1)::int FROM unnest(h) WITH ORDINALITY AS u(x, i) WHERE x > 0
      $$`);
    await q.query(`
      CREATE FUNCTION rollup_hist_add(a int[], b int[]) RETURNS int[] LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT array_agg(coalesce(x, 0) + coalesce(y, 0) ORDER BY i) FROM unnest(a, b) WITH ORDINALITY AS u(x, y, i)
      $$`);
    // one row per assignment as the roll-up sees it (sign = +1 / -1)
    const cellOf = (table: string, sign: number) => `
      SELECT task_id, state, (created_at AT TIME ZONE 'Asia/Shanghai')::date AS assigned_on, due_date,
             submitted_at IS NOT NULL AS submitted, ${sign} AS sign,
             (approved_at IS NOT NULL AND state = 'approved'
              AND approved_at < ((due_date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai'))::int AS on_time,
             progress_percent AS progress
        FROM ${table}`;
    // signed rows → cells: first per cell and progress, then each cell with its histogram
    const grouped = (source: string) => `
      SELECT b.task_id, b.state, b.assigned_on, b.due_date, b.submitted,
             sum(b.c)::int AS n, sum(b.on_time)::int AS on_time, sum(b.c::bigint * b.progress)::bigint AS progress_sum,
             (SELECT array_agg(coalesce(m.c, 0) ORDER BY p)
                FROM generate_series(0, 100) p
                LEFT JOIN unnest(array_agg(b.progress), array_agg(b.c)) AS m(pr, c) ON m.pr = p) AS progress_hist,
             min(b.progress) FILTER (WHERE b.c > 0) AS progress_min
        FROM (SELECT task_id, state, assigned_on, due_date, submitted, progress, sum(sign)::int AS c, sum(sign * on_time)::int AS on_time
                FROM (${source}) d
               GROUP BY task_id, state, assigned_on, due_date, submitted, progress) b
       GROUP BY b.task_id, b.state, b.assigned_on, b.due_date, b.submitted`;
    await q.query(`CREATE VIEW rollup_task_cells_recomputed AS ${grouped(cellOf('assignments', 1))}`);
    const apply = (source: string) => `
        INSERT INTO rollup_task_cells AS c (task_id, state, assigned_on, due_date, submitted, n, on_time, progress_sum, progress_hist, progress_min)
        SELECT * FROM (${grouped(source)}) g
        -- a fixed order: concurrent statements lock shared cells in the same order (no deadlock)
        ORDER BY task_id, state, assigned_on, due_date, submitted
        ON CONFLICT (task_id, state, assigned_on, due_date, submitted) DO UPDATE
          SET n = c.n + EXCLUDED.n, on_time = c.on_time + EXCLUDED.on_time, progress_sum = c.progress_sum + EXCLUDED.progress_sum,
              progress_hist = rollup_hist_add(c.progress_hist, EXCLUDED.progress_hist),
              progress_min = rollup_hist_min(rollup_hist_add(c.progress_hist, EXCLUDED.progress_hist));`;
    await q.query(`
      CREATE FUNCTION rollup_task_cells_apply() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'INSERT' THEN
          ${apply(cellOf('new_rows', 1))}
        ELSIF TG_OP = 'DELETE' THEN
          ${apply(cellOf('old_rows', -1))}
        ELSE
          ${apply(`${cellOf('new_rows', 1)} UNION ALL ${cellOf('old_rows', -1)}`)}
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER rollup_task_cells_insert AFTER INSERT ON assignments
      REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION rollup_task_cells_apply()`);
    await q.query(`
      CREATE TRIGGER rollup_task_cells_update AFTER UPDATE ON assignments
      REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION rollup_task_cells_apply()`);
    await q.query(`
      CREATE TRIGGER rollup_task_cells_delete AFTER DELETE ON assignments
      REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION rollup_task_cells_apply()`);
    await q.query(`INSERT INTO rollup_task_cells SELECT * FROM rollup_task_cells_recomputed`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER rollup_task_cells_insert ON assignments`);
    await q.query(`DROP TRIGGER rollup_task_cells_update ON assignments`);
    await q.query(`DROP TRIGGER rollup_task_cells_delete ON assignments`);
    await q.query(`DROP FUNCTION rollup_task_cells_apply()`);
    await q.query(`DROP VIEW rollup_task_cells_recomputed`);
    await q.query(`DROP TABLE rollup_task_cells`);
    await q.query(`DROP FUNCTION rollup_hist_add(int[], int[])`);
    await q.query(`DROP FUNCTION rollup_hist_min(int[])`);
  }
}
