import { buildMatcher, type OrgUnitInput } from '@duban/org-matcher';
import { departmentsInText, suggestRouting } from './routing-suggestions';

const unit = (id: string, name: string, type: string, extra: Partial<OrgUnitInput> = {}): OrgUnitInput => ({
  id,
  code: id,
  name,
  shortNames: [],
  aliases: [],
  type,
  tags: [],
  parentId: type === 'bureau' ? null : 'B',
  ...extra,
});
const UNITS = [
  unit('B', '示范区教育局', 'bureau'),
  unit('BGS', '办公室', 'department', { shortNames: ['局办'] }),
  unit('ZZK', '组织科', 'department', { aliases: ['党建工作办公室'] }),
  unit('JJK', '基础教育科', 'department', { shortNames: ['基教科'], aliases: ['义务教育科'] }),
  unit('S1', '示范区第一小学', 'school', { tags: ['小学', '公办'] }),
];
const matcher = buildMatcher(UNITS);
const departments = UNITS.filter((u) => u.type === 'department');

describe('suggestRouting', () => {
  it('takes the lead from a lead (else responsible) mention and every other matched department as cooperating', () => {
    const s = suggestRouting(
      matcher,
      departments,
      [
        { name: '组织科', role: 'cooperating' },
        { name: '义务教育科', role: 'responsible' }, // an alias
        { name: '局办', role: 'lead' },
        { name: '各小学', role: 'responsible' }, // a set: schools are assigned later, never routed
      ],
      '',
    );
    expect(s.leadUnitId).toBe('BGS');
    expect(s.cooperatingUnitIds).toEqual(['JJK', 'ZZK']);
    expect(s.reasons.every((r) => r.source === 'mention')).toBe(true);
  });

  it('never makes a cooperating mention the lead', () => {
    const s = suggestRouting(matcher, departments, [{ name: '组织科', role: 'cooperating' }], '由基教科负责');
    expect(s).toMatchObject({ leadUnitId: null, cooperatingUnitIds: ['ZZK'] });
  });

  it('reads the text when no mention names a department: first named leads', () => {
    const s = suggestRouting(matcher, departments, [{ name: '各小学', role: 'responsible' }], '基础教育科会同党建工作办公室推进');
    expect(s.leadUnitId).toBe('JJK');
    expect(s.cooperatingUnitIds).toEqual(['ZZK']);
    expect(s.reasons.map((r) => r.source)).toEqual(['text', 'text']);
  });

  it('suggests nothing for a point that names no department', () => {
    expect(suggestRouting(matcher, departments, [], '加强学校管理')).toEqual({ leadUnitId: null, cooperatingUnitIds: [], reasons: [] });
  });
});

describe('departmentsInText', () => {
  it('ignores a name inside a longer hit and names shorter than three characters', () => {
    // 办公室 sits inside 党建工作办公室 (组织科's alias); 局办 is too short to trust in prose
    expect(departmentsInText(departments, '党建工作办公室牵头，局办配合').map((h) => h.id)).toEqual(['ZZK']);
  });

  it('orders by first occurrence', () => {
    expect(departmentsInText(departments, '组织科、基教科、办公室').map((h) => h.id)).toEqual(['ZZK', 'JJK', 'BGS']);
  });
});
