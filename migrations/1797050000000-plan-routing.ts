import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The routing step (issue 8): the supervision office (办公室 / 督查室) routes each work point of a
 * confirmed plan to its lead department and cooperating departments before heads assign schools.
 * - `org_units.is_supervision_office`: members of such a unit may route plans (`plans:route`).
 * - `tasks.cooperating_unit_ids`: the cooperating departments the router named (the owner's heads
 *   assign them; the lead department is `owner_unit_id`).
 * - `plan_routings`: one row per bulk routing request with each task's before and after, so the
 *   latest routing can be undone while none of its tasks has a live assignment.
 */
export class PlanRouting1797050000000 implements MigrationInterface {
  name = 'PlanRouting1797050000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE org_units ADD COLUMN is_supervision_office boolean NOT NULL DEFAULT false`);
    await q.query(`ALTER TABLE tasks ADD COLUMN cooperating_unit_ids uuid[] NOT NULL DEFAULT '{}'`);
    await q.query(`
      CREATE TABLE plan_routings (
        id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        plan_id     uuid NOT NULL REFERENCES plans(id),
        routed_by   text,
        created_at  timestamptz NOT NULL DEFAULT now(),
        items       jsonb NOT NULL,
        undone_at   timestamptz,
        undone_by   text
      )`);
    await q.query(`CREATE INDEX plan_routings_plan_idx ON plan_routings (plan_id, created_at DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE plan_routings`);
    await q.query(`ALTER TABLE tasks DROP COLUMN cooperating_unit_ids`);
    await q.query(`ALTER TABLE org_units DROP COLUMN is_supervision_office`);
  }
}
