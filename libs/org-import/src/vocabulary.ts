import type { ImportColumn, OrgUnitType, UnitColumn } from './types';

/** Header spellings accepted for each column (compared after normalizeHeader). */
export const HEADER_ALIASES: Record<ImportColumn, readonly string[]> = {
  code: ['code', '编码', '代码', '单位编码', '单位代码'],
  name: ['name', '名称', '单位名称', '全称'],
  short_names: ['short_names', 'shortnames', '简称'],
  aliases: ['aliases', 'alias', '别名', '曾用名'],
  type: ['type', '类型', '单位类型'],
  tags: ['tags', 'tag', '标签'],
  parent_code: ['parent_code', 'parentcode', 'parent', '上级编码', '上级代码', '上级单位编码', '上级单位代码'],
  supervision_office: ['supervision_office', 'is_supervision_office', '督查室', '督查室标记', '是否督查室'],
};

export const REQUIRED_COLUMNS: readonly UnitColumn[] = ['code', 'name', 'type'];

/** Chinese column names used in messages when the file's own header is not known. */
export const COLUMN_LABELS: Record<ImportColumn, string> = {
  code: '编码',
  name: '名称',
  short_names: '简称',
  aliases: '别名',
  type: '类型',
  tags: '标签',
  parent_code: '上级编码',
  supervision_office: '督查室',
};

const FLAG_WORDS = new Map<string, boolean>([
  ...['是', '√', 'y', 'yes', 'true', '1'].map((w) => [w, true] as const),
  ...['否', '×', 'n', 'no', 'false', '0'].map((w) => [w, false] as const),
]);

/** 是/否 (or yes/no, true/false, 1/0) → boolean; anything else → undefined. */
export function parseFlag(value: string): boolean | undefined {
  return FLAG_WORDS.get(value.trim().toLowerCase());
}

/** `编码*`, ` Name `, `简称（多个用|分隔）` → `编码`, `name`, `简称`. */
export function normalizeHeader(h: string): string {
  return h
    .replace(/^\uFEFF/, '')
    .replace(/[（(【[].*$/u, '')
    .replace(/[\s*＊]/g, '')
    .toLowerCase();
}

const TYPE_WORDS: Record<OrgUnitType, readonly string[]> = {
  bureau: ['bureau', '教育局', '教育厅', '市教育局', '省教育厅', '教育委员会'],
  district_bureau: ['district_bureau', '区县教育局', '区教育局', '县教育局', '区（县）教育局', '区(县)教育局'],
  department: ['department', '科室', '处室', '机关科室'],
  direct_unit: ['direct_unit', '直属单位', '局属单位'],
  school: ['school', '学校'],
};

const TYPE_BY_WORD = new Map<string, OrgUnitType>(
  Object.entries(TYPE_WORDS).flatMap(([type, words]) => words.map((w) => [w.toLowerCase(), type as OrgUnitType] as const)),
);

export function parseUnitType(value: string): OrgUnitType | undefined {
  return TYPE_BY_WORD.get(value.trim().toLowerCase());
}

export const TYPE_LABELS: Record<OrgUnitType, string> = {
  bureau: '教育局',
  district_bureau: '区县教育局',
  department: '科室',
  direct_unit: '直属单位',
  school: '学校',
};

/**
 * The tag allowlist. Level tags drive the matcher's collectives (各小学, 各幼儿园…); a typo such as
 * `小学校` would silently drop a school out of "all primary schools", so unknown tags are refused.
 */
export const LEVEL_TAGS = ['小学', '初中', '高中', '九年一贯制', '十二年一贯制', '完全中学', '幼儿园', '职业学校', '特殊教育'] as const;
export const FUNDING_TAGS = ['公办', '民办'] as const;
export const ADMIN_LEVEL_TAGS = ['省级', '市级', '区级', '县级'] as const;
export const OTHER_TAGS = ['寄宿制', '集团校', '城区', '乡村'] as const;
export const ALLOWED_TAGS: ReadonlySet<string> = new Set<string>([...LEVEL_TAGS, ...FUNDING_TAGS, ...ADMIN_LEVEL_TAGS, ...OTHER_TAGS]);

/** Unit codes: what the database CHECK accepts (ASCII, no leading punctuation, ≤ 64). */
export const CODE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

/** Separators inside list cells: `|` is what export writes; 、 and ； are what people type. */
export const LIST_SEPARATORS = /[|、；;]/;
