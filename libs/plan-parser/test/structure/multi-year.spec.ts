import * as fs from 'node:fs';
import * as path from 'node:path';
import { collectText } from '../../src/structure';
import { allPoints, expectValidContract, noSpace, normalizeForInvariant, parse, skippedRuns } from './support/helpers';

const fixture = (name: string): string => fs.readFileSync(path.resolve(__dirname, '..', 'fixtures', name), 'utf8');

describe('five-year plans and indicator tables', () => {
  const input = fixture('five-year-web.txt');
  const plan = parse(input);

  it('takes the title below the site name, the period from the title and no year', () => {
    expectValidContract(plan);
    expect(plan.title).toBe('滨江区“十四五”教育事业发展规划');
    expect(plan.year).toBeNull();
    expect(plan.period).toEqual({ from: 2021, to: 2025 });
  });

  it('reads every indicator row (mixed units, 以上/以下, 一、 groups inside the table, a page marker after the last row)', () => {
    const ind = (name: string, unit: string, base: number | null, target: number, comparator = '='): unknown => ({
      name,
      unit,
      baseline: base === null ? null : { year: 2020, value: base },
      target: { year: 2025, value: target, comparator },
    });
    expect(plan.indicators).toEqual([
      ind('学前教育毛入园率', '%', 93, 96, '>='),
      ind('义务教育巩固率', '%', 99.2, 99.5),
      ind('新建改扩建中小学校', '所', null, 12),
      ind('劳动年龄人口平均受教育年限', '年', 11.2, 11.8),
      ind('专任教师中研究生学历人数', '人', 860, 1200),
      ind('生均公用经费年增长', '万元', 0.12, 0.15),
      ind('中小学大班额比例', '%', 3.5, 1, '<='),
    ]);
  });

  it('never turns the table into sections or points', () => {
    expect(plan.sections.map((s) => s.title)).toEqual(['发展基础', '发展目标', '主要任务']);
    expect(plan.sections[1]?.points).toEqual([]);
    expect(plan.sections[1]?.text).toContain('一、普及水平');
    expect(plan.sections[1]?.text).toMatch(/约束性$/);
    expect(plan.warnings.filter((w) => /编号/.test(w.message))).toEqual([]);
  });

  it('resolves 到2025年, 2023年底前 and 十四五期末 within the period', () => {
    const [p1, , p3] = allPoints(plan);
    expect(p1?.deadlines).toEqual(
      expect.arrayContaining([
        { date: '2025-12-31', phrase: '到2025年' },
        { date: '2023-12-31', phrase: '2023年底前' },
      ]),
    );
    expect(p3?.deadlines).toEqual([{ date: '2025-12-31', phrase: '“十四五”期末' }]);
  });

  it('takes no figure of a name or a counted subject for a target; a per-day duration keeps its unit', () => {
    const ps = allPoints(plan);
    expect(ps[3]?.targets).toEqual([expect.objectContaining({ value: 1, unit: '小时', comparator: '>=' })]);
    expect(ps[4]?.targets.map((t) => [t.metric, t.value, t.unit, t.comparator])).toEqual([['特色专业', 3, '个', '>=']]);
  });

  it('loses nothing but numbering', () => {
    expect(skippedRuns(noSpace(normalizeForInvariant(input)), noSpace(collectText(plan).join('')))).not.toBeNull();
  });

  it('takes the period from the text when the title does not state it (the latest period named)', () => {
    const p = parse(
      [
        '临川区教育事业发展规划',
        '　　“十三五”（2016—2020年）期间，全区教育事业取得长足发展。本规划期为2021—2025年。',
        '一、主要任务',
        '1.到2024年，建成智慧校园示范校10所。',
      ].join('\n'),
    );
    expect(p.period).toEqual({ from: 2021, to: 2025 });
    expect(allPoints(p)[0]?.deadlines).toEqual([{ date: '2024-12-31', phrase: '到2024年' }]);
    // a yearly plan has no period, and its 到2025年 is no deadline
    const yearly = parse(['东城区教育局2022年工作要点', '一、重点工作', '1.到2025年，建成智慧校园。'].join('\n'));
    expect(yearly.period).toBeNull();
    expect(allPoints(yearly)[0]?.deadlines).toEqual([]);
  });

  it('reads a pipe-separated indicator table with numbered rows and a footer after it', () => {
    const p = parse(
      [
        '石门县教育发展三年行动计划（2023—2025年）',
        '一、主要目标',
        '序号 | 指标 | 单位 | 2022年 | 2025年 | 属性',
        '1. | 普惠性幼儿园覆盖率 | % | 85 | 90以上 | 约束性',
        '2. | 县域内义务教育学校校际差异系数 | — | 0.45 | 0.40以下 | 预期性',
        '3. | 新增公办学位 | 个 | — | 3000 | 预期性',
        '第 3 页',
        '二、保障措施',
        '1.加强组织领导。',
      ].join('\n'),
    );
    expect(p.period).toEqual({ from: 2023, to: 2025 });
    expect(p.indicators.map((i) => [i.name, i.unit, i.baseline?.value ?? null, i.target?.value, i.target?.comparator])).toEqual([
      ['普惠性幼儿园覆盖率', '%', 85, 90, '>='],
      ['县域内义务教育学校校际差异系数', '', 0.45, 0.4, '<='],
      ['新增公办学位', '个', null, 3000, '='],
    ]);
    expect(p.sections.map((s) => s.title)).toEqual(['主要目标', '保障措施']);
    expect(p.sections[0]?.points).toEqual([]);
    expect(allPoints(p).map((x) => x.title)).toEqual(['加强组织领导']);
  });
});

describe('indicator tables with 1. row groups', () => {
  it('reads every row and keeps 1./2. group rows out of the points', () => {
    const p = parse(
      [
        '某县教育发展规划（2021—2025年）',
        '一、发展目标',
        '指标',
        '单位',
        '2020年',
        '2025年',
        '1.学前教育',
        '学前教育毛入园率',
        '%',
        '93',
        '96',
      ]
        .concat(['2.义务教育', '九年义务教育巩固率', '%', '99', '99.5以上', '新建学校', '所', '—', '5', '二、保障措施', '1.加强领导。'])
        .join('\n'),
    );
    expect(p.indicators.map((i) => [i.name, i.unit, i.baseline?.value ?? null, i.target?.value, i.target?.comparator])).toEqual([
      ['学前教育毛入园率', '%', 93, 96, '='],
      ['九年义务教育巩固率', '%', 99, 99.5, '>='],
      ['新建学校', '所', null, 5, '='],
    ]);
    expect(p.sections[0]?.points).toEqual([]);
    expect(allPoints(p).map((x) => [x.number, x.title])).toEqual([[1, '加强领导']]);
    expect(p.warnings).toEqual([]);
  });
});

describe('title by genre', () => {
  it('a page whose first line is the site name: the title further down, with its year', () => {
    const p = parse(
      [
        '武陵区教育局',
        '当前位置：首页 > 政务公开 > 计划总结',
        '发布时间：2021-12-30 打印',
        '各科室、各学校：',
        '　　现将有关工作安排如下，请认真抓好落实。',
        '一、重点工作',
        '1.新建幼儿园2所。',
      ].join('\n'),
    );
    // no line names the plan: the site name is still not taken for the title, nor the upload date for the year
    expect(p.title).not.toBe('武陵区教育局');
    expect(p.year).toBeNull();
    const q = parse(
      ['武陵区教育局', '发展规划', '武陵区教育局2022年工作要点 - 武陵区人民政府网站', '一、重点工作', '1.新建幼儿园2所。'].join('\n'),
    );
    expect(q.title).toBe('武陵区教育局2022年工作要点');
    expect(q.year).toBe(2022);
  });
});
