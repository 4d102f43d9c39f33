import { checkServices, loadConfig } from '@duban/config';
import { ensureDatabase, migrateUp, PlanDocument } from '@duban/db';
import type { ParsedPlan } from '@duban/plan-parser';
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { DataSource } from 'typeorm';
import { createApiApp } from '../../../api/src/create-app';
import { formatOutline } from '../outline';

const SEED_PLANS = path.resolve(__dirname, '../../../../seeds/plans');

/**
 * The main job, end to end through the real API: migrate, import every sample plan in seeds/plans,
 * confirm it, print its outline, then keep serving the API (unless --no-serve).
 */
export async function demo(options: { port?: number; serve: boolean }): Promise<void> {
  const config = loadConfig();
  await ensureDatabase(config).catch((e: Error) => {
    throw new Error(`无法连接 PostgreSQL ${config.PGHOST}:${config.PGPORT}（${e.message}）。请启动数据库，或运行 docker compose up -d。`);
  });
  await migrateUp(config);
  await checkServices(config);
  const app = await createApiApp({ ...config, LOG_LEVEL: 'warn' });
  await app.listen(options.port ?? config.API_PORT, config.API_HOST);
  const base = (await app.getUrl()).replace('[::1]', 'localhost');
  const db = app.get(DataSource);
  try {
    const files = (await readdir(SEED_PLANS)).filter((f) => !f.startsWith('.')).sort();
    for (const file of files) {
      const bytes = await readFile(path.join(SEED_PLANS, file));
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      if (await db.getRepository(PlanDocument).existsBy({ sha256 })) {
        console.log(`\n== ${file}: 已导入过，跳过 (already imported)`);
        continue;
      }
      const form = new FormData();
      form.append('file', new Blob([bytes]), file);
      const draft = await call<{ planId: string; version: number; parsed: ParsedPlan }>(`${base}/api/plans/import`, {
        method: 'POST',
        body: form,
      });
      const confirmed = await call<{ planId: string }>(`${base}/api/plans/${draft.planId}/confirm`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ version: draft.version }),
      });
      const plan = await call<{ sections: unknown[]; pointCount: number }>(`${base}/api/plans/${confirmed.planId}`, {});
      console.log(`\n== ${file} → 计划 ${confirmed.planId}：${plan.sections.length} 个章节，${plan.pointCount} 个要点已确认\n`);
      console.log(formatOutline(draft.parsed));
    }
  } catch (e) {
    await app.close();
    throw e;
  }
  if (!options.serve) {
    await app.close();
    return;
  }
  console.log(`\nDuban API: ${base}/api/plans · OpenAPI: ${base}/api/docs · 健康检查: ${base}/health （Ctrl+C 结束）`);
}

async function call<T>(url: string, init: RequestInit): Promise<T> {
  const res = await fetch(url, init);
  const body = (await res.json()) as T & { error?: { code: string; message: string } };
  if (!res.ok) throw new Error(`${init.method ?? 'GET'} ${url} → ${res.status} ${body.error?.code}: ${body.error?.message}`);
  return body;
}
