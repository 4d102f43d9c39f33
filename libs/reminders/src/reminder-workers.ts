import { Injectable, Logger } from '@nestjs/common';
import { Clock } from '@duban/clock';
import { AppConfig } from '@duban/config';
import { Worker, type Job } from 'bullmq';
import { DeliveryService } from './delivery.service';
import { CHANNEL_QUEUES, SCHEDULER_QUEUE, type DeliveryJobData } from './queues';
import { ReconcilerService } from './reconciler.service';
import { redisConnection } from './reminder-queues';
import { ReminderQueues } from './reminder-queues';
import { ReminderScheduler } from './scheduler/reminder-scheduler.service';
import { CHANNELS, type Channel } from './types';

/** Per-channel rate limits (jobs per duration): SMTP relays and chat robots throttle senders. */
export const CHANNEL_LIMITS: Record<Channel, { max: number; duration: number; concurrency: number }> = {
  email: { max: 50, duration: 1000, concurrency: 5 },
  webhook: { max: 10, duration: 1000, concurrency: 2 },
  inapp: { max: 1000, duration: 1000, concurrency: 10 },
};

export interface ReminderWorkerOptions {
  /** the periodic tick (reconcile, then schedule today): default every 5 minutes; 0 = none (simulations tick by hand) */
  tickMs?: number;
  /** BullMQ lock and stall check, ms (a killed worker's jobs come back after about this long) */
  lockMs?: number;
}

/**
 * Runs the reminder processors in this process: one BullMQ worker per channel queue (rate-limited,
 * with concurrency), and the scheduler queue whose repeatable `tick` job reconciles and then runs
 * the day's scheduler. The worker app starts it; the CLI's simulation starts it in-process.
 */
@Injectable()
export class ReminderWorkers {
  private readonly log = new Logger('ReminderWorkers');
  private workers: Worker[] = [];
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly delivery: DeliveryService,
    private readonly reconciler: ReconcilerService,
    private readonly scheduler: ReminderScheduler,
    private readonly queues: ReminderQueues,
  ) {}

  async start(options: ReminderWorkerOptions = {}): Promise<void> {
    const connection = redisConnection(this.config);
    const lock = options.lockMs ? { lockDuration: options.lockMs, stalledInterval: options.lockMs } : {};
    for (const channel of CHANNELS) {
      const { max, duration, concurrency } = CHANNEL_LIMITS[channel];
      this.workers.push(
        new Worker<DeliveryJobData>(CHANNEL_QUEUES[channel], (job) => this.process(channel, job), {
          connection,
          prefix: this.config.QUEUE_PREFIX,
          concurrency,
          limiter: { max, duration },
          ...lock,
        }),
      );
    }
    this.workers.push(
      new Worker(SCHEDULER_QUEUE, () => this.tick(), { connection, prefix: this.config.QUEUE_PREFIX, concurrency: 1, ...lock }),
    );
    for (const w of this.workers) w.on('error', (e) => this.log.warn(`worker error: ${e.message}`));
    await Promise.all(this.workers.map((w) => w.waitUntilReady()));
    // whatever Redis lost while no worker ran
    await this.reconciler.run();
    const tickMs = options.tickMs ?? 5 * 60_000;
    if (tickMs > 0) {
      await this.ensureTick(tickMs);
      // a flushed Redis loses the repeatable job too: put it back when it is missing
      this.timer = setInterval(
        () => void this.ensureTick(tickMs).catch((e: Error) => this.log.warn(`tick upsert failed: ${e.message}`)),
        tickMs,
      );
      this.timer.unref();
    }
  }

  private async ensureTick(tickMs: number): Promise<void> {
    const queue = this.queues.scheduler();
    if (await queue.getJobScheduler('reminders-tick')) return;
    await queue.upsertJobScheduler('reminders-tick', { every: tickMs }, { name: 'tick' });
  }

  /** One tick: reconcile, then plan today's messages (idempotent, so every worker may tick). */
  async tick(): Promise<{ jobs: number; planned: number }> {
    const { jobs } = await this.reconciler.run();
    const { planned } = await this.scheduler.run(this.clock.today());
    return { jobs, planned };
  }

  private async process(channel: Channel, job: Job<DeliveryJobData>): Promise<unknown> {
    const final = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    const outcome = await this.delivery.deliver(channel, job.data.messageId, final);
    // BullMQ retries with backoff; the rows already say failed (or dead on the final attempt)
    if (outcome.retry.length > 0) throw new Error(outcome.retry.join('; '));
    return outcome;
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await Promise.all(this.workers.map((w) => w.close()));
    this.workers = [];
  }
}
