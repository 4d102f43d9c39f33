import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Lists sort assignments by `updated_at` and break ties by id, but the API shows times to the
 * millisecond: two rows a few microseconds apart looked equal to a person (and a client paging by
 * the shown value) yet sorted by the hidden microseconds. Stored to the millisecond, what is shown
 * is what is sorted. (Rewrites the table; at a bureau's size, seconds.)
 */
export class AssignmentUpdatedAtMs1796000000000 implements MigrationInterface {
  name = 'AssignmentUpdatedAtMs1796000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE assignments ALTER COLUMN updated_at TYPE timestamptz(3)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE assignments ALTER COLUMN updated_at TYPE timestamptz`);
  }
}
