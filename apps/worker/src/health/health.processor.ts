import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Clock } from '@duban/clock';
import { QueueName, type JobData } from '@duban/jobs';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Job } from 'bullmq';
import type { DataSource } from 'typeorm';

/** Proves the worker is alive and can reach the database; errors reach BullMQ so it retries. */
@Processor(QueueName.Health)
export class HealthProcessor extends WorkerHost {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
  ) {
    super();
  }

  async process(job: Job<JobData<'health.ping'>>): Promise<{ database: 'ok'; requestedAt: string; answeredAt: string }> {
    await this.db.query('select 1');
    return { database: 'ok', requestedAt: job.data.requestedAt, answeredAt: this.clock.now().toISOString() };
  }
}
