/* eslint-disable @typescript-eslint/consistent-type-imports -- Nest resolves constructor parameters from emitted type metadata: these imports must stay values */
import { Processor, WorkerHost } from '@nestjs/bullmq';
import { QueueName, type JobData } from '@duban/jobs';
import type { Job } from 'bullmq';
import { SummaryService } from './summary.service';

/** Generates and stores a large plan's summary file; a failure is recorded on the export row and retried by BullMQ. */
@Processor(QueueName.Summary)
export class SummaryProcessor extends WorkerHost {
  constructor(private readonly summaries: SummaryService) {
    super();
  }

  async process(job: Job<JobData<'summary.generate'>>): Promise<{ exportId: string }> {
    await this.summaries.runExport(job.data.exportId, job.attemptsMade + 1 >= (job.opts.attempts ?? 1));
    return { exportId: job.data.exportId };
  }
}
