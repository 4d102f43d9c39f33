import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The scheduler's write path (issue 9, benchmark "one pass for 100,000 assignments"): every index,
 * check and trigger on `outbox_messages` is paid once per message. The key's CHECK
 * `key ~ '^[A-Za-z0-9_.=-]{1,200}$'` was the worst: PostgreSQL's regex engine expands the bounded
 * repetition {1,200} into a large automaton, ~140 µs a row on a loaded machine (14 s of a pass);
 * the same rule as a length test and a negated character class costs ~4 µs. `outbox_messages_slot_idx` (slot, kind)
 * serves no query (cancelling reads by assignment, the reconciler and the claim by delivery), so it
 * goes. The foreign keys from a message to its assignment and plan go too: each is checked per row
 * with a FOR KEY SHARE lock that dirties the referenced row (100,000 assignments locked and their
 * pages rewritten by one pass; about 40 % of the insert's time measured). The scheduler writes ids
 * it read in the same pass, and the app never deletes assignments or plans (they are cancelled or
 * archived), so the references stay valid by construction; the recipient's keys stay (few distinct
 * rows per pass, and a deleted user still takes their messages along). And the scheduler's memory of the last working day it planned (per scope: every plan, or
 * one plan for `reminders simulate --plan`), so a pass after missed days catches up on the
 * escalations, the latest due-soon reminder, report requests and the leaders' weekly digest that
 * fell due meanwhile (their keys keep the day they fell due: a catch-up never duplicates).
 */
export class OutboxWritePath1797600000000 implements MigrationInterface {
  name = 'OutboxWritePath1797600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE outbox_messages DROP CONSTRAINT outbox_messages_key_check`);
    await q.query(
      `ALTER TABLE outbox_messages ADD CONSTRAINT outbox_messages_key_check CHECK (length(key) BETWEEN 1 AND 200 AND key !~ '[^A-Za-z0-9_.=-]')`,
    );
    await q.query(`DROP INDEX outbox_messages_slot_idx`);
    await q.query(`ALTER TABLE outbox_messages DROP CONSTRAINT outbox_messages_assignment_id_fkey`);
    await q.query(`ALTER TABLE outbox_messages DROP CONSTRAINT outbox_messages_plan_id_fkey`);
    await q.query(`
      CREATE TABLE reminder_scheduler_runs (
        -- '*' for the whole bureau, else a plan id
        scope       text PRIMARY KEY,
        -- the last working day whose pass completed (China date)
        last_slot   date NOT NULL,
        updated_at  timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE reminder_scheduler_runs`);
    await q.query(`ALTER TABLE outbox_messages DROP CONSTRAINT outbox_messages_key_check`);
    await q.query(`ALTER TABLE outbox_messages ADD CONSTRAINT outbox_messages_key_check CHECK (key ~ '^[A-Za-z0-9_.=-]{1,200}$')`);
    await q.query(`ALTER TABLE outbox_messages ADD CONSTRAINT outbox_messages_plan_id_fkey FOREIGN KEY (plan_id) REFERENCES plans(id)`);
    await q.query(
      `ALTER TABLE outbox_messages ADD CONSTRAINT outbox_messages_assignment_id_fkey FOREIGN KEY (assignment_id) REFERENCES assignments(id)`,
    );
    await q.query(`CREATE INDEX outbox_messages_slot_idx ON outbox_messages (slot, kind)`);
  }
}
