import 'reflect-metadata';
// relative, not @duban/clock: jest's globalSetup loads this file without the path aliases
import { IsClockSetting } from '../../clock/src/clock-setting.validator';
import { plainToInstance, Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
  ValidationError,
  validateSync,
} from 'class-validator';

const toInt = ({ value }: { value: unknown }): unknown => (typeof value === 'string' && value.trim() !== '' ? Number(value) : value);
const toBool = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string'
    ? (({ true: true, '1': true, false: false, '0': false } as Record<string, boolean>)[value.trim().toLowerCase()] ?? value)
    : value;

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
  /**
   * The role the API, the worker and the CLI's runtime commands connect as (PG* above is the owner,
   * used only for migrations and database administration). `db migrate` creates it: no superuser,
   * owns no table, and may only read and append to audit_events, so the app cannot erase its trail.
   */
  @Matches(/^[a-z_][a-z0-9_]{0,62}$/, { message: 'must be a lower-case PostgreSQL role name' })
  DUBAN_APP_DB_USER = 'duban_app';
  /** Its password, when the server does not trust local connections; `db migrate` sets it. */
  @IsOptional() @IsString() DUBAN_APP_DB_PASSWORD?: string;

  @IsString() REDIS_URL = 'redis://127.0.0.1:6379';
  /** Prefix for BullMQ keys, so test runs and the demo never share queues. */
  @IsString() QUEUE_PREFIX = 'duban';

  /** Roll-up lights: yellow when reported progress lags 序时进度 by more than this many points (@duban/schedule). */
  @Transform(toInt) @IsInt() @Min(0) @Max(100) LIGHT_LAG_MARGIN_PERCENT = 20;

  @Transform(toInt) @IsInt() @Min(0) @Max(65535) API_PORT = 3000;
  @IsString() API_HOST = '127.0.0.1';

  /** Where uploaded originals are kept (content-addressed by sha256). */
  @IsString() STORAGE_DIR = 'var/storage';

  @Transform(toInt) @IsInt() @Min(1) PLAN_MAX_BYTES = 20 * 1024 * 1024;
  @Transform(toInt) @IsInt() @Min(1) PLAN_MAX_UNZIPPED_BYTES = 100 * 1024 * 1024;

  /** Largest evidence file (佐证材料) accepted, in bytes; at most 5 GiB (a single S3 copy). */
  @Transform(toInt) @IsInt() @Min(1) @Max(5 * 1024 ** 3) EVIDENCE_MAX_BYTES = 200 * 1024 * 1024;

  /** Where uploaded files live: `local` (STORAGE_DIR) or an S3-compatible bucket (MinIO, OSS, COS…). */
  @IsIn(['local', 's3']) STORAGE_DRIVER: 'local' | 's3' = 'local';
  /** e.g. `http://minio:9000`; empty for AWS itself */
  @IsString() S3_ENDPOINT = '';
  @IsString() S3_REGION = 'us-east-1';
  @ValidateIf((c: AppConfig) => c.STORAGE_DRIVER === 's3') @IsString() @MinLength(3) S3_BUCKET = '';
  @ValidateIf((c: AppConfig) => c.STORAGE_DRIVER === 's3') @IsString() @MinLength(1) S3_ACCESS_KEY_ID = '';
  @ValidateIf((c: AppConfig) => c.STORAGE_DRIVER === 's3') @IsString() @MinLength(1) S3_SECRET_ACCESS_KEY = '';
  /** `https://host/bucket/key` addressing, which MinIO and most on-premise stores need */
  @Transform(toBool) @IsBoolean() S3_FORCE_PATH_STYLE = true;

  /** 催办: the shortest time between two urgings of one assignment, in hours (429 URGE_TOO_SOON before it). */
  @Transform(toInt) @IsInt() @Min(0) @Max(24 * 30) URGE_MIN_INTERVAL_HOURS = 24;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  /**
   * HS256 key for access tokens. Required (≥32 characters) in production; elsewhere, when unset,
   * the API makes a random one per process (sign-ins then end when it restarts).
   */
  @ValidateIf((c: AppConfig) => c.NODE_ENV === 'production' || c.JWT_SECRET !== undefined)
  @IsString()
  @MinLength(32)
  JWT_SECRET?: string;

  /** Access-token lifetime; short, because only logout's Redis denylist can end one early. */
  @Transform(toInt) @IsInt() @Min(10) @Max(3600) ACCESS_TOKEN_TTL_SECONDS = 15 * 60;
  /** A refresh token unused for this long expires (each rotation starts a new period). */
  @Transform(toInt) @IsInt() @Min(60) REFRESH_TOKEN_TTL_SECONDS = 14 * 24 * 3600;

  /** Failed sign-ins per account within the window before it is locked for the rest of it. */
  @Transform(toInt) @IsInt() @Min(1) LOGIN_MAX_FAILURES_PER_ACCOUNT = 5;
  /** Failed sign-ins per client IP within the window before that IP is refused. */
  @Transform(toInt) @IsInt() @Min(1) LOGIN_MAX_FAILURES_PER_IP = 20;
  /** Counting window and lockout length, in seconds. */
  @Transform(toInt) @IsInt() @Min(1) LOGIN_LOCK_SECONDS = 15 * 60;

  /** The password seeded demo users get; the API refuses to start in production while any user still has it. */
  @IsString() @MinLength(8) @MaxLength(256) AUTH_DEMO_PASSWORD = 'Duban@2024demo';

  /** Outgoing mail (reminders): a pooled SMTP transport; the default is docker-compose's mail catcher. */
  @IsString() SMTP_URL = 'smtp://127.0.0.1:1025';
  @IsString() MAIL_FROM = '督办系统 <duban@localhost>';
  /** The web app's address, for links in messages. */
  @IsString() PUBLIC_URL = 'http://127.0.0.1:3000';
  /** Delivery retries: attempts per message and channel, and the first backoff (doubled each time). */
  @Transform(toInt) @IsInt() @Min(1) @Max(20) REMINDER_MAX_ATTEMPTS = 6;
  @Transform(toInt) @IsInt() @Min(10) REMINDER_RETRY_BASE_MS = 5_000;
  /** A delivery claimed this long ago by a worker that never finished (killed) may be claimed again. */
  @Transform(toInt) @IsInt() @Min(1000) REMINDER_CLAIM_TIMEOUT_MS = 120_000;
  /** The worker's periodic tick (reconcile, then schedule today), ms; 0 = none. */
  @Transform(toInt) @IsInt() @Min(0) REMINDER_TICK_MS = 5 * 60_000;
  /** BullMQ job lock and stall check, ms: a killed worker's jobs are taken over after about this long. */
  @Transform(toInt) @IsInt() @Min(500) REMINDER_LOCK_MS = 30_000;
  /** Bearer token that `GET /metrics` requires; unset: the endpoint answers 404. */
  @IsOptional() @IsString() @MinLength(16) METRICS_TOKEN?: string;

  /** Starts "now" at this instant (ISO with offset), then time runs on; for replays and tests, refused in production (@duban/clock). */
  @IsOptional() @IsClockSetting() DUBAN_CLOCK: string | undefined = undefined;
}

export class ConfigError extends Error {}

/** Reads and validates the environment; throws ConfigError with one readable line per problem. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const known = Object.keys(new AppConfig());
  const raw: Record<string, unknown> = {};
  for (const key of [...known, 'PGPASSWORD', 'DUBAN_APP_DB_PASSWORD', 'JWT_SECRET', 'METRICS_TOKEN']) {
    if (env[key] !== undefined && env[key] !== '') raw[key] = env[key];
  }
  const config = plainToInstance(AppConfig, raw);
  const errors = validateSync(config, { forbidUnknownValues: false });
  if (config.DUBAN_APP_DB_USER === config.PGUSER) {
    errors.push(
      Object.assign(new ValidationError(), {
        property: 'DUBAN_APP_DB_USER',
        value: config.DUBAN_APP_DB_USER,
        constraints: { distinct: '应用角色不能是迁移所用的属主角色 PGUSER / must differ from PGUSER (the owner)' },
      }),
    );
  }
  if (errors.length > 0) {
    const lines = errors.map((e) => `${e.property}=${JSON.stringify(e.value)}: ${Object.values(e.constraints ?? {}).join('; ')}`);
    throw new ConfigError(`配置错误 / invalid configuration: ${lines.join(' | ')}`);
  }
  return config;
}
