import { SystemClock } from '@duban/clock';
import { AuditService } from '@duban/audit';
import type { AuthUser } from '@duban/access';
import { SYSTEM_CONTEXT } from '@duban/audit';
import { AssignmentService, type UnitSetInput } from '@duban/work';
import { unitSetWhere } from '../libs/work/src/assignments/unit-set';
import { median, ms } from './machine';
import { scratchDatabase } from './scratch-database';

const UNITS = 20_000;
const RUNS = 7;
const DUE = '2027-12-31';
const UNIT_SET: UnitSetInput = { types: ['school'], tags: ['小学'] };

const ADMIN: AuthUser = {
  id: '00000000-0000-4000-8000-000000000001',
  username: 'bench',
  displayName: 'bench',
  globalRoles: ['admin'],
  units: [],
  permissions: [],
  sessionId: 'bench',
};

/**
 * Assigning one task to 20,000 schools through the service (task lock, checks, one INSERT … SELECT
 * … ON CONFLICT, completion rule, one audit event, all in a transaction) beside the bare
 * INSERT … SELECT of the same rows from the same unit-set query. Every run gets a fresh task, so
 * each writes 20,000 new rows into the same growing table and indexes.
 */
export async function benchBulkAssign(): Promise<string> {
  const scratch = await scratchDatabase('assign');
  const { ds, client } = scratch;
  try {
    const [bureau] = await ds.query(`INSERT INTO org_units (code, name, type) VALUES ('B', '教育局', 'bureau') RETURNING id`);
    const [dept] = await ds.query(
      `INSERT INTO org_units (code, name, type, parent_id) VALUES ('D', '基教科', 'department', $1) RETURNING id`,
      [bureau.id],
    );
    await ds.query(
      `INSERT INTO org_units (code, name, type, tags, parent_id)
       SELECT 'S' || i, '第' || i || '小学', 'school', ARRAY['小学'], $1 FROM generate_series(1, ${UNITS}) AS i`,
      [bureau.id],
    );
    const [plan] = await ds.query(`INSERT INTO plans (status, title, year) VALUES ('confirmed', '基准计划', 2027) RETURNING id`);
    const [section] = await ds.query(
      `INSERT INTO plan_sections (plan_id, number, ordinal, position, title, text) VALUES ($1, '一', 1, 0, '章', '') RETURNING id`,
      [plan.id],
    );
    const [point] = await ds.query(
      `INSERT INTO work_points (plan_id, section_id, number, position, title, text, line) VALUES ($1, $2, 1, 0, '要点', '', 1) RETURNING id`,
      [plan.id, section.id],
    );
    const newTask = async (): Promise<string> => {
      const [t] = await ds.query(
        `INSERT INTO tasks (plan_id, point_id, title, owner_unit_id, due_date) VALUES ($1, $2, '任务', $3, $4) RETURNING id`,
        [plan.id, point.id, dept.id, DUE],
      );
      return t.id as string;
    };
    const time = async (fn: (taskId: string) => Promise<unknown>): Promise<number> => {
      const taskId = await newTask();
      const t = process.hrtime.bigint();
      await fn(taskId);
      return Number(process.hrtime.bigint() - t) / 1e6;
    };

    const service = new AssignmentService(ds, new AuditService(), new SystemClock());
    const viaService = async (taskId: string) => {
      const r = await service.assignBulk(SYSTEM_CONTEXT, ADMIN, taskId, {
        unitSet: UNIT_SET,
        role: 'responsible',
      });
      if (r.created !== UNITS) throw new Error(`service created ${r.created} rows, expected ${UNITS}`);
    };
    // the floor: the same rows from the same unit-set query, inserted by the database in one
    // statement, with nothing around it (no task lock, no checks, no conflict handling, no audit)
    const where = unitSetWhere(UNIT_SET, 4);
    const viaInsertSelect = async (taskId: string) => {
      await client.query('BEGIN');
      const r = await client.query(
        `INSERT INTO assignments (task_id, unit_id, role, due_date) SELECT $1, u.id, $2, $3 FROM org_units u WHERE ${where.sql}`,
        [taskId, 'responsible', DUE, ...where.params],
      );
      await client.query('COMMIT');
      if (r.rowCount !== UNITS) throw new Error(`INSERT … SELECT wrote ${r.rowCount} rows, expected ${UNITS}`);
    };

    // one warm-up each, then interleaved runs so a growing table weighs on both alike
    for (const fn of [viaService, viaInsertSelect]) await time(fn);
    const runs = { service: [] as number[], insert: [] as number[] };
    for (let i = 0; i < RUNS; i++) {
      runs.service.push(await time(viaService));
      runs.insert.push(await time(viaInsertSelect));
    }
    const service_ = median(runs.service);
    const insert = median(runs.insert);
    const ratio = service_ / insert;
    const [{ n: events }] = await ds.query(`SELECT count(*)::int AS n FROM audit_events WHERE action = 'task.assigned_bulk'`);
    return [
      '## Bulk assignment (issue: tasks and assignments)',
      '',
      `One task assigned to ${UNITS.toLocaleString('en')} schools (unit set: type school, tag 小学). The service (\`AssignmentService.assignBulk\`: task lock and checks, one \`INSERT … SELECT … FROM org_units … ON CONFLICT DO NOTHING\` with matched and created counts, completion rule, one audit event, one transaction) beside the raw statement the database would run anyway: \`INSERT INTO assignments (task_id, unit_id, role, due_date) SELECT … FROM org_units u WHERE …\` with the same unit-set WHERE clause (\`unitSetWhere\`), the same columns and the same 20,000 rows, in its own transaction. Scratch database, fresh task per run, runs interleaved so the growing table weighs on both alike; median of ${RUNS} runs after one warm-up each. ${events} audit events for ${RUNS + 1} service runs.`,
      '',
      'Why this baseline: the rows never leave the database in either case, so the difference is only what the service adds around the one statement — not, as with a baseline that ships 20,000 ids from the client, the cost of moving data the service never moves.',
      '',
      '| measure | baseline: raw `INSERT … SELECT` | service | ratio | goal |',
      '| --- | --- | --- | --- | --- |',
      `| time (median) | ${ms(insert)} | ${ms(service_)} | ${ratio.toFixed(2)}× | ≤ 1.5× raw INSERT … SELECT: ${ratio <= 1.5 ? 'met' : 'missed'} |`,
      `| all runs | ${runs.insert.map((t) => t.toFixed(0)).join(', ')} ms | ${runs.service.map((t) => t.toFixed(0)).join(', ')} ms | | |`,
      '',
    ].join('\n');
  } finally {
    await scratch.close();
  }
}

// `node -r @swc-node/register bench/assign.bench.ts` runs it alone
if (require.main === module) {
  benchBulkAssign().then(
    (md) => console.log(md),
    (e: unknown) => {
      console.error(e);
      process.exit(1);
    },
  );
}
