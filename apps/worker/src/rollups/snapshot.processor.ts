import { Processor, WorkerHost } from '@nestjs/bullmq';
import { QueueName, type JobData } from '@duban/jobs';
import { SnapshotService, type SnapshotResult } from '@duban/rollups';
import type { Job } from 'bullmq';

/** Takes the weekly roll-up snapshot (idempotent per week and plan, so retries are harmless). */
@Processor(QueueName.Rollups)
export class SnapshotProcessor extends WorkerHost {
  constructor(private readonly snapshots: SnapshotService) {
    super();
  }

  process(job: Job<JobData<'rollups.snapshot'>>): Promise<SnapshotResult> {
    return this.snapshots.take(job.data.date);
  }
}
