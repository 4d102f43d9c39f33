import { CHANNEL_QUEUES, jobIdOf, messageKey, OutboxService, ReminderQueues } from '@duban/reminders';
import { reminderContext, type ReminderContext } from './support/context';
import { createUnit, createUser } from './support/world';

describe('outbox contract', () => {
  let ctx: ReminderContext;
  beforeAll(async () => {
    ctx = await reminderContext('2021-09-27T10:00:00+08:00');
  });
  afterAll(async () => {
    await ctx.clearQueuesAndClose();
  });

  it('writes rows in the caller transaction and queues the jobs only after commit, once per key', async () => {
    const unit = await createUnit(ctx.db, '第一中学');
    const user = await createUser(ctx.db, { name: '张三', unitId: unit });
    const noMail = await createUser(ctx.db, { name: '李四', unitId: unit, email: null });
    const outbox = ctx.get(OutboxService);
    const msg = (userId: string) => ({
      kind: 'urge' as const,
      slot: '2021-09-27',
      recipient: { userId },
      subject: '催办：请尽快报送',
      body: '请尽快报送进展。',
      link: '/assignments/x',
      key: messageKey({ recipient: { userId }, kind: 'urge', slot: '2021-09-27', extra: 'test1' }),
    });
    const email = ctx.get(ReminderQueues).channel('email');
    await ctx.db.transaction(async (m) => {
      const r = await outbox.enqueue(m, [msg(user), msg(noMail)]);
      expect(r.inserted).toHaveLength(2);
      // not yet committed: nothing queued
      expect(await email.getJob(jobIdOf(msg(user).key))).toBeUndefined();
    });
    await new Promise((r) => setTimeout(r, 200));
    expect(await email.getJob(jobIdOf(msg(user).key))).toBeDefined();
    expect(
      await ctx
        .get(ReminderQueues)
        .channel('inapp')
        .getJob(jobIdOf(msg(noMail).key)),
    ).toBeDefined();
    expect(await email.getJob(jobIdOf(msg(noMail).key))).toBeUndefined();
    // twice, and twice in one call: no second row
    const again = await ctx.db.transaction((m) => outbox.enqueue(m, [msg(user), msg(user)]));
    expect(again.inserted).toEqual([]);
    const rows = await ctx.db.query(
      `select d.channel, d.state from outbox_deliveries d join outbox_messages m on m.id = d.message_id where m.key = any($1) order by 1`,
      [[msg(user).key, msg(noMail).key]],
    );
    expect(rows).toEqual([
      { channel: 'email', state: 'pending' },
      { channel: 'inapp', state: 'pending' },
      { channel: 'inapp', state: 'pending' },
    ]);
    expect(CHANNEL_QUEUES.email).toBe('reminders-email');
  });

  it('a rolled-back transaction queues nothing', async () => {
    const unit = await createUnit(ctx.db, '第二中学');
    const user = await createUser(ctx.db, { name: '王五', unitId: unit });
    const key = messageKey({ recipient: { userId: user }, kind: 'urge', slot: '2021-09-27', extra: 'rb' });
    await expect(
      ctx.db.transaction(async (m) => {
        await ctx
          .get(OutboxService)
          .enqueue(m, [{ kind: 'urge', slot: '2021-09-27', recipient: { userId: user }, subject: 's', body: 'b', key }]);
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    await new Promise((r) => setTimeout(r, 100));
    expect(await ctx.get(ReminderQueues).channel('email').getJob(jobIdOf(key))).toBeUndefined();
    expect(await ctx.db.query(`select 1 from outbox_messages where key = $1`, [key])).toEqual([]);
  });

  it('defers a message written in quiet hours to the next working morning', async () => {
    const unit = await createUnit(ctx.db, '第三中学');
    const user = await createUser(ctx.db, { name: '赵六', unitId: unit });
    ctx.clock.set(new Date('2021-09-30T21:00:00+08:00')); // eve of National Day
    const key = messageKey({ recipient: { userId: user }, kind: 'urge', slot: '2021-09-30', extra: 'q' });
    await ctx.db.transaction((m) =>
      ctx.get(OutboxService).enqueue(m, [{ kind: 'urge', slot: '2021-09-30', recipient: { userId: user }, subject: 's', body: 'b', key }]),
    );
    const [row] = await ctx.db.query(`select not_before from outbox_messages where key = $1`, [key]);
    expect(new Date(row.not_before).toISOString()).toBe(new Date('2021-10-08T08:00:00+08:00').toISOString());
    await new Promise((r) => setTimeout(r, 100));
    expect(await ctx.get(ReminderQueues).channel('email').getJob(jobIdOf(key))).toBeUndefined();
  });
});
