import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Plans imported from documents, their drafts, the confirmed tree, and the audit trail. */
export class PlanImport1795000000000 implements MigrationInterface {
  name = 'PlanImport1795000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE audit_events (
        id          bigserial PRIMARY KEY,
        actor       text,
        action      text NOT NULL,
        object_type text NOT NULL,
        object_id   text NOT NULL,
        before      jsonb,
        after       jsonb,
        request_id  text,
        ip          text,
        at          timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX audit_events_object_idx ON audit_events (object_type, object_id, at)`);
    await q.query(`CREATE INDEX audit_events_at_idx ON audit_events (at)`);
    // Append-only: history that can be rewritten is not an audit trail.
    await q.query(`
      CREATE FUNCTION audit_events_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_events is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(`
      CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events
      FOR EACH ROW EXECUTE FUNCTION audit_events_refuse_change()`);
    await q.query(`
      CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
      FOR EACH STATEMENT EXECUTE FUNCTION audit_events_refuse_change()`);

    await q.query(`
      CREATE TABLE plan_documents (
        id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        file_name    text NOT NULL,
        byte_size    bigint NOT NULL CHECK (byte_size > 0),
        sha256       char(64) NOT NULL,
        format       text NOT NULL,
        encoding     text NOT NULL,
        storage_key  text NOT NULL,
        uploaded_by  text,
        uploaded_at  timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX plan_documents_sha256_idx ON plan_documents (sha256)`);

    await q.query(`
      CREATE TABLE plans (
        id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        status        text NOT NULL CHECK (status IN ('draft', 'confirmed')),
        title         text NOT NULL,
        year          int,
        period_from   int,
        period_to     int,
        preamble      text NOT NULL DEFAULT '',
        document_id   uuid REFERENCES plan_documents(id),
        confirmed_at  timestamptz,
        confirmed_by  text,
        created_by    text,
        created_at    timestamptz NOT NULL DEFAULT now(),
        updated_at    timestamptz NOT NULL DEFAULT now()
      )`);

    await q.query(`
      CREATE TABLE plan_drafts (
        id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        plan_id      uuid NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
        document_id  uuid NOT NULL REFERENCES plan_documents(id),
        status       text NOT NULL CHECK (status IN ('open', 'confirmed', 'discarded')),
        parsed       jsonb NOT NULL,
        diff         jsonb,
        version      int NOT NULL,
        created_by   text,
        created_at   timestamptz NOT NULL DEFAULT now(),
        updated_at   timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX plan_drafts_one_open_idx ON plan_drafts (plan_id) WHERE status = 'open'`);

    await q.query(`
      CREATE TABLE plan_draft_revisions (
        id          bigserial PRIMARY KEY,
        draft_id    uuid NOT NULL REFERENCES plan_drafts(id) ON DELETE CASCADE,
        version     int NOT NULL,
        parsed      jsonb NOT NULL,
        operations  jsonb NOT NULL,
        created_by  text,
        created_at  timestamptz NOT NULL DEFAULT now(),
        UNIQUE (draft_id, version)
      )`);

    await q.query(`
      CREATE TABLE plan_sections (
        id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        plan_id    uuid NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
        parent_id  uuid REFERENCES plan_sections(id) ON DELETE CASCADE,
        number     text NOT NULL,
        ordinal    int NOT NULL,
        position   int NOT NULL,
        title      text NOT NULL,
        text       text NOT NULL
      )`);
    await q.query(`CREATE INDEX plan_sections_plan_idx ON plan_sections (plan_id, position)`);

    await q.query(`
      CREATE TABLE work_points (
        id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        plan_id     uuid NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
        section_id  uuid NOT NULL REFERENCES plan_sections(id),
        number      int NOT NULL,
        position    int NOT NULL,
        title       text NOT NULL,
        text        text NOT NULL,
        line        int NOT NULL,
        deadlines   jsonb NOT NULL DEFAULT '[]',
        recurrence  jsonb NOT NULL DEFAULT '[]',
        updated_at  timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX work_points_plan_idx ON work_points (plan_id, position)`);
    await q.query(`CREATE INDEX work_points_section_idx ON work_points (section_id)`);

    await q.query(`
      CREATE TABLE point_unit_mentions (
        id        uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        point_id  uuid NOT NULL REFERENCES work_points(id) ON DELETE CASCADE,
        name      text NOT NULL,
        role      text NOT NULL CHECK (role IN ('lead', 'cooperating', 'responsible'))
      )`);
    await q.query(`CREATE INDEX point_unit_mentions_point_idx ON point_unit_mentions (point_id)`);

    await q.query(`
      CREATE TABLE point_targets (
        id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        point_id    uuid NOT NULL REFERENCES work_points(id) ON DELETE CASCADE,
        phrase      text NOT NULL,
        metric      text NOT NULL,
        value       numeric NOT NULL,
        unit        text NOT NULL,
        comparator  text NOT NULL CHECK (comparator IN ('>=', '>', '=', '<=', '<'))
      )`);
    await q.query(`CREATE INDEX point_targets_point_idx ON point_targets (point_id)`);

    await q.query(`
      CREATE TABLE plan_indicators (
        id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        plan_id            uuid NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
        position           int NOT NULL,
        name               text NOT NULL,
        unit               text NOT NULL,
        baseline_year      int,
        baseline_value     numeric,
        target_year        int,
        target_value       numeric,
        target_comparator  text
      )`);
    await q.query(`CREATE INDEX plan_indicators_plan_idx ON plan_indicators (plan_id, position)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE plan_indicators`);
    await q.query(`DROP TABLE point_targets`);
    await q.query(`DROP TABLE point_unit_mentions`);
    await q.query(`DROP TABLE work_points`);
    await q.query(`DROP TABLE plan_sections`);
    await q.query(`DROP TABLE plan_draft_revisions`);
    await q.query(`DROP TABLE plan_drafts`);
    await q.query(`DROP TABLE plans`);
    await q.query(`DROP TABLE plan_documents`);
    await q.query(`DROP TABLE audit_events`);
    await q.query(`DROP FUNCTION audit_events_refuse_change()`);
  }
}
