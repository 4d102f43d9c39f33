import fc from 'fast-check';
import { buildMatcher, type MatchResult, type OrgMatcher } from '@duban/org-matcher';
import { UNITS } from './fixtures';

const matcher = buildMatcher(UNITS);

/** Pieces that plans are made of: names, prefixes, collective words, separators, noise. */
const PIECES = [
  ...UNITS.flatMap((u) => [u.name, ...u.shortNames, ...u.aliases]),
  ...'各所有全区局属直属公办民办相关有关、，,;（）()【】 　区市县教育局科室中小学幼儿园高中初中单位学校和及与等的'.split(''),
  '各',
  '所有',
  '全区',
  '局属',
  '直属',
  '区教育局',
  '东丽区',
  '相关',
  '各级各类',
  '中小学',
  '幼儿园',
  '科室',
  '单位',
  '１',
  'Ａ',
  '\u200b',
  '\ufeff',
  '"',
  '\n',
  '\t',
  '😀',
  '\ud800',
];

const mention = fc.oneof(
  fc.array(fc.constantFrom(...PIECES), { maxLength: 6 }).map((xs) => xs.join('')),
  fc.string({ maxLength: 30 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.string({ unit: 'binary', maxLength: 300 }),
);
const scope = fc.option(fc.constantFrom('JC', 'QS', 'LS', 'QS-JJK', 'QS-S-01', 'nope'), { nil: undefined });

function check(r: MatchResult, input: string, m: OrgMatcher): void {
  expect(r.mention).toBe(input);
  expect(['unit', 'set', 'unmatched']).toContain(r.kind);
  expect(r.confidence).toBeGreaterThanOrEqual(0);
  expect(r.confidence).toBeLessThanOrEqual(1);
  expect(typeof r.reason).toBe('string');
  expect(r.reason.length).toBeGreaterThan(0);
  for (const id of r.unitIds) expect(m.unit(id)).toBeDefined();
  expect(new Set(r.unitIds).size).toBe(r.unitIds.length);
  if (r.kind === 'unit') expect(r.unitIds).toHaveLength(1);
  if (r.kind === 'set') expect(r.unitIds.length).toBeGreaterThan(0);
  if (r.kind === 'unmatched') {
    expect(r.unitIds).toEqual([]);
    expect(r.confidence).toBe(0);
  }
  for (const c of r.candidates ?? []) {
    expect(m.unit(c.unitId)).toBeDefined();
    expect(c.confidence).toBeGreaterThanOrEqual(0);
    expect(c.confidence).toBeLessThanOrEqual(1);
  }
}

describe('org matcher — properties', () => {
  it('never throws, only references existing units, keeps confidence in [0,1]', () => {
    fc.assert(
      fc.property(mention, scope, (m, s) => {
        const r = matcher.match(m, s === undefined ? undefined : { scopeId: s });
        check(r, m, matcher);
      }),
      { numRuns: 3000 },
    );
  });

  it('matchAll is deterministic and independent of the order of the mentions', () => {
    fc.assert(
      fc.property(
        fc
          .array(mention, { maxLength: 8 })
          .chain((ms) => fc.tuple(fc.constant(ms), fc.shuffledSubarray([...ms.keys()], { minLength: ms.length, maxLength: ms.length }))),
        ([ms, order]) => {
          const all = matcher.matchAll(ms);
          expect(all).toHaveLength(ms.length);
          expect(all).toEqual(ms.map((m) => matcher.match(m)));
          expect(matcher.matchAll(order.map((i) => ms[i] as string))).toEqual(order.map((i) => all[i]));
        },
      ),
      { numRuns: 300 },
    );
  });

  // Equally good candidates, and the units of a set, come out in the order the units were given
  // (the org tree's own order); the property compares them as sets, everything else exactly.
  const canonical = (rs: MatchResult[]): MatchResult[] =>
    rs.map((r) => ({
      ...r,
      unitIds: [...r.unitIds].sort(),
      ...(r.candidates && {
        candidates: [...r.candidates].sort((a, b) => b.confidence - a.confidence || a.unitId.localeCompare(b.unitId)),
      }),
    }));

  it('a matcher built from the org units in any order gives the same results', () => {
    const names = UNITS.flatMap((u) => [u.name, ...u.shortNames, ...u.aliases]);
    // the last one scores many units alike around the cut to the few candidates shown (found by this property)
    const reference = [...names, '各中小学', '各科室', '局属各单位', '全区各幼儿园', '基教科第一中学德育科'];
    const expected = canonical(matcher.matchAll(reference));
    // the reference mentions resolve to something: a matcher that matched nothing would pass trivially
    expect(expected.filter((r) => r.kind !== 'unmatched').length).toBeGreaterThan(names.length / 2);
    fc.assert(
      fc.property(
        fc.shuffledSubarray(UNITS, { minLength: UNITS.length, maxLength: UNITS.length }),
        fc.array(mention, { maxLength: 6 }),
        (shuffled, extra) => {
          const other = buildMatcher(shuffled);
          expect(canonical(other.matchAll(reference))).toEqual(expected);
          expect(canonical(other.matchAll(extra))).toEqual(canonical(matcher.matchAll(extra)));
        },
      ),
      { numRuns: 100 },
    );
  });

  it('an exact name, short name or alias of a unique unit always comes back at 1.0', () => {
    const counts = new Map<string, number>();
    for (const u of UNITS) for (const n of new Set([u.name, ...u.shortNames, ...u.aliases])) counts.set(n, (counts.get(n) ?? 0) + 1);
    const unique = UNITS.flatMap((u) =>
      [u.name, ...u.shortNames, ...u.aliases].filter((n) => counts.get(n) === 1).map((n) => [n, u.id] as const),
    );
    fc.assert(
      fc.property(fc.constantFrom(...unique), ([name, id]) => {
        const r = matcher.match(name);
        expect(r).toEqual(expect.objectContaining({ kind: 'unit', unitIds: [id], confidence: 1 }));
      }),
    );
  });

  it('never throws on arbitrary unit trees either', () => {
    const unitArb = fc.record({
      name: fc.string({ minLength: 0, maxLength: 8 }),
      shortNames: fc.array(fc.string({ maxLength: 5 }), { maxLength: 2 }),
      type: fc.constantFrom('bureau', 'district_bureau', 'department', 'direct_unit', 'school', 'other'),
      tags: fc.array(fc.constantFrom('小学', '初中', '幼儿园', '公办', '民办', '集团校'), { maxLength: 3 }),
      parent: fc.nat(20),
    });
    fc.assert(
      fc.property(fc.array(unitArb, { minLength: 1, maxLength: 20 }), mention, (rows, m) => {
        const units = rows.map((r, i) => ({
          id: `u${i}`,
          code: `u${i}`,
          name: r.name,
          shortNames: r.shortNames,
          aliases: [],
          type: r.type,
          tags: r.tags,
          parentId: r.parent < rows.length && r.parent !== i ? `u${r.parent}` : null,
        }));
        const mm = buildMatcher(units);
        for (const x of [m, ...units.slice(0, 3).map((u) => u.name), '各集团校', '各小学']) check(mm.match(x), x, mm);
      }),
      { numRuns: 300 },
    );
  });
});
