import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { QueueName } from '@duban/jobs';
import type { Queue } from 'bullmq';

/** Monday 00:30 China time, every week. */
export const WEEKLY_SNAPSHOT_CRON = '30 0 * * 1';
export const WEEKLY_SNAPSHOT_SCHEDULER_ID = 'rollups.weekly-snapshot';

/**
 * Registers the weekly snapshot as a BullMQ job scheduler (repeatable job) when the worker starts.
 * Upserting is idempotent, so every worker may do it; Redis may be flushed, the next start puts it
 * back, and a missed week is taken by hand with `npm run -s cli -- rollups snapshot --date …`.
 */
@Injectable()
export class SnapshotScheduler implements OnApplicationBootstrap {
  constructor(@InjectQueue(QueueName.Rollups) private readonly queue: Queue) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.queue.upsertJobScheduler(
      WEEKLY_SNAPSHOT_SCHEDULER_ID,
      { pattern: WEEKLY_SNAPSHOT_CRON, tz: 'Asia/Shanghai' },
      { name: 'rollups.snapshot', data: {} },
    );
  }
}
