import { Inject, type Provider } from '@nestjs/common';
import { AppConfig } from '@duban/config';
import Redis from 'ioredis';

export const REDIS = Symbol('REDIS');
export const InjectRedis = (): ParameterDecorator => Inject(REDIS);

export const redisProvider: Provider = {
  provide: REDIS,
  inject: [AppConfig],
  useFactory: (config: AppConfig) => new Redis(config.REDIS_URL, { maxRetriesPerRequest: 2, enableReadyCheck: true }),
};
