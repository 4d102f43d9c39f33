import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildMatcher, clean, LEVEL_TAGS, parseCsvRecords, parseUnitsCsv, splitList, UNIT_TYPES } from '@duban/org-matcher';

const SEED_DIR = join(__dirname, '../../../seeds/org');
const units = parseUnitsCsv(readFileSync(join(SEED_DIR, 'units.csv'), 'utf8'));
const users = parseCsvRecords(readFileSync(join(SEED_DIR, 'users.csv'), 'utf8'), [
  'username',
  'display_name',
  'role',
  'unit_codes',
  'email',
]);
const byCode = new Map(units.map((u) => [u.code, u]));
const count = (type: string): number => units.filter((u) => u.type === type).length;
const schools = units.filter((u) => u.type === 'school');
const withTag = (tag: string): number => schools.filter((s) => s.tags.includes(tag)).length;

describe('seeds/org/units.csv', () => {
  it('has unique, readable codes and existing parents', () => {
    expect(new Set(units.map((u) => u.code)).size).toBe(units.length);
    for (const u of units) {
      expect(u.code).toMatch(/^DL(-[DUS]-[A-Z0-9]+)?$/);
      expect(UNIT_TYPES as readonly string[]).toContain(u.type);
      if (u.parentId !== null) expect(byCode.has(u.parentId)).toBe(true);
    }
    const roots = units.filter((u) => u.parentId === null);
    expect(roots.map((u) => u.code)).toEqual(['DL']);
    expect(roots[0].type).toBe('bureau');
  });

  it('is one district bureau with ~20 departments, ~10 direct units and ~150 schools', () => {
    expect(count('bureau')).toBe(1);
    expect(count('department')).toBeGreaterThanOrEqual(18);
    expect(count('department')).toBeLessThanOrEqual(25);
    expect(count('direct_unit')).toBeGreaterThanOrEqual(8);
    expect(count('direct_unit')).toBeLessThanOrEqual(14);
    expect(schools.length).toBeGreaterThanOrEqual(140);
    expect(schools.length).toBeLessThanOrEqual(160);
    for (const u of units) if (u.type !== 'bureau') expect(u.parentId).toBe('DL');
  });

  it('gives every school exactly one level tag and exactly one of 公办/民办, and a realistic mix', () => {
    for (const s of schools) {
      const levels = s.tags.filter((t) => (LEVEL_TAGS as readonly string[]).includes(t));
      expect({ name: s.name, levels: levels.length }).toEqual({ name: s.name, levels: 1 });
      const funding = s.tags.filter((t) => t === '公办' || t === '民办');
      expect({ name: s.name, funding: funding.length }).toEqual({ name: s.name, funding: 1 });
    }
    expect(withTag('小学')).toBeGreaterThanOrEqual(60);
    expect(withTag('初中')).toBeGreaterThanOrEqual(15);
    expect(withTag('九年一贯制')).toBeGreaterThanOrEqual(8);
    expect(withTag('高中') + withTag('完全中学')).toBeGreaterThanOrEqual(5);
    expect(withTag('幼儿园')).toBeGreaterThanOrEqual(35);
    expect(withTag('职业学校')).toBe(2);
    expect(withTag('特殊教育')).toBe(1);
    expect(withTag('民办')).toBeGreaterThanOrEqual(10);
  });

  it('never gives two units the same name, short name or alias', () => {
    const seen = new Map<string, string>();
    for (const u of units) {
      for (const n of [u.name, ...u.shortNames, ...u.aliases]) {
        const key = clean(n);
        expect({ key, owner: seen.get(key) ?? u.code }).toEqual({ key, owner: u.code });
        seen.set(key, u.code);
      }
    }
  });

  const matcher = buildMatcher(units);

  // units and collectives the sample plans (000 Dongli 2021, 001 Dongli 2023 summary, 003 Xincheng 2021) name or imply
  it.each([
    ['基础教育科', 'DL-D-JJK'],
    ['基教科', 'DL-D-JJK'],
    ['区教育局基础教育科', 'DL-D-JJK'],
    ['德育科', 'DL-D-DYK'],
    ['体卫艺科', 'DL-D-TWY'],
    ['安稳科', 'DL-D-AWK'],
    ['督导室', 'DL-D-DDS'],
    ['区政府教育督导室', 'DL-D-DDS'],
    ['职成教科', 'DL-D-ZCJ'],
    ['学前教育科', 'DL-D-XQK'],
    ['民教科', 'DL-D-MJK'],
    ['人事科', 'DL-D-RSK'],
    ['财务科', 'DL-D-CWK'],
    ['组织科', 'DL-D-ZZK'],
    ['党建办', 'DL-D-ZZK'],
    ['办公室', 'DL-D-BGS'],
    ['教育发展规划科', 'DL-D-GHK'],
    ['信息中心', 'DL-D-XXZX'],
    ['教研室', 'DL-U-JSFZ'],
    ['教师发展中心', 'DL-U-JSFZ'],
    ['区教师进修学校', 'DL-U-JSFZ'],
    ['招生考试中心', 'DL-U-ZKZX'],
    ['少年宫', 'DL-U-SNG'],
    ['青少年活动中心', 'DL-U-QSN'],
    ['电教中心', 'DL-U-DJZX'],
    ['资助中心', 'DL-U-XSZZ'],
    ['校外培训监管', 'DL-U-XWJG'],
    ['东丽中学', 'DL-S-001'],
    ['第一百中学', 'DL-S-002'],
    ['天津市第一百中学', 'DL-S-002'],
    ['军粮城中学', 'DL-S-003'],
    ['程林中学', undefined],
    ['鉴开中学', undefined],
    ['刘台小学', undefined],
    ['苗街小学', undefined],
    ['正心小学', undefined],
    ['格瑞思学校', undefined],
    ['军丽幼儿园', undefined],
    ['雅郡幼儿园', undefined],
    ['玖樾府幼儿园', undefined],
    ['东丽区实验小学', undefined],
    ['东丽区丽泽小学', undefined],
    ['东丽区第一幼儿园', undefined],
    ['东丽区职业教育中心学校', undefined],
    ['东丽区特殊教育学校', undefined],
  ])('%s resolves to one unit', (mention, code) => {
    const r = matcher.match(mention);
    expect({ mention, kind: r.kind }).toEqual({ mention, kind: 'unit' });
    expect(r.confidence).toBeGreaterThanOrEqual(0.9);
    if (code) expect(r.unitIds).toEqual([code]);
  });

  it.each([
    ['各中小学', (n: number) => n >= 100],
    ['各小学', (n: number) => n >= 70],
    ['各幼儿园', (n: number) => n >= 35],
    ['各科室', (n: number) => n === count('department')],
    ['各直属单位', (n: number) => n === count('direct_unit')],
    ['各学校', (n: number) => n === schools.length],
    ['民办学校', (n: number) => n === withTag('民办')],
    ['区教育局各科室', (n: number) => n === count('department')],
  ])('%s is a set', (mention, ok) => {
    const r = matcher.match(mention);
    expect(r.kind).toBe('set');
    expect(ok(r.unitIds.length)).toBe(true);
  });
});

describe('seeds/org/users.csv', () => {
  it('has unique ascii usernames, known roles and existing units', () => {
    expect(new Set(users.map((u) => u.username)).size).toBe(users.length);
    for (const u of users) {
      expect(u.username).toMatch(/^[a-z0-9.]+$/);
      expect(['admin', 'leader', 'department_head', 'unit_member']).toContain(u.role);
      expect(u.email).toBe(`${u.username}@duban.local`);
      expect(u.display_name.length).toBeGreaterThan(0);
      const codes = splitList(u.unit_codes);
      expect(codes.length).toBeGreaterThan(0);
      for (const c of codes) expect(byCode.has(c)).toBe(true);
      expect(Object.keys(u).some((k) => /pass/i.test(k))).toBe(false);
    }
  });

  it('has an admin, two leaders, a head per department and a member per department, direct unit and school', () => {
    const role = (r: string): Record<string, string>[] => users.filter((u) => u.role === r);
    expect(role('admin')).toHaveLength(1);
    expect(role('leader')).toHaveLength(2);
    const heads = new Set(role('department_head').flatMap((u) => splitList(u.unit_codes)));
    const members = new Set(role('unit_member').flatMap((u) => splitList(u.unit_codes)));
    for (const u of units) {
      if (u.type === 'department') expect(heads.has(u.code)).toBe(true);
      if (u.type !== 'bureau') expect(members.has(u.code)).toBe(true);
    }
  });
});
