import type { AppConfig } from '@duban/config';
import type { DataSource } from 'typeorm';

/**
 * Tables the app may read and append to but never change: the audit trail. Its append-only
 * triggers stop ordinary writes, but a superuser or the table's owner can switch triggers off
 * (`session_replication_role`, `ALTER TABLE … DISABLE TRIGGER`); the app's role is neither and
 * holds no UPDATE, DELETE or TRUNCATE right on them, so the database refuses before any trigger.
 */
export const APPEND_ONLY_TABLES = ['audit_events', 'urgings', 'rollup_snapshots'] as const;

/**
 * Creates the app's role if it is missing and grants it data rights on the current database:
 * CONNECT, USAGE on the schema, SELECT/INSERT/UPDATE/DELETE on every table (only SELECT and INSERT
 * on APPEND_ONLY_TABLES), sequences, and the same by default for tables later migrations create.
 * Runs as the owner after every `db migrate`; idempotent. Roles are cluster-wide, so several
 * databases (parallel test runs) share one role, each with its own grants; reverting migrations
 * drops the tables and with them the grants, never the role.
 */
export async function grantAppRole(owner: DataSource, config: AppConfig): Promise<void> {
  const app = config.DUBAN_APP_DB_USER;
  const role = quoteRole(app);
  await createRoleIfMissing(owner, app);
  if (config.DUBAN_APP_DB_PASSWORD !== undefined) {
    const [{ sql }] = await owner.query(`select format('ALTER ROLE %I PASSWORD %L', $1::text, $2::text) as sql`, [
      app,
      config.DUBAN_APP_DB_PASSWORD,
    ]);
    await owner.query(sql as string);
  }
  await refuseOverprivileged(owner, app);
  await owner.transaction(async (m) => {
    const [{ db }] = await m.query(`select format('%I', current_database()) as db`);
    await m.query(`GRANT CONNECT, TEMPORARY ON DATABASE ${db as string} TO ${role}`);
    // PostgreSQL 15 no longer lets everyone create in `public`; older servers did, so say it here
    await m.query(`REVOKE CREATE ON SCHEMA public FROM PUBLIC`);
    await m.query(`GRANT USAGE ON SCHEMA public TO ${role}`);
    await m.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${role}`);
    await m.query(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${role}`);
    await m.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${role}`);
    await m.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO ${role}`);
    // the schema's history is the owner's business
    await m.query(`REVOKE ALL ON TABLE migrations FROM ${role}`);
    for (const table of APPEND_ONLY_TABLES) {
      await m.query(`REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON TABLE ${table} FROM ${role}`);
    }
  });
}

async function createRoleIfMissing(owner: DataSource, app: string): Promise<void> {
  const exists = await owner.query(`select 1 from pg_roles where rolname = $1`, [app]);
  if (exists.length > 0) return;
  try {
    await owner.query(`CREATE ROLE ${quoteRole(app)} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS`);
  } catch (e) {
    // another database's migration (a parallel test run) created it between our check and now
    const code = (e as { code?: string }).code;
    if (code !== '42710' && code !== '23505') throw e;
  }
}

/** A role that could bypass the grants (superuser, owner's rights, owns objects) defeats the point. */
async function refuseOverprivileged(owner: DataSource, app: string): Promise<void> {
  const [r] = await owner.query(
    `select r.rolsuper, r.rolbypassrls, r.rolcreaterole,
            pg_has_role($1, current_user, 'USAGE') as owner_rights,
            (select count(*)::int from pg_class c join pg_namespace n on n.oid = c.relnamespace
              where c.relowner = r.oid and n.nspname not like 'pg\\_%' and n.nspname <> 'information_schema')
          + (select count(*)::int from pg_namespace n where n.nspowner = r.oid) as owned
       from pg_roles r where r.rolname = $1`,
    [app],
  );
  const problems = [
    r.rolsuper && '是超级用户 is superuser',
    r.rolbypassrls && '可绕过行级安全 has BYPASSRLS',
    r.rolcreaterole && '可创建角色 has CREATEROLE',
    r.owner_rights && '拥有属主角色的权限 is a member of the owner role',
    r.owned > 0 && `拥有 ${r.owned} 个数据库对象 owns ${r.owned} objects`,
  ].filter(Boolean);
  if (problems.length > 0) {
    throw new Error(`应用角色 ${app} 权限过大（${problems.join('；')}）：请换一个角色名（DUBAN_APP_DB_USER）或收回这些权限。`);
  }
}

function quoteRole(name: string): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new Error(`unsafe role name: ${name}`);
  return `"${name}"`;
}
