import { WorkingCalendar } from '@duban/calendar';
import { ReminderSimulation, ReminderWorkers } from '@duban/reminders';
import { reminderContext, type ReminderContext } from './support/context';
import { Mailbox } from './support/mailbox';
import { createPlan, createTaskWithAssignments, createUnit, createUser } from './support/world';

/**
 * A year of a sample plan simulated day by day through the real scheduler, queues, processors and
 * SMTP. The expected mailbox is computed here from the working-day list alone (index arithmetic,
 * not the scheduler's rules code) and must match exactly, per kind and per unit.
 */
describe('a year of reminders', () => {
  const mailbox = new Mailbox();
  let ctx: ReminderContext;

  beforeAll(async () => {
    await mailbox.start();
    ctx = await reminderContext('2021-01-01T09:00:00+08:00', { SMTP_URL: mailbox.url, REMINDER_RETRY_BASE_MS: '100' });
    await ctx.get(ReminderWorkers).start({ tickMs: 0 });
  });
  afterAll(async () => {
    await ctx.get(ReminderWorkers).stop();
    await ctx.clearQueuesAndClose();
    await mailbox.stop();
  });

  it('sends exactly the expected schedule', async () => {
    const dept = await createUnit(ctx.db, '年度科室', 'department');
    const schoolA = await createUnit(ctx.db, '年度一中');
    const schoolB = await createUnit(ctx.db, '年度二中');
    const head = await createUser(ctx.db, { name: '科长', unitId: dept, role: 'department_head' });
    const a = await createUser(ctx.db, { name: '一中联络员', unitId: schoolA });
    const b = await createUser(ctx.db, { name: '二中联络员', unitId: schoolB, mode: 'daily_digest' });
    const leader = await createUser(ctx.db, { name: '局领导', global: ['leader'] });
    const email = new Map<string, string>();
    for (const [id, label] of [
      [head, 'dept'],
      [a, 'A'],
      [b, 'B'],
      [leader, 'leader'],
    ]) {
      const [u] = await ctx.db.query(`select email from users where id = $1`, [id]);
      email.set(u.email, label);
    }
    const plan = await createPlan(ctx.db, '年度模拟计划');
    // A: due Wed 2021-06-30; B: due Sat 2021-10-09 (a make-up working day); both: due Sun 2021-03-14 (day off)
    await createTaskWithAssignments(ctx.db, { ...plan, title: '年中任务', ownerUnitId: dept, dueDate: '2021-06-30', units: [schoolA] });
    await createTaskWithAssignments(ctx.db, { ...plan, title: '国庆后任务', ownerUnitId: dept, dueDate: '2021-10-09', units: [schoolB] });
    await createTaskWithAssignments(ctx.db, {
      ...plan,
      title: '周日截止任务',
      ownerUnitId: dept,
      dueDate: '2021-03-14',
      units: [schoolA, schoolB],
    });
    // monthly reports from A, quarterly from B, all year
    await createTaskWithAssignments(ctx.db, {
      ...plan,
      title: '月报',
      ownerUnitId: dept,
      dueDate: '2021-12-31',
      cadence: 'month',
      units: [schoolA],
    });
    await createTaskWithAssignments(ctx.db, {
      ...plan,
      title: '季报',
      ownerUnitId: dept,
      dueDate: '2021-12-31',
      cadence: 'quarter',
      units: [schoolB],
    });

    const result = await ctx
      .get(ReminderSimulation)
      .simulate('2021-01-01', '2021-12-31', plan.planId, (line) => process.env.REMINDER_SIM_TIMING && console.log(line));

    // ---- the expected schedule, from the list of working days ----
    const cal = new WorkingCalendar();
    const wd = cal.workingDaysIn('2021-01-01', '2021-12-31');
    const expected: Record<string, Record<string, number>> = {};
    const add = (who: string, kind: string, n = 1) => {
      expected[who] ??= {};
      expected[who][kind] = (expected[who][kind] ?? 0) + n;
    };
    const routineDays = new Map<string, Set<string>>(); // per person: days with a routine reminder (for B's digest)
    const routine = (who: string, day: string, kind: string) => {
      if (who === 'B') routineDays.set(who, (routineDays.get(who) ?? new Set()).add(day));
      else add(who, kind);
    };
    const dueReminders = (who: string, due: string) => {
      const firstAfter = wd.findIndex((d) => d > due); // first working day after the due date
      const onOrBefore = wd.filter((d) => d < due).length; // working days strictly before the due date
      for (const k of [7, 3, 1]) routine(who, wd[onOrBefore - k], 'due_soon');
      if (wd.includes(due)) routine(who, due, 'due_today');
      for (let i = firstAfter; firstAfter >= 0 && i < wd.length; i++) routine(who, wd[i], 'overdue');
      if (firstAfter >= 0 && firstAfter + 2 < wd.length) add('dept', 'escalation'); // on the 3rd overdue working day
    };
    dueReminders('A', '2021-06-30');
    dueReminders('B', '2021-10-09');
    dueReminders('A', '2021-03-14');
    dueReminders('B', '2021-03-14');
    dueReminders('A', '2021-12-31'); // the monthly and quarterly tasks end with the year
    dueReminders('B', '2021-12-31');
    const months = [...new Set(wd.map((d) => d.slice(0, 7)))];
    for (const month of months) {
      const days = wd.filter((d) => d.startsWith(month));
      routine('A', days[0], 'report_request'); // the period's first working day
      routine('A', days[days.length - 1 - 3], 'report_request'); // three working days before its last
    }
    for (const q of [1, 2, 3, 4]) {
      const days = wd.filter((d) => Math.ceil(Number(d.slice(5, 7)) / 3) === q);
      routine('B', days[0], 'report_request');
      routine('B', days[days.length - 1 - 3], 'report_request');
    }
    add('B', 'digest', routineDays.get('B')?.size ?? 0);
    // the leaders' weekly digest: the first working day of each ISO week with a working day
    const weekOf = (d: string) => {
      const t = new Date(`${d}T00:00:00Z`);
      t.setUTCDate(t.getUTCDate() - ((t.getUTCDay() + 6) % 7));
      return t.toISOString().slice(0, 10);
    };
    add('leader', 'digest', new Set(wd.map(weekOf)).size);

    const actual: Record<string, Record<string, number>> = {};
    for (const m of mailbox.mails) {
      const who = email.get(m.to[0]);
      if (!who) continue;
      actual[who] ??= {};
      const kind = m.headers['x-duban-kind'];
      actual[who][kind] = (actual[who][kind] ?? 0) + 1;
    }
    expect(actual).toEqual(expected);
    expect(result.days).toBe(wd.length);
    expect(result.failed).toBe(0);
    expect(new Set(mailbox.mails.map((m) => m.headers['message-id'])).size).toBe(mailbox.mails.length);
  });
});
