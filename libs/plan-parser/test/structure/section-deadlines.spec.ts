import { allPoints, expectValidContract, parse, readFixture } from './support/helpers';

describe('section deadlines', () => {
  it('a deadline in a section heading or in the section’s own text is the section’s, not its points’', () => {
    const plan = parse(readFixture('section-deadlines.txt'));
    expectValidContract(plan);
    const [party, school] = plan.sections;
    const [history, clean] = party?.sections ?? [];
    expect(history?.title).toMatch(/^深化党史学习教育/);
    expect(history?.deadlines).toEqual([{ date: '2021-06-30', phrase: '2021年6月底前' }]);
    expect(clean?.deadlines).toEqual([{ date: '2021-12-31', phrase: '年底前' }]);
    expect(party?.deadlines).toEqual([]);
    expect(school?.deadlines).toEqual([]);
    // a point keeps its own deadlines only
    const points = allPoints(plan);
    expect(points[0]?.deadlines).toEqual([]);
    expect(points[3]?.deadlines).toEqual([{ date: '2021-09-30', phrase: '9月底前' }]);
  });

  it('a multi-year plan’s section reads 到2025年 and 十四五末 within the period', () => {
    const plan = parse(
      [
        '某区“十四五”教育事业发展规划',
        '一、发展目标',
        '到2025年，基本实现教育现代化。“十四五”期末，优质均衡发展通过国家督导评估。',
        '1.普及学前教育。学前教育毛入园率保持在98%以上。',
      ].join('\n'),
    );
    expect(plan.period).toEqual({ from: 2021, to: 2025 });
    expect(plan.sections[0]?.deadlines).toEqual([{ date: '2025-12-31', phrase: '到2025年' }]);
    expect(allPoints(plan)[0]?.deadlines).toEqual([]);
  });

  it('every section carries deadlines, possibly empty (the contract)', () => {
    const plan = parse('某区2022年工作要点\n一、党建\n二、教学\n1.提高质量。');
    expect(plan.sections.map((s) => s.deadlines)).toEqual([[], []]);
  });
});
