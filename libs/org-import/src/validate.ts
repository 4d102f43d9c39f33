import {
  type ImportLimits,
  type IssueCode,
  type ImportColumn,
  type OrgUnitType,
  type UnitColumn,
  type UnitRecord,
  DEFAULT_LIMITS,
} from './types';
import { ALLOWED_TAGS, CODE_PATTERN, FUNDING_TAGS, LEVEL_TAGS, LIST_SEPARATORS } from './vocabulary';

/** A problem with one field of one unit, before it is placed on a line of a file. */
export interface FieldIssue {
  field: ImportColumn;
  code: IssueCode;
  reason: string;
  value?: string;
}

// zero-width characters pasted from web pages and Word: invisible, never meant
const INVISIBLE = /[\u200b-\u200d\u2060\ufeff]/g;
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;
/**
 * Cells that spreadsheet programs run as formulas (CSV/formula injection, OWASP): refused on the
 * way in rather than neutralised, because a leading `'` would silently change a unit's name.
 */
const FORMULA_LEAD = /^[=+\-@\t\r]/;

export function cleanCell(raw: string): string {
  return raw.replace(INVISIBLE, '').trim();
}

/** `基教科|基础教育科`, `基教科、基础教育科` → trimmed, blanks dropped, duplicates removed (first kept). */
export function splitList(value: string): string[] {
  const seen = new Set<string>();
  for (const part of value.split(LIST_SEPARATORS)) {
    const item = cleanCell(part);
    if (item !== '') seen.add(item);
  }
  return [...seen];
}

const clip = (s: string): string => (s.length > 60 ? `${s.slice(0, 60)}…` : s);

/** Text-level checks every cell gets: length, control characters, formula lead. */
export function checkText(field: UnitColumn, value: string, limits: ImportLimits = DEFAULT_LIMITS): FieldIssue[] {
  const issues: FieldIssue[] = [];
  if (value.length > limits.maxCellLength) {
    issues.push({
      field,
      code: 'VALUE_TOO_LONG',
      reason: `内容过长（${value.length} 字符，上限 ${limits.maxCellLength}）`,
      value: clip(value),
    });
    return issues;
  }
  if (CONTROL.test(value)) issues.push({ field, code: 'CONTROL_CHAR', reason: '包含换行或不可见的控制字符', value: clip(value) });
  if (FORMULA_LEAD.test(value)) {
    issues.push({
      field,
      code: 'FORMULA',
      reason: '内容以 =、+、-、@ 开头，可能被表格软件当作公式执行，已拒绝；请删除开头的符号',
      value: clip(value),
    });
  }
  return issues;
}

function checkList(field: UnitColumn, items: readonly string[], label: string, limits: ImportLimits): FieldIssue[] {
  const issues: FieldIssue[] = [];
  if (items.length > limits.maxListItems) {
    issues.push({ field, code: 'TOO_MANY_ITEMS', reason: `${label}最多 ${limits.maxListItems} 个，实际 ${items.length} 个` });
  }
  for (const item of items) {
    if (item.length > limits.maxListItemLength) {
      issues.push({
        field,
        code: 'VALUE_TOO_LONG',
        reason: `${label}“${clip(item)}”过长（上限 ${limits.maxListItemLength} 字符）`,
        value: clip(item),
      });
    } else issues.push(...checkText(field, item, limits));
  }
  return issues;
}

/**
 * Every rule one unit must satisfy on its own (the API's create/update use it too). Rules that
 * need other units — duplicates, parents, cycles — are the planner's.
 */
export function validateUnitRecord(u: UnitRecord, limits: ImportLimits = DEFAULT_LIMITS): FieldIssue[] {
  const issues: FieldIssue[] = [];
  if (u.code === '') issues.push({ field: 'code', code: 'CODE_MISSING', reason: '编码不能为空' });
  else if (!CODE_PATTERN.test(u.code)) {
    issues.push({
      field: 'code',
      code: 'CODE_INVALID',
      reason: '编码只能由字母、数字、-、_、. 组成，以字母或数字开头，最长 64 位',
      value: clip(u.code),
    });
  }
  if (u.name === '') issues.push({ field: 'name', code: 'NAME_MISSING', reason: '名称不能为空' });
  else if (u.name.length > limits.maxNameLength) {
    issues.push({
      field: 'name',
      code: 'VALUE_TOO_LONG',
      reason: `名称过长（${u.name.length} 字符，上限 ${limits.maxNameLength}）`,
      value: clip(u.name),
    });
  } else issues.push(...checkText('name', u.name, limits));
  issues.push(...checkList('short_names', u.shortNames, '简称', limits));
  issues.push(...checkList('aliases', u.aliases, '别名', limits));
  issues.push(...checkList('tags', u.tags, '标签', limits).filter((i) => i.code !== 'FORMULA'));
  for (const tag of u.tags) {
    if (!ALLOWED_TAGS.has(tag) && tag.length <= limits.maxListItemLength) {
      issues.push({
        field: 'tags',
        code: 'TAG_UNKNOWN',
        reason: `未知标签“${clip(tag)}”，可用标签：${[...ALLOWED_TAGS].join('、')}`,
        value: clip(tag),
      });
    }
  }
  if (FUNDING_TAGS.every((t) => u.tags.includes(t))) {
    issues.push({ field: 'tags', code: 'TAG_CONFLICT', reason: '“公办”和“民办”不能同时出现', value: u.tags.join('|') });
  }
  if (u.type === 'school' && !u.tags.some((t) => (LEVEL_TAGS as readonly string[]).includes(t))) {
    issues.push({
      field: 'tags',
      code: 'SCHOOL_LEVEL_MISSING',
      reason: `学校必须有一个学段标签（${LEVEL_TAGS.join('、')}），否则“各小学”等集合无法包含它`,
      value: u.tags.join('|'),
    });
  }
  if (u.parentCode !== null && u.parentCode === u.code && u.code !== '') {
    issues.push({ field: 'parent_code', code: 'PARENT_SELF', reason: '上级编码不能是单位自己的编码', value: u.parentCode });
  }
  if (u.parentCode === null && !isBureauType(u.type)) {
    issues.push({ field: 'parent_code', code: 'ROOT_TYPE', reason: '只有教育局或区县教育局可以没有上级单位，请填写上级编码' });
  }
  return issues;
}

export function isBureauType(type: OrgUnitType): boolean {
  return type === 'bureau' || type === 'district_bureau';
}
