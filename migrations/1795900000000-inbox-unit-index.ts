import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The unit inbox (待办): a unit's assigned, in-progress and returned assignments by due date.
 * Ordered by (due_date, id) inside one unit, so a page is the first rows of an index range and
 * costs a page's worth of table visits instead of a visit to every open assignment of the unit
 * and a sort; the state is included so the inbox's counts need no table visits either. Partial:
 * approved, submitted and cancelled rows (most rows once a plan year is under way) are left out.
 */
export class InboxUnitIndex1795900000000 implements MigrationInterface {
  name = 'InboxUnitIndex1795900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX assignments_unit_actions_idx ON assignments (unit_id, due_date, id) INCLUDE (state)
       WHERE state IN ('assigned', 'in_progress', 'returned')`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX assignments_unit_actions_idx`);
  }
}
