import type { Actor } from '@duban/assignment-workflow';
import type { AssignmentState } from '@duban/db';
import type { EntityManager } from 'typeorm';
import type { AuthUser } from '@duban/access';
import { DubanError } from '@duban/errors';
import { actorsFor, canSeeAssignment, type AssignmentFacts } from '@duban/access';
import { EvidenceErrors } from './evidence-errors';

/** What the evidence rules need to know about an assignment. */
export interface EvidenceAssignment extends AssignmentFacts {
  id: string;
  taskId: string;
  state: AssignmentState;
  taskStatus: 'active' | 'cancelled';
}

interface FactsRow {
  id: string;
  task_id: string;
  unit_id: string;
  role: AssignmentFacts['role'];
  state: AssignmentState;
  task_status: 'active' | 'cancelled';
  owner_unit_id: string | null;
  lead_unit_id: string | null;
}

/**
 * Reads an assignment with its task's owner and lead unit. `lock` takes a share lock on the
 * assignment row, so an approval (which updates the row) and an evidence change never interleave.
 */
export async function loadAssignment(m: EntityManager, id: string, lock = false): Promise<EvidenceAssignment | null> {
  const rows: FactsRow[] = await m.query(
    `SELECT a.id, a.task_id, a.unit_id, a.role, a.state, t.status AS task_status, t.owner_unit_id,
            (SELECT la.unit_id FROM assignments la WHERE la.task_id = a.task_id AND la.role = 'lead' LIMIT 1) AS lead_unit_id
       FROM assignments a JOIN tasks t ON t.id = a.task_id
      WHERE a.id = $1 ${lock ? 'FOR SHARE OF a' : ''}`,
    [id],
  );
  const r = rows[0];
  if (!r) return null;
  return {
    id: r.id,
    taskId: r.task_id,
    unitId: r.unit_id,
    role: r.role,
    state: r.state,
    taskStatus: r.task_status,
    taskOwnerUnitId: r.owner_unit_id,
    leadUnitId: r.lead_unit_id,
  };
}

/** The assignment if the user may see it; otherwise 404, so its existence is not revealed. */
export async function visibleAssignment(m: EntityManager, user: AuthUser, id: string, lock = false): Promise<EvidenceAssignment> {
  const a = await loadAssignment(m, id, lock);
  if (!a || !canSeeAssignment(user, a)) throw DubanError.notFound('任务分派', 'ASSIGNMENT_NOT_FOUND');
  return a;
}

/** Refuses with 403 unless the user plays `actor` for the assignment (see assignment-access.ts). */
export function requireActor(user: AuthUser, a: EvidenceAssignment, actor: Actor): void {
  if (actorsFor(user, a).includes(actor)) return;
  throw actor === 'unit' ? EvidenceErrors.notUnit() : EvidenceErrors.notReviewer();
}

/** Evidence of a finished or cancelled assignment is frozen. */
export function requireOpen(a: EvidenceAssignment): void {
  if (a.state === 'approved' || a.state === 'cancelled' || a.taskStatus === 'cancelled') throw EvidenceErrors.assignmentClosed(a.state);
}
