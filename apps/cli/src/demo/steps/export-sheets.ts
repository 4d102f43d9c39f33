import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { DemoStep } from '../context';
import { IMPORTER } from './import-plans';

/** Each plan's 任务分解表 as the importing head downloads it. */
export const exportSheets: DemoStep = {
  title: '导出任务分解表',
  async run(ctx) {
    if (ctx.plans.length === 0) return ctx.report.line('本次没有新导入的计划，跳过');
    const head = await ctx.as(IMPORTER);
    for (const plan of ctx.plans) {
      const sheet = await head.download(`/api/plans/${plan.planId}/task-sheet.xlsx`);
      const out = path.join(ctx.outDir, `${path.basename(plan.file, path.extname(plan.file))}-任务分解表.xlsx`);
      await writeFile(out, sheet);
      ctx.report.line(path.relative(ctx.repo, out));
    }
  },
};
