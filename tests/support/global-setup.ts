import { loadConfig } from '../../libs/config/src';
import { ensureDatabase, migrateUp } from '../../libs/db/src';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * One fresh PostgreSQL database per test run, migrated with the real migrations, and a private
 * storage folder and queue prefix, so runs never see each other's data. Migrating (as PGUSER, the
 * owner) also creates the app role DUBAN_APP_DB_USER if needed and grants it this database, so
 * the API and worker under test connect with exactly the rights they have in production.
 */
export default async function globalSetup(): Promise<void> {
  const runId = `${Date.now().toString(36)}_${process.pid}`;
  process.env.NODE_ENV = 'test';
  process.env.PGDATABASE = `duban_test_${runId}`;
  process.env.QUEUE_PREFIX = `duban_test_${runId}`;
  process.env.STORAGE_DIR = mkdtempSync(path.join(tmpdir(), 'duban-test-storage-'));
  process.env.LOG_LEVEL = process.env.LOG_LEVEL ?? 'warn';
  const config = loadConfig();
  await ensureDatabase(config);
  await migrateUp(config);
}
