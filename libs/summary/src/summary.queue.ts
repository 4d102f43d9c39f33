/* eslint-disable @typescript-eslint/consistent-type-imports -- Nest resolves constructor parameters from emitted type metadata: these imports must stay values */
import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '@duban/config';
import { DEFAULT_JOB_OPTIONS, QueueName, type JobData } from '@duban/jobs';
import { Queue } from 'bullmq';

/**
 * Enqueues summary generation for the worker. The queue connects on first use only, so an API that
 * never serves a large plan's summary opens no extra Redis connection.
 */
@Injectable()
export class SummaryQueue implements OnApplicationShutdown {
  private queue: Queue | null = null;

  constructor(private readonly config: AppConfig) {}

  /** `attempt` distinguishes a retry after a failed job (whose id BullMQ still holds) */
  async enqueue(exportId: string, attempt?: string): Promise<void> {
    const data: JobData<'summary.generate'> = { exportId };
    // the export id as job id: a second request for the same file never makes a second job
    await this.get().add('summary.generate', data, {
      ...DEFAULT_JOB_OPTIONS,
      attempts: 3,
      jobId: attempt ? `summary-${exportId}-${attempt}` : `summary-${exportId}`,
    });
  }

  private get(): Queue {
    if (!this.queue) {
      const redis = new URL(this.config.REDIS_URL);
      this.queue = new Queue(QueueName.Summary, {
        prefix: this.config.QUEUE_PREFIX,
        connection: {
          host: redis.hostname,
          port: Number(redis.port || 6379),
          db: Number(redis.pathname.slice(1) || 0),
          password: redis.password || undefined,
        },
      });
    }
    return this.queue;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.queue?.close();
  }
}
