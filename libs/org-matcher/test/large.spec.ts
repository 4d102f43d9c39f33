import { buildMatcher, parseUnitsCsv } from '@duban/org-matcher';
import { generateProvinceUnitsCsv, UNITS_CSV_HEADER } from '../../../seeds/org/generate-large';

describe('seeds/org/generate-large', () => {
  it.each([1, 2, 3, 10, 151, 1000])('produces exactly %i consistent units', (n) => {
    const csv = generateProvinceUnitsCsv(n);
    expect(csv.split('\n')[0]).toBe(UNITS_CSV_HEADER);
    const units = parseUnitsCsv(csv);
    expect(units).toHaveLength(n);
    const seen = new Set<string>();
    for (const u of units) {
      expect(seen.has(u.code)).toBe(false);
      if (u.parentId !== null) expect(seen.has(u.parentId)).toBe(true); // parents come first
      seen.add(u.code);
    }
    expect(units.filter((u) => u.parentId === null)).toHaveLength(1);
  });

  it('rejects a non-positive count', () => {
    expect(() => generateProvinceUnitsCsv(0)).toThrow(RangeError);
    expect(() => generateProvinceUnitsCsv(2.5)).toThrow(RangeError);
  });

  describe('20,000 units', () => {
    const csv = generateProvinceUnitsCsv(20_000);
    const units = parseUnitsCsv(csv);

    it('is deterministic and shaped province → cities → districts → schools', () => {
      expect(generateProvinceUnitsCsv(20_000)).toBe(csv);
      const byId = new Map(units.map((u) => [u.id, u]));
      const types = new Map<string, number>();
      for (const u of units) types.set(u.type, (types.get(u.type) ?? 0) + 1);
      expect(types.get('district_bureau')).toBeGreaterThan(100);
      expect(types.get('school')).toBeGreaterThan(19_000);
      const bad: string[] = [];
      for (const u of units) {
        const parent = u.parentId === null ? undefined : byId.get(u.parentId);
        if (u.type === 'school' && (parent?.type !== 'district_bureau' || u.tags.length !== 2)) bad.push(u.code);
        if (u.type === 'district_bureau' && parent?.type !== 'bureau') bad.push(u.code);
      }
      expect(bad).toEqual([]);
      // school names are unique within their district
      const names = new Set(units.filter((u) => u.type === 'school').map((u) => `${u.parentId}/${u.name}`));
      expect(names.size).toBe(types.get('school'));
    });

    it('matches 30 points × 5 mentions against a province', () => {
      const matcher = buildMatcher(units);
      const district = units.find((u) => u.type === 'district_bureau');
      const school = units.find((u) => u.type === 'school' && u.parentId === district?.id);
      if (!district || !school) throw new Error('generator produced no district/school');
      const mentions: string[] = [];
      for (let i = 0; i < 30; i++) {
        mentions.push(school.name, `${school.name}校区${i}`, '各区县教育局', '各小学', `不存在的单位${i}`);
      }
      const rs = matcher.matchAll(mentions);
      expect(rs[0]).toEqual(expect.objectContaining({ kind: 'unit', unitIds: [school.id], confidence: 1 }));
      expect(rs[2].kind).toBe('set');
      expect(rs[4].kind).toBe('unmatched');
      expect(matcher.match(school.shortNames[0], { scopeId: district.id }).unitIds).toEqual([school.id]);
      expect(matcher.match(school.shortNames[0]).kind).toBe('unmatched'); // same short name in every district
    });
  });
});
