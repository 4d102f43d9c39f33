import { Injectable, Logger } from '@nestjs/common';
import { Clock } from '@duban/clock';
import { AppConfig } from '@duban/config';
import { DataSource } from 'typeorm';
import { jobIdOf } from './keys';
import { OutboxService, type DeliveryJobSpec } from './outbox.service';
import { ReminderQueues } from './reminder-queues';
import { CHANNELS, type Channel } from './types';

/**
 * Rebuilds the delivery jobs from PostgreSQL: every open delivery (pending, failed and waiting for
 * its retry, or claimed by a worker that died) of a message that may go out now gets its job back,
 * with an id derived from the key, so a job still queued is left alone. Runs when a worker starts
 * and then periodically: a flushed Redis, a crashed worker or a redeploy loses nothing. Also brings
 * back messages deferred by quiet hours once their morning has come.
 */
@Injectable()
export class ReconcilerService {
  private readonly log = new Logger('Reconciler');

  constructor(
    private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    private readonly outbox: OutboxService,
    private readonly queues: ReminderQueues,
  ) {}

  async run(): Promise<{ jobs: number }> {
    const rows: { channel: Channel; key: string; message_id: string }[] = await this.db.query(
      `select distinct d.channel, m.key, m.id as message_id
         from outbox_deliveries d join outbox_messages m on m.id = d.message_id
        where (d.state in ('pending', 'failed')
               or (d.state = 'sending' and d.claimed_at < now() - make_interval(secs => $2::double precision / 1000)))
          and m.cancelled_at is null and m.not_before <= $1`,
      [this.clock.now(), this.config.REMINDER_CLAIM_TIMEOUT_MS],
    );
    const specs: DeliveryJobSpec[] = rows.map((r) => ({ channel: r.channel, key: r.key, messageId: r.message_id }));
    // a job that BullMQ gave up on while its row stayed open (the worker died recording it) is retried
    for (const channel of CHANNELS) {
      const failed = await this.queues.channel(channel).getFailed(0, 10_000);
      if (failed.length === 0) continue;
      const wanted = new Set(specs.filter((s) => s.channel === channel).map((s) => jobIdOf(s.key)));
      for (const job of failed) if (job.id && wanted.has(job.id)) await job.retry().catch(() => undefined);
    }
    await this.outbox.addJobs(specs);
    if (specs.length > 0) this.log.log(`reconciled ${specs.length} delivery job(s)`);
    return { jobs: specs.length };
  }
}
