import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The year-end summary: files the worker generates for large plans (kept by the data fingerprint
 * they were made from, so a download after any change regenerates), and the reconciliation of an
 * imported summary document against a plan: one row per figure the document states, proposed for
 * a plan target with a confidence, then confirmed (recording the actual) or rejected by a head.
 */
export class Summary1797400000000 implements MigrationInterface {
  name = 'Summary1797400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE summary_exports (
        id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        plan_id      uuid NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
        format       text NOT NULL CHECK (format IN ('docx', 'md', 'xlsx')),
        fingerprint  text NOT NULL,
        status       text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'done', 'failed')),
        storage_key  text,
        byte_size    bigint,
        error        text,
        requested_by uuid REFERENCES users(id),
        created_at   timestamptz NOT NULL,
        finished_at  timestamptz,
        UNIQUE (plan_id, format, fingerprint)
      )`);

    await q.query(`
      CREATE TABLE summary_reconciliations (
        id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        plan_id     uuid NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
        file_name   text NOT NULL,
        sha256      char(64) NOT NULL,
        title       text NOT NULL,
        statements  int NOT NULL,
        matched     int NOT NULL,
        created_by  uuid REFERENCES users(id),
        created_at  timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX summary_reconciliations_plan_idx ON summary_reconciliations (plan_id, created_at)`);

    await q.query(`
      CREATE TABLE summary_proposals (
        id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        reconciliation_id   uuid NOT NULL REFERENCES summary_reconciliations(id) ON DELETE CASCADE,
        position            int NOT NULL,
        section_title       text NOT NULL,
        point_title         text NOT NULL,
        context             text NOT NULL,
        phrase              text NOT NULL,
        metric              text NOT NULL,
        value               numeric NOT NULL,
        unit                text NOT NULL,
        -- null: nothing in the plan close enough (unmatched); nearest_* then names the best guess
        task_target_id      uuid REFERENCES task_targets(id) ON DELETE SET NULL,
        confidence          numeric NOT NULL CHECK (confidence BETWEEN 0 AND 1),
        nearest_target_id   uuid REFERENCES task_targets(id) ON DELETE SET NULL,
        nearest_confidence  numeric,
        status              text NOT NULL CHECK (status IN ('proposed', 'unmatched', 'confirmed', 'rejected')),
        decided_by          uuid REFERENCES users(id),
        decided_at          timestamptz,
        decision_reason     text,
        assignment_id       uuid REFERENCES assignments(id),
        progress_report_id  uuid REFERENCES progress_reports(id) ON DELETE SET NULL,
        UNIQUE (reconciliation_id, position)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE summary_proposals`);
    await q.query(`DROP TABLE summary_reconciliations`);
    await q.query(`DROP TABLE summary_exports`);
  }
}
