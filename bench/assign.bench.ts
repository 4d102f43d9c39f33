import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { from as copyFrom } from 'pg-copy-streams';
import { AuditService } from '@duban/audit';
import type { AuthUser } from '@duban/access';
import { SYSTEM_CONTEXT } from '@duban/audit';
import { AssignmentService } from '@duban/work';
import { median, ms } from './machine';
import { scratchDatabase } from './scratch-database';

const UNITS = 20_000;
const RUNS = 3;
const DUE = '2027-12-31';
const CHUNK = 5_000; // 4 parameters a row: 20,000 parameters a statement, under PostgreSQL's 65,535

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
 * … ON CONFLICT, completion rule, one audit event, all in a transaction) beside writing the same
 * 20,000 assignment rows raw — a multi-row INSERT and a COPY, unit ids already in memory. Every run
 * gets a fresh task, so each writes 20,000 new rows into the same growing table and indexes.
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
    const unitIds: string[] = (await ds.query(`SELECT id FROM org_units WHERE type = 'school' ORDER BY code`)).map(
      (r: { id: string }) => r.id,
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

    const service = new AssignmentService(ds, new AuditService());
    const viaService = async (taskId: string) => {
      const r = await service.assignBulk(SYSTEM_CONTEXT, ADMIN, taskId, {
        unitSet: { types: ['school'], tags: ['小学'] },
        role: 'responsible',
      });
      if (r.created !== UNITS) throw new Error(`service created ${r.created} rows, expected ${UNITS}`);
    };
    const viaInsert = async (taskId: string) => {
      await client.query('BEGIN');
      for (let i = 0; i < unitIds.length; i += CHUNK) {
        const slice = unitIds.slice(i, i + CHUNK);
        const values = slice.map((_, j) => `($${j * 4 + 1}, $${j * 4 + 2}, $${j * 4 + 3}, $${j * 4 + 4})`).join(',');
        await client.query(
          `INSERT INTO assignments (task_id, unit_id, role, due_date) VALUES ${values}`,
          slice.flatMap((id) => [taskId, id, 'responsible', DUE]),
        );
      }
      await client.query('COMMIT');
    };
    const viaCopy = async (taskId: string) => {
      const body = unitIds.map((id) => `${taskId}\t${id}\tresponsible\t${DUE}`).join('\n');
      await client.query('BEGIN');
      await pipeline(Readable.from([body]), client.query(copyFrom('COPY assignments (task_id, unit_id, role, due_date) FROM STDIN')));
      await client.query('COMMIT');
    };

    // one warm-up each, then interleaved runs so a growing table weighs on all three alike
    for (const fn of [viaService, viaInsert, viaCopy]) await time(fn);
    const runs = { service: [] as number[], insert: [] as number[], copy: [] as number[] };
    for (let i = 0; i < RUNS; i++) {
      runs.service.push(await time(viaService));
      runs.insert.push(await time(viaInsert));
      runs.copy.push(await time(viaCopy));
    }
    const service_ = median(runs.service);
    const insert = median(runs.insert);
    const copy = median(runs.copy);
    const vsInsert = service_ / insert;
    const vsCopy = service_ / copy;
    const [{ n: events }] = await ds.query(`SELECT count(*)::int AS n FROM audit_events WHERE action = 'task.assigned_bulk'`);
    return [
      '## Bulk assignment (issue: tasks and assignments)',
      '',
      `One task assigned to ${UNITS.toLocaleString('en')} schools. The service (\`AssignmentService.assignBulk\`: task lock and checks, one \`INSERT … SELECT … FROM org_units … ON CONFLICT DO NOTHING\`, completion rule, one audit event, one transaction) beside a raw multi-row INSERT (${CHUNK.toLocaleString('en')} rows a statement) and a raw COPY of the same rows with the unit ids already in memory. Scratch database, fresh task per run, median of ${RUNS} runs after one warm-up each. ${events} audit events for ${RUNS + 1} service runs.`,
      '',
      '| measure | raw multi-row INSERT | raw COPY | service | ratio vs INSERT | ratio vs COPY | goal |',
      '| --- | --- | --- | --- | --- | --- | --- |',
      `| time | ${ms(insert)} | ${ms(copy)} | ${ms(service_)} | ${vsInsert.toFixed(2)}× | ${vsCopy.toFixed(2)}× | ≤ 2× raw INSERT: ${vsInsert <= 2 ? 'met' : 'missed'} |`,
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
