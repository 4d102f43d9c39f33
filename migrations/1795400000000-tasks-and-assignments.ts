import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The working core: tasks decomposed from confirmed points, assignments of tasks to units, their
 * approvals (adjustment, cancellation, extension), progress with target actuals, evidence and
 * its review.
 */
export class TasksAndAssignments1795400000000 implements MigrationInterface {
  name = 'TasksAndAssignments1795400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE tasks (
        id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        plan_id          uuid NOT NULL REFERENCES plans(id),
        point_id         uuid NOT NULL REFERENCES work_points(id),
        position         int NOT NULL DEFAULT 0,
        title            text NOT NULL CHECK (length(title) BETWEEN 1 AND 500),
        description      text NOT NULL DEFAULT '',
        -- the department whose heads review the work and approve changes (the point's owner)
        owner_unit_id    uuid REFERENCES org_units(id),
        due_date         date NOT NULL,
        cadence          text CHECK (cadence IN ('week', 'month', 'quarter', 'semester', 'year')),
        completion_rule  text NOT NULL DEFAULT 'lead_approval' CHECK (completion_rule IN ('lead_approval', 'all_units_approval')),
        status           text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'cancelled')),
        cancel_reason    text,
        version          int NOT NULL DEFAULT 1,
        created_by       text,
        created_at       timestamptz NOT NULL DEFAULT now(),
        updated_at       timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX tasks_point_idx ON tasks (point_id, position)`);
    await q.query(`CREATE INDEX tasks_plan_idx ON tasks (plan_id)`);
    await q.query(`CREATE INDEX tasks_owner_unit_idx ON tasks (owner_unit_id)`);

    await q.query(`
      CREATE TABLE task_targets (
        id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        task_id     uuid NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
        position    int NOT NULL DEFAULT 0,
        phrase      text NOT NULL DEFAULT '',
        metric      text NOT NULL,
        value       numeric NOT NULL,
        unit        text NOT NULL,
        comparator  text NOT NULL CHECK (comparator IN ('>=', '>', '=', '<=', '<'))
      )`);
    await q.query(`CREATE INDEX task_targets_task_idx ON task_targets (task_id)`);

    await q.query(`
      CREATE TABLE task_evidence_requirements (
        id        uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        task_id   uuid NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
        position  int NOT NULL DEFAULT 0,
        name      text NOT NULL CHECK (length(name) BETWEEN 1 AND 100)
      )`);
    await q.query(`CREATE INDEX task_evidence_requirements_task_idx ON task_evidence_requirements (task_id)`);

    await q.query(`
      CREATE TABLE assignments (
        id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        task_id            uuid NOT NULL REFERENCES tasks(id),
        unit_id            uuid NOT NULL REFERENCES org_units(id),
        role               text NOT NULL CHECK (role IN ('lead', 'cooperating', 'responsible')),
        owner_user_id      uuid REFERENCES users(id),
        due_date           date NOT NULL,
        state              text NOT NULL DEFAULT 'assigned'
                           CHECK (state IN ('assigned', 'in_progress', 'submitted', 'approved', 'returned', 'extension_requested', 'cancelled')),
        -- where an extension request returns to once decided
        resume_state       text CHECK (resume_state IN ('assigned', 'in_progress', 'returned')),
        progress_percent   int NOT NULL DEFAULT 0 CHECK (progress_percent BETWEEN 0 AND 100),
        submitted_at       timestamptz,
        approved_at        timestamptz,
        approved_by        uuid REFERENCES users(id),
        late_close_reason  text,
        version            int NOT NULL DEFAULT 1,
        created_at         timestamptz NOT NULL DEFAULT now(),
        updated_at         timestamptz NOT NULL DEFAULT now(),
        UNIQUE (task_id, unit_id)
      )`);
    // a unit's inbox: its assignments by state and due date
    await q.query(`CREATE INDEX assignments_unit_state_due_idx ON assignments (unit_id, state, due_date)`);
    await q.query(`CREATE INDEX assignments_task_idx ON assignments (task_id)`);
    // the review queue: what waits for a decision
    await q.query(
      `CREATE INDEX assignments_submitted_idx ON assignments (state, submitted_at) WHERE state IN ('submitted', 'extension_requested')`,
    );

    await q.query(`
      CREATE TABLE assignment_due_changes (
        id             bigserial PRIMARY KEY,
        assignment_id  uuid NOT NULL REFERENCES assignments(id) ON DELETE CASCADE,
        old_due        date NOT NULL,
        new_due        date NOT NULL,
        source         text NOT NULL CHECK (source IN ('extension', 'adjustment', 'import')),
        reason         text NOT NULL,
        changed_by     uuid REFERENCES users(id),
        at             timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX assignment_due_changes_assignment_idx ON assignment_due_changes (assignment_id, at)`);

    await q.query(`
      CREATE TABLE extension_requests (
        id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        assignment_id    uuid NOT NULL REFERENCES assignments(id) ON DELETE CASCADE,
        requested_due    date NOT NULL,
        reason           text NOT NULL CHECK (length(reason) BETWEEN 1 AND 2000),
        status           text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'denied')),
        requested_by     uuid REFERENCES users(id),
        decided_by       uuid REFERENCES users(id),
        decided_at       timestamptz,
        decision_reason  text,
        created_at       timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX extension_requests_one_pending_idx ON extension_requests (assignment_id) WHERE status = 'pending'`);

    await q.query(`
      CREATE TABLE task_change_requests (
        id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        task_id          uuid NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
        kind             text NOT NULL CHECK (kind IN ('adjust', 'cancel')),
        -- the proposed values (title, targets, due date, units); the old ones stay in force until approved
        proposed         jsonb NOT NULL DEFAULT '{}',
        reason           text NOT NULL CHECK (length(reason) BETWEEN 1 AND 2000),
        status           text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'returned')),
        requested_by     uuid REFERENCES users(id),
        decided_by       uuid REFERENCES users(id),
        decided_at       timestamptz,
        decision_reason  text,
        created_at       timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX task_change_requests_one_pending_idx ON task_change_requests (task_id) WHERE status = 'pending'`);

    await q.query(`
      CREATE TABLE progress_reports (
        id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        assignment_id  uuid NOT NULL REFERENCES assignments(id) ON DELETE CASCADE,
        percent        int NOT NULL CHECK (percent BETWEEN 0 AND 100),
        narrative      text NOT NULL DEFAULT '' CHECK (length(narrative) <= 10000),
        -- for cadenced tasks: 2024-03, 2024-Q1, 2024-S1 …
        period         text,
        reported_by    uuid REFERENCES users(id),
        created_at     timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX progress_reports_assignment_idx ON progress_reports (assignment_id, created_at)`);

    await q.query(`
      CREATE TABLE target_actuals (
        id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        progress_report_id  uuid NOT NULL REFERENCES progress_reports(id) ON DELETE CASCADE,
        assignment_id       uuid NOT NULL REFERENCES assignments(id) ON DELETE CASCADE,
        task_target_id      uuid NOT NULL REFERENCES task_targets(id) ON DELETE CASCADE,
        value               numeric NOT NULL,
        as_of               date NOT NULL,
        created_at          timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX target_actuals_latest_idx ON target_actuals (task_target_id, assignment_id, as_of DESC, created_at DESC)`);

    await q.query(`
      CREATE TABLE evidence_files (
        id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        assignment_id   uuid NOT NULL REFERENCES assignments(id),
        requirement_id  uuid REFERENCES task_evidence_requirements(id) ON DELETE SET NULL,
        file_name       text NOT NULL,
        storage_key     text NOT NULL,
        sha256          char(64) NOT NULL,
        byte_size       bigint NOT NULL CHECK (byte_size > 0),
        mime            text NOT NULL,
        ext             text NOT NULL,
        uploaded_by     uuid REFERENCES users(id),
        uploaded_at     timestamptz NOT NULL DEFAULT now(),
        review_state    text NOT NULL DEFAULT 'pending' CHECK (review_state IN ('pending', 'accepted', 'returned')),
        review_reason   text,
        reviewed_by     uuid REFERENCES users(id),
        reviewed_at     timestamptz,
        withdrawn_at    timestamptz,
        UNIQUE (assignment_id, sha256)
      )`);
    await q.query(`CREATE INDEX evidence_files_assignment_idx ON evidence_files (assignment_id, uploaded_at)`);

    await q.query(`
      CREATE TABLE review_decisions (
        id             bigserial PRIMARY KEY,
        assignment_id  uuid NOT NULL REFERENCES assignments(id) ON DELETE CASCADE,
        decision       text NOT NULL CHECK (decision IN ('approve', 'return')),
        reason         text,
        decided_by     uuid REFERENCES users(id),
        at             timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX review_decisions_assignment_idx ON review_decisions (assignment_id, at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'review_decisions',
      'evidence_files',
      'target_actuals',
      'progress_reports',
      'task_change_requests',
      'extension_requests',
      'assignment_due_changes',
      'assignments',
      'task_evidence_requirements',
      'task_targets',
      'tasks',
    ]) {
      await q.query(`DROP TABLE ${table}`);
    }
  }
}
