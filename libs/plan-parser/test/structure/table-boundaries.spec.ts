import * as fs from 'node:fs';
import * as path from 'node:path';
import { collectText } from '../../src/structure';
import type { ParsedPlan } from '../../src/types';
import { allPoints, expectValidContract, noSpace, normalizeForInvariant, parse, skippedRuns } from './support/helpers';

const fixture = (name: string): string => fs.readFileSync(path.resolve(__dirname, '..', 'fixtures', name), 'utf8');

function expectNothingLost(input: string, plan: ParsedPlan): void {
  expect(skippedRuns(noSpace(normalizeForInvariant(input)), noSpace(collectText(plan).join('')))).not.toBeNull();
}

describe('where a task table ends (the rows’ shape, not whatever follows)', () => {
  it('a prose paragraph and a signature after the last row of a flattened table are not its cells', () => {
    const input = fixture('task-table-flat-prose-after.txt');
    const plan = parse(input);
    expectValidContract(plan);
    const points = allPoints(plan);
    expect(points.map((p) => p.number)).toEqual([1, 2]);
    const last = points[1];
    expect(last?.text).toBe('加强教师培训，全年培训教师不少于2000人次。\n教师发展中心');
    expect(last?.units).toEqual([{ name: '教师发展中心', role: 'lead' }]);
    // the signature's date is not the row's deadline, the office not its unit
    expect(last?.deadlines.map((d) => d.date)).not.toContain('2024-02-01');
    expect(last?.deadlines).toEqual([{ date: '2024-12-31', phrase: '全年' }]);
    expect(plan.sections.at(-1)?.text).toContain('各单位要高度重视重点工作任务落实');
    expectNothingLost(input, plan);
  });

  it('numbered paragraphs after a row that has only its task are not cells of that row', () => {
    const input = fixture('task-table-flat-heading-after.txt');
    const plan = parse(input);
    expectValidContract(plan);
    const points = allPoints(plan);
    const row3 = points.find((p) => p.title.startsWith('推进校园食品安全'));
    expect(row3?.text).toBe('推进校园食品安全专项整治。');
    expect(points.map((p) => p.title)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^加强组织领导/), expect.stringMatching(/^强化督查考核/)]),
    );
    expectNothingLost(input, plan);
  });

  it('prose after a pipe table is not a continuation of its last row', () => {
    const input = [
      '序号 | 工作任务 | 牵头单位 | 配合单位 | 完成时限',
      '1 | 推进集团化办学，新增教育集团3个。 | 基础教育科 | 各中小学 | 2024年9月',
      '2 | 加强教师培训，全年培训教师不少于2000人次。 | 教师发展中心 |  | 2024年12月',
      '各单位要高度重视，明确责任分工，于每季度末报送进展情况。',
    ].join('\n');
    const plan = parse(input);
    const points = allPoints(plan);
    expect(points.map((p) => p.number)).toEqual([1, 2]);
    expect(points[1]?.text).not.toContain('各单位要高度重视');
    expect(collectText(plan).join('\n')).toContain('各单位要高度重视');
    expectNothingLost(input, plan);
  });

  it('a pipe row wrapped over lines is still one row', () => {
    const input = [
      '序号 | 工作任务 | 牵头单位 | 配合单位 | 完成时限',
      '1 | 推进集团化办学，',
      '新增教育集团3个，',
      '覆盖全部街道。 | 基础教育科 | 各中小学 | 2024年9月',
      '2 | 加强教师培训。 | 教师发展中心 | 各中小学 | 2024年12月',
    ].join('\n');
    const points = allPoints(parse(input));
    expect(points.map((p) => p.number)).toEqual([1, 2]);
    expect(points[0]?.units.map((u) => u.name)).toEqual(['基础教育科', '各中小学']);
    expect(points[0]?.text).toContain('覆盖全部街道');
  });
});

describe('a merged 序号 cell: a row without its number is a point of its own', () => {
  it('flattened text: a row lacking its number after a complete row', () => {
    const input = fixture('task-table-merged-number.txt');
    const plan = parse(input);
    expectValidContract(plan);
    const points = allPoints(plan);
    expect(points.map((p) => p.number)).toEqual([1, 2, 2, 3]);
    expect(points[1]?.units.map((u) => u.name)).toEqual(['教研室', '各中小学']);
    expect(points[2]?.title).toBe('开展中小学作业管理专项督查，覆盖全部义务教育学校');
    expect(points[2]?.units).toEqual([
      { name: '督导室', role: 'lead' },
      { name: '基础教育科', role: 'cooperating' },
    ]);
    expect(points[2]?.deadlines).toEqual([{ date: '2024-06-30', phrase: '2024年6月底前' }]);
    expect(points[1]?.deadlines).toEqual([{ date: '2024-12-31', phrase: '2024年12月' }]);
    const merged = plan.warnings.filter((w) => /序号/.test(w.message));
    expect(merged).toHaveLength(1);
    expect(merged[0]?.message).toContain('2');
    expect(plan.warnings.filter((w) => /重复/.test(w.message))).toEqual([]);
    expectNothingLost(input, plan);
  });

  it('pipe text (a docx vMerge or an HTML rowspan rendered as an empty first cell or a missing one)', () => {
    for (const input of [
      fixture('task-table-pipe-merged.txt'),
      fixture('task-table-pipe-merged.txt').replace(' | 开展中小学', '开展中小学'),
    ]) {
      const plan = parse(input);
      expectValidContract(plan);
      const points = allPoints(plan);
      expect(points.map((p) => p.number)).toEqual([1, 2, 2, 3]);
      expect(points[1]?.text).not.toContain('作业管理');
      expect(points[2]?.units).toEqual([
        { name: '督导室', role: 'lead' },
        { name: '基础教育科', role: 'cooperating' },
      ]);
      expect(points[2]?.deadlines).toEqual([{ date: '2024-06-30', phrase: '2024年6月底前' }]);
      expect(points[3]?.text).not.toContain('各单位要高度重视');
      expect(plan.warnings.filter((w) => /序号/.test(w.message))).toHaveLength(1);
      expectNothingLost(input, plan);
    }
  });
});

describe('a wrapped task line that reads as a unit does not end or split its row', () => {
  it('keeps the row whole', () => {
    const input = [
      '序号',
      '工作任务',
      '牵头单位',
      '完成时限',
      '1',
      '推进课后服务提质扩面，覆盖全区所有',
      '学校',
      '和幼儿园。',
      '基础教育科',
      '2024年9月',
      '2',
      '开展教学视导。',
      '教研室',
      '10月底前',
    ].join('\n');
    const points = allPoints(parse(input));
    expect(points.map((p) => p.number)).toEqual([1, 2]);
    expect(points[0]?.text).toContain('和幼儿园');
    expect(points[0]?.deadlines.map((d) => d.phrase)).toEqual(['2024年9月']);
  });
});

describe('a space-separated table', () => {
  it('still continues a row on a wrapped line', () => {
    const input = [
      '序号  工作任务                      牵头单位    完成时限',
      '1     推进课后服务提质扩面，        基础教育科  9月底前',
      '      覆盖全部学校',
      '2     开展教学视导。                教研室      10月底前',
    ].join('\n');
    const points = allPoints(parse(input));
    expect(points.map((p) => p.number)).toEqual([1, 2]);
    expect(points[0]?.text).toContain('覆盖全部学校');
  });
});

describe('page and document furniture after the last row of a flattened table', () => {
  const HEAD = ['江城区教育局2024年重点任务清单', '序号', '工作任务', '牵头单位', '配合单位', '完成时限'];
  const ROWS = ['1', '开展教学视导。', '教研室', '各中小学', '10月底前', '2', '推进集团化办学。', '基础教育科'];
  it.each([
    ['a bare page number', ['3']],
    ['an attachment line', ['附件：任务清单填报说明']],
    ['a copy-to line', ['抄送：区政府办公室']],
    ['the issuer and date', ['江城区教育局', '2024年1月5日']],
    ['a page footer', ['第3页 共5页']],
  ])('%s is not a row or a cell', (_name, tail) => {
    const input = [...HEAD, ...ROWS, ...tail].join('\n');
    const plan = parse(input);
    expectValidContract(plan);
    const points = allPoints(plan);
    expect(points.map((p) => p.number)).toEqual([1, 2]);
    expect(points[1]?.text).toBe('推进集团化办学。\n基础教育科');
    expect(points[1]?.deadlines).toEqual([]);
    expectNothingLost(input, plan);
  });
});

describe('prose after an incomplete last row of a pipe table', () => {
  it('an attachment line or a sentence paragraph is not the row’s; a wrapped sentence inside a cell is', () => {
    const input = [
      '序号 | 工作任务 | 牵头单位 | 配合单位 | 完成时限',
      '1 | 开展教学视导，覆盖全部中小学。',
      '每学期至少开展一次，视导结果纳入学校年度考核，考核结果向社会公开并作为评优评先的重要依据。',
      '坚持问题导向。 | 教研室 | 各中小学 | 10月底前',
      '2 | 推进集团化办学。 | 基础教育科',
      '附件：任务清单填报说明',
      '各单位要高度重视，明确责任分工，细化工作措施，确保各项任务按期保质完成并及时报送进展情况。',
    ].join('\n');
    const plan = parse(input);
    const points = allPoints(plan);
    expect(points.map((p) => p.number)).toEqual([1, 2]);
    expect(points[0]?.text).toContain('考核结果向社会公开');
    expect(points[0]?.units.map((u) => u.name)).toEqual(['教研室', '各中小学']);
    expect(points[1]?.text).not.toContain('附件');
    expect(points[1]?.text).not.toContain('各单位要高度重视');
    expectNothingLost(input, plan);
  });
});
