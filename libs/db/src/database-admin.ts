import type { AppConfig } from '@duban/config';
import { Client } from 'pg';
import { grantAppRole } from './app-role';
import { createDataSource } from './data-source';

/** Creates the configured database if it does not exist (the server's `postgres` db is used to ask). */
export async function ensureDatabase(config: AppConfig): Promise<boolean> {
  const admin = new Client({
    host: config.PGHOST,
    port: config.PGPORT,
    user: config.PGUSER,
    password: config.PGPASSWORD,
    database: 'postgres',
  });
  await admin.connect();
  try {
    const { rowCount } = await admin.query('select 1 from pg_database where datname = $1', [config.PGDATABASE]);
    if (rowCount) return false;
    await admin.query(`create database ${quoteIdent(config.PGDATABASE)}`);
    return true;
  } finally {
    await admin.end();
  }
}

export async function dropDatabase(config: AppConfig): Promise<void> {
  const admin = new Client({
    host: config.PGHOST,
    port: config.PGPORT,
    user: config.PGUSER,
    password: config.PGPASSWORD,
    database: 'postgres',
  });
  await admin.connect();
  try {
    await admin.query(`drop database if exists ${quoteIdent(config.PGDATABASE)} with (force)`);
  } finally {
    await admin.end();
  }
}

/** Runs pending migrations as the owner, then (re)grants the app role its rights on every table. */
export async function migrateUp(config: AppConfig): Promise<string[]> {
  const ds = await createDataSource(config, 'owner').initialize();
  try {
    const ran = (await ds.runMigrations({ transaction: 'each' })).map((m) => m.name);
    await grantAppRole(ds, config);
    return ran;
  } finally {
    await ds.destroy();
  }
}

/** Reverts the last `count` migrations (all of them with Infinity). */
export async function migrateDown(config: AppConfig, count: number): Promise<string[]> {
  const ds = await createDataSource(config, 'owner').initialize();
  const reverted: string[] = [];
  try {
    for (let i = 0; i < count; i++) {
      const executed = await ds.query(`select name from migrations order by id desc limit 1`).catch(() => []);
      if (executed.length === 0) break;
      await ds.undoLastMigration({ transaction: 'each' });
      reverted.push(executed[0].name as string);
    }
    return reverted;
  } finally {
    await ds.destroy();
  }
}

function quoteIdent(name: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(name)) throw new Error(`unsafe database name: ${name}`);
  return `"${name}"`;
}
