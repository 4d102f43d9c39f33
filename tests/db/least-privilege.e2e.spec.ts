import { loadConfig, type AppConfig } from '@duban/config';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { startApi, type TestApi } from '../support/api';

/**
 * The API, the worker and the CLI's runtime commands connect as DUBAN_APP_DB_USER, which
 * `db migrate` creates with data rights only. Here we attack the audit trail as that role, the way
 * a compromised API process (or an SQL injection) would, and check the database itself refuses.
 */
describe('the app role cannot touch the audit trail', () => {
  let config: AppConfig;
  let app: Client;
  let owner: Client;

  const connect = async (user: string, password: string | undefined) => {
    const client = new Client({ host: config.PGHOST, port: config.PGPORT, user, password, database: config.PGDATABASE });
    await client.connect();
    return client;
  };

  /** The SQLSTATE of a refused statement, rolled back so the session stays usable; null if it ran. */
  const refusal = async (sql: string, client = app): Promise<{ code: string; message: string } | null> => {
    await client.query('begin');
    try {
      await client.query(sql);
      return null;
    } catch (e) {
      const { code, message } = e as { code: string; message: string };
      return { code, message };
    } finally {
      await client.query('rollback');
    }
  };

  beforeAll(async () => {
    config = loadConfig();
    app = await connect(config.DUBAN_APP_DB_USER, config.DUBAN_APP_DB_PASSWORD);
    owner = await connect(config.PGUSER, config.PGPASSWORD);
    // one row the attacks aim at, written the way the app writes: an insert
    await app.query(
      `insert into audit_events (actor, action, object_type, object_id) values ('system', 'test.least_privilege', 'test', $1)`,
      [randomUUID()],
    );
  });

  afterAll(async () => {
    await app?.end();
    await owner?.end();
  });

  it('is not a superuser, cannot create roles or databases, and owns nothing', async () => {
    const { rows } = await app.query(
      `select current_user as me, rolsuper, rolcreaterole, rolcreatedb, rolbypassrls from pg_roles where rolname = current_user`,
    );
    expect(rows[0]).toEqual({
      me: config.DUBAN_APP_DB_USER,
      rolsuper: false,
      rolcreaterole: false,
      rolcreatedb: false,
      rolbypassrls: false,
    });
    const owned = await owner.query(
      `select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where c.relowner = (select oid from pg_roles where rolname = $1) and n.nspname = 'public'`,
      [config.DUBAN_APP_DB_USER],
    );
    expect(owned.rows).toEqual([]);
    expect(config.DUBAN_APP_DB_USER).not.toBe(config.PGUSER);
  });

  it('may read and append to audit_events', async () => {
    const { rows } = await app.query(`select count(*)::int as n from audit_events where action = 'test.least_privilege'`);
    expect(rows[0].n).toBeGreaterThanOrEqual(1);
  });

  it.each([
    ['DELETE', `delete from audit_events`],
    ['UPDATE', `update audit_events set action = 'rewritten'`],
    ['TRUNCATE', `truncate audit_events`],
  ])('is refused %s on audit_events by its privileges, before any trigger', async (_, sql) => {
    // the append-only trigger also answers 42501, so tell the two apart by the message
    expect(await refusal(sql)).toEqual({ code: '42501', message: 'permission denied for table audit_events' });
  });

  it('cannot switch triggers off with session_replication_role, the attack the probe used', async () => {
    expect(await refusal(`set local session_replication_role = replica`)).toEqual({
      code: '42501',
      message: 'permission denied to set parameter "session_replication_role"',
    });
    expect((await refusal(`set session_replication_role = replica`))?.code).toBe('42501');
  });

  it.each([
    `alter table audit_events disable trigger audit_events_append_only`,
    `alter table audit_events disable trigger all`,
    `drop trigger audit_events_append_only on audit_events`,
    `drop table audit_events`,
  ])('cannot change the table or its triggers: %s', async (sql) => {
    expect((await refusal(sql))?.message).toMatch(/^must be owner of (table|relation) audit_events$/);
  });

  it('cannot replace the function the trigger calls', async () => {
    const sql = `create or replace function audit_events_refuse_change() returns trigger language plpgsql as $$ begin return old; end $$`;
    expect((await refusal(sql))?.code).toBe('42501');
  });

  it('cannot create tables, grant itself rights or rewrite the migration history', async () => {
    expect((await refusal(`create table sneaky (id int)`))?.message).toBe('permission denied for schema public');
    // a GRANT without the grant option is only a warning in PostgreSQL: check it changed nothing
    await app.query(`grant delete, truncate on audit_events to current_user`).catch(() => undefined);
    const { rows } = await app.query(
      `select has_table_privilege('audit_events', 'DELETE') as d, has_table_privilege('audit_events', 'TRUNCATE') as t,
              has_table_privilege('audit_events', 'INSERT') as i`,
    );
    expect(rows[0]).toEqual({ d: false, t: false, i: true });
    expect(await refusal(`delete from migrations`)).toEqual({ code: '42501', message: 'permission denied for table migrations' });
  });

  it('still works with ordinary tables (the grants are not simply empty)', async () => {
    expect(await refusal(`update org_units set name = name where false`)).toBeNull();
    expect(await refusal(`delete from refresh_tokens where false`)).toBeNull();
  });

  it('controls: the owner holds the rights the app lacks, and the trigger still stops the owner', async () => {
    expect(await refusal(`alter table audit_events disable trigger audit_events_append_only`, owner)).toBeNull();
    for (const [op, sql] of [
      ['DELETE', `delete from audit_events`],
      ['UPDATE', `update audit_events set action = 'rewritten'`],
      ['TRUNCATE', `truncate audit_events`],
    ]) {
      expect(await refusal(sql, owner)).toEqual({ code: '42501', message: `audit_events is append-only (${op} refused)` });
    }
  });
});

describe('the running API connects as the app role (the worker: tests/worker)', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startApi();
  });
  afterAll(async () => {
    await api?.close();
  });

  it('uses DUBAN_APP_DB_USER for its DataSource, which cannot delete audit events', async () => {
    const [me] = await api.db.query(`select current_user as me, (select rolsuper from pg_roles where rolname = current_user) as su`);
    expect(me).toEqual({ me: api.config.DUBAN_APP_DB_USER, su: false });
    await expect(
      api.db.transaction(async (m) => {
        await m.query(`set local session_replication_role = replica`);
        await m.query(`delete from audit_events`);
      }),
    ).rejects.toThrow('permission denied to set parameter "session_replication_role"');
  });
});
