import type { AuthUser } from '@duban/access';
import { canManageTask } from '@duban/access';
import { READ_ONLY, type Column, type SheetRow } from './task-sheet.model';
import type { CellValue, ParsedRow } from './task-sheet.xlsx';

export interface RowError {
  row: number;
  column: Column | null;
  code: string;
  reason: string;
  value: string | null;
}

/** What one sheet row asks for, once it is known to be valid. */
export interface RowChange {
  row: number;
  taskId: string;
  /** assignment id → new owner (null clears) */
  owners: { assignmentId: string; unitName: string; from: string | null; to: string | null }[];
  /** applied at once: anything on a task nobody works on yet, and the description (not core content) */
  direct: { title?: string; description?: string; dueDate?: string };
  /** units already work on the task: its title and deadline change only through an approved change request */
  proposed: { title?: string; dueDate?: string };
}

export interface UnitMember {
  unitId: string;
  userId: string;
  username: string;
  displayName: string;
}

export interface ImportContext {
  user: AuthUser;
  current: Map<string, SheetRow>;
  /** members of the units the sheet's tasks are assigned to */
  members: UnitMember[];
  /** tasks with a pending change request: a second one cannot be opened */
  pendingChange: Set<string>;
}

const err = (row: number, column: Column | null, code: string, reason: string, value: CellValue | undefined): RowError => ({
  row,
  column,
  code,
  reason,
  value: value === undefined || value === null ? null : value instanceof Date ? value.toISOString().slice(0, 10) : String(value),
});

/**
 * Compares each row with what an export would show now and decides what it changes. Pure: the
 * caller loads the context (inside the write transaction for a real run) and applies the result.
 */
export function planImport(rows: ParsedRow[], ctx: ImportContext): { changes: RowChange[]; errors: RowError[]; unchanged: number } {
  const errors: RowError[] = [];
  const changes: RowChange[] = [];
  const seen = new Map<string, number>();
  let unchanged = 0;

  for (const { row, cells } of rows) {
    const id = text(cells['任务ID']);
    if (!id) {
      errors.push(err(row, '任务ID', 'ROW_WITHOUT_ID', '缺少任务ID：新任务请在系统中创建，不能通过导入新增', null));
      continue;
    }
    const current = ctx.current.get(id);
    if (!current) {
      errors.push(err(row, '任务ID', 'UNKNOWN_TASK', '找不到该任务（不属于本计划、已取消或无权查看）', id));
      continue;
    }
    if (seen.has(id)) {
      errors.push(err(row, '任务ID', 'DUPLICATE_TASK', `该任务已在第 ${seen.get(id)} 行出现`, id));
      continue;
    }
    seen.set(id, row);

    const due = cells['完成时限'] === null || cells['完成时限'] === undefined ? null : toDate(cells['完成时限']);
    const edited = {
      title: text(cells['工作任务']) !== current.title.trim(),
      description: (text(cells['具体内容']) ?? '') !== current.description.trim(),
      dueDate: due !== current.dueDate,
      owners: normalizeOwners(text(cells['责任人'])) !== normalizeOwners(current.owners),
    };
    const readOnly = READ_ONLY.filter((c) => text(cells[c]) !== currentText(current, c));
    if (!Object.values(edited).some(Boolean) && readOnly.length === 0) {
      unchanged++;
      continue;
    }
    // a row someone else changed since the export: comparing would mistake their edit for this one
    if (text(cells['版本']) !== current.version) {
      errors.push(err(row, '版本', 'STALE_ROW', '导出后该任务已被修改，请重新导出后再编辑', cells['版本']));
      continue;
    }
    if (!canManageTask(ctx.user, { ownerUnitId: current.ownerUnitId })) {
      errors.push(err(row, null, 'NOT_TASK_OWNER', '无权修改该任务：只有负责科室的负责人可以修改', id));
      continue;
    }
    const rowErrors: RowError[] = readOnly.map((c) =>
      err(row, c, 'READ_ONLY_COLUMN', `「${c}」不能通过导入修改，请在任务分派中调整`, cells[c]),
    );
    const task: { title?: string; description?: string; dueDate?: string } = {};

    if (edited.title) {
      const title = text(cells['工作任务']);
      if (!title || title.length > 500) rowErrors.push(err(row, '工作任务', 'BAD_TITLE', '工作任务不能为空，且不超过 500 字', title));
      else task.title = title;
    }
    if (edited.description) {
      const description = text(cells['具体内容']) ?? '';
      if (description.length > 10000) rowErrors.push(err(row, '具体内容', 'BAD_DESCRIPTION', '具体内容不超过 10000 字', null));
      else task.description = description;
    }
    if (edited.dueDate) {
      if (!due) rowErrors.push(err(row, '完成时限', 'BAD_DATE', '完成时限应为有效日期，如 2024-06-30', cells['完成时限']));
      else task.dueDate = due;
    }
    const owners = edited.owners ? parseOwners(row, text(cells['责任人']), current, ctx.members) : { errors: [], owners: [] };
    rowErrors.push(...owners.errors);
    // the same line TaskEditService draws: once assigned, title and deadline are core content
    const assigned = current.assigned;
    const { title, dueDate, description } = task;
    const change: RowChange = {
      row,
      taskId: id,
      owners: owners.owners,
      direct: assigned ? (description !== undefined ? { description } : {}) : task,
      proposed: assigned ? { ...(title !== undefined && { title }), ...(dueDate !== undefined && { dueDate }) } : {},
    };
    if (Object.keys(change.proposed).length > 0 && ctx.pendingChange.has(id)) {
      rowErrors.push(err(row, null, 'CHANGE_PENDING', '该任务已有待审批的调整申请，审批后再修改', id));
    }
    if (rowErrors.length > 0) errors.push(...rowErrors);
    else if (change.owners.length > 0 || Object.keys(change.direct).length > 0 || Object.keys(change.proposed).length > 0)
      changes.push(change);
    else unchanged++;
  }
  return { changes, errors, unchanged };
}

function currentText(r: SheetRow, c: Column): string | null {
  const v = { 牵头单位: r.lead, 配合单位: r.cooperating, 量化指标: r.targets }[c as '牵头单位'];
  return v === '' || v === undefined ? null : v;
}

const text = (v: CellValue | undefined): string | null => {
  if (v === null || v === undefined) return null;
  const s = (v instanceof Date ? v.toISOString().slice(0, 10) : String(v)).trim();
  return s === '' ? null : s;
};

// owners are compared as a set of "unit：name" entries, whatever the separators and spacing
const normalizeOwners = (v: string | null): string =>
  splitOwners(v)
    .map((e) => e.replace(/\s+/g, '').replace(':', '：'))
    .sort()
    .join('；');
const splitOwners = (v: string | null): string[] =>
  (v ?? '')
    .split(/[；;\n]/)
    .map((e) => e.trim())
    .filter(Boolean);

/**
 * 「单位：姓名」 entries separated by ；. The name is a member's display name, username, or
 * 显示名（username） when a unit has two people of one name. Units left out get no owner; a bare
 * name is accepted for a task with one unit.
 */
function parseOwners(row: number, value: string | null, current: SheetRow, members: UnitMember[]) {
  const errors: RowError[] = [];
  const wanted = new Map<string, string | null>(current.assignments.map((a) => [a.id, null]));
  for (const entry of splitOwners(value)) {
    const colon = entry.search(/[：:]/);
    const unitName = colon >= 0 ? entry.slice(0, colon).trim() : null;
    const person = (colon >= 0 ? entry.slice(colon + 1) : entry).trim();
    const target = unitName
      ? current.assignments.find((a) => a.unitName === unitName)
      : current.assignments.length === 1
        ? current.assignments[0]
        : undefined;
    if (!target) {
      errors.push(
        err(
          row,
          '责任人',
          'UNKNOWN_OWNER_UNIT',
          unitName ? `该任务没有分派给「${unitName}」` : '请按「单位：姓名」填写，多个用；分隔',
          entry,
        ),
      );
      continue;
    }
    const explicit = /^(.+?)[（(]([^）)]+)[）)]$/.exec(person);
    const inUnit = members.filter((m) => m.unitId === target.unitId);
    const hits = explicit
      ? inUnit.filter((m) => m.username.toLowerCase() === explicit[2].trim().toLowerCase())
      : inUnit.filter((m) => m.displayName === person || m.username.toLowerCase() === person.toLowerCase());
    if (hits.length === 0) {
      errors.push(err(row, '责任人', 'UNKNOWN_OWNER', `「${person}」不是「${target.unitName}」的在职成员`, entry));
    } else if (hits.length > 1) {
      errors.push(err(row, '责任人', 'AMBIGUOUS_OWNER', `「${target.unitName}」有多人名为「${person}」，请写成 姓名（用户名）`, entry));
    } else {
      wanted.set(target.id, hits[0].userId);
    }
  }
  const owners = current.assignments
    .filter((a) => wanted.get(a.id) !== a.ownerUserId)
    .map((a) => ({ assignmentId: a.id, unitName: a.unitName, from: a.ownerUserId, to: wanted.get(a.id) ?? null }));
  return { errors, owners };
}

/** A date cell as YYYY-MM-DD: a real Excel date, a serial number, or text like 2024-06-30, 2024/6/30, 2024年6月30日. */
export function toDate(v: CellValue): string | null {
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : v.toISOString().slice(0, 10);
  if (typeof v === 'number') {
    // Excel's 1900 date system: serial 25569 is 1970-01-01
    if (!Number.isInteger(v) || v < 1 || v > 2958465) return null;
    return new Date((v - 25569) * 86_400_000).toISOString().slice(0, 10);
  }
  const m = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/.exec(String(v ?? '').trim());
  if (!m) return null;
  const iso = `${m[1]}-${m[2].padStart(2, '0')}-${m[3].padStart(2, '0')}`;
  const d = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === iso ? iso : null;
}
