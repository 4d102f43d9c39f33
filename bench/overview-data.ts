import { hashPassword } from '@duban/access';
import type { Pool } from 'pg';

export const OVERVIEW_PASSWORD = 'bench-password-1';
export const PLANS = 4;
export const TASKS_PER_PLAN = 250;
export const UNITS = 20_000;
export const UNITS_PER_TASK = 1_000;

/**
 * 1,000,000 assignments (4 plans × 250 tasks × 1,000 units each, drawn from 20,000 units: 20
 * departments, 80 direct units, 19,900 schools), set-based with generate_series: states ≈ 30%
 * approved (two thirds of them on time), 30% in progress, 15% assigned, 10% submitted, 5% returned,
 * 3% extension requested, 2% cancelled, 5% in progress again; assigned over the first half of the
 * year, one due date per task spread over a year around `today`, one assignment in ten extended by 7–60 days, progress 0–100. Returns the leader's user id.
 */
export async function generateOverviewData(pool: Pool, today: string): Promise<{ leader: string }> {
  const hash = await hashPassword(OVERVIEW_PASSWORD, { memoryCost: 1024, timeCost: 1, parallelism: 1 });
  const c = await pool.connect();
  try {
    await c.query('BEGIN');
    // bulk load: foreign keys hold by construction; secondary indexes are rebuilt once at the end
    await c.query(`SET LOCAL session_replication_role = replica`);
    await c.query(`SET LOCAL maintenance_work_mem = '256MB'`);
    const { rows: indexes } = await c.query(
      `SELECT indexrelid::regclass::text AS name, pg_get_indexdef(indexrelid) AS def FROM pg_index
        WHERE indrelid = 'assignments'::regclass AND NOT indisprimary AND NOT indisunique`,
    );
    for (const ix of indexes) await c.query(`DROP INDEX ${ix.name}`);
    await c.query(
      `INSERT INTO org_units (code, name, type)
       SELECT 'U' || lpad(i::text, 5, '0'),
              CASE WHEN i < 20 THEN '第' || i || '科室' WHEN i < 100 THEN '直属单位' || i ELSE '第' || i || '学校' END,
              CASE WHEN i < 20 THEN 'department' WHEN i < 100 THEN 'direct_unit' ELSE 'school' END
         FROM generate_series(0, $1 - 1) i`,
      [UNITS],
    );
    await c.query(
      `INSERT INTO plans (status, title, year, confirmed_at)
       SELECT 'confirmed', '基准测试工作要点' || i, 2020 + i, now() FROM generate_series(1, $1) i`,
      [PLANS],
    );
    await c.query(`
      INSERT INTO plan_sections (plan_id, number, ordinal, position, title, text)
      SELECT p.id, (ARRAY['一','二','三','四','五'])[i], i, i, '第' || i || '部分', '' FROM plans p, generate_series(1, 5) i`);
    await c.query(`
      INSERT INTO work_points (plan_id, section_id, number, position, title, text, line)
      SELECT p.id, s.id, i, i, '要点' || i, '', i
        FROM plans p, generate_series(1, 30) i
        JOIN plan_sections s ON s.ordinal = (i - 1) / 6 + 1
       WHERE s.plan_id = p.id`);
    await c.query(
      `INSERT INTO tasks (plan_id, point_id, position, title, owner_unit_id, due_date)
       SELECT p.id, wp.id, i, '第' || i || '项任务', d.id, $2::date + 90
         FROM plans p, generate_series(0, $1 - 1) i
         JOIN org_units d ON d.code = 'U' || lpad((i % 20)::text, 5, '0')
         JOIN work_points wp ON wp.number = i % 30 + 1
        WHERE wp.plan_id = p.id`,
      [TASKS_PER_PLAN, today],
    );
    await c.query(
      `WITH t AS (SELECT id, row_number() OVER (ORDER BY plan_id, position) - 1 AS n FROM tasks),
            u AS (SELECT id, substr(code, 2)::int AS n FROM org_units)
       INSERT INTO assignments (task_id, unit_id, role, state, due_date, progress_percent, created_at, submitted_at, approved_at, resume_state)
       SELECT x.task_id, x.unit_id, CASE WHEN x.k = 0 THEN 'lead' ELSE 'responsible' END, x.state, x.due,
              CASE WHEN x.state = 'approved' THEN 100 ELSE (x.h / 7) % 101 END,
              x.created, CASE WHEN x.state IN ('submitted', 'approved', 'returned') THEN x.created + interval '20 days' END,
              CASE WHEN x.state = 'approved' THEN ((x.due + CASE WHEN x.h % 3 = 0 THEN 3 ELSE -2 END)::timestamp + time '15:00') AT TIME ZONE 'Asia/Shanghai' END,
              CASE WHEN x.state = 'extension_requested' THEN 'in_progress' END
         FROM (
           SELECT t.id AS task_id, u.id AS unit_id, k, hh.h,
                  CASE WHEN hh.h % 100 < 30 THEN 'approved' WHEN hh.h % 100 < 60 THEN 'in_progress' WHEN hh.h % 100 < 75 THEN 'assigned'
                       WHEN hh.h % 100 < 85 THEN 'submitted' WHEN hh.h % 100 < 90 THEN 'returned' WHEN hh.h % 100 < 93 THEN 'extension_requested'
                       WHEN hh.h % 100 < 95 THEN 'cancelled' ELSE 'in_progress' END AS state,
                  -- one due date per task (spread over a year around today); one in ten extended by 7–60 days
                  $1::date - 180 + ((t.n * 37) % 365)::int + CASE WHEN (hh.h / 100) % 10 = 0 THEN (ARRAY[7, 14, 30, 60])[(hh.h / 1000) % 4 + 1] ELSE 0 END AS due,
                  (($1::date - 330 + (t.n % 180)::int)::timestamp + time '09:00') AT TIME ZONE 'Asia/Shanghai' AS created
             FROM t
            CROSS JOIN generate_series(0, $2 - 1) k
             JOIN u ON u.n = (t.n * 97 + k * 20) % $3
            -- a cheap integer hash (hashtext over 1M strings costs seconds)
            CROSS JOIN LATERAL (SELECT ((t.n * 2654435761 + k::bigint * 40503 * 97) % 4294967291) AS h) hh
         ) x`,
      [today, UNITS_PER_TASK, UNITS],
    );
    for (const ix of indexes) await c.query(ix.def);
    // the load bypassed the triggers that keep the maintained roll-up: rebuild it from scratch
    await c.query(`INSERT INTO rollup_task_cells SELECT * FROM rollup_task_cells_recomputed`);
    const [leader] = (
      await c.query(
        `INSERT INTO users (username, display_name, password_hash, global_roles) VALUES ('bench.leader', '局领导', $1, '{leader}') RETURNING id`,
        [hash],
      )
    ).rows;
    await c.query('COMMIT');
    await c.query('VACUUM ANALYZE');
    return { leader: leader.id as string };
  } catch (e) {
    await c.query('ROLLBACK');
    throw e;
  } finally {
    c.release();
  }
}
