import type { AppConfig } from '@duban/config';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';
import { SnakeNamingStrategy } from './snake-naming.strategy';

/**
 * Who connects: `owner` (PGUSER) owns the schema and runs migrations; `app` (DUBAN_APP_DB_USER)
 * is what the API, the worker and the CLI's runtime commands use, with data rights only.
 */
export type DbRole = 'owner' | 'app';

/** TypeORM options from config. Schema changes only through reviewed migrations, never synchronize. */
export function dataSourceOptions(config: AppConfig, role: DbRole = 'app'): DataSourceOptions {
  return {
    type: 'postgres',
    host: config.PGHOST,
    port: config.PGPORT,
    ...roleCredentials(config, role),
    database: config.PGDATABASE,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    namingStrategy: new SnakeNamingStrategy(),
    synchronize: false,
    logging: ['error'],
  };
}

export function createDataSource(config: AppConfig, role: DbRole = 'app'): DataSource {
  return new DataSource(dataSourceOptions(config, role));
}

export function roleCredentials(config: AppConfig, role: DbRole): { username: string; password: string | undefined } {
  return role === 'owner'
    ? { username: config.PGUSER, password: config.PGPASSWORD }
    : { username: config.DUBAN_APP_DB_USER, password: config.DUBAN_APP_DB_PASSWORD };
}
