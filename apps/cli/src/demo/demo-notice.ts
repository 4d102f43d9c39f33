import type { DataSource } from 'typeorm';
import type { DemoClient } from './demo-client';

const CANDIDATES = 40;

/**
 * Issues one 督办单 as the demo's head, through the real API: the first open assignment of a task
 * their department owns that the lights rule calls lagging (overdue, behind 序时进度 or due soon).
 * Work on schedule is refused by the API (409 NOTICE_NOT_LAGGING) and the next one is tried.
 */
export async function issueDemoNotice(head: DemoClient, db: DataSource, departmentId: string): Promise<void> {
  const rows: { id: string; title: string; unit: string }[] = await db.query(
    `SELECT a.id, t.title, u.name AS unit FROM assignments a JOIN tasks t ON t.id = a.task_id JOIN org_units u ON u.id = a.unit_id
      WHERE t.owner_unit_id = $1 AND t.status = 'active' AND a.state NOT IN ('approved', 'cancelled')
        AND NOT EXISTS (SELECT 1 FROM notices n WHERE n.assignment_id = a.id AND n.state <> 'answered')
      ORDER BY a.due_date, a.id LIMIT ${CANDIDATES}`,
    [departmentId],
  );
  for (const r of rows) {
    try {
      const notice = await head.call<{ number: string; colourLabel: string; reason: string; replyBy: string }>(
        'POST',
        `/api/assignments/${r.id}/notices`,
        { message: '请说明进展滞后原因，并提出整改措施。' },
      );
      console.log(
        `督办单：${notice.number} ${notice.colourLabel}，发往 ${r.unit}：“${r.title.slice(0, 30)}” ${notice.reason}，请于 ${notice.replyBy} 前反馈`,
      );
      return;
    } catch (e) {
      if (!/NOTICE_NOT_LAGGING|NOTICE_ALREADY_OPEN/.test((e as Error).message)) throw e;
    }
  }
  console.log('督办单：本科室负责的任务均按序时进度推进，无需下发');
}
