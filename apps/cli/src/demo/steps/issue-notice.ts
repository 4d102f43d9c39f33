import { headOf, type DemoStep } from '../context';

const CANDIDATES = 40;

/**
 * A head issues one 督办单 through the real API: the first open assignment of a task their
 * department owns that the lights rule calls lagging (overdue, behind 序时进度 or due soon). Work on
 * schedule is refused by the API (409 NOTICE_NOT_LAGGING) and the next candidate is tried.
 */
export const issueNotice: DemoStep = {
  title: '科室负责人下发督办单',
  async run(ctx) {
    const rows: { id: string; title: string; unit: string; owner: string }[] = await ctx.db.query(
      `SELECT a.id, t.title, u.name AS unit, t.owner_unit_id AS owner
         FROM assignments a JOIN tasks t ON t.id = a.task_id JOIN org_units u ON u.id = a.unit_id
        WHERE t.status = 'active' AND t.owner_unit_id IS NOT NULL AND a.state NOT IN ('approved', 'cancelled')
          AND NOT EXISTS (SELECT 1 FROM notices n WHERE n.assignment_id = a.id AND n.state <> 'answered')
        ORDER BY a.due_date, a.id LIMIT ${CANDIDATES}`,
    );
    for (const r of rows) {
      const head = await headOf(ctx.db, r.owner);
      if (!head) continue;
      try {
        const client = await ctx.as(head);
        const notice = await client.call<{ number: string; colourLabel: string; reason: string; replyBy: string }>(
          'POST',
          `/api/assignments/${r.id}/notices`,
          { message: '请说明进展滞后原因，并提出整改措施。' },
        );
        ctx.report.line(`${notice.number} ${notice.colourLabel}，发往 ${r.unit}：“${r.title.slice(0, 30)}”`);
        ctx.report.line(`原因：${notice.reason}；请于 ${notice.replyBy} 前反馈`);
        return;
      } catch (e) {
        if (!/NOTICE_NOT_LAGGING|NOTICE_ALREADY_OPEN/.test((e as Error).message)) throw e;
      }
    }
    ctx.report.line('各科室负责的任务均按序时进度推进，无需下发督办单');
  },
};
