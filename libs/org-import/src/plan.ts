import { planRows } from './plan-rows';
import { readUnitFile, type UnitFile } from './read';
import {
  DEFAULT_LIMITS,
  type ExistingUnit,
  type ImportIssue,
  type ImportLimits,
  type ImportReport,
  type ImportRow,
  UNIT_COLUMNS,
  type UnitRecord,
} from './types';
import { COLUMN_LABELS } from './vocabulary';

const COMPARED: readonly (keyof UnitRecord)[] = ['name', 'shortNames', 'aliases', 'type', 'tags', 'parentCode', 'supervisionOffice'];

function same(a: UnitRecord[keyof UnitRecord], b: UnitRecord[keyof UnitRecord]): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => x === b[i]);
  return a === b;
}

/** The fields of `after` that differ from `before` (lists compare in order: export keeps it). */
export function changedFields(before: UnitRecord, after: UnitRecord): (keyof UnitRecord)[] {
  // an optional field the file does not give is no change (a file without the 督查室 column keeps the flag)
  return COMPARED.filter((f) => after[f] !== undefined && !same(before[f], after[f]));
}

/**
 * Rules across rows and against the units already stored, then the plan: which rows create, which
 * update, which change nothing, ordered parents before children. Pure: the caller loads `existing`
 * (every unit, archived included) and applies `changes` in one transaction.
 */
export function planImport(file: UnitFile, existing: Iterable<ExistingUnit>, limits: ImportLimits = DEFAULT_LIMITS): ImportReport {
  const stored = new Map<string, ExistingUnit>();
  for (const u of existing) stored.set(u.code, u);
  const issues: ImportIssue[] = [...file.issues];
  const warnings: ImportIssue[] = [];
  const column = (col: (typeof UNIT_COLUMNS)[number]): string => file.headers[col] ?? COLUMN_LABELS[col];

  // the first row of each code speaks for it; later duplicates are already errors
  const byCode = new Map<string, ImportRow>();
  for (const r of file.rows) if (r.code !== '' && file.codeLines.get(r.code) === r.line) byCode.set(r.code, r);

  for (const r of file.rows) {
    const before = stored.get(r.code);
    if (before?.archived) {
      warnings.push({
        line: r.line,
        column: column('code'),
        code: 'UNIT_ARCHIVED',
        reason: '该单位已归档：导入会更新它的信息，但不会恢复它',
        value: r.code,
      });
    }
    if (r.parentCode === null || r.parentCode === r.code) continue;
    const inFile = file.codeLines.has(r.parentCode);
    const parent = stored.get(r.parentCode);
    if (!inFile && !parent) {
      issues.push({
        line: r.line,
        column: column('parent_code'),
        code: 'PARENT_UNKNOWN',
        reason: `上级编码“${r.parentCode}”在文件和系统中都不存在`,
        value: r.parentCode,
      });
    } else if (parent?.archived) {
      issues.push({
        line: r.line,
        column: column('parent_code'),
        code: 'PARENT_ARCHIVED',
        reason: `上级单位“${parent.name}”已归档，请先恢复它或换一个上级`,
        value: r.parentCode,
      });
    }
  }
  issues.push(...findCycles(byCode, stored, column('parent_code')));

  const planned = planRows(
    file,
    orderParentsFirst(file.rows),
    issues,
    { find: (r) => stored.get(r.code), fields: COMPARED, changed: changedFields, record: toRecord },
    { columns: UNIT_COLUMNS.map(column), maxListedErrors: limits.maxListedErrors },
  );
  return { ...planned, warnings: warnings.slice(0, limits.maxListedErrors) };
}

/** Reads and plans in one call (dry runs, tests, the seed command). */
export async function analyseImport(
  bytes: Uint8Array,
  existing: Iterable<ExistingUnit>,
  limits: ImportLimits = DEFAULT_LIMITS,
): Promise<ImportReport> {
  return planImport(await readUnitFile(bytes, limits), existing, limits);
}

function toRecord(u: ExistingUnit): UnitRecord {
  return {
    code: u.code,
    name: u.name,
    shortNames: u.shortNames,
    aliases: u.aliases,
    type: u.type,
    tags: u.tags,
    parentCode: u.parentCode,
    supervisionOffice: u.supervisionOffice ?? false,
  };
}

/**
 * Parent links after the import (the file's rows over the stored tree) must not loop. Every file
 * row on a loop gets an error naming the loop.
 */
function findCycles(byCode: Map<string, ImportRow>, stored: Map<string, ExistingUnit>, column: string): ImportIssue[] {
  const parentOf = (code: string): string | null =>
    byCode.has(code) ? byCode.get(code)!.parentCode : (stored.get(code)?.parentCode ?? null);
  const state = new Map<string, 1 | 2>(); // 1: on the current path, 2: known to reach a root
  const issues: ImportIssue[] = [];
  for (const start of byCode.keys()) {
    const path: string[] = [];
    let code: string | null = start;
    while (code !== null && !state.has(code)) {
      state.set(code, 1);
      path.push(code);
      const next = parentOf(code);
      code = next === code ? null : next; // self-parent is its own error
    }
    if (code !== null && state.get(code) === 1) {
      const loop = path.slice(path.indexOf(code));
      const text = [...loop, code].join(' → ');
      for (const c of loop) {
        const row = byCode.get(c);
        if (row) issues.push({ line: row.line, column, code: 'CYCLE', reason: `上级关系形成循环：${text}`, value: row.parentCode ?? '' });
      }
    }
    for (const c of path) state.set(c, 2);
  }
  return issues;
}

/** File order, except that a row waits until its parent (if the file has it) has been placed. */
export function orderParentsFirst<T extends { code: string; parentCode: string | null }>(rows: readonly T[]): T[] {
  const codes = new Set(rows.map((r) => r.code));
  const waiting = new Map<string, T[]>();
  const placed = new Set<string>();
  const out: T[] = [];
  const place = (r: T): void => {
    const stack = [r];
    while (stack.length > 0) {
      const next = stack.pop()!;
      if (placed.has(next.code)) continue;
      placed.add(next.code);
      out.push(next);
      const kids = waiting.get(next.code);
      if (kids) {
        waiting.delete(next.code);
        for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]);
      }
    }
  };
  for (const r of rows) {
    if (r.parentCode !== null && r.parentCode !== r.code && codes.has(r.parentCode) && !placed.has(r.parentCode)) {
      const list = waiting.get(r.parentCode) ?? [];
      list.push(r);
      waiting.set(r.parentCode, list);
    } else place(r);
  }
  // rows on a loop never get placed; they are errors, but keep them visible in the order
  for (const list of waiting.values()) for (const r of list) if (!placed.has(r.code)) out.push(r);
  return out;
}
