import { Clock, clockFromSetting } from '@duban/clock';
import { checkServices, loadConfig } from '@duban/config';
import { createDataSource, ensureDatabase, migrateUp, PlanDocument } from '@duban/db';
import type { ParsedPlan } from '@duban/plan-parser';
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { DataSource } from 'typeorm';
import { createApiApp } from '../../../api/src/create-app';
import { WEB_DIST_DIR } from '../../../api/src/common/web-app';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { DemoClient } from '../demo/demo-client';
import { assignPlan, simulateWork } from '../demo/demo-work';
import { formatOutline } from '../outline';
import { seedDemoOrg } from './db.command';

const REPO = path.resolve(__dirname, '../../../..');
const SEED_PLANS = path.join(REPO, 'seeds/plans');
const OUT_DIR = path.join(REPO, 'var/demo');
/** the demo's assigner: head of 基础教育科 in seeds/org/users.csv */
const HEAD = 'jjk.head';
const HEAD_UNIT_CODE = 'DL-D-JJK';

/**
 * The main job, end to end through the real API: migrate, seed the sample district and its users,
 * import and confirm every sample plan, decompose and assign it, simulate progress, evidence and
 * review, export the 任务分解表, then keep serving the API (unless --no-serve).
 */
export async function demo(options: { port?: number; serve: boolean }): Promise<void> {
  const config = loadConfig();
  await ensureDatabase(config).catch((e: Error) => {
    throw new Error(`无法连接 PostgreSQL ${config.PGHOST}:${config.PGPORT}（${e.message}）。请启动数据库，或运行 docker compose up -d。`);
  });
  await migrateUp(config);
  await checkServices(config);
  const seeding = await createDataSource(config).initialize();
  try {
    const seeded = await seedDemoOrg(seeding, config.AUTH_DEMO_PASSWORD, clockFromSetting(config.DUBAN_CLOCK));
    console.log(`组织与用户：单位 ${seeded.units}；用户 新建 ${seeded.users.created}（演示密码见 README）`);
  } finally {
    await seeding.destroy();
  }

  ensureWebApp();
  const app = await createApiApp({ ...config, LOG_LEVEL: 'warn' });
  await app.listen(options.port ?? config.API_PORT, config.API_HOST);
  const base = (await app.getUrl()).replace('[::1]', 'localhost');
  const db = app.get(DataSource);
  const clock = app.get(Clock); // the API's own clock, so the demo's dates and the API's "today" agree
  if (config.DUBAN_CLOCK) console.log(`时钟：从 ${config.DUBAN_CLOCK} 起计时（DUBAN_CLOCK），今天是 ${clock.today()}`);
  try {
    const head = await DemoClient.signIn(base, HEAD, config.AUTH_DEMO_PASSWORD);
    const [department] = await db.query(`select id from org_units where code = $1`, [HEAD_UNIT_CODE]);
    await mkdir(OUT_DIR, { recursive: true });
    for (const file of (await readdir(SEED_PLANS)).filter((f) => !f.startsWith('.')).sort()) {
      const bytes = await readFile(path.join(SEED_PLANS, file));
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      if (await db.getRepository(PlanDocument).existsBy({ sha256 })) {
        console.log(`\n== ${file}: 已导入过，跳过 (already imported; drop the database to start over)`);
        continue;
      }
      const draft = await head.upload<{ planId: string; version: number; parsed: ParsedPlan }>('/api/plans/import', bytes, file);
      await head.call('POST', `/api/plans/${draft.planId}/confirm`, { version: draft.version });
      console.log(`\n== ${file} → 计划 ${draft.planId}\n`);
      console.log(formatOutline(draft.parsed));

      const assigned = await assignPlan(head, db, draft.planId, department.id as string);
      console.log(`任务分解：${assigned.tasks} 项任务，分派 ${assigned.assignments} 个责任单位`);
      const work = await simulateWork(base, db, draft.planId, config.AUTH_DEMO_PASSWORD, clock);
      console.log(
        `模拟办理：报告进展 ${work.reported}，上传佐证 ${work.evidence}，提交审核 ${work.submitted}，审核通过 ${work.approved}，退回 ${work.returned}，申请延期 ${work.extension}`,
      );
      const sheet = await head.download(`/api/plans/${draft.planId}/task-sheet.xlsx`);
      const out = path.join(OUT_DIR, `${path.basename(file, path.extname(file))}-任务分解表.xlsx`);
      await writeFile(out, sheet);
      console.log(`任务分解表：${path.relative(REPO, out)}`);
    }
    const inbox = await head.call<Record<string, unknown>>('GET', '/api/inbox/summary');
    console.log(`\n${HEAD} 的待办（待我处理）：${JSON.stringify(inbox)}`);
  } catch (e) {
    await app.close();
    throw e;
  }
  if (!options.serve) {
    await app.close();
    return;
  }
  console.log(`\n督办网页: ${base}/ （用下列演示账号登录）`);
  console.log(`Duban API: ${base}/api · OpenAPI: ${base}/api/docs · 健康检查: ${base}/health （Ctrl+C 结束）`);
  console.log(
    `演示账号：${HEAD}、s001.member、leader.liu、admin，密码 ${config.AUTH_DEMO_PASSWORD === 'Duban@2024demo' ? 'Duban@2024demo' : '见 AUTH_DEMO_PASSWORD'}`,
  );
}

/** The API serves the built web app under /; build it once (a few seconds) when it is missing. */
function ensureWebApp(): void {
  if (existsSync(path.join(WEB_DIST_DIR, 'index.html'))) return;
  console.log('构建网页（首次运行）…');
  execFileSync(
    process.execPath,
    [path.join(REPO, 'node_modules/vite/bin/vite.js'), 'build', '--config', 'apps/web/vite.config.mts', '--logLevel', 'warn'],
    {
      cwd: REPO,
      stdio: 'inherit',
      // a NODE_ENV set for the API (test, development) would leak into the bundle: build the production one
      env: { ...process.env, NODE_ENV: 'production' },
    },
  );
}
