import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes for the inbox and the review queue, and trigram search of task titles. pg_trgm splits
 * Chinese text into trigrams too (checked on PostgreSQL 15, C.UTF-8), so `title ILIKE '%…%'` with
 * three or more characters can use the index; shorter searches still work, by scanning.
 */
export class InboxAndSearchIndexes1795700000000 implements MigrationInterface {
  name = 'InboxAndSearchIndexes1795700000000';

  async up(q: QueryRunner): Promise<void> {
    // trusted since PostgreSQL 13: a database owner may create it without superuser
    await q.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    await q.query(`CREATE INDEX tasks_title_trgm_idx ON tasks USING gin (title gin_trgm_ops)`);
    // the review queue: the submitted and extension-requested assignments of the few tasks a
    // reviewer is responsible for; unit and role included so its count needs no table visits
    await q.query(
      `CREATE INDEX assignments_review_task_idx ON assignments (task_id, state, due_date) INCLUDE (unit_id, role)
       WHERE state IN ('submitted', 'extension_requested')`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX assignments_review_task_idx`);
    await q.query(`DROP INDEX tasks_title_trgm_idx`);
    // other schemas may use the extension by then; dropping it is not this migration's call
  }
}
