import { reportingPeriod, type Cadence } from '@duban/assignment-workflow';
import type { Clock } from '@duban/clock';
import type { DataSource } from 'typeorm';
import type { DemoClient } from './demo-client';

const SIMULATED = 16;

interface AssignmentView {
  id: string;
  version: number;
  state: string;
  unitId: string;
}

/**
 * Units at work: members report progress with evidence and submit; reviewers approve most, return
 * one with a reason; one unit asks for more time. Every step goes through the real API as the
 * person who would do it.
 */
export async function simulateWork(
  as: (username: string) => Promise<DemoClient>,
  db: DataSource,
  planId: string,
  clock: Clock,
): Promise<Record<string, number>> {
  const rows: { id: string; unit_id: string; member: string | null; reviewer: string | null; role: string; cadence: Cadence | null }[] =
    await db.query(
      `select a.id, a.unit_id, a.role, t.cadence,
            (select u.username from user_units uu join users u on u.id = uu.user_id
              where uu.unit_id = a.unit_id and u.is_active order by uu.role desc, u.username limit 1) as member,
            (select u.username from user_units uu join users u on u.id = uu.user_id
              where uu.unit_id = t.owner_unit_id and uu.role = 'department_head' and u.is_active order by u.username limit 1) as reviewer
       from assignments a join tasks t on t.id = a.task_id
      where t.plan_id = $1 and a.role <> 'cooperating'
        -- a unit keeps other work waiting in its inbox after this one is done
        and (select count(*) from assignments o where o.unit_id = a.unit_id and o.state in ('assigned', 'in_progress', 'returned')) > 1
        -- a lead unit submits the consolidated report only after its cooperating units' are approved
        and (a.role <> 'lead' or not exists (select 1 from assignments c
              where c.task_id = a.task_id and c.role = 'cooperating' and c.state <> 'cancelled'))
      order by t.position, a.created_at limit 64`,
      [planId],
    );
  const load = (c: DemoClient, id: string) => c.call<AssignmentView>('GET', `/api/assignments/${id}`);
  const counts: Record<string, number> = { reported: 0, evidence: 0, submitted: 0, approved: 0, returned: 0, extension: 0 };

  const units = new Set<string>();
  for (const row of rows) {
    // one assignment per unit, so each unit still has work waiting afterwards
    if (!row.member || !row.reviewer || units.has(row.unit_id)) continue;
    if (units.size === SIMULATED) break;
    const i = units.size;
    units.add(row.unit_id);
    const unit = await as(row.member);
    let a = await load(unit, row.id);
    if (i % 8 === 7) {
      await unit.call('POST', `/api/assignments/${row.id}/request-extension`, {
        version: a.version,
        reason: '项目施工进度受雨季影响，需延后验收',
        newDueDate: `${Number(clock.today().slice(0, 4)) + 1}-03-31`,
      });
      counts.extension++;
      continue;
    }
    await unit.call('POST', `/api/assignments/${row.id}/progress`, {
      percent: 60 + (i % 4) * 10,
      narrative: '已制定实施方案并召开部署会，各项工作按计划推进。',
      ...(row.cadence ? { period: reportingPeriod(row.cadence, clock.today()) } : {}),
    });
    counts.reported++;
    const csv = Buffer.from(`\uFEFF项目,数量\n召开部署会,${2 + i}\n覆盖学校,${10 + i}\n`, 'utf8');
    await unit.upload(`/api/assignments/${row.id}/evidence`, csv, `统计表-${i + 1}.csv`);
    counts.evidence++;
    a = await load(unit, row.id);
    await unit.call('POST', `/api/assignments/${row.id}/submit`, { version: a.version });
    counts.submitted++;
    if (i % 3 === 2) continue; // left waiting in the reviewer's queue
    const reviewer = await as(row.reviewer);
    a = await load(reviewer, row.id);
    if (i % 5 === 4) {
      await reviewer.call('POST', `/api/assignments/${row.id}/return`, {
        version: a.version,
        reason: '佐证材料缺少活动照片，请补充后重新提交',
      });
      counts.returned++;
    } else {
      const evidence = await reviewer.call<{ items?: { id: string }[] } | { id: string }[]>('GET', `/api/assignments/${row.id}/evidence`);
      const files = Array.isArray(evidence) ? evidence : (evidence.items ?? []);
      for (const f of files) await reviewer.call('POST', `/api/evidence/${f.id}/accept`, {});
      a = await load(reviewer, row.id);
      await reviewer.call('POST', `/api/assignments/${row.id}/approve`, {
        version: a.version,
        lateCloseReason: '演示：历史年度计划补录，实际已按期完成',
      });
      counts.approved++;
    }
  }
  return counts;
}
