import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every dated plan has a period: a plan of one year covers that year (backfilled here; new imports
 * and confirmations write it), a 规划 its years. Both ends or neither, in order, within bounds,
 * so due dates can default to the period's end.
 */
export class PlanPeriod1797000000000 implements MigrationInterface {
  name = 'PlanPeriod1797000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `UPDATE plans SET period_from = year, period_to = year WHERE period_from IS NULL AND period_to IS NULL AND year IS NOT NULL`,
    );
    // a half-set period cannot be repaired from anything: drop it (the draft keeps the parse)
    await q.query(
      `UPDATE plans SET period_from = NULL, period_to = NULL WHERE (period_from IS NULL) <> (period_to IS NULL) OR period_from > period_to`,
    );
    await q.query(`
      ALTER TABLE plans ADD CONSTRAINT plans_period_valid CHECK (
        (period_from IS NULL) = (period_to IS NULL)
        AND (period_from IS NULL OR (period_from <= period_to AND period_from BETWEEN 1949 AND 2100 AND period_to BETWEEN 1949 AND 2100))
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE plans DROP CONSTRAINT plans_period_valid`);
  }
}
