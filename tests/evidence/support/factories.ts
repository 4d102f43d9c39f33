import type { AssignmentRole, AssignmentState } from '@duban/db';
import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';

// Tasks and assignments straight in SQL: these tests exercise evidence, not the tasks endpoints.

let seq = 0;

export interface TaskFixture {
  taskId: string;
  planId: string;
  /** checklist item ids by name */
  requirements: Record<string, string>;
}

/** A confirmed plan with one section and one point, and a task under it owned by `ownerUnitId`. */
export async function createTask(
  db: DataSource,
  spec: { ownerUnitId: string | null; requirements?: string[]; title?: string },
): Promise<TaskFixture> {
  const n = ++seq;
  const [plan] = await db.query(`insert into plans (status, title, year) values ('confirmed', $1, 2024) returning id`, [
    `测试工作要点${n}-${randomBytes(2).toString('hex')}`,
  ]);
  const [section] = await db.query(
    `insert into plan_sections (plan_id, number, ordinal, position, title, text) values ($1, '一', 1, 0, '总体要求', '总体要求') returning id`,
    [plan.id],
  );
  const [point] = await db.query(
    `insert into work_points (plan_id, section_id, number, position, title, text, line)
     values ($1, $2, 1, 0, '推进学前教育', '新增学前学位2430个。', 2) returning id`,
    [plan.id, section.id],
  );
  const [task] = await db.query(
    `insert into tasks (plan_id, point_id, title, owner_unit_id, due_date) values ($1, $2, $3, $4, '2024-12-31') returning id`,
    [plan.id, point.id, spec.title ?? `新增学前学位${n}`, spec.ownerUnitId],
  );
  const requirements: Record<string, string> = {};
  for (const [position, name] of (spec.requirements ?? []).entries()) {
    const [r] = await db.query(`insert into task_evidence_requirements (task_id, position, name) values ($1, $2, $3) returning id`, [
      task.id,
      position,
      name,
    ]);
    requirements[name] = r.id as string;
  }
  return { taskId: task.id as string, planId: plan.id as string, requirements };
}

export async function createAssignment(
  db: DataSource,
  spec: { taskId: string; unitId: string; role?: AssignmentRole; state?: AssignmentState },
): Promise<string> {
  const [row] = await db.query(
    `insert into assignments (task_id, unit_id, role, due_date, state) values ($1, $2, $3, '2024-12-31', $4) returning id`,
    [spec.taskId, spec.unitId, spec.role ?? 'lead', spec.state ?? 'in_progress'],
  );
  return row.id as string;
}

export async function setAssignmentState(db: DataSource, assignmentId: string, state: AssignmentState): Promise<void> {
  await db.query(`update assignments set state = $2 where id = $1`, [assignmentId, state]);
}

/** Rows and audit events an upload would write for an assignment: refused uploads must leave these unchanged. */
export async function evidenceFootprint(db: DataSource, assignmentId: string): Promise<{ files: number; audits: number }> {
  const [f] = await db.query(`select count(*)::int as n from evidence_files where assignment_id = $1`, [assignmentId]);
  const [a] = await db.query(`select count(*)::int as n from audit_events where action like 'evidence.%' and after->>'assignmentId' = $1`, [
    assignmentId,
  ]);
  return { files: f.n as number, audits: a.n as number };
}
