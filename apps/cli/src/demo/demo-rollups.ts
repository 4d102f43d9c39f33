import { DemoClient } from './demo-client';

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

const LIGHTS = { green: '绿灯', yellow: '黄灯', red: '红灯' } as const;
const pct = (n: number | null): string => (n === null ? '—（尚无完成）' : `${(Math.round(n * 1000) / 10).toFixed(1)}%`);

/**
 * The leader's view at the end of the demo, through the real API as 局领导: each plan's completion
 * rate, on-time rate, overdue count and light, and the three lowest-ranked units.
 */
export async function printRollups(base: string, username: string, password: string): Promise<void> {
  const leader = await DemoClient.signIn(base, username, password);
  const overview = await leader.call<{ asOf: string; plans: OverviewPlan[] }>('GET', '/api/overview');
  console.log(`\n== 领导总览（${username}，截至 ${overview.asOf}）`);
  for (const plan of overview.plans) {
    console.log(
      `\n${plan.title}：分派 ${plan.assignments} 项，完成率 ${pct(plan.completionRate)}，按时完成率 ${pct(plan.onTimeRate)}，逾期 ${plan.overdue} 项，${LIGHTS[plan.light]}`,
    );
    const ranking = await leader.call<{ total: number; rows: RankingRow[] }>('GET', `/api/plans/${plan.planId}/ranking`);
    const lowest = ranking.rows.slice(-3).reverse();
    if (lowest.length === 0) continue;
    console.log(`  排名末三位（共 ${ranking.total} 个单位）：`);
    for (const r of lowest) {
      console.log(`    第 ${r.rank} 名 ${r.label}：完成率 ${pct(r.completionRate)}，逾期 ${r.overdue} 项（共 ${r.assignments} 项）`);
    }
  }
}
