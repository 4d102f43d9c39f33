import { ReminderScheduler } from '@duban/reminders';
import { reminderContext, type ReminderContext } from './support/context';
import { createPlan, createTaskWithAssignments, createUnit, createUser } from './support/world';

/**
 * The worker does not run for several working days: the next pass catches up on what fell due
 * meanwhile — the escalation (N = 3 overdue working days) once, only the latest missed due-soon
 * reminder, the leaders' weekly digest of a week whose first working day was missed — and a second
 * pass, that day or the next, adds nothing. Task A is due Monday 2021-10-11 (3rd overdue working
 * day 10-14), task B Friday 2021-10-29 (7/3/1 working days before: 10-20, 10-26, 10-28).
 */
describe('scheduler catch-up after missed working days', () => {
  let ctx: ReminderContext;
  let planId: string;
  let head: string;
  let leader: string;
  let a: string;
  let b: string;

  beforeAll(async () => {
    ctx = await reminderContext('2021-10-12T09:00:00+08:00');
    const dept = await createUnit(ctx.db, '督查科', 'department');
    const school = await createUnit(ctx.db, '补发小学');
    await createUser(ctx.db, { name: '补发联络员', unitId: school });
    head = await createUser(ctx.db, { name: '督查科科长', unitId: dept, role: 'department_head' });
    leader = await createUser(ctx.db, { name: '分管局长', global: ['leader'] });
    const plan = await createPlan(ctx.db, '补发测试计划');
    planId = plan.planId;
    a = (await createTaskWithAssignments(ctx.db, { ...plan, title: '任务甲', ownerUnitId: dept, dueDate: '2021-10-11', units: [school] }))
      .assignmentIds[0];
    b = (await createTaskWithAssignments(ctx.db, { ...plan, title: '任务乙', ownerUnitId: dept, dueDate: '2021-10-29', units: [school] }))
      .assignmentIds[0];
  });
  afterAll(() => ctx.close());

  const pass = async (day: string) => {
    ctx.clock.set(new Date(`${day}T09:00:00+08:00`));
    return ctx.get(ReminderScheduler).run(day, { planId });
  };
  const rows = async (assignmentId: string | null, kind: string) =>
    (
      (await ctx.db.query(
        `select key, to_char(slot, 'YYYY-MM-DD') as slot, recipient_user_id as "user", subject from outbox_messages
          where plan_id = $1 and kind = $2 and ($3::uuid is null or assignment_id = $3) order by key`,
        [planId, kind, assignmentId],
      )) as { key: string; slot: string; user: string; subject: string }[]
    ).map((r) => ({ ...r, keySlot: r.key.split('.')[3] }));

  it('escalates once when the N-th overdue day was missed, and never again', async () => {
    await pass('2021-10-12'); // 1st overdue day: overdue only
    expect(await rows(a, 'escalation')).toHaveLength(0);
    // no pass on 10-13, 10-14 (the 3rd overdue day), 10-15
    const late = await pass('2021-10-18');
    expect(late.byKind.escalation).toBe(1);
    const esc = await rows(a, 'escalation');
    expect(esc).toHaveLength(1);
    // keyed on the day it fell due, written (and sent) today, telling the real count
    expect(esc[0]).toMatchObject({ user: head, keySlot: '2021-10-14', slot: '2021-10-18' });
    expect(esc[0].subject).toContain('已逾期5个工作日');
    expect((await pass('2021-10-18')).inserted).toBe(0);
    const next = await pass('2021-10-19');
    expect(next.byKind.escalation).toBeUndefined();
    expect(await rows(a, 'escalation')).toHaveLength(1);
    // overdue reminders are daily: one per pass that ran, none for the missed days
    expect((await rows(a, 'overdue')).map((r) => r.keySlot)).toEqual(['2021-10-12', '2021-10-18', '2021-10-19']);
  });

  it('sends only the latest missed due-soon reminder, and the missed weekly digest, once', async () => {
    // no pass on 10-20 (7 days before B) … 10-26 (3 days before B), nor on Monday 10-25 (the weekly digest)
    const late = await pass('2021-10-27');
    expect(late.byKind.due_soon).toBe(1);
    const soon = await rows(b, 'due_soon');
    expect(soon.map((r) => r.keySlot)).toEqual(['2021-10-26']);
    expect(soon[0].subject).toContain('还有2个工作日');
    const weekly = (await rows(null, 'digest')).filter((r) => r.user === leader);
    // Monday 10-18's pass sent that week's; the week of 10-25 gets its own late, on 10-27
    expect(weekly.map((r) => [r.keySlot, r.slot])).toEqual([
      ['2021-10-18', '2021-10-18'],
      ['2021-10-25', '2021-10-27'],
    ]);
    // the same day again, and the next day: nothing caught up twice; 10-28 brings the 1-day reminder
    expect((await pass('2021-10-27')).inserted).toBe(0);
    const next = await pass('2021-10-28');
    expect(next.byKind.digest).toBeUndefined();
    expect((await rows(b, 'due_soon')).map((r) => r.keySlot)).toEqual(['2021-10-26', '2021-10-28']);
    expect((await rows(null, 'digest')).filter((r) => r.user === leader)).toHaveLength(2);
    expect(await rows(a, 'escalation')).toHaveLength(1);
  });

  it('does not catch up on the first pass of a scope (no record of an earlier one)', async () => {
    const other = await createPlan(ctx.db, '首次运行计划');
    const school = await createUnit(ctx.db, '首次小学');
    await createUser(ctx.db, { name: '首次联络员', unitId: school });
    const dept = await createUnit(ctx.db, '首次科', 'department');
    await createUser(ctx.db, { name: '首次科长', unitId: dept, role: 'department_head' });
    await createTaskWithAssignments(ctx.db, { ...other, title: '任务丙', ownerUnitId: dept, dueDate: '2021-10-11', units: [school] });
    ctx.clock.set(new Date('2021-10-18T09:00:00+08:00'));
    // no record for this plan: the pass plans 10-18 alone (the 3rd overdue day, 10-14, is not replayed)
    const first = await ctx.get(ReminderScheduler).run('2021-10-18', { planId: other.planId });
    expect(first.byKind.overdue).toBe(1);
    expect(first.byKind.escalation).toBeUndefined();
  });
});
