import type { Deadline, ParsedPlan, Period, Point, PointUnit, Recurrence, Section, Target } from '@duban/plan-parser';
import { flattenPoints } from './flatten';

/**
 * Edits a person makes to a parsed plan before confirming it. Sections are addressed by their
 * ordinal path ([2] is 二、, [2, 1] is its （一）), points by 1-based index within that section.
 */
export type DraftOperation =
  /** period: a 规划's years (十四五 → 2021–2025), or null for a plan of one year */
  | { op: 'updatePlan'; title?: string; year?: number | null; period?: Period | null }
  | { op: 'updateSection'; section: number[]; title?: string; deadlines?: Deadline[] }
  | {
      op: 'updatePoint';
      section: number[];
      point: number;
      title?: string;
      text?: string;
      number?: number;
      units?: PointUnit[];
      deadlines?: Deadline[];
      recurrence?: Recurrence[];
      targets?: Target[];
    }
  | { op: 'mergePoints'; section: number[]; point: number }
  | { op: 'splitPoint'; section: number[]; point: number; at: number; title?: string }
  | { op: 'removePoint'; section: number[]; point: number };

export type DraftOperationErrorCode = 'DRAFT_OP_INVALID' | 'DRAFT_SECTION_NOT_FOUND' | 'DRAFT_POINT_NOT_FOUND';

export class DraftOperationError extends Error {
  constructor(
    readonly code: DraftOperationErrorCode,
    readonly messageZh: string,
    readonly operationIndex: number,
  ) {
    super(`${code}: ${messageZh} (operation ${operationIndex + 1})`);
  }
}

const MAX_TEXT = 20_000;
const MIN_YEAR = 1949;
const MAX_YEAR = 2100;
/** 教育现代化2035 runs 2021–2035: no real plan spans more than fifteen years */
const MAX_PERIOD_YEARS = 15;

/** Applies operations in order to a copy of the plan; the input is left untouched. */
export function applyDraftOperations(plan: ParsedPlan, operations: DraftOperation[]): ParsedPlan {
  const next = structuredClone(plan);
  operations.forEach((operation, i) => applyOne(next, operation, i));
  return next;
}

function applyOne(plan: ParsedPlan, o: DraftOperation, i: number): void {
  const fail = (messageZh: string, code: DraftOperationErrorCode = 'DRAFT_OP_INVALID'): never => {
    throw new DraftOperationError(code, messageZh, i);
  };
  switch (o.op) {
    case 'updatePlan':
      if (o.title !== undefined) plan.title = cleanTitle(o.title, fail);
      if (o.year !== undefined) {
        if (o.year !== null && (!Number.isInteger(o.year) || o.year < MIN_YEAR || o.year > MAX_YEAR)) fail('年份无效');
        plan.year = o.year;
      }
      if (o.period !== undefined) plan.period = checkPeriod(o.period, fail);
      if ((o.year !== undefined || o.period !== undefined) && plan.year !== null && plan.period) {
        const { from, to } = plan.period;
        if (plan.year < from || plan.year > to) fail(`年度 ${plan.year} 不在规划期 ${from}—${to} 年之内`);
      }
      return;
    case 'updateSection': {
      const section = findSection(plan, o.section, fail);
      if (o.title !== undefined) section.title = cleanTitle(o.title, fail);
      if (o.deadlines !== undefined) section.deadlines = checkDeadlines(o.deadlines, fail);
      return;
    }
    case 'updatePoint': {
      const { point } = findPoint(plan, o.section, o.point, fail);
      if (o.title !== undefined) point.title = cleanTitle(o.title, fail);
      if (o.text !== undefined) point.text = cleanText(o.text, fail);
      if (o.number !== undefined) {
        if (!Number.isInteger(o.number) || o.number < 1 || o.number > 10_000) fail('序号必须是正整数');
        point.number = o.number;
      }
      if (o.units !== undefined) point.units = checkUnits(o.units, fail);
      if (o.deadlines !== undefined) point.deadlines = checkDeadlines(o.deadlines, fail);
      if (o.recurrence !== undefined) point.recurrence = checkRecurrence(o.recurrence, fail);
      if (o.targets !== undefined) point.targets = checkTargets(o.targets, fail);
      return;
    }
    case 'mergePoints': {
      const { section, index } = findPoint(plan, o.section, o.point, fail);
      const [first, second] = [section.points[index], section.points[index + 1]];
      if (!second) fail('该要点之后没有可合并的要点', 'DRAFT_POINT_NOT_FOUND');
      first.text = `${first.text}\n${second.text}`;
      first.units = unionBy(first.units, second.units, (u) => `${u.role}|${u.name}`);
      first.deadlines = unionBy(first.deadlines, second.deadlines, (d) => `${d.date}|${d.phrase}`);
      first.recurrence = unionBy(first.recurrence, second.recurrence, (r) => `${r.every}|${r.phrase}`);
      first.targets = unionBy(first.targets, second.targets, (t) => t.phrase);
      section.points.splice(index + 1, 1);
      renumberPoints(plan);
      return;
    }
    case 'splitPoint': {
      const { section, index, point } = findPoint(plan, o.section, o.point, fail);
      if (!Number.isInteger(o.at) || o.at <= 0 || o.at >= point.text.length) fail('拆分位置必须在要点正文之内');
      const rest = point.text.slice(o.at).replace(/^\s+/, '');
      if (rest === '') fail('拆分后的第二部分为空');
      const second: Point = {
        number: point.number + 1,
        title: o.title !== undefined ? cleanTitle(o.title, fail) : firstSentence(rest),
        text: rest,
        line: point.line,
        units: [...point.units],
        deadlines: point.deadlines.filter((d) => rest.includes(d.phrase)),
        recurrence: point.recurrence.filter((r) => rest.includes(r.phrase)),
        targets: point.targets.filter((t) => rest.includes(t.phrase)),
      };
      point.text = point.text.slice(0, o.at).replace(/\s+$/, '');
      point.deadlines = point.deadlines.filter((d) => point.text.includes(d.phrase));
      point.recurrence = point.recurrence.filter((r) => point.text.includes(r.phrase));
      point.targets = point.targets.filter((t) => point.text.includes(t.phrase));
      section.points.splice(index + 1, 0, second);
      renumberPoints(plan);
      return;
    }
    case 'removePoint': {
      const { section, index } = findPoint(plan, o.section, o.point, fail);
      // decided before the removal: the removed point may be the "1." that shows numbering restarts
      const restarts = detectRestart(plan);
      section.points.splice(index, 1);
      renumberPoints(plan, restarts);
      return;
    }
    default:
      fail(`未知的操作：${String((o as { op?: unknown }).op)}`);
  }
}

type Fail = (messageZh: string, code?: DraftOperationErrorCode) => never;

function findSection(plan: ParsedPlan, path: unknown, fail: Fail): Section {
  if (!Array.isArray(path) || path.length === 0 || path.length > 6) return fail('章节路径无效');
  let list = plan.sections;
  let found: Section | undefined;
  for (const ordinal of path) {
    found = Number.isInteger(ordinal) ? list[(ordinal as number) - 1] : undefined;
    if (!found) return fail(`找不到章节 ${path.join('.')}`, 'DRAFT_SECTION_NOT_FOUND');
    list = found.sections;
  }
  return found as Section;
}

function findPoint(plan: ParsedPlan, path: unknown, pointIndex: unknown, fail: Fail) {
  const section = findSection(plan, path, fail);
  const index = Number.isInteger(pointIndex) ? (pointIndex as number) - 1 : -1;
  const point = section.points[index];
  if (!point) return fail(`章节 ${(path as number[]).join('.')} 中找不到第 ${String(pointIndex)} 个要点`, 'DRAFT_POINT_NOT_FOUND');
  return { section, index, point };
}

/**
 * After a split, merge or removal the printed numbers follow document order again, either
 * straight through the plan or restarting in every section, as the plan numbered them before.
 */
export function renumberPoints(plan: ParsedPlan, restartsPerSection = detectRestart(plan)): void {
  const located = flattenPoints(plan);
  let counter = 0;
  let lastSection = '';
  for (const { sectionPath, point } of located) {
    const key = sectionPath.join('.');
    if (restartsPerSection && key !== lastSection) counter = 0;
    lastSection = key;
    point.number = ++counter;
  }
}

function detectRestart(plan: ParsedPlan): boolean {
  const firsts = flattenPoints(plan).filter((p) => p.index === 1);
  return firsts.length > 1 && firsts.slice(1).every((p) => p.point.number === 1);
}

function cleanTitle(value: unknown, fail: Fail): string {
  if (typeof value !== 'string') return fail('标题必须是文字');
  const title = value.trim();
  if (title === '' || title.length > 500) fail('标题不能为空，且不超过500字');
  return title;
}

function cleanText(value: unknown, fail: Fail): string {
  if (typeof value !== 'string' || value.length > MAX_TEXT) return fail(`正文必须是不超过${MAX_TEXT}字的文字`);
  return value;
}

function checkList<T>(value: unknown, fail: Fail, what: string, ok: (v: Record<string, unknown>) => boolean): T[] {
  if (!Array.isArray(value) || value.length > 200) return fail(`${what}必须是不超过200项的列表`);
  for (const item of value) {
    if (typeof item !== 'object' || item === null || !ok(item as Record<string, unknown>)) fail(`${what}中有无效的项`);
  }
  return value as T[];
}

const isText = (v: unknown, max = 500): boolean => typeof v === 'string' && v.trim() !== '' && v.length <= max;

function checkUnits(value: unknown, fail: Fail): PointUnit[] {
  return checkList<PointUnit>(
    value,
    fail,
    '责任单位',
    (u) => isText(u.name, 200) && ['lead', 'cooperating', 'responsible'].includes(u.role as string),
  );
}

function checkDeadlines(value: unknown, fail: Fail): Deadline[] {
  return checkList<Deadline>(value, fail, '完成时限', (d) => typeof d.date === 'string' && isValidDate(d.date) && isText(d.phrase));
}

function checkRecurrence(value: unknown, fail: Fail): Recurrence[] {
  return checkList<Recurrence>(
    value,
    fail,
    '报送周期',
    (r) => ['week', 'month', 'quarter', 'semester', 'year'].includes(r.every as string) && isText(r.phrase),
  );
}

function checkTargets(value: unknown, fail: Fail): Target[] {
  return checkList<Target>(
    value,
    fail,
    '量化指标',
    (t) =>
      isText(t.phrase) &&
      typeof t.metric === 'string' &&
      t.metric.length <= 500 &&
      typeof t.value === 'number' &&
      Number.isFinite(t.value) &&
      typeof t.unit === 'string' &&
      t.unit.length <= 20 &&
      ['>=', '>', '=', '<=', '<'].includes(t.comparator as string),
  );
}

export function isValidDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

function unionBy<T>(a: T[], b: T[], key: (t: T) => string): T[] {
  const seen = new Set(a.map(key));
  return [...a, ...b.filter((t) => !seen.has(key(t)) && seen.add(key(t)))];
}

function firstSentence(text: string): string {
  const end = text.search(/[。；;\n]/);
  return (end > 0 ? text.slice(0, end) : text).slice(0, 120).trim();
}

/** A plan period: whole years within bounds, start ≤ end, at most fifteen years; or null. */
function checkPeriod(period: unknown, fail: (m: string) => never): Period | null {
  if (period === null) return null;
  if (typeof period !== 'object' || Array.isArray(period)) return fail('规划期格式无效，应为 { from: 起始年, to: 结束年 }');
  const { from, to } = period as Record<string, unknown>;
  const isYear = (y: unknown): y is number => typeof y === 'number' && Number.isInteger(y) && y >= MIN_YEAR && y <= MAX_YEAR;
  if (!isYear(from)) return fail(`规划期起始年份无效（应为 ${MIN_YEAR}—${MAX_YEAR} 之间的整数）`);
  if (!isYear(to)) return fail(`规划期结束年份无效（应为 ${MIN_YEAR}—${MAX_YEAR} 之间的整数）`);
  if (from > to) return fail(`规划期起始年份 ${from} 晚于结束年份 ${to}`);
  if (to - from + 1 > MAX_PERIOD_YEARS) return fail(`规划期不能超过 ${MAX_PERIOD_YEARS} 年`);
  return { from, to };
}
