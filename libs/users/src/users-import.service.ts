import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  DEFAULT_USER_LIMITS,
  type ExistingUser,
  type GlobalRole,
  type KnownUnit,
  type Membership,
  planUserImport,
  readUserFile,
  type UserChange,
  type UserField,
  type UserFile,
  type UserImportReport,
  type UserRecord,
} from '@duban/user-import';
import { createHash } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
// eslint-disable-next-line @typescript-eslint/consistent-type-imports -- Nest injects it by the emitted type metadata
import { AuditService } from '@duban/audit';
import { DubanError } from '@duban/errors';
import type { RequestContext } from '@duban/audit';
import { generatePassword, hashPassword } from '@duban/access';
import { lockOrgTree } from '@duban/org';

export const USERS_IMPORT_MAX_BYTES = DEFAULT_USER_LIMITS.maxBytes;

/** One planned change as the API shows it (no before/after values, never a password). */
export interface PlannedUserChange {
  line: number;
  username: string;
  kind: 'create' | 'update';
  fields: UserField[];
}

/** What an import answers; a successful real run adds the one-time passwords of the users it created. */
export type UsersImportResult = Omit<UserImportReport, 'changes'> & {
  dryRun: boolean;
  changes: PlannedUserChange[];
  temporaryPasswords?: { username: string; temporaryPassword: string }[];
};

const COLUMN_OF: Record<UserField, string> = {
  displayName: 'display_name',
  email: 'email',
  globalRoles: 'global_roles',
  memberships: 'units',
};

/**
 * Bulk import of users (.csv / .xlsx). A dry run reads and plans only. A real run hashes one-time
 * passwords for the users it will create, then plans again under the org-tree lock (no unit is
 * archived, and no other import runs, meanwhile) and writes in one transaction with set-based SQL.
 * Existing users' passwords are never touched. A file that changes nothing writes nothing, not even
 * an audit event.
 */
@Injectable()
export class UsersImportService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
  ) {}

  async dryRun(bytes: Uint8Array, actorId: string | null): Promise<UsersImportResult> {
    const file = await readUserFile(bytes);
    return result(await this.plan(this.db.manager, file, actorId), true);
  }

  async apply(ctx: RequestContext, bytes: Uint8Array, fileName: string, actorId: string | null): Promise<UsersImportResult> {
    const file = await readUserFile(bytes);
    // argon2 is slow on purpose: hash outside the transaction, for the creates the plan expects now
    const expected = await this.plan(this.db.manager, file, actorId);
    const passwords = new Map<string, { password: string; hash: string }>();
    await this.hashFor(expected.changes, passwords);

    return this.db.transaction(async (m) => {
      await lockOrgTree(m);
      const report = await this.plan(m, file, actorId);
      if (!report.ok) {
        throw new DubanError('USERS_IMPORT_INVALID', `导入文件有 ${report.errorCount} 处错误，未导入任何数据`, result(report, false));
      }
      if (report.changes.length === 0) return { ...result(report, false), temporaryPasswords: [] };
      // creates the first plan did not expect (rare: data changed in between) are hashed here, under the lock
      await this.hashFor(report.changes, passwords);
      await writeUserChanges(m, report.changes, passwords);
      await this.recordAudit(m, ctx, report, bytes, fileName);
      const temporaryPasswords = report.changes
        .filter((c) => c.kind === 'create')
        .map((c) => ({ username: c.row.username, temporaryPassword: passwords.get(c.row.username)!.password }));
      return { ...result(report, false), temporaryPasswords };
    });
  }

  private async plan(m: EntityManager, file: UserFile, actorId: string | null): Promise<UserImportReport> {
    const usernames = [...new Set(file.rows.map((r) => r.username))];
    // one after the other: inside the transaction they share one connection
    const users = await loadExistingUsers(m, usernames);
    const units = await loadKnownUnits(m);
    const actor: { username: string }[] = actorId
      ? await m.query(`select lower(username) as username from users where id = $1`, [actorId])
      : [];
    return planUserImport(file, { users, units, actorUsername: actor[0]?.username ?? null });
  }

  private async hashFor(changes: UserChange[], into: Map<string, { password: string; hash: string }>): Promise<void> {
    const missing = changes.filter((c) => c.kind === 'create' && !into.has(c.row.username));
    // a few at a time on libuv's pool: all at once would hold 19 MiB per hash in memory
    for (let i = 0; i < missing.length; i += 8) {
      await Promise.all(
        missing.slice(i, i + 8).map(async (c) => {
          const password = generatePassword();
          into.set(c.row.username, { password, hash: await hashPassword(password) });
        }),
      );
    }
  }

  private async recordAudit(m: EntityManager, ctx: RequestContext, report: UserImportReport, bytes: Uint8Array, fileName: string) {
    const created = report.changes.filter((c) => c.kind === 'create').map((c) => c.row.username);
    const updated = report.changes
      .filter((c) => c.kind === 'update')
      .map((c) => ({ username: c.row.username, before: pick(c.before!, c.fields), after: pick(c.row, c.fields) }));
    await this.audit.record(m, ctx, {
      action: 'users.imported',
      objectType: 'user_import',
      objectId: createHash('sha256').update(bytes).digest('hex'),
      after: {
        fileName,
        format: report.format,
        encoding: report.encoding,
        rows: report.rows,
        summary: report.summary,
        created,
        // before/after of the fields that changed; never a password or its hash
        updated,
      },
    });
  }
}

function result(report: UserImportReport, dryRun: boolean): UsersImportResult {
  const changes = report.changes.map((c) => ({ line: c.row.line, username: c.row.username, kind: c.kind, fields: c.fields }));
  return { ...report, changes, dryRun };
}

function pick(u: UserRecord, fields: UserField[]): Record<string, unknown> {
  return Object.fromEntries(fields.map((f) => [COLUMN_OF[f], u[f]]));
}

interface StoredUserRow {
  username: string;
  display_name: string;
  email: string | null;
  global_roles: GlobalRole[];
  memberships: Membership[];
}

/** Every unit, archived included: unit codes must name an active one. */
export function loadKnownUnits(m: EntityManager): Promise<KnownUnit[]> {
  return m.query(`select code, archived_at is not null as archived from org_units`);
}

/** The stored users the file names, with memberships by unit code. */
export async function loadExistingUsers(m: EntityManager, usernames: string[]): Promise<ExistingUser[]> {
  if (usernames.length === 0) return [];
  const rows: StoredUserRow[] = await m.query(
    `select lower(u.username) as username, u.display_name, u.email, u.global_roles,
            coalesce((select jsonb_agg(jsonb_build_object('unitCode', o.code, 'role', uu.role) order by o.code, uu.role)
                        from user_units uu join org_units o on o.id = uu.unit_id
                       where uu.user_id = u.id), '[]'::jsonb) as memberships
       from users u
      where lower(u.username) = any($1::text[])`,
    [usernames],
  );
  return rows.map((r) => ({
    username: r.username,
    displayName: r.display_name,
    email: r.email,
    globalRoles: r.global_roles,
    memberships: r.memberships,
  }));
}

/**
 * Creates in one INSERT, updates in one UPDATE … FROM, and the memberships of every created or
 * re-assigned user replaced in two statements (delete, insert by unit code). The UPDATE's WHERE
 * keeps users whose only change is their memberships untouched. Created users must change the
 * password at first sign-in unless the caller (the demo seed) says otherwise.
 */
export async function writeUserChanges(
  m: EntityManager,
  changes: UserChange[],
  passwords: Map<string, { hash: string }>,
  mustChangePassword = true,
): Promise<void> {
  const creates = changes.filter((c) => c.kind === 'create');
  const updates = changes.filter((c) => c.kind === 'update');
  if (creates.length > 0) {
    const rows = creates.map(({ row: r }) => ({
      username: r.username,
      display_name: r.displayName,
      email: r.email,
      global_roles: r.globalRoles,
      password_hash: passwords.get(r.username)!.hash,
    }));
    try {
      await m.query(
        `insert into users (username, display_name, email, global_roles, password_hash, must_change_password)
         select x.username, x.display_name, x.email, x.global_roles, x.password_hash, $2
           from jsonb_to_recordset($1::jsonb) as x(username text, display_name text, email text, global_roles text[], password_hash text)`,
        [JSON.stringify(rows), mustChangePassword],
      );
    } catch (e) {
      // someone created one of these users through the API since the plan: the caller re-runs
      if ((e as { code?: string }).code === '23505') {
        throw new DubanError('USERS_IMPORT_CONFLICT', '导入期间有用户被其他管理员新建，请重新导入');
      }
      throw e;
    }
  }
  const scalar = updates.filter((c) => c.fields.some((f) => f !== 'memberships'));
  if (scalar.length > 0) {
    const rows = scalar.map(({ row: r }) => ({
      username: r.username,
      display_name: r.displayName,
      email: r.email,
      global_roles: r.globalRoles,
    }));
    await m.query(
      `update users u
          set display_name = x.display_name, email = x.email, global_roles = x.global_roles, updated_at = now()
         from jsonb_to_recordset($1::jsonb) as x(username text, display_name text, email text, global_roles text[])
        where lower(u.username) = x.username
          and (u.display_name, u.email, u.global_roles) is distinct from (x.display_name, x.email, x.global_roles)`,
      [JSON.stringify(rows)],
    );
  }
  const reassigned = [...creates, ...updates.filter((c) => c.fields.includes('memberships'))];
  if (reassigned.length === 0) return;
  const usernames = reassigned.map((c) => c.row.username);
  await m.query(`delete from user_units uu using users u where uu.user_id = u.id and lower(u.username) = any($1::text[])`, [usernames]);
  const memberships = reassigned.flatMap(({ row: r }) =>
    r.memberships.map((x) => ({ username: r.username, unit_code: x.unitCode, role: x.role })),
  );
  if (memberships.length === 0) return;
  await m.query(
    `insert into user_units (user_id, unit_id, role)
     select u.id, o.id, x.role
       from jsonb_to_recordset($1::jsonb) as x(username text, unit_code text, role text)
       join users u on lower(u.username) = x.username
       join org_units o on o.code = x.unit_code`,
    [JSON.stringify(memberships)],
  );
}
