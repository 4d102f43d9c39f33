import { planUserImport, readUserFile, type UserImportReport } from '@duban/user-import';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import { hashPassword, type HashCost } from '@duban/access';
import { loadExistingUsers, loadKnownUnits, writeUserChanges } from '@duban/users';

export const USERS_CSV = path.resolve(__dirname, '../../../../seeds/org/users.csv');

export interface SeedUsersOptions {
  /** the documented demo password (AUTH_DEMO_PASSWORD); set only on users created now */
  password: string;
  file?: string;
  hashCost?: HashCost;
}

/**
 * Demo users from seeds/org/users.csv, read, checked and planned by `@duban/user-import` exactly
 * as `POST /api/users/import` does: upserted by username; names, e-mail, roles and memberships
 * follow the file; a password (the demo one, not to be changed at first sign-in) is set only when
 * the user is created, so changed ones stay changed. Org units must be seeded first. Admin and
 * leader rows hold bureau-wide roles only. Unlike the API it writes no audit event (system seeding).
 * `updated` counts every row that was not created (changed or not), as it always has.
 */
export async function seedUsers(db: DataSource, options: SeedUsersOptions): Promise<{ created: number; updated: number }> {
  const fileName = options.file ?? USERS_CSV;
  const file = await readUserFile(await readFile(fileName));
  const users = await loadExistingUsers(db.manager, [...new Set(file.rows.map((r) => r.username))]);
  const report = planUserImport(file, { users, units: await loadKnownUnits(db.manager) });
  if (!report.ok) throw new Error(describeErrors(path.basename(fileName), report));
  // hash before the transaction (argon2 is slow on purpose), a few at a time on libuv's pool
  const hashes = new Map<string, { hash: string }>();
  const creates = report.changes.filter((c) => c.kind === 'create');
  for (let i = 0; i < creates.length; i += 8) {
    await Promise.all(
      creates
        .slice(i, i + 8)
        .map(async (c) => hashes.set(c.row.username, { hash: await hashPassword(options.password, options.hashCost) })),
    );
  }
  await db.transaction((m) => writeUserChanges(m, report.changes, hashes, false));
  return { created: report.summary.create, updated: report.rows - report.summary.create };
}

function describeErrors(fileName: string, report: UserImportReport): string {
  const unknown = report.errors.filter((e) => e.code === 'UNIT_UNKNOWN').map((e) => e.value);
  const lines = report.errors.slice(0, 20).map((e) => `line ${e.line} ${e.column}: ${e.code} ${e.value ?? ''} ${e.reason}`);
  if (unknown.length > 0) lines.unshift(`unknown unit codes ${[...new Set(unknown)].join(', ')}; seed org units first`);
  return `${fileName}: ${report.errorCount} error(s)\n${lines.join('\n')}`;
}
