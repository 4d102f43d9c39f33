import { Clock, clockFromSetting } from '@duban/clock';
import { checkServices, loadConfig } from '@duban/config';
import { createDataSource, ensureDatabase, migrateUp } from '@duban/db';
import { randomBytes } from 'node:crypto';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { DataSource } from 'typeorm';
import { createApiApp } from '../../../api/src/create-app';
import { sessions, type DemoContext } from '../demo/context';
import { DemoReport } from '../demo/report';
import { DEMO_STEPS } from '../demo/steps';
import { COORDINATOR } from '../demo/steps/route-plans';
import { IMPORTER } from '../demo/steps/import-plans';
import { WEB_DIST_DIR } from '../../../api/src/common/web-app';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { seedDemoOrg } from './db.command';

const REPO = path.resolve(__dirname, '../../../..');
/**
 * The demo's own clock unless DUBAN_CLOCK is set: the sample plans are 2021's, so they are imported and
 * assigned on Monday 2021-03-01 and worked on from Monday 2021-06-21, a week before the 6月底 deadlines,
 * so reminders, lights and 督办单 have something to show.
 */
export const DEMO_CLOCK = '2021-03-01T09:00:00+08:00';
export const DEMO_RESUME = '2021-06-21T09:00:00+08:00';
const OUT_DIR = path.join(REPO, 'var/demo');
const LOG_FILE = path.join(OUT_DIR, 'api.log');

/**
 * The main job, end to end through the real API, printed as a short report in Chinese: migrate,
 * seed the sample district and its users, then run DEMO_STEPS (import and confirm the sample plans,
 * the office routes points to departments, heads assign schools, units work, 任务分解表, everyone's
 * inbox), then keep serving the API (unless --no-serve). The API's own log goes to var/demo/api.log.
 */
export async function demo(options: { port?: number; serve: boolean; wallClock?: boolean }): Promise<void> {
  const config = loadConfig();
  const report = new DemoReport();
  report.title('Duban 督办演示');
  // production refuses a set clock: there the demo runs on the wall clock
  const replay = !config.DUBAN_CLOCK && !options.wallClock && config.NODE_ENV !== 'production';
  if (replay) config.DUBAN_CLOCK = DEMO_CLOCK;
  await ensureDatabase(config).catch((e: Error) => {
    throw new Error(`无法连接 PostgreSQL ${config.PGHOST}:${config.PGPORT}（${e.message}）。请启动数据库，或运行 docker compose up -d。`);
  });
  await migrateUp(config);
  await checkServices(config);
  const seeding = await createDataSource(config).initialize();
  try {
    const seeded = await seedDemoOrg(seeding, config.AUTH_DEMO_PASSWORD, clockFromSetting(config.DUBAN_CLOCK));
    const { create, update, unchanged } = seeded.units;
    report.line(
      `示例区县：单位 新建 ${create}、更新 ${update}、未变 ${unchanged}；用户 新建 ${seeded.users.created}、更新 ${seeded.users.updated}`,
    );
    report.line(`督查室：${seeded.supervisionOffices.join('、')}（成员 ${COORDINATOR} 负责把要点分派到科室）`);
  } finally {
    await seeding.destroy();
  }
  if (!config.JWT_SECRET) {
    // set here, so the API does not log its own notice in the middle of the report
    config.JWT_SECRET = randomBytes(32).toString('base64url');
    report.line('登录密钥：未设置 JWT_SECRET，本次使用随机密钥（重启后需重新登录）');
  }

  if (options.serve) ensureWebApp(report);
  await mkdir(OUT_DIR, { recursive: true });
  await rm(LOG_FILE, { force: true });
  const app = await createApiApp(config, { logFile: LOG_FILE });
  await app.listen(options.port ?? config.API_PORT, config.API_HOST);
  const base = (await app.getUrl()).replace('[::1]', 'localhost');
  const clock = app.get(Clock); // the API's own clock, so the demo's dates and the API's "today" agree
  report.line(
    `接口日志：${path.relative(REPO, LOG_FILE)}${config.DUBAN_CLOCK ? `；时钟从 ${config.DUBAN_CLOCK} 起，今天是 ${clock.today()}` : ''}`,
  );
  const ctx: DemoContext = {
    config,
    app,
    base,
    db: app.get(DataSource),
    clock,
    report,
    plans: [],
    outDir: OUT_DIR,
    repo: REPO,
    as: sessions(base, config.AUTH_DEMO_PASSWORD),
    replayTo: replay ? DEMO_RESUME : undefined,
  };
  try {
    for (const step of DEMO_STEPS) {
      report.step(step.title);
      await step.run(ctx);
    }
  } catch (e) {
    await app.close();
    throw e;
  }
  if (!options.serve) {
    await app.close();
    return;
  }
  const password = config.AUTH_DEMO_PASSWORD === 'Duban@2024demo' ? 'Duban@2024demo' : '见 AUTH_DEMO_PASSWORD';
  report.title(`\n督办网页：${base}/（用下列演示账号登录）`);
  report.title(`接口：${base}/api · 接口文档 ${base}/api/docs · 健康检查 ${base}/health（Ctrl+C 结束）`);
  report.title(`演示账号：${IMPORTER}、${COORDINATOR}、s001.member、leader.liu、admin，密码 ${password}`);
}

/** The API serves the built web app under /; build it once (a few seconds) when it is missing. */
function ensureWebApp(report: DemoReport): void {
  if (existsSync(path.join(WEB_DIST_DIR, 'index.html'))) return;
  report.line('构建网页（首次运行，约半分钟）…');
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
