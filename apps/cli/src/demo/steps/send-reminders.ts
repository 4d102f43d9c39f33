import { mkdir, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { SMTPServer } from 'smtp-server';
import { ReminderQueues, ReminderSimulation, ReminderWorkers } from '@duban/reminders';
import { remindersContext } from '../../commands/reminders.command';
import type { DemoStep } from '../context';

const KIND_LABELS: Record<string, string> = {
  due_soon: '临期提醒',
  due_today: '当日到期',
  overdue: '逾期提醒',
  escalation: '逾期升级',
  report_request: '报送提醒',
  urge: '催办',
  notice: '督办单',
  digest: '汇总',
};

/**
 * Today's reminders really go out: the scheduler, the BullMQ queues and the e-mail, robot and in-app
 * channels run in-process for the demo's day. Mail goes to SMTP_URL when it is set (the
 * docker-compose mail catcher); otherwise to a mailbox started here, which writes each message to
 * var/demo/mailbox/ as an .eml file (open it with any mail program).
 */
export const sendReminders: DemoStep = {
  title: '发送今日提醒（邮件、站内通知）',
  async run(ctx) {
    const mailbox = path.join(ctx.outDir, 'mailbox');
    await rm(mailbox, { recursive: true, force: true });
    await mkdir(mailbox, { recursive: true });
    let received = 0;
    const writes: Promise<void>[] = [];
    const sink = process.env.SMTP_URL
      ? null
      : new SMTPServer({
          authOptional: true,
          disabledCommands: ['STARTTLS'],
          logger: false,
          closeTimeout: 500,
          onData(stream, _session, done) {
            const chunks: Buffer[] = [];
            stream.on('data', (c: Buffer) => chunks.push(c));
            stream.on('end', () => {
              received += 1;
              writes.push(writeFile(path.join(mailbox, `${String(received).padStart(4, '0')}.eml`), Buffer.concat(chunks)));
              done();
            });
          },
        });
    let smtpUrl = ctx.config.SMTP_URL;
    if (sink) {
      // a sender dropping its connection is the sender's problem, not the demo's
      sink.on('error', () => undefined);
      await new Promise<void>((resolve) => sink.listen(0, '127.0.0.1', resolve));
      smtpUrl = `smtp://127.0.0.1:${(sink.server.address() as AddressInfo).port}`;
    }
    const today = ctx.clock.today();
    const config = { ...ctx.config, SMTP_URL: smtpUrl, REMINDER_RETRY_BASE_MS: Math.min(ctx.config.REMINDER_RETRY_BASE_MS, 200) };
    const app = await remindersContext(config, today, ctx.clock.now());
    const workers = app.get(ReminderWorkers);
    try {
      await workers.start({ tickMs: 0 });
      await app.get(ReminderSimulation).simulate(today, today, undefined, () => undefined);
      // what went out today, from the outbox (PostgreSQL is the record), per kind and channel
      const rows: { kind: string; channel: string; n: number }[] = await ctx.db.query(
        `SELECT m.kind, d.channel, count(*)::int AS n FROM outbox_deliveries d JOIN outbox_messages m ON m.id = d.message_id
          WHERE d.state = 'sent' AND d.sent_at >= $1::date::timestamp AT TIME ZONE 'Asia/Shanghai'
          GROUP BY 1, 2 ORDER BY 1, 2`,
        [today],
      );
      const kinds = [...new Set(rows.map((r) => r.kind))];
      const count = (kind: string, channel: string) => rows.find((r) => r.kind === kind && r.channel === channel)?.n ?? 0;
      ctx.report.table(
        ['类型', '邮件', '机器人', '站内通知'],
        kinds.map((k) => [KIND_LABELS[k] ?? k, count(k, 'email'), count(k, 'webhook'), count(k, 'inapp')]),
      );
    } finally {
      await workers.stop();
      await Promise.all(
        app
          .get(ReminderQueues)
          .all()
          .map((q) => q.close()),
      );
      await app.close();
      if (sink) await new Promise<void>((resolve) => sink.close(() => resolve()));
    }
    await Promise.all(writes);
    ctx.report.line(
      sink
        ? `本地邮箱：${path.relative(ctx.repo, mailbox)}/ 共 ${received} 封（每封一个文件，可用邮件程序打开）`
        : `邮件已发往 ${smtpUrl}（如 docker compose 的邮件查看器）`,
    );
  },
};
