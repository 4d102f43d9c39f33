import { OutboxService, ReminderScheduler, ReminderWorkers } from '@duban/reminders';
import { addCalendarDays } from '@duban/calendar';
import { reminderContext, type ReminderContext } from './support/context';
import { eventually, Mailbox } from './support/mailbox';
import { createPlan, createTaskWithAssignments, createUnit, createUser } from './support/world';

/**
 * 2021's National Day week: a task due Monday 2021-10-11 is reminded 7 working days before on the
 * make-up Sunday 2021-09-26, 3 before on 09-30, 1 before on the make-up Saturday 10-09, on the day,
 * then every working day overdue, escalated on the 3rd; nothing during 10-01…10-07.
 */
describe('reminders on China working days, delivered by e-mail and in-app', () => {
  const mailbox = new Mailbox();
  let ctx: ReminderContext;
  let planId: string;
  let member: string;
  let noMail: string;
  let head: string;

  beforeAll(async () => {
    await mailbox.start();
    ctx = await reminderContext('2021-09-20T09:00:00+08:00', { SMTP_URL: mailbox.url, REMINDER_RETRY_BASE_MS: '100' });
    const dept = await createUnit(ctx.db, '基础教育科', 'department');
    const school = await createUnit(ctx.db, '实验小学');
    member = await createUser(ctx.db, { name: '校办主任', unitId: school });
    noMail = await createUser(ctx.db, { name: '无邮箱老师', unitId: school, email: null });
    head = await createUser(ctx.db, { name: '基教科科长', unitId: dept, role: 'department_head' });
    const plan = await createPlan(ctx.db, '国庆周测试计划');
    planId = plan.planId;
    await createTaskWithAssignments(ctx.db, {
      ...plan,
      title: '秋季开学安全检查',
      ownerUnitId: dept,
      dueDate: '2021-10-11',
      units: [school],
    });
    await ctx.get(ReminderWorkers).start({ tickMs: 0, lockMs: 2000 });
  });
  afterAll(async () => {
    await ctx.get(ReminderWorkers).stop();
    await ctx.clearQueuesAndClose();
    await mailbox.stop();
  });

  it('plans messages only on working days, make-up days included', async () => {
    const scheduler = ctx.get(ReminderScheduler);
    const byDay: Record<string, string[]> = {};
    for (let day = '2021-09-20'; day <= '2021-10-15'; day = addCalendarDays(day, 1)) {
      ctx.clock.set(new Date(`${day}T09:00:00+08:00`));
      // leaders' weekly digests depend on who else is in the database: not this test's subject
      const planned = (await ctx.db.transaction((m) => scheduler.plan(m, day, { planId }))).filter((p) => p.kind !== 'digest');
      if (planned.length > 0) byDay[day] = planned.map((p) => p.kind).sort();
      await scheduler.run(day, { planId });
    }
    expect(byDay).toEqual({
      '2021-09-26': ['due_soon', 'due_soon'],
      '2021-09-30': ['due_soon', 'due_soon'],
      '2021-10-09': ['due_soon', 'due_soon'],
      '2021-10-11': ['due_today', 'due_today'],
      '2021-10-12': ['overdue', 'overdue'],
      '2021-10-13': ['overdue', 'overdue'],
      '2021-10-14': ['escalation', 'overdue', 'overdue'],
      '2021-10-15': ['overdue', 'overdue'],
    });
  });

  it('delivers every message once: e-mail with its headers to those with an address, in-app to all', async () => {
    await eventually(
      async () => {
        const [r] = await ctx.db.query(
          `select count(*) filter (where d.state <> 'sent')::int as open from outbox_deliveries d join outbox_messages m on m.id = d.message_id where m.plan_id = $1`,
          [planId],
        );
        return r.open === 0;
      },
      20_000,
      'all deliveries sent',
    );
    // member: 8 days; head: 1 escalation; the member without e-mail: none
    const ours = mailbox.mails.filter((m) => m.headers['x-duban-kind'] !== 'digest');
    expect(ours).toHaveLength(9);
    const kinds: Record<string, number> = {};
    for (const m of ours) kinds[m.headers['x-duban-kind']] = (kinds[m.headers['x-duban-kind']] ?? 0) + 1;
    expect(kinds).toEqual({ due_soon: 3, due_today: 1, overdue: 4, escalation: 1 });
    const first = ours.find((m) => m.headers['x-duban-slot'] === '2021-09-26');
    expect(first?.headers['message-id']).toMatch(/^<u=.+\.due-soon\.2021-09-26\.d20211011@duban>$/);
    expect(first?.headers['list-unsubscribe']).toBe('<http://127.0.0.1:3000/settings/reminders>');
    expect(first?.raw).toContain('Content-Type: text/html');
    const inapp = await ctx.db.query(`select user_id, count(*)::int as n from notifications where user_id = any($1) group by 1`, [
      [member, noMail, head],
    ]);
    expect(Object.fromEntries(inapp.map((r: { user_id: string; n: number }) => [r.user_id, r.n]))).toEqual({
      [member]: 8,
      [noMail]: 8,
      [head]: 1,
    });
  });

  it('runs the scheduler twice: one message', async () => {
    ctx.clock.set(new Date('2021-10-15T10:00:00+08:00'));
    const again = await ctx.get(ReminderScheduler).run('2021-10-15', { planId });
    expect(again.byKind.overdue).toBe(2);
    expect(again.inserted).toBe(0);
  });

  it('records a refused address as dead with its reason, without retrying', async () => {
    const school = await createUnit(ctx.db, '退信学校');
    const bad = await createUser(ctx.db, { name: '退信老师', unitId: school, email: 'nobody@example.edu.cn' });
    mailbox.refuse.add('nobody@example.edu.cn');
    ctx.clock.set(new Date('2021-10-15T10:00:00+08:00'));
    await ctx.db.transaction((m) =>
      ctx
        .get(OutboxService)
        .enqueue(m, [{ kind: 'urge', slot: '2021-10-15', recipient: { userId: bad }, subject: '催办', body: '请尽快办理' }]),
    );
    await eventually(async () => {
      const [r] = await ctx.db.query(
        `select d.state, d.attempts, d.last_error from outbox_deliveries d join outbox_messages m on m.id = d.message_id where m.recipient_user_id = $1 and d.channel = 'email'`,
        [bad],
      );
      return r?.state === 'dead';
    });
    const [r] = await ctx.db.query(
      `select d.attempts, d.last_error from outbox_deliveries d join outbox_messages m on m.id = d.message_id where m.recipient_user_id = $1 and d.channel = 'email'`,
      [bad],
    );
    expect(r.attempts).toBe(1);
    expect(r.last_error).toMatch(/SMTP 550/);
  });
});
