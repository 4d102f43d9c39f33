import type { RequestContext } from '@duban/audit';
import type { AssignmentRole } from '@duban/db';
import type { EntityManager } from 'typeorm';
import { DubanError } from '@duban/errors';
import { leadUnitOf } from '@duban/access';
import type { AssignmentStateMachine } from './assignment-state-machine';
import type { AssignUnitInput } from './assignment.inputs';

const LEAD_INDEX = 'assignments_one_lead_idx';

export const leadTaken = (): DubanError => new DubanError('LEAD_ALREADY_ASSIGNED', '该任务已有牵头单位，每个任务只能有一个牵头单位');
export const leadRequired = (): DubanError => new DubanError('LEAD_REQUIRED', '配合单位向牵头单位报送，请先（或同时）指定牵头单位');

export interface NamedAssignments {
  created: { id: string; unitId: string; role: AssignmentRole }[];
  skipped: string[];
}

/**
 * Inserts assignments for named units in one statement. Units already on the task are skipped;
 * a second lead is refused (checked here for a clear message, and by a partial unique index for races).
 */
export async function insertNamedAssignments(
  m: EntityManager,
  taskId: string,
  units: AssignUnitInput[],
  dueDate: string,
  /** the clock's now: when the assignment starts, which 序时进度 measures from */
  createdAt: Date,
): Promise<NamedAssignments> {
  const unitIds = units.map((u) => u.unitId);
  if (new Set(unitIds).size !== unitIds.length) throw new DubanError('DUPLICATE_UNIT', '同一单位在请求中出现了多次');
  const leads = units.filter((u) => u.role === 'lead');
  if (leads.length > 1) throw new DubanError('ONE_LEAD_ONLY', '每个任务只能有一个牵头单位');
  const existingLead = await leadUnitOf(m, taskId);
  if (leads.length === 1 && existingLead !== null && existingLead !== leads[0].unitId) throw leadTaken();
  if (units.some((u) => u.role === 'cooperating') && leads.length === 0 && existingLead === null) throw leadRequired();
  await checkUnits(m, units);

  const rows: { id: string; unit_id: string; role: AssignmentRole }[] = await m
    .query(
      `INSERT INTO assignments (task_id, unit_id, role, owner_user_id, due_date, created_at, updated_at)
       SELECT $1, x.unit_id, x.role, x.owner_user_id, $5, $6, $6
       FROM unnest($2::uuid[], $3::text[], $4::uuid[]) AS x(unit_id, role, owner_user_id)
       ON CONFLICT (task_id, unit_id) DO NOTHING
       RETURNING id, unit_id, role`,
      [taskId, unitIds, units.map((u) => u.role), units.map((u) => u.ownerUserId ?? null), dueDate, createdAt],
    )
    .catch((e: unknown) => {
      throw (e as { constraint?: string }).constraint === LEAD_INDEX ? leadTaken() : e;
    });
  const created = new Set(rows.map((r) => r.unit_id));
  return {
    created: rows.map((r) => ({ id: r.id, unitId: r.unit_id, role: r.role })),
    skipped: unitIds.filter((id) => !created.has(id)),
  };
}

/**
 * Cancels the open assignments of a task (or of some of its units) through the one transition
 * path, so each gets its audit row, and closes their pending extension requests. Returns the
 * cancelled ids.
 */
export async function cancelAssignments(
  m: EntityManager,
  machine: AssignmentStateMachine,
  ctx: RequestContext,
  taskId: string,
  unitIds: string[] | null,
  decidedBy: string,
  reason: string,
): Promise<string[]> {
  const rows = await machine.rows.lockOfTask(m, taskId, { unitIds });
  const ids = await machine.transitionMany(m, ctx, { assignments: rows, action: 'cancel', actor: 'owner', reason });
  await machine.rows.denyPendingExtensions(m, ids, decidedBy, reason);
  return ids;
}

/** Every unit exists and is live; a named handler is an active member of the unit. */
async function checkUnits(m: EntityManager, units: AssignUnitInput[]): Promise<void> {
  const found: { id: string }[] = await m.query(`SELECT id FROM org_units WHERE id = ANY($1::uuid[]) AND archived_at IS NULL`, [
    units.map((u) => u.unitId),
  ]);
  const live = new Set(found.map((r) => r.id));
  const missing = units.filter((u) => !live.has(u.unitId)).map((u) => u.unitId);
  if (missing.length > 0) throw new DubanError('UNIT_NOT_FOUND', '单位不存在或已停用', { unitIds: missing });
  const owners = units.filter((u) => u.ownerUserId);
  if (owners.length === 0) return;
  const members: { user_id: string; unit_id: string }[] = await m.query(
    `SELECT uu.user_id, uu.unit_id FROM user_units uu JOIN users us ON us.id = uu.user_id AND us.is_active
     WHERE uu.user_id = ANY($1::uuid[])`,
    [owners.map((u) => u.ownerUserId)],
  );
  const bad = owners.filter((u) => !members.some((r) => r.user_id === u.ownerUserId && r.unit_id === u.unitId));
  if (bad.length > 0) throw new DubanError('OWNER_NOT_MEMBER', '经办人须是该单位的在职成员', { unitIds: bad.map((u) => u.unitId) });
}
