import type { AssignmentRole, AssignmentState } from '@duban/db';
import type { DataSource } from 'typeorm';

/**
 * SQL factories for plans, tasks and assignments. Tests insert rows directly instead of going
 * through the tasks endpoints, so inbox and task-sheet tests depend only on the schema.
 */
export interface PlanFixture {
  planId: string;
  /** top-level sections 一、二、 with one sub-section （一） under the first */
  sections: { id: string; number: string }[];
  subSectionId: string;
  /** points: two in section 一 (one of them in its sub-section), one in section 二 */
  points: { id: string; number: number; sectionId: string }[];
}

let seq = 0;

export async function createPlan(db: DataSource, title = '2024年教育工作要点'): Promise<PlanFixture> {
  const [plan] = await db.query(
    `insert into plans (status, title, year, confirmed_at) values ('confirmed', $1, 2024, now()) returning id`,
    [title],
  );
  const section = async (number: string, ordinal: number, position: number, parentId: string | null) =>
    (
      await db.query(
        `insert into plan_sections (plan_id, parent_id, number, ordinal, position, title, text)
         values ($1, $2, $3, $4, $5, $6, '') returning id`,
        [plan.id, parentId, number, ordinal, position, `章节${number}`],
      )
    )[0].id as string;
  const s1 = await section('一', 1, 1, null);
  const sub = await section('（一）', 1, 2, s1);
  const s2 = await section('二', 2, 3, null);
  const point = async (number: number, sectionId: string) =>
    (
      await db.query(
        `insert into work_points (plan_id, section_id, number, position, title, text, line)
         values ($1, $2, $3, $3, $4, '', $3) returning id`,
        [plan.id, sectionId, number, `要点${number}`],
      )
    )[0].id as string;
  const points = [
    { id: await point(1, s1), number: 1, sectionId: s1 },
    { id: await point(2, sub), number: 2, sectionId: sub },
    { id: await point(3, s2), number: 3, sectionId: s2 },
  ];
  return {
    planId: plan.id,
    sections: [
      { id: s1, number: '一' },
      { id: s2, number: '二' },
    ],
    subSectionId: sub,
    points,
  };
}

export interface NewTask {
  planId: string;
  pointId: string;
  title: string;
  ownerUnitId: string | null;
  dueDate?: string;
  description?: string;
  position?: number;
}

export async function createTask(db: DataSource, spec: NewTask): Promise<string> {
  const [row] = await db.query(
    `insert into tasks (plan_id, point_id, position, title, description, owner_unit_id, due_date)
     values ($1, $2, $3, $4, $5, $6, $7) returning id`,
    [spec.planId, spec.pointId, spec.position ?? seq++, spec.title, spec.description ?? '', spec.ownerUnitId, spec.dueDate ?? '2024-12-31'],
  );
  return row.id as string;
}

export interface NewAssignment {
  taskId: string;
  unitId: string;
  role: AssignmentRole;
  state?: AssignmentState;
  dueDate: string;
  ownerUserId?: string | null;
}

export async function createAssignment(db: DataSource, spec: NewAssignment): Promise<string> {
  const state = spec.state ?? 'assigned';
  const [row] = await db.query(
    `insert into assignments (task_id, unit_id, role, state, due_date, owner_user_id, resume_state, submitted_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8) returning id`,
    [
      spec.taskId,
      spec.unitId,
      spec.role,
      state,
      spec.dueDate,
      spec.ownerUserId ?? null,
      state === 'extension_requested' ? 'in_progress' : null,
      state === 'submitted' ? new Date() : null,
    ],
  );
  if (state === 'extension_requested') {
    await db.query(`insert into extension_requests (assignment_id, requested_due, reason) values ($1, $2, '场地施工延误')`, [
      row.id,
      addDays(spec.dueDate, 30),
    ]);
  }
  return row.id as string;
}

export async function createChangeRequest(db: DataSource, taskId: string, kind: 'adjust' | 'cancel' = 'adjust'): Promise<string> {
  const [row] = await db.query(
    `insert into task_change_requests (task_id, kind, proposed, reason) values ($1, $2, $3, '政策调整') returning id`,
    [taskId, kind, JSON.stringify({ dueDate: '2025-03-31' })],
  );
  return row.id as string;
}

export async function addTarget(db: DataSource, taskId: string, metric: string, comparator: string, value: number, unit: string) {
  await db.query(`insert into task_targets (task_id, position, metric, comparator, value, unit) values ($1, $2, $3, $4, $5, $6)`, [
    taskId,
    seq++,
    metric,
    comparator,
    value,
    unit,
  ]);
}

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}
