import { Logger } from '@nestjs/common';
import type { Queue } from 'bullmq';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { addDeliveryJobs, ENQUEUER_ROLE, type EnqueuerSetup, type EnqueueReply, type EnqueueRequest } from './job-enqueuer.thread';
import type { Channel } from './types';

/** Below this many jobs a call stays on the calling thread: the hop costs more than it frees. */
export const THREAD_MIN_JOBS = 500;

/**
 * Adds delivery jobs to BullMQ, big batches from a worker thread. Why a thread: BullMQ's `addBulk`
 * spends about 50 µs of JavaScript per job (the job object, msgpack, the pipeline's buffers and
 * their garbage) — as much main-thread time as the rest of a scheduler pass. On its own thread it
 * runs while the pass plans and writes the next chunk to PostgreSQL instead of after it
 * (docs/benchmarks.md, "one scheduler pass"). A reply means the jobs are in Redis; if the thread
 * dies, its calls fail and the next one starts a new thread (the reconciler rebuilds lost jobs
 * from PostgreSQL in any case). Falls back to the calling thread if no thread can be started.
 */
export class JobEnqueuer {
  private readonly log = new Logger('JobEnqueuer');
  private worker: Worker | null = null;
  private threadsUnavailable = false;
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve: () => void; reject: (e: Error) => void }>();

  constructor(
    private readonly setup: Omit<EnqueuerSetup, 'role'>,
    /** the calling thread's queue of a channel, for small batches and the fallback */
    private readonly queueOf: (channel: Channel) => Queue,
  ) {}

  async add(channel: Channel, jobs: [key: string, messageId: string][]): Promise<void> {
    if (jobs.length === 0) return;
    const worker = jobs.length >= THREAD_MIN_JOBS ? this.thread() : null;
    const here = () => addDeliveryJobs(this.queueOf(channel), channel, jobs, this.setup.options, this.setup.chunk);
    if (!worker) return here();
    const id = this.nextId++;
    const done = new Promise<void>((resolve, reject) => this.waiting.set(id, { resolve, reject }));
    if (this.waiting.size === 1) worker.ref();
    worker.postMessage({ id, channel, jobs } satisfies EnqueueRequest);
    // the thread died or Redis refused it there: once more from here (a job id already queued is left alone)
    return done.catch(here);
  }

  /** Lets the thread finish what it was handed (at most `graceMs`), then stops it. */
  async close(graceMs = 10_000): Promise<void> {
    const worker = this.worker;
    if (!worker) return;
    this.worker = null;
    const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
    worker.postMessage('close');
    const timer = setTimeout(() => void worker.terminate(), graceMs);
    await exited;
    clearTimeout(timer);
  }

  private thread(): Worker | null {
    if (this.worker || this.threadsUnavailable) return this.worker;
    // from TypeScript (tests, CLI) the thread compiles its file as the process does; from dist it is .js
    const ext = path.extname(__filename);
    try {
      const worker = new Worker(path.join(__dirname, `job-enqueuer.thread${ext}`), {
        workerData: { ...this.setup, role: ENQUEUER_ROLE } satisfies EnqueuerSetup,
        execArgv: ext === '.ts' ? ['--require', '@swc-node/register'] : [],
      });
      worker.unref();
      worker.on('message', (reply: EnqueueReply) => {
        const w = this.waiting.get(reply.id);
        if (!w) return;
        this.waiting.delete(reply.id);
        if (this.waiting.size === 0) worker.unref();
        if (reply.error) w.reject(new Error(reply.error));
        else w.resolve();
      });
      const fail = (err: Error) => {
        if (this.worker === worker) this.worker = null;
        for (const w of this.waiting.values()) w.reject(err);
        this.waiting.clear();
      };
      worker.on('error', (err: Error) => {
        this.log.warn(`enqueue thread failed: ${err.message}`);
        fail(err);
      });
      worker.on('exit', (code) => fail(new Error(`enqueue thread exited (${code})`)));
      this.worker = worker;
      return worker;
    } catch (err) {
      this.threadsUnavailable = true;
      this.log.warn(`no enqueue thread, adding jobs on the calling thread: ${(err as Error).message}`);
      return null;
    }
  }
}
