import type { JobsOptions } from 'bullmq';

/**
 * Queue names. The values are stored in Redis with every job: never rename one, or jobs already
 * queued under the old name stall.
 */
export enum QueueName {
  Health = 'health',
  /** year-end summaries of plans too large to generate during a request */
  Summary = 'summary',
  Rollups = 'rollups',
}

/** Every job Duban runs, typed by name. Payloads carry ids only and must stay JSON. */
export type JobItem =
  | { queue: QueueName.Health; name: 'health.ping'; data: { requestedAt: string } }
  | { queue: QueueName.Summary; name: 'summary.generate'; data: { exportId: string } }
  /** weekly roll-up snapshot; `date` (China date) only for a replayed week, else the clock's today */
  | { queue: QueueName.Rollups; name: 'rollups.snapshot'; data: { date?: string } };

export type JobName = JobItem['name'];
export type JobData<N extends JobName> = Extract<JobItem, { name: N }>['data'];

/** Retries with exponential backoff; bounded retention so Redis does not fill with history. */
export const DEFAULT_JOB_OPTIONS: JobsOptions = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 2000 },
  removeOnComplete: { age: 24 * 3600, count: 1000 },
  removeOnFail: { age: 7 * 24 * 3600, count: 5000 },
};
