import { Injectable } from '@nestjs/common';
import { Clock } from '@duban/clock';
import { Assignment, type AssignmentState } from '@duban/db';
import type { EntityManager } from 'typeorm';

type Values = Partial<Omit<Assignment, 'id' | 'version' | 'updatedAt' | 'createdAt'>>;

/** One row of a set-based write: the version it was read at and where it goes. */
export interface BatchRow {
  id: string;
  version: number;
  state: AssignmentState;
  resumeState: Assignment['resumeState'];
}

/** The SQL of the transition path (AssignmentStateMachine holds the rules). */
@Injectable()
export class AssignmentRepository {
  constructor(private readonly clock: Clock) {}

  /** Writes one row if its version is still the one read; false when someone else moved it first. */
  async updateIfCurrent(m: EntityManager, a: Pick<Assignment, 'id' | 'version'>, values: Values): Promise<boolean> {
    const result = await m
      .createQueryBuilder()
      .update(Assignment)
      .set(values)
      .where('id = :id AND version = :version', { id: a.id, version: a.version })
      .execute();
    return Boolean(result.affected);
  }

  /** Writes many rows in one statement, each only at its read version; returns the ids written. */
  async updateManyIfCurrent(m: EntityManager, rows: BatchRow[], dueDate: string | null): Promise<Set<string>> {
    // an UPDATE … RETURNING answers [rows, affected count] through TypeORM's PostgreSQL driver
    const [written]: [{ id: string }[], number] = await m.query(
      `UPDATE assignments a
          SET state = x.state, resume_state = x.resume_state, due_date = coalesce($5::date, a.due_date),
              version = a.version + 1, updated_at = $6
         FROM unnest($1::uuid[], $2::int[], $3::text[], $4::text[]) AS x(id, version, state, resume_state)
        WHERE a.id = x.id AND a.version = x.version
        RETURNING a.id`,
      [
        rows.map((r) => r.id),
        rows.map((r) => r.version),
        rows.map((r) => r.state),
        rows.map((r) => r.resumeState),
        dueDate,
        this.clock.now(),
      ],
    );
    return new Set(written.map((r) => r.id));
  }

  findById(m: EntityManager, id: string): Promise<Assignment | null> {
    return m.findOneBy(Assignment, { id });
  }

  /** A task's assignments (of some units, or still due on a date), locked for a set-based change. */
  lockOfTask(m: EntityManager, taskId: string, filter: { unitIds?: string[] | null; dueDate?: string } = {}): Promise<Assignment[]> {
    const qb = m.createQueryBuilder(Assignment, 'a').where('a.task_id = :taskId', { taskId }).setLock('pessimistic_write');
    if (filter.unitIds) qb.andWhere('a.unit_id = ANY(:unitIds)', { unitIds: filter.unitIds });
    if (filter.dueDate) qb.andWhere('a.due_date = :dueDate', { dueDate: filter.dueDate });
    return qb.getMany();
  }

  /** Pending extension requests of assignments that were closed are denied with the closing reason. */
  async denyPendingExtensions(m: EntityManager, assignmentIds: string[], decidedBy: string, reason: string): Promise<void> {
    if (assignmentIds.length === 0) return;
    await m.query(
      `UPDATE extension_requests SET status = 'denied', decided_by = $2, decided_at = $4, decision_reason = $3
       WHERE assignment_id = ANY($1::uuid[]) AND status = 'pending'`,
      [assignmentIds, decidedBy, reason, this.clock.now()],
    );
  }

  /** The due-date history of a set-based move. */
  async logDueChanges(
    m: EntityManager,
    assignmentIds: string[],
    change: { oldDue: string; newDue: string; source: 'adjustment' | 'extension' | 'import'; reason: string; changedBy: string },
  ): Promise<void> {
    if (assignmentIds.length === 0) return;
    await m.query(
      `INSERT INTO assignment_due_changes (assignment_id, old_due, new_due, source, reason, changed_by, at)
       SELECT id, $2, $3, $4, $5, $6, $7 FROM unnest($1::uuid[]) AS id`,
      [assignmentIds, change.oldDue, change.newDue, change.source, change.reason, change.changedBy, this.clock.now()],
    );
  }
}
