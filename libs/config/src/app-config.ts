import 'reflect-metadata';
import { plainToInstance, Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, Min, validateSync } from 'class-validator';

const toInt = ({ value }: { value: unknown }): unknown => (typeof value === 'string' && value.trim() !== '' ? Number(value) : value);

/**
 * Every setting Duban reads from the environment, with defaults that work on a developer machine
 * (PostgreSQL and Redis on 127.0.0.1, as docker-compose.yml also provides).
 */
export class AppConfig {
  @IsIn(['development', 'test', 'production'])
  NODE_ENV: 'development' | 'test' | 'production' = 'development';

  @IsString() PGHOST = '127.0.0.1';
  @Transform(toInt) @IsInt() @Min(1) @Max(65535) PGPORT = 5432;
  @IsString() PGUSER = 'postgres';
  @IsOptional() @IsString() PGPASSWORD?: string;
  @IsString() PGDATABASE = 'duban';

  @IsString() REDIS_URL = 'redis://127.0.0.1:6379';
  /** Prefix for BullMQ keys, so test runs and the demo never share queues. */
  @IsString() QUEUE_PREFIX = 'duban';

  @Transform(toInt) @IsInt() @Min(0) @Max(65535) API_PORT = 3000;
  @IsString() API_HOST = '127.0.0.1';

  /** Where uploaded originals are kept (content-addressed by sha256). */
  @IsString() STORAGE_DIR = 'var/storage';

  @Transform(toInt) @IsInt() @Min(1) PLAN_MAX_BYTES = 20 * 1024 * 1024;
  @Transform(toInt) @IsInt() @Min(1) PLAN_MAX_UNZIPPED_BYTES = 100 * 1024 * 1024;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';
}

export class ConfigError extends Error {}

/** Reads and validates the environment; throws ConfigError with one readable line per problem. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const known = Object.keys(new AppConfig());
  const raw: Record<string, unknown> = {};
  for (const key of [...known, 'PGPASSWORD']) {
    if (env[key] !== undefined && env[key] !== '') raw[key] = env[key];
  }
  const config = plainToInstance(AppConfig, raw);
  const errors = validateSync(config, { forbidUnknownValues: false });
  if (errors.length > 0) {
    const lines = errors.map((e) => `${e.property}=${JSON.stringify(e.value)}: ${Object.values(e.constraints ?? {}).join('; ')}`);
    throw new ConfigError(`配置错误 / invalid configuration: ${lines.join(' | ')}`);
  }
  return config;
}
