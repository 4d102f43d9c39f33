import type { ChildProcess } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHmac } from 'node:crypto';
import Redis from 'ioredis';
import { messageKey, OutboxService, type OutboxMessage } from '@duban/reminders';
import { reminderContext, type ReminderContext } from './support/context';
import { eventually, Mailbox } from './support/mailbox';
import { startWorkerProcess, stopProcess } from './support/worker-process';
import { createUnit, createUser } from './support/world';

const NOW = '2021-10-15T10:00:00+08:00';
/** worker concurrency for e-mail (CHANNEL_LIMITS.email.concurrency): the most a killed worker has in flight */
const EMAIL_CONCURRENCY = 5;

/**
 * The worker app as real child processes against real Redis and an in-process SMTP server: two
 * workers at once, kill -9 mid-batch, a flushed Redis, SMTP down and back, a robot answering 500.
 */
describe('reminder delivery under faults', () => {
  const mailbox = new Mailbox();
  let ctx: ReminderContext;
  let users: string[] = [];
  let unit: string;
  const children: ChildProcess[] = [];
  let env: Record<string, string>;
  let batchNo = 0;
  let running: ChildProcess[] = [];

  const worker = async () => {
    const child = await startWorkerProcess(env);
    children.push(child);
    return child;
  };

  /** One urge per user: every message must reach its user's mailbox. */
  const enqueueBatch = async (n = users.length): Promise<string[]> => {
    const tag = `b${++batchNo}`;
    const messages: OutboxMessage[] = users.slice(0, n).map((userId) => ({
      kind: 'urge',
      slot: '2021-10-15',
      recipient: { userId },
      subject: `催办 ${tag}`,
      body: '请尽快办理。',
      key: messageKey({ recipient: { userId }, kind: 'urge', slot: '2021-10-15', extra: tag }),
      channels: ['email', 'inapp'],
    }));
    await ctx.db.transaction((m) => ctx.get(OutboxService).enqueue(m, messages));
    return messages.map((m) => m.key as string);
  };

  const arrived = (keys: string[]) => {
    const ids = mailbox.messageIds();
    return keys.map((k) => ids.get(`<${k}@duban>`) ?? 0);
  };
  const allSent = async (keys: string[]) => {
    const [r] = await ctx.db.query(
      `select count(*) filter (where d.state = 'sent')::int as sent, count(*)::int as total
         from outbox_deliveries d join outbox_messages m on m.id = d.message_id where m.key = any($1)`,
      [keys],
    );
    return r.sent === r.total;
  };

  beforeAll(async () => {
    await mailbox.start();
    env = {
      SMTP_URL: mailbox.url,
      DUBAN_CLOCK: NOW,
      REMINDER_TICK_MS: '1000',
      REMINDER_LOCK_MS: '2000',
      REMINDER_CLAIM_TIMEOUT_MS: '3000',
      REMINDER_RETRY_BASE_MS: '100',
    };
    ctx = await reminderContext(NOW, env);
    unit = await createUnit(ctx.db, '故障测试学校');
    users = [];
    for (let i = 0; i < 120; i++) users.push(await createUser(ctx.db, { name: `老师${i}`, unitId: unit }));
  });

  afterAll(async () => {
    await Promise.all(children.map((c) => stopProcess(c, 'SIGKILL')));
    await ctx.clearQueuesAndClose();
    await mailbox.stop();
  });

  it('two worker processes at once send each message once', async () => {
    const [a, b] = await Promise.all([worker(), worker()]);
    const keys = await enqueueBatch();
    await eventually(() => allSent(keys), 30_000, 'batch sent');
    expect(arrived(keys).every((n) => n === 1)).toBe(true);
    const [n] = await ctx.db.query(
      `select count(*)::int as n from notifications x join outbox_messages m on m.id = x.message_id where m.key = any($1)`,
      [keys],
    );
    expect(n.n).toBe(keys.length);
    // both took part (claims are per row, so sharing the work is safe)
    const claimers = await ctx.db.query(
      `select count(distinct claimed_by)::int as n from outbox_deliveries d join outbox_messages m on m.id = d.message_id where m.key = any($1)`,
      [keys],
    );
    expect(claimers[0].n).toBeGreaterThanOrEqual(2);
    running = [a, b];
  });

  it('kill -9 of both workers mid-batch: a restarted worker delivers everything, duplicates ≤ messages in flight', async () => {
    mailbox.delayMs = 40;
    const keys = await enqueueBatch();
    await eventually(() => arrived(keys).filter((n) => n > 0).length >= 20, 20_000, 'batch under way');
    await Promise.all(running.map((c) => stopProcess(c, 'SIGKILL')));
    expect(await allSent(keys)).toBe(false);
    await worker();
    await eventually(() => allSent(keys), 40_000, 'batch sent after restart');
    const counts = arrived(keys);
    expect(counts.every((n) => n >= 1)).toBe(true);
    const duplicates = counts.reduce((s, n) => s + n - 1, 0);
    if (process.env.REMINDER_FAULT_REPORT) console.log(`kill -9: ${duplicates} duplicate(s) of ${keys.length}`);
    // each killed worker had at most EMAIL_CONCURRENCY e-mails between send and mark-sent
    expect(duplicates).toBeLessThanOrEqual(2 * EMAIL_CONCURRENCY);
    mailbox.delayMs = 0;
  });

  it('a flushed Redis mid-run: the reconciler rebuilds the jobs and everything goes out', async () => {
    mailbox.delayMs = 40;
    const keys = await enqueueBatch();
    await eventually(() => arrived(keys).filter((n) => n > 0).length >= 10, 20_000, 'batch under way');
    // FLUSHALL would wipe other test runs sharing this Redis: delete every key of this run's prefix instead
    const redis = new Redis(ctx.config.REDIS_URL);
    try {
      let cursor = '0';
      do {
        const [next, found] = await redis.scan(cursor, 'MATCH', `${ctx.config.QUEUE_PREFIX}:*`, 'COUNT', 1000);
        if (found.length > 0) await redis.del(...found);
        cursor = next;
      } while (cursor !== '0');
    } finally {
      redis.disconnect();
    }
    // restart the worker too, as after a redeploy
    for (const c of children) await stopProcess(c);
    await worker();
    await eventually(() => allSent(keys), 40_000, 'batch sent after flush');
    const counts = arrived(keys);
    expect(counts.every((n) => n >= 1)).toBe(true);
    expect(counts.reduce((s, n) => s + n - 1, 0)).toBeLessThanOrEqual(EMAIL_CONCURRENCY);
    mailbox.delayMs = 0;
  });

  it('SMTP down for a while then back: retried with backoff, delivered', async () => {
    const port = mailbox.port;
    await mailbox.stop();
    const keys = await enqueueBatch(20);
    await eventually(
      async () => {
        const [r] = await ctx.db.query(
          `select count(*)::int as n from outbox_deliveries d join outbox_messages m on m.id = d.message_id where m.key = any($1) and d.state = 'failed'`,
          [keys],
        );
        return r.n > 0;
      },
      10_000,
      'failures recorded',
    );
    await mailbox.start(port);
    await eventually(() => allSent(keys), 30_000, 'sent after SMTP is back');
    expect(arrived(keys).every((n) => n === 1)).toBe(true);
  });

  describe('chat robots', () => {
    let server: Server;
    let calls: { path: string; body: string; url: string }[] = [];
    let flakyLeft = 2;
    beforeAll(async () => {
      server = createServer((req, res) => {
        let body = '';
        req.on('data', (c) => (body += c));
        req.on('end', () => {
          calls.push({ path: req.url?.split('?')[0] ?? '', body, url: req.url ?? '' });
          if (req.url?.startsWith('/broken')) {
            res.writeHead(500).end('boom');
          } else if (req.url?.startsWith('/flaky') && flakyLeft-- > 0) {
            res.writeHead(500).end('busy');
          } else {
            res.writeHead(200, { 'content-type': 'application/json' }).end('{"errcode":0,"errmsg":"ok"}');
          }
        });
      });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    });
    afterAll(async () => {
      await new Promise<void>((r) => server.close(() => r()));
    });

    it('signs DingTalk, retries a 500, and leaves a dead letter with its reason when the robot keeps failing', async () => {
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      calls = [];
      const robotUnit = await createUnit(ctx.db, '机器人学校');
      await ctx.db.query(
        `insert into unit_webhooks (unit_id, kind, url, secret) values ($1, 'dingtalk', $2, 'SEC123'), ($1, 'wecom', $3, null), ($1, 'wecom', $4, null)`,
        [robotUnit, `${base}/ding?access_token=t`, `${base}/flaky`, `${base}/broken`],
      );
      const key = messageKey({ recipient: { unitId: robotUnit }, kind: 'overdue', slot: '2021-10-15', extra: 'robot' });
      await ctx.db.transaction((m) =>
        ctx
          .get(OutboxService)
          .enqueue(m, [
            { kind: 'overdue', slot: '2021-10-15', recipient: { unitId: robotUnit }, subject: '逾期提醒', body: '已逾期', key },
          ]),
      );
      await eventually(
        async () => {
          const rows = await ctx.db.query(
            `select d.state from outbox_deliveries d join outbox_messages m on m.id = d.message_id where m.key = $1`,
            [key],
          );
          return rows.length === 3 && rows.every((r: { state: string }) => r.state === 'sent' || r.state === 'dead');
        },
        30_000,
        'robots done',
      );
      const rows = await ctx.db.query(
        `select w.url, d.state, d.attempts, d.last_error from outbox_deliveries d join outbox_messages m on m.id = d.message_id
           join unit_webhooks w on w.id::text = d.target where m.key = $1 order by w.url`,
        [key],
      );
      const byPath = Object.fromEntries(rows.map((r: { url: string }) => [new URL(r.url).pathname, r]));
      expect(byPath['/ding']).toMatchObject({ state: 'sent', attempts: 1 });
      expect(byPath['/flaky']).toMatchObject({ state: 'sent', attempts: 3 });
      expect(byPath['/broken']).toMatchObject({ state: 'dead', attempts: 6 });
      expect(byPath['/broken'].last_error).toMatch(/^重试 6 次后放弃：HTTP 500/);
      // DingTalk's signature over timestamp and secret
      const ding = calls.find((c) => c.path === '/ding');
      const q = new URL(`${base}${ding?.url}`).searchParams;
      const expected = createHmac('sha256', 'SEC123')
        .update(`${q.get('timestamp')}\nSEC123`)
        .digest('base64');
      expect(q.get('sign')).toBe(expected);
      expect(JSON.parse(ding?.body ?? '{}')).toMatchObject({ msgtype: 'markdown', markdown: { title: '逾期提醒' } });
    });
  });
});
