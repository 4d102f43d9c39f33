import { AdjustableClock, Clock } from '@duban/clock';
import { AppConfig, loadConfig } from '@duban/config';
import { dataSourceOptions } from '@duban/db';
import { ReminderQueues, RemindersModule } from '@duban/reminders';
import { Global, Module, type DynamicModule, type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

@Global()
@Module({})
class TestCoreModule {
  static with(config: AppConfig, clock: Clock): DynamicModule {
    return {
      module: TestCoreModule,
      imports: [TypeOrmModule.forRoot({ ...dataSourceOptions(config, 'app'), retryAttempts: 0 })],
      providers: [
        { provide: AppConfig, useValue: config },
        { provide: Clock, useValue: clock },
      ],
      exports: [AppConfig, Clock],
    };
  }
}

export interface ReminderContext {
  app: INestApplicationContext;
  db: DataSource;
  clock: AdjustableClock;
  config: AppConfig;
  get<T>(type: abstract new (...args: never[]) => T): T;
  close(): Promise<void>;
  /** empties this run's reminder queues in Redis, then closes */
  clearQueuesAndClose(): Promise<void>;
}

/** The reminders lib as the worker and the API wire it: real PostgreSQL (app role) and Redis, a frozen clock. */
export async function reminderContext(
  start: string,
  env: Record<string, string> = {},
  extra: DynamicModule[] = [],
): Promise<ReminderContext> {
  const config = loadConfig({ ...process.env, ...env });
  const clock = new AdjustableClock(new Date(start), { frozen: true });
  @Module({ imports: [TestCoreModule.with(config, clock), RemindersModule, ...extra] })
  class Root {}
  const app = await NestFactory.createApplicationContext(Root, { logger: false });
  await app.init();
  return {
    app,
    db: app.get(DataSource),
    clock,
    config,
    get: (type) => app.get(type as never),
    close: () => app.close(),
    clearQueuesAndClose: async () => {
      await Promise.all(
        app
          .get(ReminderQueues)
          .all()
          .map((q) => q.obliterate({ force: true })),
      );
      await app.close();
    },
  };
}
