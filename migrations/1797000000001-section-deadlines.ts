import type { MigrationInterface, QueryRunner } from 'typeorm';

/** A section heading's own deadlines (（三）…（2021年6月底前完成）): the default of its points that have none. */
export class SectionDeadlines1797000000001 implements MigrationInterface {
  name = 'SectionDeadlines1797000000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE plan_sections ADD COLUMN deadlines jsonb NOT NULL DEFAULT '[]'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE plan_sections DROP COLUMN deadlines`);
  }
}
