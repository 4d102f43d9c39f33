import type { DemoStep } from '../context';

interface OverviewPlan {
  planId: string;
  title: string;
  assignments: number;
  completionRate: number;
  onTimeRate: number | null;
  overdue: number;
  light: 'green' | 'yellow' | 'red';
}

interface RankingRow {
  rank: number;
  label: string;
  assignments: number;
  completionRate: number;
  overdue: number;
}

export const LEADER = 'leader.liu';
const LIGHTS = { green: '绿灯', yellow: '黄灯', red: '红灯' } as const;
const pct = (n: number | null): string => (n === null ? '—' : `${(Math.round(n * 1000) / 10).toFixed(1)}%`);

/**
 * The leader's view, through the real API as 局领导: each plan's completion rate, on-time rate,
 * overdue count and light, and the three lowest-ranked units.
 */
export const leaderOverview: DemoStep = {
  title: '局领导总览：完成率、按时完成率、逾期与排名末三位',
  async run(ctx) {
    const leader = await ctx.as(LEADER);
    const overview = await leader.call<{ asOf: string; plans: OverviewPlan[] }>('GET', '/api/overview');
    ctx.report.table(
      ['计划', '分派', '完成率', '按时完成率', '逾期', '灯'],
      overview.plans.map((p) => [p.title, p.assignments, pct(p.completionRate), pct(p.onTimeRate), p.overdue, LIGHTS[p.light]]),
    );
    for (const plan of overview.plans) {
      // the server ranks every unit and hands back only the last three, lowest first
      const ranking = await leader.call<{ total: number; rows: RankingRow[] }>(
        'GET',
        `/api/plans/${plan.planId}/ranking?order=desc&pageSize=3`,
      );
      const lowest = ranking.rows;
      if (lowest.length === 0) continue;
      ctx.report.line(`《${plan.title}》排名末三位（共 ${ranking.total} 个单位）：`);
      ctx.report.table(
        ['名次', '单位', '完成率', '逾期', '分派'],
        lowest.map((r) => [r.rank, r.label, pct(r.completionRate), r.overdue, r.assignments]),
      );
    }
  },
};
