import { extractIndicators } from '../../src/annotations';
import type { Indicator, Period } from '../../src/types';

const P: Period = { from: 2021, to: 2025 };
const lines = (s: string): string[] => s.split('\n');
const ind = (name: string, unit: string, base: [number, number] | null, target: [number, number, string] | null): Indicator => ({
  name,
  unit,
  baseline: base && { year: base[0], value: base[1] },
  target: target && { year: target[0], value: target[1], comparator: target[2] },
});

describe('extractIndicators', () => {
  it('reads a table flattened one cell per line', () => {
    const text = `三、发展目标
到2025年，基本建成高质量教育体系。
表1 “十四五”时期教育发展主要指标
指标
单位
2020年
2025年
属性
学前教育毛入园率
%
90.5
≥95
预期性
义务教育巩固率
%
99
99.5
约束性
高中阶段教育毛入学率
%
—
>92
预期性
劳动年龄人口平均受教育年限
年
11.2
11.5以上
约束性
生师比
—
13.5
≤13
预期性
注：带*为约束性指标
四、主要任务
1.加强党的建设。`;
    expect(extractIndicators(lines(text), P)).toEqual([
      ind('学前教育毛入园率', '%', [2020, 90.5], [2025, 95, '>=']),
      ind('义务教育巩固率', '%', [2020, 99], [2025, 99.5, '=']),
      ind('高中阶段教育毛入学率', '%', null, [2025, 92, '>']),
      ind('劳动年龄人口平均受教育年限', '年', [2020, 11.2], [2025, 11.5, '>=']),
      ind('生师比', '', [2020, 13.5], [2025, 13, '<=']),
    ]);
  });

  it('reads tab- and multi-space-separated rows with a 序号 column', () => {
    const text = [
      '序号\t指标名称\t单位\t2020年\t2025年\t属性',
      '1\t学前教育毛入园率\t%\t90.5\t≥95\t预期性',
      '2\t义务教育巩固率\t％\t99\t99.5\t约束性',
      '3    每千人口托位数    个    1.2    4.5    预期性',
      '4\t新建改扩建学校\t所\t/\t30\t预期性',
      '',
      '二、主要任务',
    ];
    expect(extractIndicators(text, null)).toEqual([
      ind('学前教育毛入园率', '%', [2020, 90.5], [2025, 95, '>=']),
      ind('义务教育巩固率', '%', [2020, 99], [2025, 99.5, '=']),
      ind('每千人口托位数', '个', [2020, 1.2], [2025, 4.5, '=']),
      ind('新建改扩建学校', '所', null, [2025, 30, '=']),
    ]);
  });

  it('takes years from the period when the header says 基期 / 目标值, and skips group rows', () => {
    const text = `类别
指标
单位
基期值
目标值
普及程度
学前教育毛入园率
%
90.5
95
义务教育巩固率
%
99
99.5
教育质量
学生体质健康达标率
%
92
≥95`;
    expect(extractIndicators(lines(text), P)).toEqual([
      ind('学前教育毛入园率', '%', [2020, 90.5], [2025, 95, '=']),
      ind('义务教育巩固率', '%', [2020, 99], [2025, 99.5, '=']),
      ind('学生体质健康达标率', '%', [2020, 92], [2025, 95, '>=']),
    ]);
  });

  it('uses the first and last year columns when there are more', () => {
    const text = '指标 单位 2020年 2023年 2025年\n普通话普及率 % 80 83 85以上\n校园网覆盖率 % 95 - 100';
    expect(extractIndicators(lines(text), P)).toEqual([
      ind('普通话普及率', '%', [2020, 80], [2025, 85, '>=']),
      ind('校园网覆盖率', '%', [2020, 95], [2025, 100, '=']),
    ]);
  });

  it('takes the unit from the name when there is no unit column', () => {
    const text = '指标\n2020年\n2025年\n学前教育毛入园率（%）\n90\n95';
    expect(extractIndicators(lines(text), null)).toEqual([ind('学前教育毛入园率', '%', [2020, 90], [2025, 95, '='])]);
  });

  it('reads two tables', () => {
    const text = `表1
指标
单位
2020年
2025年
学前教育毛入园率
%
90
95
表2
指标
单位
2020年
2025年
专任教师研究生比例
%
8
12`;
    expect(extractIndicators(lines(text), P).map((i) => i.name)).toEqual(['学前教育毛入园率', '专任教师研究生比例']);
  });

  it('returns [] without a table', () => {
    expect(extractIndicators([], P)).toEqual([]);
    expect(extractIndicators(['一、总体要求', '完善指标体系建设，2025年达到95%。'], P)).toEqual([]);
    expect(extractIndicators(['指标', '单位'], P)).toEqual([]); // no year columns
    expect(extractIndicators(['指标', '单位', '2020年', '2025年'], P)).toEqual([]); // no rows
  });
});
