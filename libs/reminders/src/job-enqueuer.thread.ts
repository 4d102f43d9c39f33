// The worker-thread side of JobEnqueuer: its own BullMQ queues (own Redis connections), adding the
// delivery jobs it is handed, one request after another. Imports nothing of the app but BullMQ and
// the key rules, so the thread starts fast and the same file runs from TypeScript (tests, CLI) and from dist.
import { parentPort, workerData } from 'node:worker_threads';
import { Queue, type ConnectionOptions, type JobsOptions } from 'bullmq';
import { jobIdOf } from './keys';

export const ENQUEUER_ROLE = 'duban-job-enqueuer';

export interface EnqueuerSetup {
  /** marks the thread's data, so the file does nothing when imported elsewhere */
  role: typeof ENQUEUER_ROLE;
  connection: ConnectionOptions;
  prefix: string;
  /** channel → queue name */
  queues: Record<string, string>;
  options: JobsOptions;
  /** jobs per addBulk call: BullMQ builds one Redis pipeline per call, and a huge one costs more in GC than it saves */
  chunk: number;
}

/** `jobs` as [key, messageId] pairs: cheaper to copy between threads than objects. */
export interface EnqueueRequest {
  id: number;
  channel: string;
  jobs: [string, string][];
}

export interface EnqueueReply {
  id: number;
  error?: string;
}

/** Adds the jobs of one request, `chunk` per call, with ids from their keys (an id already queued is left as it is). */
export async function addDeliveryJobs(queue: Queue, channel: string, jobs: [string, string][], options: JobsOptions, chunk: number) {
  for (let i = 0; i < jobs.length; i += chunk) {
    await queue.addBulk(
      jobs
        .slice(i, i + chunk)
        .map(([key, messageId]) => ({ name: `deliver.${channel}`, data: { messageId }, opts: { ...options, jobId: jobIdOf(key) } })),
    );
  }
}

const setup = workerData as EnqueuerSetup | null;
if (parentPort && setup?.role === ENQUEUER_ROLE) {
  const port = parentPort;
  const queues = new Map<string, Queue>();
  const queueOf = (channel: string) => {
    let q = queues.get(channel);
    if (!q) queues.set(channel, (q = new Queue(setup.queues[channel], { connection: setup.connection, prefix: setup.prefix })));
    return q;
  };
  // one request at a time, in order: a reply means its jobs are in Redis
  let chain: Promise<void> = Promise.resolve();
  port.on('message', (req: EnqueueRequest | 'close') => {
    if (req === 'close') {
      chain = chain.then(async () => {
        await Promise.all([...queues.values()].map((q) => q.close()));
        port.close();
      });
      return;
    }
    chain = chain.then(() =>
      addDeliveryJobs(queueOf(req.channel), req.channel, req.jobs, setup.options, setup.chunk).then(
        () => port.postMessage({ id: req.id } satisfies EnqueueReply),
        (err: Error) => port.postMessage({ id: req.id, error: err.message } satisfies EnqueueReply),
      ),
    );
  });
}
