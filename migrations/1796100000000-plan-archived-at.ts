import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Discarding the only draft of a never-confirmed plan archives the plan instead of leaving an empty
 * shell: the row, its documents and its audit trail stay, lists and reads skip it, and it can be
 * restored. A live plan's documents block a second import of the same bytes; an archived one's don't.
 */
export class PlanArchivedAt1796100000000 implements MigrationInterface {
  name = 'PlanArchivedAt1796100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE plans ADD COLUMN archived_at timestamptz`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE plans DROP COLUMN archived_at`);
  }
}
