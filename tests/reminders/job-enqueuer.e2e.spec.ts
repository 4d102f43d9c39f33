import {
  deliveryJobOptions,
  jobIdOf,
  JobEnqueuer,
  messageKey,
  OutboxService,
  redisConnection,
  ReminderQueues,
  THREAD_MIN_JOBS,
} from '@duban/reminders';
import { reminderContext, type ReminderContext } from './support/context';
import { createUnit, createUser } from './support/world';

/** Waits until every id is a job in the queue (jobs are added after commit, from the enqueue thread). */
async function jobsOf(ctx: ReminderContext, ids: string[], timeoutMs = 20_000): Promise<number> {
  const queue = ctx.get(ReminderQueues).channel('inapp');
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = (await Promise.all(ids.map((id) => queue.getJob(id)))).filter((j) => j !== undefined);
    if (found.length === ids.length || Date.now() > deadline) return found.length;
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('delivery jobs from the enqueue thread', () => {
  let ctx: ReminderContext;
  beforeAll(async () => {
    ctx = await reminderContext('2021-09-27T10:00:00+08:00');
  });
  afterAll(async () => {
    await ctx.clearQueuesAndClose();
  });

  it('a batch too big for the calling thread is queued from the thread after commit, each job with the id from its key', async () => {
    const unit = await createUnit(ctx.db, '第八中学');
    const user = await createUser(ctx.db, { name: '周八', unitId: unit, email: null });
    const n = THREAD_MIN_JOBS * 2 + 7;
    const keys = Array.from({ length: n }, (_, i) =>
      messageKey({ recipient: { userId: user }, kind: 'urge', slot: '2021-09-27', extra: `big${i}` }),
    );
    await ctx.db.transaction((m) =>
      ctx.get(OutboxService).enqueue(
        m,
        keys.map((key) => ({
          kind: 'urge' as const,
          slot: '2021-09-27',
          recipient: { userId: user },
          subject: '催办',
          body: '请报送',
          key,
        })),
      ),
    );
    expect(await jobsOf(ctx, keys.map(jobIdOf))).toBe(n);
    // each job names its message: the job of a key carries that key's row
    const rows: { id: string; key: string }[] = await ctx.db.query(`select id, key from outbox_messages where key = any ($1)`, [keys]);
    const job = await ctx
      .get(ReminderQueues)
      .channel('inapp')
      .getJob(jobIdOf(keys[n - 1]));
    expect(job?.data.messageId).toBe(rows.find((r) => r.key === keys[n - 1])?.id);
  });

  it('when the thread fails a batch, the calling thread adds the jobs itself', async () => {
    const queues = ctx.get(ReminderQueues);
    // the thread knows no queue for the channel: its addBulk fails there, not here
    const enqueuer = new JobEnqueuer(
      {
        connection: redisConnection(ctx.config),
        prefix: ctx.config.QUEUE_PREFIX,
        queues: {},
        options: deliveryJobOptions(ctx.config),
        chunk: 100,
      },
      (c) => queues.channel(c),
    );
    const jobs: [string, string][] = Array.from({ length: THREAD_MIN_JOBS + 1 }, (_, i) => [`fallback-key-${i}`, `m${i}`]);
    try {
      await enqueuer.add('inapp', jobs);
      expect(
        await jobsOf(
          ctx,
          jobs.map(([key]) => jobIdOf(key)),
          1,
        ),
      ).toBe(jobs.length);
    } finally {
      await enqueuer.close(2_000);
    }
  });

  it('job ids are short, BullMQ-safe and tell 20,000 neighbouring keys apart', () => {
    const keys = Array.from({ length: 20_000 }, (_, i) =>
      messageKey({
        recipient: { userId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}` },
        kind: 'due_soon',
        slot: '2021-09-27',
        extra: 'd20211008',
      }),
    );
    const ids = keys.map(jobIdOf);
    expect(ids.every((id) => /^[A-Za-z0-9_-]{22}$/.test(id))).toBe(true);
    expect(new Set(ids).size).toBe(keys.length);
  });
});
