import type { GlobalRole, UnitRole } from '@duban/db';
import { parseCsvRecords, splitList } from '@duban/org-matcher';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import { hashPassword, type HashCost } from '../../../api/src/auth/password';

export const USERS_CSV = path.resolve(__dirname, '../../../../seeds/org/users.csv');
const ROLES = ['admin', 'leader', 'department_head', 'unit_member'] as const;

export interface SeedUsersOptions {
  /** the documented demo password (AUTH_DEMO_PASSWORD); set only on users created now */
  password: string;
  file?: string;
  hashCost?: HashCost;
}

/**
 * Demo users from seeds/org/users.csv, upserted by username: names, e-mail, roles and memberships
 * follow the file; a password is set only when the user is created, so changed ones stay changed.
 * Org units must be seeded first (unit_codes refer to org_units.code). Admin and leader rows hold
 * bureau-wide roles only: a membership would add unit-member rights a read-only leader must not have.
 */
export async function seedUsers(db: DataSource, options: SeedUsersOptions): Promise<{ created: number; updated: number }> {
  const records = parseCsvRecords(await readFile(options.file ?? USERS_CSV, 'utf8'), [
    'username',
    'display_name',
    'role',
    'unit_codes',
    'email',
  ]);
  const units = new Map<string, string>(
    ((await db.query(`select id, code from org_units where archived_at is null`)) as { id: string; code: string }[]).map((u) => [
      u.code,
      u.id,
    ]),
  );
  const rows = records.map((r, n) => {
    const role = r.role.trim() as (typeof ROLES)[number];
    if (!ROLES.includes(role)) throw new Error(`users.csv record ${n + 1}: unknown role "${r.role}"`);
    const codes = splitList(r.unit_codes);
    const missing = codes.filter((c) => !units.has(c));
    if (missing.length)
      throw new Error(`users.csv record ${n + 1} (${r.username}): unknown unit codes ${missing.join(', ')}; seed org units first`);
    const global = role === 'admin' || role === 'leader';
    return {
      username: r.username.trim().toLowerCase(),
      displayName: r.display_name.trim(),
      email: r.email.trim() || null,
      globalRoles: global ? [role as GlobalRole] : [],
      memberships: global ? [] : codes.map((c) => ({ unitId: units.get(c) as string, role: role as UnitRole })),
    };
  });

  const existing = new Map<string, string>(
    (
      (await db.query(`select id, lower(username) as username from users where lower(username) = any($1::text[])`, [
        rows.map((r) => r.username),
      ])) as { id: string; username: string }[]
    ).map((u) => [u.username, u.id]),
  );
  // hash before the transaction (argon2 is slow on purpose), a few at a time on libuv's pool
  const hashes = new Map<string, string>();
  const fresh = rows.filter((r) => !existing.has(r.username));
  for (let i = 0; i < fresh.length; i += 8) {
    await Promise.all(
      fresh.slice(i, i + 8).map(async (r) => hashes.set(r.username, await hashPassword(options.password, options.hashCost))),
    );
  }

  await db.transaction(async (m) => {
    for (const r of rows) {
      let id = existing.get(r.username);
      if (id) {
        await m.query(`update users set display_name = $2, email = $3, global_roles = $4, updated_at = now() where id = $1`, [
          id,
          r.displayName,
          r.email,
          r.globalRoles,
        ]);
        await m.query(`delete from user_units where user_id = $1`, [id]);
      } else {
        [{ id }] = await m.query(
          `insert into users (username, display_name, email, password_hash, global_roles) values ($1, $2, $3, $4, $5) returning id`,
          [r.username, r.displayName, r.email, hashes.get(r.username), r.globalRoles],
        );
      }
      for (const mem of r.memberships) {
        await m.query(`insert into user_units (user_id, unit_id, role) values ($1, $2, $3) on conflict do nothing`, [
          id,
          mem.unitId,
          mem.role,
        ]);
      }
    }
  });
  return { created: fresh.length, updated: rows.length - fresh.length };
}
