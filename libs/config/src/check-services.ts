import Redis from 'ioredis';
import { Client } from 'pg';
import type { AppConfig } from './app-config';

/**
 * Checks PostgreSQL and Redis before a process starts work, so that a missing service stops it
 * with one line that says which and how to fix it instead of a stack trace from deep inside.
 */
export async function checkServices(config: AppConfig): Promise<void> {
  const pg = new Client({
    host: config.PGHOST,
    port: config.PGPORT,
    user: config.PGUSER,
    password: config.PGPASSWORD,
    database: config.PGDATABASE,
    connectionTimeoutMillis: 3000,
  });
  try {
    await pg.connect();
    await pg.query('select 1');
  } catch (e) {
    throw new ServiceUnavailableError(
      `无法连接 PostgreSQL ${config.PGUSER}@${config.PGHOST}:${config.PGPORT}/${config.PGDATABASE}` +
        ` (${(e as Error).message}). 请启动数据库（docker compose up -d postgres，或 pg_ctlcluster … main start），` +
        `数据库不存在时运行 npm run db:create，或设置 PGHOST/PGPORT/PGUSER/PGDATABASE。`,
    );
  } finally {
    await pg.end().catch(() => undefined);
  }

  const redis = new Redis(config.REDIS_URL, {
    lazyConnect: true,
    connectTimeout: 3000,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  redis.on('error', () => undefined); // reported below
  try {
    await redis.connect();
    await redis.ping();
  } catch (e) {
    throw new ServiceUnavailableError(
      `无法连接 Redis ${config.REDIS_URL} (${(e as Error).message}). 请启动 Redis（docker compose up -d redis，` +
        `或 redis-server --daemonize yes），或设置 REDIS_URL。`,
    );
  } finally {
    redis.disconnect();
  }
}

export class ServiceUnavailableError extends Error {}
