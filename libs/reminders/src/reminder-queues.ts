import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { AppConfig } from '@duban/config';
import { Queue, type ConnectionOptions } from 'bullmq';
import { JobEnqueuer } from './job-enqueuer';
import { CHANNEL_QUEUES, SCHEDULER_QUEUE, type DeliveryJobData } from './queues';
import { CHANNELS, type Channel } from './types';

/** BullMQ connection options from REDIS_URL. */
export function redisConnection(config: Pick<AppConfig, 'REDIS_URL'>): ConnectionOptions {
  const url = new URL(config.REDIS_URL);
  return {
    host: url.hostname,
    port: Number(url.port || 6379),
    db: Number(url.pathname.slice(1) || 0),
    password: url.password || undefined,
    // workers block on Redis; BullMQ wants no per-command retry limit
    maxRetriesPerRequest: null,
  };
}

/**
 * Delivery jobs: retried with exponential backoff; a completed job is removed at once, so the
 * reconciler can add the same id again if its delivery is somehow still open (PostgreSQL decides,
 * the claim stops a double send); failed (dead) jobs stay a week for the admins' queue view.
 */
export function deliveryJobOptions(config: Pick<AppConfig, 'REMINDER_MAX_ATTEMPTS' | 'REMINDER_RETRY_BASE_MS'>) {
  return {
    attempts: config.REMINDER_MAX_ATTEMPTS,
    backoff: { type: 'exponential' as const, delay: config.REMINDER_RETRY_BASE_MS },
    removeOnComplete: true,
    removeOnFail: { age: 7 * 24 * 3600, count: 10_000 },
  };
}

/** The reminder queues (producers only; the worker runs the processors). */
@Injectable()
export class ReminderQueues implements OnModuleDestroy {
  private readonly queues = new Map<string, Queue>();
  private enqueuer: JobEnqueuer | null = null;

  constructor(readonly config: AppConfig) {}

  /** Adds delivery jobs, ids from their keys (big batches from a worker thread: see JobEnqueuer). */
  addDeliveryJobs(channel: Channel, jobs: [key: string, messageId: string][]): Promise<void> {
    this.enqueuer ??= new JobEnqueuer(
      {
        connection: redisConnection(this.config),
        prefix: this.config.QUEUE_PREFIX,
        queues: CHANNEL_QUEUES,
        options: deliveryJobOptions(this.config),
        chunk: 1_000,
      },
      (c) => this.channel(c),
    );
    return this.enqueuer.add(channel, jobs);
  }

  channel(channel: Channel): Queue<DeliveryJobData> {
    return this.get(CHANNEL_QUEUES[channel]) as Queue<DeliveryJobData>;
  }

  scheduler(): Queue {
    return this.get(SCHEDULER_QUEUE);
  }

  /** Every reminder queue (for the admins' queue view and metrics). */
  all(): Queue[] {
    return [...CHANNELS.map((c) => this.channel(c) as Queue), this.scheduler()];
  }

  private get(name: string): Queue {
    let q = this.queues.get(name);
    if (!q) {
      q = new Queue(name, { connection: redisConnection(this.config), prefix: this.config.QUEUE_PREFIX });
      this.queues.set(name, q);
    }
    return q;
  }

  async onModuleDestroy(): Promise<void> {
    await this.enqueuer?.close();
    this.enqueuer = null;
    await Promise.all([...this.queues.values()].map((q) => q.close()));
    this.queues.clear();
  }
}
