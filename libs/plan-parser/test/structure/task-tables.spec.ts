import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { collectText } from '../../src/structure';
import type { ParsedPlan } from '../../src/types';
import { allPoints, expectValidContract, noSpace, normalizeForInvariant, parse, skippedRuns } from './support/helpers';

const fixture = (name: string): string => fs.readFileSync(path.resolve(__dirname, '..', 'fixtures', name), 'utf8');

/** Nothing invented and nothing but table furniture lost: the output is a subsequence of the input. */
function expectSubsequence(input: string, plan: ParsedPlan): string[] {
  const runs = skippedRuns(noSpace(normalizeForInvariant(input)), noSpace(collectText(plan).join('')));
  expect(runs).not.toBeNull();
  return runs ?? [];
}

describe('task tables (任务分解表)', () => {
  it('reads a pipe-separated table: group rows are sections, rows are points with units, leaders and deadlines', () => {
    const input = fixture('task-table-pipe.txt');
    const plan = parse(input);
    expectValidContract(plan);
    expect(plan.title).toBe('南湖区教育局2023年重点工作任务分解表');
    expect(plan.year).toBe(2023);
    expect(plan.sections.map((s) => [s.number, s.title])).toEqual([
      ['一', '全面加强党的建设'],
      ['二', '推动基础教育优质均衡发展'],
    ]);
    const points = allPoints(plan);
    expect(points.map((p) => p.number)).toEqual([1, 2, 3, 4, 5]);
    const [p1, p2, p3, p4, p5] = points;
    expect(p1?.title).toBe('深入学习宣传贯彻党的二十大精神，全年开展专题学习不少于12次');
    expect(p1?.units).toEqual([
      { name: '组织人事科', role: 'lead' },
      { name: '局机关各科室', role: 'cooperating' },
      { name: '各学校', role: 'cooperating' },
    ]);
    expect(p1?.leaders).toEqual(['王建国']);
    expect(p1?.deadlines).toContainEqual({ date: '2023-12-31', phrase: '12月底前' });
    expect(p1?.targets).toEqual([expect.objectContaining({ value: 12, unit: '次', comparator: '>=' })]);
    expect(p2?.leaders).toEqual(['王建国', '刘敏']);
    expect(p2?.deadlines).toContainEqual({ date: '2023-11-30', phrase: '2023年11月' });
    expect(p3?.deadlines).toEqual([{ date: '2023-09-01', phrase: '秋季开学前' }]);
    expect(p3?.targets.map((t) => t.value)).toEqual([3, 2430]);
    // an empty cooperating cell is no unit; a leaders' column never yields units
    expect(p4?.units).toEqual([{ name: '学前教育科', role: 'lead' }]);
    expect(points.flatMap((p) => p.units.map((u) => u.name))).not.toContain('李华');
    // a role in brackets (安全稳定科（牵头）) is read, and 每季度 in the time column is a cadence
    expect(p5?.units[0]).toEqual({ name: '安全稳定科', role: 'lead' });
    expect(p5?.recurrence.map((r) => r.every)).toEqual(['quarter']);
    // 长期坚持 / 每季度 are not unresolved deadlines
    expect(plan.warnings).toEqual([]);
    // the header stays in the preamble, the rows' text in the points
    expect(plan.preamble).toContain('序号|工作任务|牵头单位|配合单位|完成时限|分管领导');
    const runs = expectSubsequence(input, plan);
    expect(runs.every((r) => /^[\d|]*$/.test(r) || /^[一二]、$/.test(r))).toBe(true);
  });

  it('reads a table flattened one cell per line, rows numbered by bare numbers from 68, empty cells dropped', () => {
    const input = fixture('task-table-flat.txt');
    const plan = parse(input);
    expectValidContract(plan);
    expect(plan.title).toBe('江城区教育局2024年教育重点工作任务清单');
    expect(plan.year).toBe(2024);
    const points = allPoints(plan);
    expect(points.map((p) => p.number)).toEqual([68, 69, 70, 71]);
    expect(points[0]?.units).toEqual([
      { name: '发展规划科', role: 'lead' },
      { name: '计划财务科', role: 'cooperating' },
      { name: '区教育建设中心', role: 'cooperating' },
    ]);
    expect(points[0]?.deadlines).toContainEqual({ date: '2024-08-31', phrase: '2024年8月底前' });
    // row 70 has no cooperating unit: its date is not taken for a unit
    expect(points[2]?.units).toEqual([{ name: '德育科', role: 'lead' }]);
    expect(points[2]?.deadlines).toEqual([{ date: '2024-12-31', phrase: '2024年12月底前' }]);
    expect(points[1]?.title).toBe('组织开展义务教育质量监测，监测覆盖率达到100%');
    expect(points.some((p) => p.leaders !== undefined)).toBe(false);
    // 职教20条 is a name; 建成3—5所 is a range (lower bound, >=)
    expect(points[3]?.targets.map((t) => [t.value, t.unit, t.comparator])).toEqual([[3, '所', '>=']]);
    // an excerpt starting at 68 is not a numbering problem
    expect(plan.warnings).toEqual([]);
    expectSubsequence(input, plan);
  });

  it('reads a table whose cells are separated by runs of spaces, with a leaders column', () => {
    const input = [
      '东湖区教育局2022年工作要点任务分解',
      '序号  工作任务                                   责任科室    配合单位      分管领导   完成时限',
      '1     落实“双减”政策，校内课后服务覆盖率达到100%。    基础教育科  各中小学      陈立       3月底前',
      '2     新增公办幼儿园学位900个。                        学前教育科                刘洋       8月底前',
      '3     每学期开展一次教学视导。                          教研室      各中小学      陈立       每学期',
    ].join('\n');
    const plan = parse(input);
    const points = allPoints(plan);
    expect(points.map((p) => p.number)).toEqual([1, 2, 3]);
    expect(points[0]?.units).toEqual([
      { name: '基础教育科', role: 'lead' },
      { name: '各中小学', role: 'cooperating' },
    ]);
    expect(points[0]?.leaders).toEqual(['陈立']);
    expect(points[0]?.deadlines).toEqual([{ date: '2022-03-31', phrase: '3月底前' }]);
    expect(points[1]?.units).toEqual([{ name: '学前教育科', role: 'lead' }]);
    expect(points[1]?.leaders).toEqual(['刘洋']);
    expect(points[1]?.targets).toEqual([expect.objectContaining({ value: 900, unit: '个' })]);
    expect(points[2]?.recurrence.map((r) => r.every)).toEqual(['semester']);
    expectSubsequence(input, plan);
  });

  it('reads PDF text of a table: a task wrapped over two lines, a page marker between rows, a footer after the last', () => {
    const input = fixture('task-table-pdf-text.txt');
    const plan = parse(input);
    expect(plan.sections.map((s) => s.title)).toEqual(['教育基础设施', '教师队伍']);
    const points = allPoints(plan);
    expect(points.map((p) => p.number)).toEqual([1, 2, 3]);
    expect(points[0]?.title).toBe('推进北辰区第五中学改扩建工程，完成主体结构封顶，新增学位900个');
    expect(points[0]?.targets).toEqual([expect.objectContaining({ value: 900, unit: '个' })]);
    expect(points[0]?.leaders).toEqual(['张伟']);
    expect(points[1]?.recurrence.map((r) => r.every)).toEqual(['semester']);
    expect(points[1]?.leaders).toEqual(['李娜']);
    // the 印发 footer is not part of the last row
    expect(points[2]?.text).toBe('招聘新教师120名。\n人事科\n2024年8月底前\n张伟');
    expect(points[2]?.units).toEqual([{ name: '人事科', role: 'lead' }]);
    expectSubsequence(input, plan);
  });

  it('a megabyte of table rows parses in linear time', () => {
    const rows: string[] = ['序号 | 工作任务 | 牵头单位 | 配合单位 | 完成时限 | 分管领导'];
    for (let i = 1; rows.length < 9000; i++)
      rows.push(`${i} | 推进第${i}项重点工作，新增学位${i}个。 | 基础教育科 | 各中小学 | 6月底前 | 王明`);
    const input = rows.join('\n');
    const started = Date.now();
    const plan = parse(input);
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(allPoints(plan)).toHaveLength(rows.length - 1);
  });

  it('does not take prose for a table, nor a navigation bar for a header', () => {
    const plan = parse(['首页 | 政务公开 | 通知公告', '一、加强党建', '1.牵头单位要落实责任。', '2.完成时限为6月底。'].join('\n'));
    expect(plan.preamble).toBe('');
    expect(allPoints(plan).map((p) => p.number)).toEqual([1, 2]);
    expect(allPoints(plan).every((p) => p.leaders === undefined)).toBe(true);
  });

  const CELLS = [
    '序号',
    '工作任务',
    '牵头单位',
    '配合单位',
    '完成时限',
    '分管领导',
    '一、党建',
    '3',
    '68',
    '基教科',
    '各学校',
    '6月底前',
    '张三',
    '新增学位200个',
    '',
    '|',
    '— 2 —',
    '注：',
  ];
  it('never throws and invents nothing on arbitrary table-like input', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.constantFrom(...CELLS), { maxLength: 7 }), { maxLength: 40 }),
        fc.constantFrom('\n', ' | ', '  ', '\t'),
        (rows, sep) => {
          const input = rows.map((r) => r.join(sep === '\n' ? '\n' : sep)).join('\n');
          const plan = parse(input);
          expectValidContract(plan);
          expectSubsequence(input, plan);
        },
      ),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 300) },
    );
  });
});
