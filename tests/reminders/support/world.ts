import type { DataSource } from 'typeorm';

let seq = 0;
const tag = () => `${Date.now().toString(36)}${(seq++).toString(36)}`;

export async function createUnit(db: DataSource, name: string, type = 'school'): Promise<string> {
  const [row] = await db.query(`insert into org_units (code, name, type) values ($1, $2, $3) returning id`, [`r${tag()}`, name, type]);
  return row.id as string;
}

export async function createUser(
  db: DataSource,
  opts: {
    name: string;
    unitId?: string;
    role?: 'department_head' | 'unit_member';
    email?: string | null;
    mode?: 'immediate' | 'daily_digest';
    global?: string[];
  },
): Promise<string> {
  const username = `u${tag()}`;
  const email = opts.email === undefined ? `${username}@example.edu.cn` : opts.email;
  const [row] = await db.query(
    `insert into users (username, display_name, email, password_hash, reminder_mode, global_roles) values ($1, $2, $3, 'x', $4, $5) returning id`,
    [username, opts.name, email, opts.mode ?? 'immediate', opts.global ?? []],
  );
  if (opts.unitId) {
    await db.query(`insert into user_units (user_id, unit_id, role) values ($1, $2, $3)`, [
      row.id,
      opts.unitId,
      opts.role ?? 'unit_member',
    ]);
  }
  return row.id as string;
}

/** A confirmed plan with one section and point, ready for tasks. */
export async function createPlan(db: DataSource, title: string): Promise<{ planId: string; pointId: string }> {
  const [plan] = await db.query(
    `insert into plans (status, title, year, confirmed_at) values ('confirmed', $1, 2021, now()) returning id`,
    [title],
  );
  const [section] = await db.query(
    `insert into plan_sections (plan_id, number, ordinal, position, title, text) values ($1, '一', 1, 1, '一、重点工作', '') returning id`,
    [plan.id],
  );
  const [point] = await db.query(
    `insert into work_points (plan_id, section_id, number, position, title, text, line) values ($1, $2, 1, 1, '要点', '', 1) returning id`,
    [plan.id, section.id],
  );
  return { planId: plan.id, pointId: point.id };
}

export async function createTaskWithAssignments(
  db: DataSource,
  spec: {
    planId: string;
    pointId: string;
    title: string;
    ownerUnitId: string | null;
    dueDate: string;
    cadence?: string | null;
    units: string[];
  },
): Promise<{ taskId: string; assignmentIds: string[] }> {
  const [task] = await db.query(
    `insert into tasks (plan_id, point_id, position, title, owner_unit_id, due_date, cadence) values ($1, $2, $3, $4, $5, $6, $7) returning id`,
    [spec.planId, spec.pointId, seq++, spec.title, spec.ownerUnitId, spec.dueDate, spec.cadence ?? null],
  );
  const assignmentIds: string[] = [];
  for (const [i, unitId] of spec.units.entries()) {
    const [a] = await db.query(`insert into assignments (task_id, unit_id, role, due_date) values ($1, $2, $3, $4) returning id`, [
      task.id,
      unitId,
      i === 0 ? 'lead' : 'cooperating',
      spec.dueDate,
    ]);
    assignmentIds.push(a.id);
  }
  return { taskId: task.id, assignmentIds };
}
