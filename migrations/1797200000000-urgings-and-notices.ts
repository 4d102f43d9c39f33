import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * 催办 and the 督办单 (issue 9). `urgings` is a record of who urged which assignment, when and with
 * what words (append-only for the app, like the audit trail). `notices` are the numbered 督办单;
 * `notice_counters` hold the last number per (plan, year): issuing increments the row inside the
 * issuing transaction (INSERT … ON CONFLICT DO UPDATE … RETURNING), so concurrent issuers queue on
 * the row lock and a rolled-back issue leaves no gap.
 */
export class UrgingsAndNotices1797200000000 implements MigrationInterface {
  name = 'UrgingsAndNotices1797200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE urgings (
        id bigserial PRIMARY KEY,
        assignment_id uuid NOT NULL REFERENCES assignments(id) ON DELETE CASCADE,
        urged_by uuid NOT NULL REFERENCES users(id),
        acting_as text NOT NULL CHECK (acting_as IN ('owner', 'lead_unit', 'admin')),
        message text NOT NULL DEFAULT '' CHECK (char_length(message) <= 500),
        at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX urgings_assignment_at ON urgings (assignment_id, at DESC)`);
    await q.query(`
      CREATE TABLE notice_counters (
        plan_id uuid NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
        year int NOT NULL,
        last_number int NOT NULL CHECK (last_number > 0),
        PRIMARY KEY (plan_id, year)
      )`);
    await q.query(`
      CREATE TABLE notices (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        plan_id uuid NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
        year int NOT NULL,
        number int NOT NULL CHECK (number > 0),
        assignment_id uuid NOT NULL REFERENCES assignments(id) ON DELETE CASCADE,
        task_id uuid NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
        unit_id uuid NOT NULL REFERENCES org_units(id),
        department_id uuid REFERENCES org_units(id),
        colour text NOT NULL CHECK (colour IN ('blue', 'yellow', 'red')),
        reason text NOT NULL,
        message text NOT NULL DEFAULT '' CHECK (char_length(message) <= 2000),
        reply_by date NOT NULL,
        issued_on date NOT NULL,
        issued_by uuid NOT NULL REFERENCES users(id),
        issued_at timestamptz NOT NULL,
        state text NOT NULL DEFAULT 'issued' CHECK (state IN ('issued', 'signed', 'answered')),
        signed_by uuid REFERENCES users(id),
        signed_at timestamptz,
        reply text CHECK (char_length(reply) <= 5000),
        replied_by uuid REFERENCES users(id),
        replied_at timestamptz,
        UNIQUE (plan_id, year, number),
        CHECK ((state = 'issued') = (signed_at IS NULL)),
        CHECK ((state = 'answered') = (replied_at IS NOT NULL))
      )`);
    // one open 督办单 per assignment at a time
    await q.query(`CREATE UNIQUE INDEX notices_one_open ON notices (assignment_id) WHERE state <> 'answered'`);
    await q.query(`CREATE INDEX notices_unit_state ON notices (unit_id, state, issued_at DESC)`);
    await q.query(`CREATE INDEX notices_department_state ON notices (department_id, state, issued_at DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE notices`);
    await q.query(`DROP TABLE notice_counters`);
    await q.query(`DROP TABLE urgings`);
  }
}
