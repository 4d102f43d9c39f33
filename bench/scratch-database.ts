import { loadConfig, type AppConfig } from '@duban/config';
import { createDataSource, dropDatabase, ensureDatabase, migrateUp } from '@duban/db';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';

export interface ScratchDatabase {
  config: AppConfig;
  /** TypeORM, for the code under test */
  ds: DataSource;
  /** a plain connection, for the raw baseline */
  client: Client;
  close(): Promise<void>;
}

/** A freshly migrated database made for one benchmark and dropped after it. */
export async function scratchDatabase(name: string): Promise<ScratchDatabase> {
  const config = Object.assign(loadConfig(), { PGDATABASE: `duban_bench_${name}_${process.pid}`, LOG_LEVEL: 'warn' });
  await dropDatabase(config);
  await ensureDatabase(config);
  await migrateUp(config);
  const ds = await createDataSource(config).initialize();
  const client = new Client({
    host: config.PGHOST,
    port: config.PGPORT,
    user: config.PGUSER,
    password: config.PGPASSWORD,
    database: config.PGDATABASE,
  });
  await client.connect();
  return {
    config,
    ds,
    client,
    close: async () => {
      await client.end().catch(() => undefined);
      await ds.destroy();
      await dropDatabase(config);
    },
  };
}
