import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { loadConfig } from '@duban/config';
import { createDataSource } from '@duban/db';
import type { DataSource } from 'typeorm';
import { Mailbox } from './support/mailbox';
import { createPlan, createTaskWithAssignments, createUnit, createUser } from './support/world';

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, '../..');
const cli = (args: string[], env: Record<string, string> = {}) =>
  run(process.execPath, ['-r', '@swc-node/register', 'apps/cli/src/main.ts', ...args], {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: 'error', ...env },
    maxBuffer: 16 * 1024 * 1024,
  });

/** The CLI's exact forms: preview (nothing sent) and simulate (last line one JSON object; refused in production). */
describe('reminders CLI', () => {
  const mailbox = new Mailbox();
  let db: DataSource;
  let planId: string;
  let contactEmail: string;

  beforeAll(async () => {
    await mailbox.start();
    db = await createDataSource(loadConfig()).initialize();
    const school = await createUnit(db, 'CLI测试学校');
    const contact = await createUser(db, { name: 'CLI联络员', unitId: school });
    [{ email: contactEmail }] = await db.query(`select email from users where id = $1`, [contact]);
    const plan = await createPlan(db, 'CLI测试计划');
    planId = plan.planId;
    await createTaskWithAssignments(db, { ...plan, title: '国庆后报送', ownerUnitId: null, dueDate: '2021-10-11', units: [school] });
  });
  afterAll(async () => {
    await db.destroy();
    await mailbox.stop();
  });

  it('preview --json lists each working day and sends nothing; simulate sends and ends with the JSON summary', async () => {
    const preview = await cli(['reminders', 'preview', '--from', '2021-10-01', '--to', '2021-10-12', '--plan', planId, '--json'], {
      SMTP_URL: mailbox.url,
    });
    const days = JSON.parse(preview.stdout) as { date: string; messages: { kind: string }[] }[];
    expect(days.map((d) => d.date)).toEqual(['2021-10-08', '2021-10-09', '2021-10-11', '2021-10-12']);
    expect(days.map((d) => d.messages.filter((m) => m.kind !== 'digest').map((m) => m.kind))).toEqual([
      [],
      ['due_soon'],
      ['due_today'],
      ['overdue'],
    ]);
    expect(mailbox.mails).toHaveLength(0);

    const sim = await cli(['reminders', 'simulate', '--from', '2021-10-01', '--to', '2021-10-12', '--plan', planId], {
      SMTP_URL: mailbox.url,
    });
    const lines = sim.stdout.trim().split('\n');
    expect(lines.slice(0, -1).map((l) => l.slice(0, 10))).toEqual(['2021-10-08', '2021-10-09', '2021-10-11', '2021-10-12']);
    const summary = JSON.parse(lines[lines.length - 1]);
    expect(summary).toMatchObject({ days: 4, failed: 0, byKind: { due_soon: 2, due_today: 2, overdue: 2 } });
    expect(summary.sent.email).toBeGreaterThanOrEqual(3);
    expect(summary.sent).toHaveProperty('webhook', 0);
    // the reconciler also delivers what other suites of this run left pending: count this plan's contact only
    const ours = mailbox.mails
      .filter((m) => m.to.includes(contactEmail) && m.headers['x-duban-kind'] !== 'digest')
      .map((m) => m.headers['x-duban-slot']);
    expect(ours.sort()).toEqual(['2021-10-09', '2021-10-11', '2021-10-12']);
  });

  it('simulate refuses in production', async () => {
    await expect(
      cli(['reminders', 'simulate', '--from', '2021-10-01', '--to', '2021-10-12'], { NODE_ENV: 'production' }),
    ).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringContaining('生产环境'),
    });
  });
});
