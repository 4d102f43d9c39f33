import { simulateWork as simulate } from '../demo-work';
import type { DemoStep } from '../context';

/** Units report, upload evidence and submit; heads approve, return, and one extension is asked for. */
export const simulateWork: DemoStep = {
  title: '模拟办理：进展、佐证、审核',
  async run(ctx) {
    if (ctx.plans.length === 0) return ctx.report.line('本次没有新导入的计划，跳过');
    const rows: (string | number)[][] = [];
    for (const plan of ctx.plans) {
      const c = await simulate(ctx.as, ctx.db, plan.planId, ctx.clock);
      rows.push([plan.title.slice(0, 24), c.reported, c.evidence, c.submitted, c.approved, c.returned, c.extension]);
    }
    ctx.report.table(['计划', '报告进展', '上传佐证', '提交审核', '审核通过', '退回', '申请延期'], rows);
  },
};
