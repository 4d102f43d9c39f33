import { ASSIGNMENT_STATES, STATE_LABELS, type AssignmentState } from '@duban/assignment-workflow';
import type { AssignmentRole } from '@duban/db';
import { createHash } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { canSeeAssignment, scopeTasks, type AuthUser } from '@duban/access';

/** The columns of the 任务分解表, in order; the last two are hidden and carry the round trip. */
export const COLUMNS = [
  '序号',
  '工作任务',
  '具体内容',
  '牵头单位',
  '配合单位',
  '责任人',
  '完成时限',
  '量化指标',
  '状态',
  '任务ID',
  '版本',
] as const;
export type Column = (typeof COLUMNS)[number];
export const EDITABLE: readonly Column[] = ['工作任务', '具体内容', '完成时限', '责任人'];
export const READ_ONLY: readonly Column[] = ['牵头单位', '配合单位', '量化指标'];
// 序号 and 状态 are for reading only and change on their own (rows move, units report): edits there are ignored

export interface SheetAssignment {
  id: string;
  unitId: string;
  unitName: string;
  role: AssignmentRole;
  ownerUserId: string | null;
  /** how the owner is written in the sheet: the display name, with the username when the unit has two of it */
  ownerLabel: string | null;
  state: AssignmentState;
}

/** One task as the sheet shows it to one user; import compares against exactly this. */
export interface SheetRow {
  taskId: string;
  version: string;
  ownerUnitId: string | null;
  title: string;
  description: string;
  lead: string;
  cooperating: string;
  owners: string;
  dueDate: string;
  targets: string;
  state: string;
  /** live (not cancelled) assignments the user may see */
  assignments: SheetAssignment[];
  /** whether any unit (seen or not) holds a live assignment of the task */
  assigned: boolean;
}

const ROLE_ORDER: Record<AssignmentRole, number> = { lead: 0, responsible: 1, cooperating: 2 };
const SYMBOLS: Record<string, string> = { '>=': '≥', '>': '＞', '=': '=', '<=': '≤', '<': '＜' };
// workflow order; cancelled assignments are not counted in a row's summary
const STATE_ORDER = ASSIGNMENT_STATES.filter((s) => s !== 'cancelled');

/** The plan's active tasks the user may see, in document order, each with what its row shows. */
export async function readSheetRows(m: EntityManager, user: AuthUser, planId: string, lock = false): Promise<SheetRow[]> {
  const qb = m
    .createQueryBuilder()
    .from('tasks', 't')
    .innerJoin('work_points', 'p', 'p.id = t.point_id')
    .innerJoin('plan_sections', 's', 's.id = p.section_id')
    .select(['t.id AS id', 't.title AS title', 't.description AS description', 't.due_date::text AS due_date'])
    .addSelect(['t.version AS version', 't.owner_unit_id AS owner_unit_id'])
    .where('t.plan_id = :planId', { planId })
    .andWhere(`t.status = 'active'`)
    .orderBy('s.position', 'ASC')
    .addOrderBy('p.position', 'ASC')
    .addOrderBy('t.position', 'ASC')
    .addOrderBy('t.id', 'ASC');
  scopeTasks(qb, user, 't');
  // the import holds its tasks still while it compares and writes
  if (lock) qb.setLock('pessimistic_write', undefined, ['t']);
  const tasks: { id: string; title: string; description: string; due_date: string; version: number; owner_unit_id: string | null }[] =
    await qb.getRawMany();
  if (tasks.length === 0) return [];
  const ids = tasks.map((t) => t.id);

  const assignments: (SheetAssignment & { taskId: string; displayName: string | null; username: string | null; nameTaken: boolean })[] =
    await m.query(
      `SELECT a.id, a.task_id AS "taskId", a.unit_id AS "unitId", u.name AS "unitName", a.role, a.owner_user_id AS "ownerUserId",
            a.state, ou.display_name AS "displayName", ou.username,
            (SELECT count(*) FROM user_units uu JOIN users x ON x.id = uu.user_id
              WHERE uu.unit_id = a.unit_id AND x.display_name = ou.display_name AND x.id <> ou.id) > 0 AS "nameTaken"
       FROM assignments a JOIN org_units u ON u.id = a.unit_id LEFT JOIN users ou ON ou.id = a.owner_user_id
      WHERE a.task_id = ANY($1) AND a.state <> 'cancelled'
      ORDER BY a.task_id, u.name, a.id`,
      [ids],
    );
  const targets: { task_id: string; metric: string; comparator: string; value: string; unit: string }[] = await m.query(
    `SELECT task_id, metric, comparator, value::text AS value, unit FROM task_targets WHERE task_id = ANY($1) ORDER BY task_id, position, id`,
    [ids],
  );

  return tasks.map((t) => {
    const all = assignments
      .filter((a) => a.taskId === t.id)
      .sort((a, b) => ROLE_ORDER[a.role] - ROLE_ORDER[b.role] || a.unitName.localeCompare(b.unitName, 'zh-CN') || a.id.localeCompare(b.id));
    const leadUnitId = all.find((a) => a.role === 'lead')?.unitId ?? null;
    // which units take part is the plan's public content; owners and progress only where the user may look
    const mine = all
      .filter((a) => canSeeAssignment(user, { unitId: a.unitId, role: a.role, taskOwnerUnitId: t.owner_unit_id, leadUnitId }))
      .map((a) => ({
        id: a.id,
        unitId: a.unitId,
        unitName: a.unitName,
        role: a.role,
        ownerUserId: a.ownerUserId,
        ownerLabel: a.displayName ? (a.nameTaken ? `${a.displayName}（${a.username}）` : a.displayName) : null,
        state: a.state,
      }));
    const names = (roles: AssignmentRole[]) =>
      all
        .filter((a) => roles.includes(a.role))
        .map((a) => a.unitName)
        .join('、');
    const row = {
      taskId: t.id,
      ownerUnitId: t.owner_unit_id,
      title: t.title,
      description: t.description,
      lead: names(['lead', 'responsible']),
      cooperating: names(['cooperating']),
      owners: mine
        .filter((a) => a.ownerLabel)
        .map((a) => `${a.unitName}：${a.ownerLabel}`)
        .join('；'),
      dueDate: t.due_date,
      targets: targets
        .filter((x) => x.task_id === t.id)
        .map((x) => `${x.metric}${SYMBOLS[x.comparator] ?? x.comparator}${Number(x.value)}${x.unit}`)
        .join('；'),
      state: stateSummary(mine.map((a) => a.state)),
      assignments: mine,
      assigned: all.length > 0,
    };
    return { ...row, version: versionToken(t.version, row, all) };
  });
}

/** 未分派 / one label / 进行中 3、已完成 2 */
function stateSummary(states: AssignmentState[]): string {
  if (states.length === 0) return '未分派';
  const present = STATE_ORDER.filter((s) => states.includes(s));
  if (present.length === 1) return states.length === 1 ? STATE_LABELS[present[0]] : `${STATE_LABELS[present[0]]} ${states.length}`;
  return present.map((s) => `${STATE_LABELS[s]} ${states.filter((x) => x === s).length}`).join('、');
}

/**
 * What the exported row was based on: the task's version plus a digest of everything editable
 * through the sheet (owners live on assignments, whose own versions also move on progress
 * reports and would make a busy "all schools" row stale forever).
 */
function versionToken(version: number, row: Omit<SheetRow, 'version'>, all: Omit<SheetAssignment, 'ownerLabel'>[]): string {
  const basis = JSON.stringify([
    row.title,
    row.description,
    row.dueDate,
    row.targets,
    all.map((a) => [a.id, a.unitId, a.role, a.ownerUserId]),
  ]);
  return `v${version}.${createHash('sha256').update(basis).digest('hex').slice(0, 12)}`;
}
