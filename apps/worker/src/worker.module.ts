import { BullModule } from '@nestjs/bullmq';
import { Global, Module, type DynamicModule } from '@nestjs/common';
import { Clock, clockProvider } from '@duban/clock';
import { AppConfig } from '@duban/config';
import { dataSourceOptions } from '@duban/db';
import { DEFAULT_JOB_OPTIONS, QueueName } from '@duban/jobs';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LoggerModule } from 'nestjs-pino';
import { FILE_STORAGE, createFileStorage } from '@duban/storage';
import { SummaryModule, SummaryProcessor } from '@duban/summary';
import { RollupsModule, SnapshotScheduler } from '@duban/rollups';
import { HealthProcessor } from './health/health.processor';
import { RemindersModule } from '@duban/reminders';
import { RemindersRunner } from './reminders/reminders-runner';
import { SnapshotProcessor } from './rollups/snapshot.processor';

/** The worker: the same domain code as the API, no HTTP controllers, BullMQ processors instead. */
@Global()
@Module({})
export class WorkerModule {
  static forConfig(config: AppConfig): DynamicModule {
    const redis = new URL(config.REDIS_URL);
    return {
      module: WorkerModule,
      imports: [
        LoggerModule.forRoot({ pinoHttp: { level: config.LOG_LEVEL } }),
        // as the app role, like the API: data rights only, the audit trail append-only
        TypeOrmModule.forRoot({ ...dataSourceOptions(config, 'app'), retryAttempts: 0 }),
        BullModule.forRoot({
          prefix: config.QUEUE_PREFIX,
          connection: {
            host: redis.hostname,
            port: Number(redis.port || 6379),
            db: Number(redis.pathname.slice(1) || 0),
            password: redis.password || undefined,
          },
          defaultJobOptions: DEFAULT_JOB_OPTIONS,
        }),
        BullModule.registerQueue({ name: QueueName.Health }),
        BullModule.registerQueue({ name: QueueName.Summary }),
        BullModule.registerQueue({ name: QueueName.Rollups }),
        SummaryModule,
        RollupsModule,
        RemindersModule,
      ],
      providers: [
        { provide: AppConfig, useValue: config },
        clockProvider(config.DUBAN_CLOCK),
        { provide: FILE_STORAGE, inject: [AppConfig], useFactory: createFileStorage },
        HealthProcessor,
        SummaryProcessor,
        SnapshotProcessor,
        SnapshotScheduler,
        RemindersRunner,
      ],
      exports: [AppConfig, Clock, FILE_STORAGE],
    };
  }
}
