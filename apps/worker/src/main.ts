import 'reflect-metadata';
import { checkServices, loadConfig } from '@duban/config';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { WorkerModule } from './worker.module';

async function main(): Promise<void> {
  const config = loadConfig();
  await checkServices(config);
  const app = await NestFactory.createApplicationContext(WorkerModule.forConfig(config), { bufferLogs: true });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  const clock = config.DUBAN_CLOCK ? `, clock from ${config.DUBAN_CLOCK}` : '';
  console.log(`Duban worker running (queues prefixed "${config.QUEUE_PREFIX}"${clock})`);
}

main().catch((e: Error) => {
  console.error(`duban-worker: ${e.message}`);
  process.exit(1);
});
