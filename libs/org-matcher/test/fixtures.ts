import type { OrgUnitInput } from '@duban/org-matcher';

type Row = [id: string, name: string, type: string, parent: string | null, tags?: string, shortNames?: string, aliases?: string];

const list = (s: string | undefined): string[] => (s ? s.split('|') : []);

/**
 * A small city: 江川市教育局 → two district bureaus (青山区, 临水县), each with departments,
 * direct units and schools. 青山区 is the one most tests read in.
 */
const ROWS: Row[] = [
  ['JC', '江川市教育局', 'bureau', null, '', '市教育局'],
  ['QS', '江川市青山区教育局', 'district_bureau', 'JC', '', '青山区教育局'],
  ['LS', '江川市临水县教育局', 'district_bureau', 'JC', '', '临水县教育局'],
  // 青山区 departments (some deliberately without short names, to exercise abbreviations)
  ['QS-JJK', '基础教育科', 'department', 'QS', '', '基教科'],
  ['QS-DYK', '德育科', 'department', 'QS'],
  ['QS-TWY', '体育卫生艺术教育科', 'department', 'QS'],
  ['QS-AWK', '安全稳定科', 'department', 'QS'],
  ['QS-BGS', '办公室', 'department', 'QS', '', '局办'],
  ['QS-XQK', '学前教育科', 'department', 'QS'],
  ['QS-MJK', '民办教育科', 'department', 'QS', '', '民教科'],
  ['QS-ZZK', '组织科（党建办）', 'department', 'QS'],
  // 青山区 direct units
  ['QS-U-JSFZ', '青山区教师发展中心', 'direct_unit', 'QS', '', '教师发展中心|教研室'],
  ['QS-U-ZK', '青山区教育招生考试中心', 'direct_unit', 'QS', '', '招生考试中心'],
  // 青山区 schools
  ['QS-S-01', '青山区实验小学', 'school', 'QS', '小学|公办', '实验小学'],
  ['QS-S-02', '青山区第二实验小学', 'school', 'QS', '小学|公办', '第二实验小学'],
  ['QS-S-03', '青山区丽泽小学', 'school', 'QS', '小学|民办', '丽泽小学'],
  ['QS-S-04', '青山区丽新小学', 'school', 'QS', '小学|公办', '丽新小学'],
  ['QS-S-05', '青山区第一中学', 'school', 'QS', '初中|公办', '第一中学'],
  ['QS-S-06', '江川市青山中学', 'school', 'QS', '高中|公办', '青山中学'],
  ['QS-S-07', '青山区华明学校', 'school', 'QS', '九年一贯制|公办', '华明学校'],
  ['QS-S-08', '青山区第一幼儿园', 'school', 'QS', '幼儿园|公办', '第一幼儿园'],
  ['QS-S-09', '青山区阳光幼儿园', 'school', 'QS', '幼儿园|民办', '阳光幼儿园'],
  ['QS-S-10', '青山区职业教育中心学校', 'school', 'QS', '职业学校|公办', '职教中心'],
  ['QS-S-11', '青山区特殊教育学校', 'school', 'QS', '特殊教育|公办', '', '青山区培智学校'],
  ['QS-S-12', '青山区河东小学', 'school', 'QS', '公办'], // no level tag: falls back to the name
  ['QS-S-13', '青山区育英中学', 'school', 'QS', '完全中学|民办'],
  // 临水县: same department names, so they are ambiguous at city scope
  ['LS-JJK', '基础教育科', 'department', 'LS', '', '基教科'],
  ['LS-DYK', '德育科', 'department', 'LS'],
  ['LS-S-01', '临水县实验小学', 'school', 'LS', '小学|公办', '实验小学'],
  ['LS-S-02', '临水县第一中学', 'school', 'LS', '初中|公办', '第一中学'],
  ['LS-S-03', '临水县城关幼儿园', 'school', 'LS', '幼儿园|公办', '城关幼儿园'],
];

export const UNITS: OrgUnitInput[] = ROWS.map(([id, name, type, parent, tags, shortNames, aliases]) => ({
  id,
  code: id,
  name,
  shortNames: list(shortNames),
  aliases: list(aliases),
  type,
  tags: list(tags),
  parentId: parent,
}));

export const ids = (pred: (u: OrgUnitInput) => boolean): string[] => UNITS.filter(pred).map((u) => u.id);
