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
