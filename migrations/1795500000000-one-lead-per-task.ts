import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Exactly one live lead unit per task: the service says so with a clear 409, and this index settles
 * the race of two heads naming different leads at once. A cancelled lead frees the place.
 */
export class OneLeadPerTask1795500000000 implements MigrationInterface {
  name = 'OneLeadPerTask1795500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE UNIQUE INDEX assignments_one_lead_idx ON assignments (task_id) WHERE role = 'lead' AND state <> 'cancelled'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX assignments_one_lead_idx`);
  }
}
