import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { DemoStep } from '../context';
import { LEADER } from './leader-overview';

/**
 * A leader downloads each plan's year-end summary (.docx and .md) through the API, as a bureau
 * leader would, into var/demo/, and the opening paragraph is printed.
 */
export const writeSummaries: DemoStep = {
  title: '年度工作总结（.docx 与 .md）',
  async run(ctx) {
    if (ctx.plans.length === 0) return ctx.report.line('本次没有新导入的计划，跳过');
    const leader = await ctx.as(LEADER);
    for (const plan of ctx.plans) {
      const stem = path.basename(plan.file, path.extname(plan.file));
      const md = await leader.download(`/api/plans/${plan.planId}/summary.md`);
      const docx = await leader.download(`/api/plans/${plan.planId}/summary.docx`);
      const outMd = path.join(ctx.outDir, `${stem}-年度工作总结.md`);
      const outDocx = path.join(ctx.outDir, `${stem}-年度工作总结.docx`);
      await writeFile(outMd, md);
      await writeFile(outDocx, docx);
      const opening = md.toString('utf8').split('\n')[2] ?? '';
      ctx.report.line(`${path.relative(ctx.repo, outDocx)}、${path.relative(ctx.repo, outMd)}`);
      ctx.report.line(opening.length > 120 ? `${opening.slice(0, 120)}…` : opening);
    }
  },
};
