import { loadConfig } from '@duban/config';
import { QueueName } from '@duban/jobs';
import { WEEKLY_SNAPSHOT_CRON, WEEKLY_SNAPSHOT_SCHEDULER_ID } from '@duban/rollups';
import { NestFactory } from '@nestjs/core';
import { Queue, QueueEvents } from 'bullmq';
import { DataSource } from 'typeorm';
import { WorkerModule } from '../../apps/worker/src/worker.module';
import { createPlan } from '../inbox/support/factories';

describe('worker: weekly roll-up snapshot', () => {
  it('registers Monday 00:30 China time and takes a snapshot idempotently when the job runs', async () => {
    const config = loadConfig();
    const worker = await NestFactory.createApplicationContext(WorkerModule.forConfig(config), { logger: false });
    const connection = { host: '127.0.0.1', port: 6379 };
    const queue = new Queue(QueueName.Rollups, { connection, prefix: config.QUEUE_PREFIX });
    const events = new QueueEvents(QueueName.Rollups, { connection, prefix: config.QUEUE_PREFIX });
    try {
      await events.waitUntilReady();
      const scheduler = await queue.getJobScheduler(WEEKLY_SNAPSHOT_SCHEDULER_ID);
      expect(scheduler).toMatchObject({ pattern: WEEKLY_SNAPSHOT_CRON, tz: 'Asia/Shanghai' });
      expect(WEEKLY_SNAPSHOT_CRON).toBe('30 0 * * 1');
      // the next run is a Monday at 00:30 in China
      const next = new Date(Number(scheduler!.next));
      const china = new Date(next.getTime() + 8 * 3600_000);
      expect([china.getUTCDay(), china.getUTCHours(), china.getUTCMinutes()]).toEqual([1, 0, 30]);

      const db = worker.get(DataSource);
      const plan = await createPlan(db, '快照任务测试计划');
      const run = async () => (await queue.add('rollups.snapshot', { date: '2021-06-09' })).waitUntilFinished(events, 30_000);
      const first = await run();
      expect(first.week).toBe('2021-06-07');
      expect(first.plans.find((p: { planId: string }) => p.planId === plan.planId)).toMatchObject({ skipped: false });
      const second = await run();
      expect(second.plans.find((p: { planId: string }) => p.planId === plan.planId)).toMatchObject({ skipped: true, rows: 0 });
    } finally {
      await Promise.all([queue.obliterate({ force: true }).then(() => queue.close()), events.close()]);
      await worker.close();
    }
  });
});
