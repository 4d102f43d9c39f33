// Inbox and review queue under load: p95 through HTTP (autocannon) beside the same SQL run directly.
import { loadConfig, type AppConfig } from '@duban/config';
import { dropDatabase, ensureDatabase, migrateUp } from '@duban/db';
import { Pool } from 'pg';
import { Worker } from 'node:worker_threads';
import { createApiApp } from '../apps/api/src/create-app';
import { AuthUserLoader } from '../apps/api/src/auth/auth-user.loader';
import { hashPassword } from '@duban/access';
import { AssignmentListQuery } from '../apps/api/src/inbox/inbox.dto';
import { InboxService } from '@duban/work';
import type { Bucket } from '../libs/work/src/inbox/inbox-query';
import { ms } from './machine';

const CONNECTIONS = 10;
const SECONDS = 10;
const WARMUP_SECONDS = 2;
const PASSWORD = 'bench-password-1';

interface Stats {
  p50: number;
  p95: number;
  p99: number;
  perSecond: number;
  count: number;
}

/** Scratch database with 1,000,000 assignments; both measurements on the same data, in the same run. */
export async function benchInbox(): Promise<string> {
  const config = Object.assign(loadConfig(), {
    PGDATABASE: `duban_bench_inbox_${process.pid}`,
    QUEUE_PREFIX: `duban_bench_inbox_${process.pid}`,
    LOG_LEVEL: 'warn',
  }) as AppConfig;
  await ensureDatabase(config);
  const pool = new Pool({
    host: config.PGHOST,
    port: config.PGPORT,
    user: config.PGUSER,
    password: config.PGPASSWORD,
    database: config.PGDATABASE,
    max: CONNECTIONS,
  });
  // an idle connection ended from outside (another run dropping its database) must not crash the run
  pool.on('error', () => undefined);
  try {
    await migrateUp(config);
    const started = Date.now();
    const ids = await generate(pool);
    const generateMs = Date.now() - started;
    console.error(`inbox bench: data generated in ${(generateMs / 1000).toFixed(1)} s`);

    const app = await createApiApp(config);
    await app.listen(0, '127.0.0.1');
    try {
      const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
      const loader = app.get(AuthUserLoader, { strict: false });
      const inbox = app.get(InboxService, { strict: false });
      const query = Object.assign(new AssignmentListQuery(), { pageSize: 20 });
      const cases: { name: string; who: string; userId: string; username: string; bucket: Bucket; path: string }[] = [
        {
          name: 'unit inbox',
          who: 'school member',
          userId: ids.member,
          username: 'bench.member',
          bucket: 'actions',
          path: '/api/inbox/actions',
        },
        {
          name: 'review queue',
          who: 'department head',
          userId: ids.head,
          username: 'bench.head',
          bucket: 'reviews',
          path: '/api/inbox/reviews',
        },
      ];
      const rows: string[] = [];
      const plans: string[] = [];
      for (const c of cases) {
        const token = await signIn(url, c.username);
        const user = (await loader.load(c.userId, 'bench'))?.user;
        if (!user) throw new Error(`bench user ${c.username} missing`);
        const sql = inbox.toSql(user, c.bucket, query);
        const target = `${url}${c.path}?pageSize=20`;
        const check = (await (await fetch(target, { headers: { authorization: `Bearer ${token}` } })).json()) as { total: number };

        await direct(pool, sql, WARMUP_SECONDS);
        const base = await direct(pool, sql, SECONDS);
        await load(target, token, WARMUP_SECONDS);
        const http = await load(target, token, SECONDS);
        const ratio = http.p95 / base.p95;
        console.error(`inbox bench: ${c.name}: direct p95 ${ms(base.p95)}, HTTP p95 ${ms(http.p95)}`);
        rows.push(
          `| ${c.name} (${c.who}, ${check.total.toLocaleString('en')} items) | ${ms(base.p50)} / **${ms(base.p95)}** / ${ms(base.p99)} · ${base.perSecond.toFixed(0)}/s | ${ms(http.p50)} / **${ms(http.p95)}** / ${ms(http.p99)} · ${http.perSecond.toFixed(0)}/s | ${ratio.toFixed(1)}× | ≤ 3×: ${ratio <= 3 ? 'met' : 'missed'} |`,
        );
        plans.push(
          `### ${c.name}: generated SQL and plans`,
          '',
          '```sql',
          sql.list.sql,
          '-- count (same WHERE):',
          sql.count.sql,
          '```',
          '',
        );
        plans.push('Page:', '', '```', await explain(pool, sql.list.sql, sql.list.params), '```', '');
        plans.push('Count:', '', '```', await explain(pool, sql.count.sql, sql.count.params), '```', '');
      }
      return [
        '## Inbox and review queue (issue: inbox, task sheet)',
        '',
        `Data: 1,000,000 assignments (1 plan, 1,000 tasks × 1,000 units: 20 departments, 10 direct units, 970 schools; states ≈ 30% approved, 35% in progress, 15% assigned, 10% submitted, 5% returned, 3% extension requested, 2% cancelled; due dates spread over a year around today), generated set-based in ${(generateMs / 1000).toFixed(1)} s including ANALYZE.`,
        '',
        `Load: ${CONNECTIONS} concurrent connections for ${SECONDS} s after ${WARMUP_SECONDS} s of warm-up. HTTP: autocannon (in a worker thread) against the API in this process — the full path: JWT check, session denylist (Redis), user load, validation, both queries, JSON. Baseline: the SQL the service generates (\`InboxService.toSql\`), page and count run concurrently as the service does, through a pg Pool of ${CONNECTIONS}. Latencies p50 / **p95** / p99.`,
        '',
        '| query | baseline: the same SQL directly | through HTTP | p95 ratio | goal |',
        '| --- | --- | --- | --- | --- |',
        ...rows,
        '',
        ...plans,
      ].join('\n');
    } finally {
      await app.close();
    }
  } finally {
    await pool.end();
    await dropDatabase(config);
  }
}

export async function generate(pool: Pool): Promise<{ member: string; head: string }> {
  const hash = await hashPassword(PASSWORD, { memoryCost: 1024, timeCost: 1, parallelism: 1 });
  const c = await pool.connect();
  try {
    await c.query('BEGIN');
    // bulk load: foreign keys hold by construction, so skip their per-row triggers; build the
    // secondary indexes of assignments once at the end instead of maintaining them row by row
    await c.query(`SET LOCAL session_replication_role = replica`);
    const { rows: indexes } = await c.query(
      `SELECT indexrelid::regclass::text AS name, pg_get_indexdef(indexrelid) AS def FROM pg_index
        WHERE indrelid = 'assignments'::regclass AND NOT indisprimary AND NOT indisunique`,
    );
    for (const ix of indexes) await c.query(`DROP INDEX ${ix.name}`);
    await c.query(`
      INSERT INTO org_units (code, name, type)
      SELECT 'U' || lpad(i::text, 4, '0'),
             CASE WHEN i < 20 THEN '第' || i || '科室' WHEN i < 30 THEN '直属单位' || i ELSE '第' || i || '学校' END,
             CASE WHEN i < 20 THEN 'department' WHEN i < 30 THEN 'direct_unit' ELSE 'school' END
      FROM generate_series(0, 999) i`);
    const [plan] = (await c.query(`INSERT INTO plans (status, title, year) VALUES ('confirmed', '基准测试工作要点', 2025) RETURNING id`))
      .rows;
    await c.query(
      `INSERT INTO plan_sections (plan_id, number, ordinal, position, title, text)
       SELECT $1, (ARRAY['一','二','三','四','五'])[i], i, i, '第' || i || '部分', '' FROM generate_series(1, 5) i`,
      [plan.id],
    );
    await c.query(
      `INSERT INTO work_points (plan_id, section_id, number, position, title, text, line)
       SELECT $1, s.id, i, i, '要点' || i, '', i
       FROM generate_series(1, 30) i JOIN plan_sections s ON s.plan_id = $1 AND s.ordinal = (i - 1) / 6 + 1`,
      [plan.id],
    );
    await c.query(
      `INSERT INTO tasks (plan_id, point_id, position, title, owner_unit_id, due_date)
       SELECT $1, p.id, i, '第' || i || '项任务：推进教育高质量发展', d.id, current_date + 90
       FROM generate_series(0, 999) i
       JOIN work_points p ON p.plan_id = $1 AND p.number = i % 30 + 1
       JOIN org_units d ON d.code = 'U' || lpad((i % 20)::text, 4, '0')`,
      [plan.id],
    );
    // every task to every unit: the lead is the department after the owner, departments and direct units cooperate, schools are responsible
    await c.query(`
      INSERT INTO assignments (task_id, unit_id, role, state, due_date, submitted_at, resume_state)
      SELECT x.task_id, x.unit_id, x.role, x.state, x.due_date,
             CASE WHEN x.state = 'submitted' THEN now() END,
             CASE WHEN x.state = 'extension_requested' THEN 'in_progress' END
      FROM (
        SELECT t.id AS task_id, u.id AS unit_id,
               CASE WHEN u.n = (t.position + 1) % 20 THEN 'lead' WHEN u.n < 30 THEN 'cooperating' ELSE 'responsible' END AS role,
               CASE WHEN h % 100 < 30 THEN 'approved' WHEN h % 100 < 60 THEN 'in_progress' WHEN h % 100 < 75 THEN 'assigned'
                    WHEN h % 100 < 85 THEN 'submitted' WHEN h % 100 < 90 THEN 'returned' WHEN h % 100 < 93 THEN 'extension_requested'
                    WHEN h % 100 < 95 THEN 'cancelled' ELSE 'in_progress' END AS state,
               current_date - 180 + ((h / 100) % 365)::int AS due_date
        FROM tasks t
        CROSS JOIN (SELECT id, substr(code, 2)::int AS n FROM org_units) u
        -- a cheap integer hash (hashtext over 1M strings costs seconds here)
        CROSS JOIN LATERAL (SELECT ((t.position::bigint * 2654435761 + u.n::bigint * 40503 * 97) % 4294967291) AS h) hh
      ) x`);
    for (const ix of indexes) await c.query(ix.def);
    await c.query(`
      INSERT INTO extension_requests (assignment_id, requested_due, reason)
      SELECT id, due_date + 30, '施工延误' FROM assignments WHERE state = 'extension_requested'`);
    const user = async (username: string, unitCode: string, role: string) => {
      const [row] = (
        await c.query(`INSERT INTO users (username, display_name, password_hash) VALUES ($1, $1, $2) RETURNING id`, [username, hash])
      ).rows;
      await c.query(`INSERT INTO user_units (user_id, unit_id, role) SELECT $1, id, $3 FROM org_units WHERE code = $2`, [
        row.id,
        unitCode,
        role,
      ]);
      return row.id as string;
    };
    const member = await user('bench.member', 'U0500', 'unit_member');
    const head = await user('bench.head', 'U0003', 'department_head');
    await c.query('COMMIT');
    // VACUUM sets the visibility map, so counts can be answered from indexes as on a settled database
    await c.query('VACUUM ANALYZE');
    return { member, head };
  } catch (e) {
    await c.query('ROLLBACK');
    throw e;
  } finally {
    c.release();
  }
}

async function signIn(url: string, username: string): Promise<string> {
  const res = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: PASSWORD }),
  });
  if (res.status !== 200) throw new Error(`bench login ${username}: ${res.status}`);
  return ((await res.json()) as { accessToken: string }).accessToken;
}

type Sql = ReturnType<InboxService['toSql']>;

/** The baseline: CONNECTIONS workers, each running page and count concurrently, back to back. */
async function direct(pool: Pool, sql: Sql, seconds: number): Promise<Stats> {
  const latencies: number[] = [];
  const end = Date.now() + seconds * 1000;
  const worker = async () => {
    while (Date.now() < end) {
      const t = process.hrtime.bigint();
      await Promise.all([pool.query(sql.list.sql, sql.list.params), pool.query(sql.count.sql, sql.count.params)]);
      latencies.push(Number(process.hrtime.bigint() - t) / 1e6);
    }
  };
  const t0 = Date.now();
  await Promise.all(Array.from({ length: CONNECTIONS }, worker));
  return stats(latencies, (Date.now() - t0) / 1000);
}

// autocannon runs in its own thread, so the load generator does not share the API's event loop
const LOAD_WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const autocannon = require(workerData.autocannon);
const latencies = [];
let other = 0;
const instance = autocannon(
  { url: workerData.url, connections: workerData.connections, duration: workerData.seconds, headers: workerData.headers },
  (err, result) => parentPort.postMessage({ err: err ? String(err) : null, latencies, other, errors: result ? result.errors : 0, seconds: result ? result.duration : 0 }),
);
instance.on('response', (_client, status, _bytes, time) => (status === 200 ? latencies.push(time) : other++));
`;

async function load(url: string, token: string, seconds: number): Promise<Stats> {
  const result = await new Promise<{ err: string | null; latencies: number[]; other: number; errors: number; seconds: number }>(
    (resolve, reject) => {
      const worker = new Worker(LOAD_WORKER, {
        eval: true,
        workerData: {
          autocannon: require.resolve('autocannon'),
          url,
          connections: CONNECTIONS,
          seconds,
          headers: { authorization: `Bearer ${token}` },
        },
      });
      worker.once('message', (m) => {
        resolve(m);
        void worker.terminate();
      });
      worker.once('error', reject);
    },
  );
  if (result.err || result.other > 0 || result.errors > 0) {
    throw new Error(`load run failed: ${result.err ?? ''} non-200: ${result.other}, errors: ${result.errors}`);
  }
  return stats(result.latencies, result.seconds);
}

function stats(values: number[], seconds: number): Stats {
  const s = [...values].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)] ?? NaN;
  return { p50: at(0.5), p95: at(0.95), p99: at(0.99), perSecond: s.length / seconds, count: s.length };
}

async function explain(pool: Pool, sql: string, params: unknown[]): Promise<string> {
  const { rows } = await pool.query(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, params);
  return rows.map((r: Record<string, string>) => r['QUERY PLAN']).join('\n');
}

if (require.main === module) {
  benchInbox().then(
    (md) => console.log(md),
    (e: unknown) => {
      console.error(e);
      process.exit(1);
    },
  );
}
