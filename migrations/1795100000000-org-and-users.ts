import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The organisation tree, users with their unit memberships, and refresh-token sessions. */
export class OrgAndUsers1795100000000 implements MigrationInterface {
  name = 'OrgAndUsers1795100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE org_units (
        id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        code         text NOT NULL UNIQUE CHECK (code ~ '^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$'),
        name         text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        short_names  text[] NOT NULL DEFAULT '{}',
        aliases      text[] NOT NULL DEFAULT '{}',
        type         text NOT NULL CHECK (type IN ('bureau', 'department', 'direct_unit', 'school', 'district_bureau')),
        tags         text[] NOT NULL DEFAULT '{}',
        parent_id    uuid REFERENCES org_units(id),
        archived_at  timestamptz,
        created_at   timestamptz NOT NULL DEFAULT now(),
        updated_at   timestamptz NOT NULL DEFAULT now(),
        CHECK (parent_id IS DISTINCT FROM id)
      )`);
    await q.query(`CREATE INDEX org_units_parent_idx ON org_units (parent_id)`);
    await q.query(`CREATE INDEX org_units_type_idx ON org_units (type)`);
    await q.query(`CREATE INDEX org_units_tags_idx ON org_units USING gin (tags)`);

    await q.query(`
      CREATE TABLE users (
        id                    uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        username              text NOT NULL CHECK (username ~ '^[a-z0-9][a-z0-9_.-]{1,63}$'),
        display_name          text NOT NULL CHECK (length(display_name) BETWEEN 1 AND 100),
        email                 text,
        password_hash         text NOT NULL,
        -- bureau-wide roles; department_head and unit_member are held per unit in user_units
        global_roles          text[] NOT NULL DEFAULT '{}' CHECK (global_roles <@ ARRAY['admin', 'leader']::text[]),
        is_active             boolean NOT NULL DEFAULT true,
        must_change_password  boolean NOT NULL DEFAULT false,
        password_changed_at   timestamptz NOT NULL DEFAULT now(),
        created_at            timestamptz NOT NULL DEFAULT now(),
        updated_at            timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX users_username_idx ON users (lower(username))`);

    await q.query(`
      CREATE TABLE user_units (
        user_id  uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        unit_id  uuid NOT NULL REFERENCES org_units(id),
        role     text NOT NULL CHECK (role IN ('department_head', 'unit_member')),
        PRIMARY KEY (user_id, unit_id, role)
      )`);
    await q.query(`CREATE INDEX user_units_unit_idx ON user_units (unit_id)`);

    await q.query(`
      CREATE TABLE refresh_tokens (
        id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id      uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        -- every rotation stays in one family; replaying a used token revokes the family
        family_id    uuid NOT NULL,
        token_hash   char(64) NOT NULL UNIQUE,
        expires_at   timestamptz NOT NULL,
        used_at      timestamptz,
        revoked_at   timestamptz,
        ip           text,
        user_agent   text,
        created_at   timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX refresh_tokens_family_idx ON refresh_tokens (family_id)`);
    await q.query(`CREATE INDEX refresh_tokens_user_idx ON refresh_tokens (user_id)`);

    // who imported a document / created a plan is now a user id (text columns kept: 'system' acts too)
    await q.query(`CREATE INDEX audit_events_actor_idx ON audit_events (actor, at)`);
    await q.query(`CREATE INDEX audit_events_action_idx ON audit_events (action, at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX audit_events_action_idx`);
    await q.query(`DROP INDEX audit_events_actor_idx`);
    await q.query(`DROP TABLE refresh_tokens`);
    await q.query(`DROP TABLE user_units`);
    await q.query(`DROP TABLE users`);
    await q.query(`DROP TABLE org_units`);
  }
}
