import { loadConfig } from '@duban/config';
import { QueueName } from '@duban/jobs';
import { NestFactory } from '@nestjs/core';
import { Queue, QueueEvents } from 'bullmq';
import { DataSource } from 'typeorm';
import { WorkerModule } from '../../apps/worker/src/worker.module';

describe('worker on real Redis', () => {
  it('answers a health job through BullMQ', async () => {
    const config = loadConfig();
    const worker = await NestFactory.createApplicationContext(WorkerModule.forConfig(config), { logger: false });
    const connection = { host: '127.0.0.1', port: 6379 };
    const queue = new Queue(QueueName.Health, { connection, prefix: config.QUEUE_PREFIX });
    const events = new QueueEvents(QueueName.Health, { connection, prefix: config.QUEUE_PREFIX });
    try {
      await events.waitUntilReady();
      const requestedAt = new Date().toISOString();
      const job = await queue.add('health.ping', { requestedAt });
      const result = await job.waitUntilFinished(events, 15_000);
      expect(result).toMatchObject({ database: 'ok', requestedAt });
      // like the API, the worker connects as the app role (no superuser, owns no table)
      expect(await worker.get(DataSource).query(`select current_user as me`)).toEqual([{ me: config.DUBAN_APP_DB_USER }]);
    } finally {
      await Promise.all([queue.obliterate({ force: true }).then(() => queue.close()), events.close()]);
      await worker.close();
    }
  });
});
