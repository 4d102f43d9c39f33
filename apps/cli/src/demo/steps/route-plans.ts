import type { DemoStep } from '../context';
import { dutiesIn } from '../duties';

/** the coordinator: a member of 办公室, the sample district's supervision office (seed-org.ts) */
export const COORDINATOR = 'bgs.member';

interface RoutingView {
  points: {
    pointId: string;
    number: number;
    title: string;
    excerpt: string;
    suggested: { leadUnitId: string | null; cooperatingUnits: { id: string }[] };
  }[];
}
interface Item {
  planId: string;
  pointId: string;
  text: string;
  leadUnitId: string;
  cooperatingUnitIds: string[];
}

/**
 * The office routes every point of each plan in one request per plan: the department the plan names
 * (annotations, table columns, aliases) when there is one, else the department whose duties the point
 * is about (demo/duties.ts), else the department with the least work so far. Every department ends
 * up leading or cooperating somewhere, so every department's people have work.
 */
export const routePlans: DemoStep = {
  title: '办公室（督查室）把要点分派到牵头科室',
  async run(ctx) {
    if (ctx.plans.length === 0) return ctx.report.line('本次没有新导入的计划，跳过');
    const office = await ctx.as(COORDINATOR);
    const departments: { id: string; code: string; name: string }[] = await ctx.db.query(
      `SELECT id, code, name FROM org_units WHERE type = 'department' AND archived_at IS NULL ORDER BY code`,
    );
    const byCode = new Map(departments.map((d) => [d.code, d.id]));
    const lead = new Map(departments.map((d) => [d.id, 0]));
    const cooperating = new Map(departments.map((d) => [d.id, 0]));
    const how = { plan: 0, duty: 0, load: 0 };
    const items: Item[] = [];
    for (const plan of ctx.plans) {
      const view = await office.call<RoutingView>('GET', `/api/plans/${plan.planId}/routing`);
      for (const p of view.points) {
        const text = `${p.title}${p.excerpt}`;
        const duties = dutiesIn(text)
          .map((c) => byCode.get(c))
          .filter((id): id is string => !!id);
        const least = [...lead].sort((a, b) => a[1] - b[1])[0][0];
        const leadUnitId = p.suggested.leadUnitId ?? duties[0] ?? least;
        how[p.suggested.leadUnitId ? 'plan' : duties[0] ? 'duty' : 'load']++;
        const coop = [...new Set([...p.suggested.cooperatingUnits.map((u) => u.id), ...duties.slice(1, 2)])].filter(
          (id) => id !== leadUnitId,
        );
        lead.set(leadUnitId, (lead.get(leadUnitId) ?? 0) + 1);
        for (const id of coop) cooperating.set(id, (cooperating.get(id) ?? 0) + 1);
        items.push({ planId: plan.planId, pointId: p.pointId, text, leadUnitId, cooperatingUnitIds: coop });
      }
    }
    // a department no point is about still cooperates on the points that have the fewest helpers
    for (const d of departments.filter((x) => !lead.get(x.id) && !cooperating.get(x.id))) {
      const item = [...items].sort((a, b) => a.cooperatingUnitIds.length - b.cooperatingUnitIds.length)[0];
      item.cooperatingUnitIds.push(d.id);
      cooperating.set(d.id, 1);
    }
    for (const plan of ctx.plans) {
      const mine = items.filter((i) => i.planId === plan.planId);
      const res = await office.call<{ changed: number; created: number }>('PUT', `/api/plans/${plan.planId}/routing`, {
        items: mine.map(({ pointId, leadUnitId, cooperatingUnitIds }) => ({ pointId, leadUnitId, cooperatingUnitIds })),
      });
      const leads = new Set(mine.map((i) => i.leadUnitId)).size;
      ctx.report.line(`《${plan.title}》：${mine.length} 个要点一次分派到 ${leads} 个牵头科室（改动 ${res.changed} 项任务）`);
    }
    ctx.report.line(`依据：计划文中点名 ${how.plan} 项，按科室职责 ${how.duty} 项，按工作量均衡 ${how.load} 项`);
    ctx.report.table(
      ['科室', '牵头', '配合'],
      departments
        .map((d) => [d.name, lead.get(d.id) ?? 0, cooperating.get(d.id) ?? 0] as [string, number, number])
        .sort((a, b) => b[1] - a[1] || b[2] - a[2]),
    );
  },
};
