import { SAMPLE_PLANS } from '../../../../tests/fixtures/plans';
import { collectAllText } from '../../src/structure';
import {
  allPoints,
  expectValidContract,
  noSpace,
  normalizeForInvariant,
  parse,
  readSamplePlan,
  skippedRuns,
  structuralWarnings,
} from './support/helpers';

const range = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe('structure parser on the sample plans', () => {
  it('dongli-2021 (Tianjin Dongli 2021 工作要点): 5 sections, points 1–31 straight through', () => {
    const plan = parse(readSamplePlan('dongli-2021'));
    expectValidContract(plan);
    expect(plan.title).toBe('天津市东丽区2021年教育工作要点');
    expect(plan.year).toBe(2021);
    expect(plan.period).toBeNull();
    expect(plan.sections.map((s) => s.number)).toEqual(['一', '二', '三', '四', '五']);
    expect(plan.sections[0]?.title).toBe('坚持政治引领，加强党对教育工作的全面领导');
    expect(allPoints(plan).map((p) => p.number)).toEqual(range(1, 31));
    expect(plan.sections.map((s) => s.points.length)).toEqual([5, 6, 6, 3, 11]);
    const p1 = plan.sections[0]?.points[0];
    expect(p1?.title).toBe('把党的政治建设摆在首位');
    expect(p1?.line).toBe(5);
    expect(p1?.text.startsWith('把党的政治建设摆在首位。坚持以习近平')).toBe(true);
    expect(plan.preamble.startsWith('天津市东丽区2021年教育工作要点\n2021年是“十四五”开局之年')).toBe(true);
    expect(structuralWarnings(plan)).toEqual([]);
  });

  it('xincheng-2021 (Xi’an Xincheng 2021 工作要点, ASCII punctuation): 6 sections, points 1–32', () => {
    const plan = parse(readSamplePlan('xincheng-2021'));
    expectValidContract(plan);
    expect(plan.title).toBe('西安市新城区教育局2021年工作要点');
    expect(plan.year).toBe(2021);
    expect(plan.sections).toHaveLength(6);
    expect(plan.sections[0]?.title).toBe('旗帜鲜明讲政治,全面加强党对教育工作的领导');
    expect(allPoints(plan).map((p) => p.number)).toEqual(range(1, 32));
    const p19 = allPoints(plan)[18];
    expect(p19?.title).toBe('实施“1234”教师队伍提升工程');
    // blank lines separate paragraphs in xincheng-2021: point 1 starts at line 7
    expect(allPoints(plan)[0]?.line).toBe(7);
    expect(structuralWarnings(plan)).toEqual([]);
  });

  it('dongli-2023-summary (2023 年度工作总结): numbering restarts per section, bookmark artefact removed with a warning', () => {
    const plan = parse(readSamplePlan('dongli-2023-summary'));
    expectValidContract(plan);
    expect(plan.title).toBe('天津市东丽区2023年教育工作总结');
    expect(plan.year).toBe(2023);
    expect(plan.sections).toHaveLength(6);
    // section 一 is prose only, the others restart at 1
    expect(plan.sections[0]?.points).toHaveLength(0);
    expect(plan.sections[0]?.text.startsWith('提升政治自觉，党的领导全面加强\n以深入学习贯彻')).toBe(true);
    expect(plan.sections.slice(1).map((s) => s.points.map((p) => p.number))).toEqual([
      range(1, 5),
      range(1, 7),
      range(1, 3),
      range(1, 5),
      range(1, 3),
    ]);
    const bookmarked = plan.sections[3]?.points[1];
    expect(bookmarked?.number).toBe(2);
    expect(bookmarked?.title).toBe('优化教师队伍结构');
    expect(bookmarked?.text).not.toContain('bookmark');
    expect(collectAllText(plan)).not.toContain('[bookmark');
    expect(structuralWarnings(plan)).toHaveLength(1);
    expect(structuralWarnings(plan)[0]?.line).toBe(bookmarked?.line);
    expect(structuralWarnings(plan)[0]?.message).toContain('bookmark');
    // a restart at 1 in a new section is normal: no numbering warnings
    expect(plan.warnings.some((w) => w.message.includes('要点编号'))).toBe(false);
  });

  it.each(SAMPLE_PLANS)('nothing lost in sample plan %s: only numbering markers are dropped', (name) => {
    const raw = readSamplePlan(name);
    const plan = parse(raw);
    const runs = skippedRuns(noSpace(normalizeForInvariant(raw)), noSpace(collectAllText(plan)));
    expect(runs).not.toBeNull();
    const marker = /^(?:\[bookmark:[^\]]*\])?(?:\d{1,3}[.．、·]|[一二三四五六七八九十]{1,3}[、.．]|[（(][一二三四五六七八九十]{0,3}[)）])$/;
    for (const run of runs ?? []) expect(run).toMatch(marker);
    // and each marker is accounted for by a section or a point
    const sectionCount = plan.sections.length;
    expect((runs ?? []).length).toBe(sectionCount + allPoints(plan).length);
  });
});
