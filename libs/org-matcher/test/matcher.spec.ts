import { buildMatcher, matchMention, matchMentions, type MatchKind, type OrgUnitInput } from '@duban/org-matcher';
import { ids, UNITS } from './fixtures';

const matcher = buildMatcher(UNITS);
const byId = new Map(UNITS.map((u) => [u.id, u]));
const inQS = (u: OrgUnitInput): boolean => u.parentId === 'QS';
const school = (u: OrgUnitInput, ...tags: string[]): boolean => u.type === 'school' && inQS(u) && tags.some((t) => u.tags.includes(t));

interface Case {
  mention: string;
  scope?: string;
  kind: MatchKind;
  /** exact id set (order ignored) */
  unitIds?: string[];
  confidence?: number | [number, number];
  reason?: string;
  /** ids that must be among the candidates */
  candidates?: string[];
}

const QS_SCHOOLS = ids((u) => u.type === 'school' && inQS(u));

const CASES: Case[] = [
  // exact
  { mention: '基教科', scope: 'QS', kind: 'unit', unitIds: ['QS-JJK'], confidence: 1, reason: '简称精确匹配' },
  { mention: '基础教育科', scope: 'QS', kind: 'unit', unitIds: ['QS-JJK'], confidence: 1, reason: '名称精确匹配' },
  { mention: '教研室', scope: 'QS', kind: 'unit', unitIds: ['QS-U-JSFZ'], confidence: 1 },
  { mention: '青山中学', scope: 'QS', kind: 'unit', unitIds: ['QS-S-06'], confidence: 1 },
  { mention: '阳光幼儿园', kind: 'unit', unitIds: ['QS-S-09'], confidence: 1 },
  { mention: '市教育局', kind: 'unit', unitIds: ['JC'], confidence: 1 },
  // cleaning: brackets, whitespace, full-width
  { mention: '（基教科）', scope: 'QS', kind: 'unit', unitIds: ['QS-JJK'], confidence: 1 },
  { mention: ' 基 教　科 ', scope: 'QS', kind: 'unit', unitIds: ['QS-JJK'], confidence: 1 },
  { mention: '基教科；', scope: 'QS', kind: 'unit', unitIds: ['QS-JJK'], confidence: 1 },
  // normalised: prefixes, brackets
  { mention: '区教育局基础教育科', scope: 'QS', kind: 'unit', unitIds: ['QS-JJK'], confidence: 0.9 },
  { mention: '青山区教育局基础教育科', kind: 'unit', unitIds: ['QS-JJK'], confidence: 0.9 },
  { mention: '江川市青山区实验小学', kind: 'unit', unitIds: ['QS-S-01'], confidence: 0.9 },
  { mention: '组织科', scope: 'QS', kind: 'unit', unitIds: ['QS-ZZK'], confidence: 0.9 },
  { mention: '党建办', scope: 'QS', kind: 'unit', unitIds: ['QS-ZZK'], confidence: 0.9 },
  { mention: '培智学校', kind: 'unit', unitIds: ['QS-S-11'], confidence: 0.9 },
  { mention: '区教育局', scope: 'QS', kind: 'unit', unitIds: ['QS'], confidence: 0.9 },
  { mention: '本局', scope: 'QS', kind: 'unit', unitIds: ['QS'], confidence: 0.9 },
  { mention: '青山实验小学', kind: 'unit', unitIds: ['QS-S-01'], confidence: 0.85 },
  // scope decides between same-named units; without it, no silent pick
  { mention: '实验小学', scope: 'QS', kind: 'unit', unitIds: ['QS-S-01'], confidence: 1 },
  { mention: '实验小学', scope: 'LS', kind: 'unit', unitIds: ['LS-S-01'], confidence: 1 },
  { mention: '基教科', kind: 'unmatched', unitIds: [], candidates: ['QS-JJK', 'LS-JJK'], reason: '需人工确认' },
  { mention: '临水县第一中学', kind: 'unit', unitIds: ['LS-S-02'], confidence: 1 },
  // fuzzy: abbreviations and near misses get < 0.9 and candidates
  { mention: '体卫艺科', scope: 'QS', kind: 'unit', unitIds: ['QS-TWY'], confidence: [0.6, 0.8], candidates: ['QS-TWY'] },
  { mention: '安稳科', scope: 'QS', kind: 'unit', unitIds: ['QS-AWK'], confidence: [0.6, 0.8] },
  { mention: '基础教育处', scope: 'QS', kind: 'unit', unitIds: ['QS-JJK'], confidence: [0.6, 0.8] },
  { mention: '丽华小学', scope: 'QS', kind: 'unmatched', candidates: ['QS-S-03', 'QS-S-04'] },
  { mention: '美育科', scope: 'QS', kind: 'unmatched' },
  { mention: '青山区第一中学附属小学', scope: 'QS', kind: 'unmatched' },
  { mention: '河西区实验小学', scope: 'QS', kind: 'unmatched', reason: '河西区' },
  { mention: '完全不相干', scope: 'QS', kind: 'unmatched', reason: '未找到匹配单位' },
  { mention: '', kind: 'unmatched', reason: '提及为空' },
  { mention: '   ', kind: 'unmatched', reason: '提及为空' },
  // collective
  {
    mention: '各小学',
    scope: 'QS',
    kind: 'set',
    unitIds: ['QS-S-01', 'QS-S-02', 'QS-S-03', 'QS-S-04', 'QS-S-07', 'QS-S-12'],
    confidence: 1,
    reason: '集合：所有小学',
  },
  {
    mention: '各中小学',
    scope: 'QS',
    kind: 'set',
    unitIds: ids((u) => school(u, '小学', '初中', '高中', '九年一贯制', '完全中学')).concat('QS-S-12'),
  },
  {
    mention: '全区中小学',
    scope: 'QS',
    kind: 'set',
    unitIds: ids((u) => school(u, '小学', '初中', '高中', '九年一贯制', '完全中学')).concat('QS-S-12'),
  },
  { mention: '各幼儿园', scope: 'QS', kind: 'set', unitIds: ['QS-S-08', 'QS-S-09'], reason: '集合：所有幼儿园' },
  { mention: '各中学', scope: 'QS', kind: 'set', unitIds: ['QS-S-05', 'QS-S-06', 'QS-S-07', 'QS-S-13'] },
  { mention: '各高中', scope: 'QS', kind: 'set', unitIds: ['QS-S-06', 'QS-S-13'] },
  { mention: '各职业学校', scope: 'QS', kind: 'set', unitIds: ['QS-S-10'] },
  { mention: '特殊教育学校', scope: 'QS', kind: 'set', unitIds: ['QS-S-11'], confidence: 0.9 },
  { mention: '民办学校', scope: 'QS', kind: 'set', unitIds: ['QS-S-03', 'QS-S-09', 'QS-S-13'], confidence: 1 },
  { mention: '各公办幼儿园', scope: 'QS', kind: 'set', unitIds: ['QS-S-08'] },
  {
    mention: '义务教育学校',
    scope: 'QS',
    kind: 'set',
    unitIds: ['QS-S-01', 'QS-S-02', 'QS-S-03', 'QS-S-04', 'QS-S-05', 'QS-S-07', 'QS-S-12', 'QS-S-13'],
  },
  { mention: '各学校', scope: 'QS', kind: 'set', unitIds: QS_SCHOOLS, reason: '集合：所有学校' },
  { mention: '各级各类学校', scope: 'QS', kind: 'set', unitIds: QS_SCHOOLS },
  { mention: '各直属学校', scope: 'QS', kind: 'set', unitIds: QS_SCHOOLS },
  { mention: '各中小学、幼儿园', scope: 'QS', kind: 'set', unitIds: QS_SCHOOLS.filter((id) => !['QS-S-10', 'QS-S-11'].includes(id)) },
  { mention: '各科室', scope: 'QS', kind: 'set', unitIds: ids((u) => u.type === 'department' && inQS(u)) },
  { mention: '区教育局各科室', scope: 'QS', kind: 'set', unitIds: ids((u) => u.type === 'department' && inQS(u)) },
  { mention: '各直属单位', scope: 'QS', kind: 'set', unitIds: ['QS-U-JSFZ', 'QS-U-ZK'] },
  { mention: '局属各单位', scope: 'QS', kind: 'set', unitIds: ['QS-U-JSFZ', 'QS-U-ZK', ...QS_SCHOOLS] },
  { mention: '各区县教育局', kind: 'set', unitIds: ['QS', 'LS'] },
  { mention: '各区教育局', kind: 'set', unitIds: ['QS', 'LS'] },
  { mention: '各区县教育局', scope: 'QS', kind: 'unmatched', reason: '集合为空' },
  { mention: '各幼儿园', kind: 'set', unitIds: ['QS-S-08', 'QS-S-09', 'LS-S-03'] },
  // vague and compound
  { mention: '相关科室', scope: 'QS', kind: 'unmatched', reason: '泛指', candidates: ['QS-JJK', 'QS-DYK'] },
  { mention: '有关单位', scope: 'QS', kind: 'unmatched', reason: '泛指' },
  { mention: '基教科、德育科', scope: 'QS', kind: 'set', unitIds: ['QS-JJK', 'QS-DYK'], confidence: 1 },
  { mention: '基教科和各幼儿园', scope: 'QS', kind: 'set', unitIds: ['QS-JJK', 'QS-S-08', 'QS-S-09'] },
  { mention: '基教科、某某办', scope: 'QS', kind: 'unmatched', reason: '某某办', candidates: ['QS-JJK'] },
];

describe('org matcher — table', () => {
  it.each(CASES.map((c) => [`${c.mention || '(empty)'}${c.scope ? ` @${c.scope}` : ''}`, c] as const))('%s', (_label, c) => {
    const r = matcher.match(c.mention, c.scope === undefined ? undefined : { scopeId: c.scope });
    expect(r.mention).toBe(c.mention);
    expect({ kind: r.kind, reason: r.reason }).toEqual(expect.objectContaining({ kind: c.kind }));
    if (c.unitIds) expect([...r.unitIds].sort()).toEqual([...c.unitIds].sort());
    if (typeof c.confidence === 'number') expect(r.confidence).toBe(c.confidence);
    if (Array.isArray(c.confidence)) {
      expect(r.confidence).toBeGreaterThanOrEqual(c.confidence[0]);
      expect(r.confidence).toBeLessThanOrEqual(c.confidence[1]);
    }
    if (c.reason) expect(r.reason).toContain(c.reason);
    if (c.candidates) {
      const got = (r.candidates ?? []).map((x) => x.unitId);
      for (const id of c.candidates) expect(got).toContain(id);
    }
    if (r.kind === 'unmatched') expect(r.unitIds).toEqual([]);
    if (r.kind === 'unit') expect(r.unitIds).toHaveLength(1);
    for (const id of r.unitIds) expect(byId.has(id)).toBe(true);
  });
});

describe('org matcher — API', () => {
  it('defaults the scope to the single root', () => {
    expect(matcher.defaultScopeId).toBe('JC');
    expect(matcher.size).toBe(UNITS.length);
    expect(buildMatcher(UNITS, { scopeId: 'QS' }).match('基教科').unitIds).toEqual(['QS-JJK']);
  });

  it('has no default scope for a forest', () => {
    const forest = UNITS.filter((u) => u.id !== 'JC').map((u) => (u.parentId === 'JC' ? { ...u, parentId: null } : u));
    expect(buildMatcher(forest).defaultScopeId).toBeNull();
  });

  it('reports an unknown scope instead of throwing', () => {
    const r = matcher.match('基教科', { scopeId: 'NOPE' });
    expect(r.kind).toBe('unmatched');
    expect(r.reason).toContain('NOPE');
  });

  it('matchMentions keeps order and count, unmatched included', () => {
    const mentions = ['基教科', '不存在的单位', '各幼儿园', '基教科'];
    const rs = matchMentions(UNITS, mentions, { scopeId: 'QS' });
    expect(rs.map((r) => r.mention)).toEqual(mentions);
    expect(rs.map((r) => r.kind)).toEqual(['unit', 'unmatched', 'set', 'unit']);
    expect(matchMentions(matcher, mentions, { scopeId: 'QS' })).toEqual(rs);
  });

  it('matchMention is the one-off form', () => {
    expect(matchMention(UNITS, '德育科', { scopeId: 'QS' }).unitIds).toEqual(['QS-DYK']);
  });

  it('rejects duplicate ids at build time', () => {
    expect(() => buildMatcher([...UNITS, UNITS[0]])).toThrow(/duplicate unit id/);
  });

  it('survives parent cycles and dangling parents', () => {
    const weird: OrgUnitInput[] = [
      { id: 'a', code: 'a', name: '甲科', shortNames: [], aliases: [], type: 'department', tags: [], parentId: 'b' },
      { id: 'b', code: 'b', name: '乙科', shortNames: [], aliases: [], type: 'department', tags: [], parentId: 'a' },
      { id: 'c', code: 'c', name: '丙小学', shortNames: [], aliases: [], type: 'school', tags: [], parentId: 'zz' },
    ];
    const m = buildMatcher(weird);
    expect(m.match('甲科').unitIds).toEqual(['a']);
    expect(m.match('各小学').unitIds).toEqual(['c']);
    expect(m.match('各科室', { scopeId: 'a' }).unitIds).toEqual(['b']);
  });

  it('does not mutate its input', () => {
    const copy = JSON.parse(JSON.stringify(UNITS)) as OrgUnitInput[];
    buildMatcher(copy).match('各中小学');
    expect(copy).toEqual(UNITS);
  });
});
