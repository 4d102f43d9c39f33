import { loadConfig, type AppConfig } from '@duban/config';
import { dropDatabase, ensureDatabase, migrateUp } from '@duban/db';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { createApiApp } from '../../apps/api/src/create-app';

export interface TestApi {
  app: NestFastifyApplication;
  url: string;
  db: DataSource;
  config: AppConfig;
  close(): Promise<void>;
}

/** The real API on a free port, on this run's database (see global-setup). */
export async function startApi(overrides: Partial<AppConfig> = {}): Promise<TestApi> {
  const config = Object.assign(loadConfig(), overrides);
  const app = await createApiApp(config);
  await app.listen(0, '127.0.0.1');
  const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  return { app, url, db: app.get(DataSource), config, close: () => app.close() };
}

let privateDatabases = 0;

/**
 * The real API on a database and storage folder of its own, for suites that count everything
 * they can see (an admin's inbox, every stored file) and must not see other suites' rows.
 */
export async function startIsolatedApi(overrides: Partial<AppConfig> = {}): Promise<TestApi> {
  const base = loadConfig();
  const config = { ...base, PGDATABASE: `${base.PGDATABASE}_p${process.pid}_${++privateDatabases}` } as AppConfig;
  await ensureDatabase(config);
  await migrateUp(config);
  const storageDir = mkdtempSync(path.join(tmpdir(), 'duban-test-private-'));
  const api = await startApi({ PGDATABASE: config.PGDATABASE, STORAGE_DIR: storageDir, ...overrides });
  return {
    ...api,
    close: async () => {
      await api.close();
      await dropDatabase(config);
      rmSync(storageDir, { recursive: true, force: true });
    },
  };
}

export interface JsonResponse<T = Record<string, unknown>> {
  status: number;
  body: T;
}

export async function request<T = Record<string, unknown>>(url: string, init: RequestInit = {}): Promise<JsonResponse<T>> {
  const res = await fetch(url, init);
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
}

export function jsonInit(method: string, body: unknown): RequestInit {
  return { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
}

export function upload(bytes: Uint8Array, fileName: string): RequestInit {
  const form = new FormData();
  form.append('file', new Blob([bytes]), fileName);
  return { method: 'POST', body: form };
}

/** Row counts of the tables an import writes, to prove a refused file leaves nothing behind. */
export async function importFootprint(db: DataSource): Promise<Record<string, number>> {
  const tables = ['plans', 'plan_documents', 'plan_drafts', 'plan_sections', 'work_points', 'audit_events'];
  const counts: Record<string, number> = {};
  for (const t of tables) counts[t] = Number((await db.query(`select count(*)::int as n from ${t}`))[0].n);
  return counts;
}
