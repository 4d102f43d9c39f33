import { PlanDocument } from '@duban/db';
import type { ParsedPlan, Section } from '@duban/plan-parser';
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { DemoStep } from '../context';

/** the importing head: 基础教育科 in seeds/org/users.csv */
export const IMPORTER = 'jjk.head';

const count = (sections: Section[]): number => sections.reduce((n, s) => n + s.points.length + count(s.sections), 0);

/** Imports and confirms every sample plan of seeds/plans as the head of 基础教育科. */
export const importPlans: DemoStep = {
  title: '导入并确认示例计划',
  async run(ctx) {
    const dir = path.join(ctx.repo, 'seeds/plans');
    const head = await ctx.as(IMPORTER);
    for (const file of (await readdir(dir)).filter((f) => !f.startsWith('.')).sort()) {
      const bytes = await readFile(path.join(dir, file));
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      if (await ctx.db.getRepository(PlanDocument).existsBy({ sha256 })) {
        ctx.report.line(`${file}：已导入过，跳过（要重新演示，请删除数据库后再运行）`);
        continue;
      }
      const draft = await head.upload<{ planId: string; version: number; parsed: ParsedPlan }>('/api/plans/import', bytes, file);
      await head.call('POST', `/api/plans/${draft.planId}/confirm`, { version: draft.version });
      const plan = draft.parsed;
      ctx.plans.push({ planId: draft.planId, file, title: plan.title });
      ctx.report.line(`《${plan.title}》（${file}）：${plan.sections.length} 个部分，${count(plan.sections)} 个要点，已确认`);
      ctx.report.table(
        ['部分', '要点'],
        plan.sections.map((s) => [`${s.number ? `${s.number}、` : ''}${s.title}`.slice(0, 30), count([s])]),
      );
    }
  },
};
