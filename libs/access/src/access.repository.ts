import type { AssignmentState } from '@duban/assignment-workflow';
import { DubanError } from '@duban/errors';
import type { EntityManager } from 'typeorm';
import { canSeeAssignment, type AssignmentFacts } from './assignment-access';
import type { AuthUser } from './auth-user';
import { liveLeadUnitSql } from './lead-unit';

/** An assignment with what the access rules need: its unit and role, its task's owner and live lead unit. */
export interface AssignmentAccessFacts extends AssignmentFacts {
  id: string;
  taskId: string;
  state: AssignmentState;
  version: number;
  taskStatus: 'active' | 'cancelled';
}

interface FactsRow {
  id: string;
  task_id: string;
  unit_id: string;
  role: AssignmentFacts['role'];
  state: AssignmentState;
  version: number;
  task_status: 'active' | 'cancelled';
  owner_unit_id: string | null;
  lead_unit_id: string | null;
}

export const assignmentNotFound = (): DubanError => DubanError.notFound('分派记录', 'ASSIGNMENT_NOT_FOUND');

/** The live lead unit of a task (see lead-unit.ts). */
export async function leadUnitOf(m: EntityManager, taskId: string): Promise<string | null> {
  const rows: { unit_id: string | null }[] = await m.query(`SELECT ${liveLeadUnitSql('$1')} AS unit_id`, [taskId]);
  return rows[0]?.unit_id ?? null;
}

/**
 * Reads an assignment's access facts. `lock` takes a share lock on the assignment row, so an
 * approval (which updates the row) and an evidence change never interleave.
 */
export async function readAssignmentFacts(m: EntityManager, id: string, lock = false): Promise<AssignmentAccessFacts | null> {
  const rows: FactsRow[] = await m.query(
    `SELECT a.id, a.task_id, a.unit_id, a.role, a.state, a.version, t.status AS task_status, t.owner_unit_id,
            ${liveLeadUnitSql('a.task_id')} AS lead_unit_id
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
    version: r.version,
    taskStatus: r.task_status,
    taskOwnerUnitId: r.owner_unit_id,
    leadUnitId: r.lead_unit_id,
  };
}

/**
 * immich's `requireAccess` for one assignment: its facts if the user may see it, otherwise 404 —
 * invisible and missing look the same, so nobody learns which ids exist in other units.
 */
export async function requireAssignmentAccess(m: EntityManager, user: AuthUser, id: string, lock = false): Promise<AssignmentAccessFacts> {
  const facts = await readAssignmentFacts(m, id, lock);
  if (!facts || !canSeeAssignment(user, facts)) throw assignmentNotFound();
  return facts;
}
