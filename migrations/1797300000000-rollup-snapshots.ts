import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Weekly roll-up snapshots, for trends: one row per (week, plan, grouping, key) with the figures as
 * they stood when the snapshot was taken. Written once, never changed: a trigger refuses UPDATE,
 * DELETE and TRUNCATE, and the app's role holds only SELECT and INSERT (libs/db/src/app-role.ts).
 * A second run for the same week inserts nothing (ON CONFLICT DO NOTHING on the unique key).
 */
export class RollupSnapshots1797300000000 implements MigrationInterface {
  name = 'RollupSnapshots1797300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE rollup_snapshots (
        id             bigserial PRIMARY KEY,
        -- the Monday (China date) of the week the figures close
        week           date NOT NULL CHECK (extract(isodow FROM week) = 1),
        -- the China date taken as "today" for overdue and lights
        as_of          date NOT NULL,
        plan_id        uuid NOT NULL REFERENCES plans(id),
        by             text NOT NULL CHECK (by IN ('plan', 'section', 'unit')),
        key            text NOT NULL,
        label          text NOT NULL,
        assignments    int NOT NULL,
        by_state       jsonb NOT NULL,
        approved       int NOT NULL,
        on_time        int NOT NULL,
        overdue        int NOT NULL,
        completion_rate double precision NOT NULL,
        on_time_rate   double precision,
        avg_progress   double precision,
        light          text NOT NULL CHECK (light IN ('green', 'yellow', 'red')),
        taken_at       timestamptz NOT NULL,
        UNIQUE (week, plan_id, by, key)
      )`);
    await q.query(`CREATE INDEX rollup_snapshots_trend_idx ON rollup_snapshots (plan_id, by, key, week)`);
    await q.query(`
      CREATE FUNCTION rollup_snapshots_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'rollup_snapshots is append-only: a snapshot never changes once written';
      END $$`);
    await q.query(`
      CREATE TRIGGER rollup_snapshots_append_only BEFORE UPDATE OR DELETE ON rollup_snapshots
      FOR EACH ROW EXECUTE FUNCTION rollup_snapshots_refuse_change()`);
    await q.query(`
      CREATE TRIGGER rollup_snapshots_no_truncate BEFORE TRUNCATE ON rollup_snapshots
      FOR EACH STATEMENT EXECUTE FUNCTION rollup_snapshots_refuse_change()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE rollup_snapshots`);
    await q.query(`DROP FUNCTION rollup_snapshots_refuse_change()`);
  }
}
