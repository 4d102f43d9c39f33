import { extractUnits } from '../../src/annotations';
import type { PointUnit } from '../../src/types';

const R = (name: string): PointUnit => ({ name, role: 'responsible' });
const L = (name: string): PointUnit => ({ name, role: 'lead' });
const C = (name: string): PointUnit => ({ name, role: 'cooperating' });

describe('extractUnits', () => {
  const cases: Array<[string, string, PointUnit[]]> = [
    ['full-width 责任单位', '加强学前教育（责任单位：基教科、德育科）', [R('基教科'), R('德育科')]],
    [
      'half-width, lead + cooperating',
      '推进职称改革。(牵头单位：人事科；配合单位：财务科、各中小学)',
      [L('人事科'), C('财务科'), C('各中小学')],
    ],
    ['牵头科室 with 完成时限', '（牵头科室：基教科；完成时限：6月底前）', [L('基教科')]],
    ['完成时限 first', '（完成时限：年底前；责任单位：安全科）', [R('安全科')]],
    ['责任部门, space separated', '（责任部门：办公室 财务科）', [R('办公室'), R('财务科')]],
    ['协办单位 with trailing 等', '（协办单位：团委、少先队等）', [C('团委'), C('少先队')]],
    ['参与单位', '（参与单位：各区县教育局）', [C('各区县教育局')]],
    ['负责科室 and 主责单位', '（负责科室：督导室）（主责单位：教研室）', [R('督导室'), R('教研室')]],
    ['协办 in the same bracket', '（牵头单位：基教科，协办单位：体卫艺科）', [L('基教科'), C('体卫艺科')]],
    ['【】 labels', '做好招生工作。【责任单位】基教科、各区县教育局【完成时限】6月底前', [R('基教科'), R('各区县教育局')]],
    ['【牵头单位】【配合单位】', '【牵头单位】人事科【配合单位】财务科', [L('人事科'), C('财务科')]],
    ['hard wrap inside a name', '（责任单位：基\n教科）', [R('基教科')]],
    ['hard wrap inside the label', '（责任单\n位：基教科、\n德育科）', [R('基教科'), R('德育科')]],
    ['stray space inside a name', '（责任单位：基 教科 德育科）', [R('基教科'), R('德育科')]],
    ['suffix form', '（基教科牵头，德育科、各学校配合）', [L('基教科'), C('德育科'), C('各学校')]],
    ['segments with their own role word', '（责任单位：区教育局、区财政局，各街镇配合）', [R('区教育局'), R('区财政局'), C('各街镇')]],
    ['label followed by 完成时限 without brackets', '责任科室：基教科、德育科 完成时限：6月底', [R('基教科'), R('德育科')]],
    ['inline role marker', '（责任单位：基教科（牵头）、德育科）', [L('基教科'), R('德育科')]],
    ['persons are not units', '（责任人：张三；责任单位：安全科）', [R('安全科')]],
    ['bare label at the end', '完成校舍改造。责任单位：计财科、安全科', [R('计财科'), R('安全科')]],
    [
      'bare label ends at a line break before prose',
      '完成改造。责任单位：计财科、安全科\n下一段落是一段较长的普通说明文字内容',
      [R('计财科'), R('安全科')],
    ],
    ['dedupe by name and role', '（责任单位：基教科、基教科；配合单位：基教科）', [R('基教科'), C('基教科')]],
    ['full-width colon variants', '(责任单位:基教科,德育科)', [R('基教科'), R('德育科')]],
  ];
  it.each(cases)('%s', (_label, text, expected) => {
    expect(extractUnits(text)).toEqual(expected);
  });

  const none: Array<[string, string]> = [
    ['ordinary parenthetical prose', '开展读书活动（包括演讲、征文等）'],
    ['year in brackets', '实施三年行动计划（2021—2023年）'],
    ['policy title', '落实《关于党委（党组）运用监督执纪“第一种形态”的意见》'],
    ['主体责任：prose', '落实主体责任：加强监督检查'],
    ['responsibility as a word', '压实属地责任，落实学校主体责任'],
    ['empty', ''],
  ];
  it.each(none)('no units: %s', (_label, text) => {
    expect(extractUnits(text)).toEqual([]);
  });
});
