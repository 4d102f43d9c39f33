import Redis from 'ioredis';
import { Client } from 'pg';
import type { AppConfig } from './app-config';

/**
 * Checks PostgreSQL and Redis before a process starts work, so that a missing service stops it
 * with one line that says which and how to fix it instead of a stack trace from deep inside.
 * PostgreSQL is checked as the app's role (DUBAN_APP_DB_USER), which is what the API, the worker
 * and the demo connect as; a role that is a superuser is refused, since it could erase the audit trail.
 */
export async function checkServices(config: AppConfig): Promise<void> {
  const user = config.DUBAN_APP_DB_USER;
  const pg = new Client({
    host: config.PGHOST,
    port: config.PGPORT,
    user,
    password: config.DUBAN_APP_DB_PASSWORD,
    database: config.PGDATABASE,
    connectionTimeoutMillis: 3000,
  });
  let superuser = false;
  try {
    await pg.connect();
    const { rows } = await pg.query<{ rolsuper: boolean }>('select rolsuper from pg_roles where rolname = current_user');
    superuser = rows[0]?.rolsuper ?? false;
  } catch (e) {
    throw new ServiceUnavailableError(
      `无法连接 PostgreSQL ${user}@${config.PGHOST}:${config.PGPORT}/${config.PGDATABASE}` +
        ` (${(e as Error).message}). 请启动数据库（docker compose up -d postgres，或 pg_ctlcluster … main start），` +
        `运行 npm run db:migrate（建库、迁移并创建应用角色 ${user}），或设置 PGHOST/PGPORT/PGDATABASE/DUBAN_APP_DB_USER。`,
    );
  } finally {
    await pg.end().catch(() => undefined);
  }
  if (superuser) {
    throw new ServiceUnavailableError(
      `应用角色 ${user} 是超级用户：请用 DUBAN_APP_DB_USER 指定一个普通角色（npm run db:migrate 会创建）。`,
    );
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
