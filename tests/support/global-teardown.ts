import { loadConfig } from '../../libs/config/src';
import { dropDatabase } from '../../libs/db/src';
import { rmSync } from 'node:fs';

export default async function globalTeardown(): Promise<void> {
  const config = loadConfig();
  if (config.PGDATABASE.startsWith('duban_test_')) await dropDatabase(config);
  if (process.env.STORAGE_DIR?.includes('duban-test-storage-')) rmSync(process.env.STORAGE_DIR, { recursive: true, force: true });
}
