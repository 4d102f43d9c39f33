import { Global, Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { Clock, clockProvider } from '@duban/clock';
import { AppConfig } from '@duban/config';
import { dataSourceOptions } from '@duban/db';
import { TypeOrmModule } from '@nestjs/typeorm';
import type Redis from 'ioredis';
import { REDIS, redisProvider } from './common/redis.provider';
import { FILE_STORAGE, storageProvider } from './common/storage.provider';

/** Config, clock, database, Redis and file storage: shared by every feature module. */
@Global()
@Module({})
export class CoreModule implements OnApplicationShutdown {
  constructor(@Inject(REDIS) private readonly redis: Redis) {}

  static forConfig(config: AppConfig): DynamicModule {
    return {
      module: CoreModule,
      imports: [TypeOrmModule.forRoot({ ...dataSourceOptions(config), retryAttempts: 0 })],
      providers: [{ provide: AppConfig, useValue: config }, clockProvider(config.DUBAN_CLOCK), redisProvider, storageProvider],
      exports: [AppConfig, Clock, REDIS, FILE_STORAGE],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit().catch(() => undefined);
  }
}
