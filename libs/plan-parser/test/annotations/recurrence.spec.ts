import { extractRecurrence } from '../../src/annotations';
import type { Recurrence, RecurrenceEvery } from '../../src/types';

const r = (every: RecurrenceEvery, phrase: string): Recurrence => ({ every, phrase });

describe('extractRecurrence', () => {
  const cases: Array<[string, Recurrence[]]> = [
    ['每周开展一次安全检查', [r('week', '每周')]],
    ['每星期报送', [r('week', '每星期')]],
    ['每两周调度一次', [r('week', '每两周')]],
    ['实行周报制度', [r('week', '周报')]],
    ['每月报送工作进展', [r('month', '每月')]],
    ['每个月召开一次调度会', [r('month', '每个月')]],
    ['按月报送', [r('month', '按月')]],
    ['开展月度考核', [r('month', '月度')]],
    ['每季度组织开展意识形态分析研判', [r('quarter', '每季度')]],
    ['按季度通报', [r('quarter', '按季度')]],
    ['实行季度考核', [r('quarter', '季度')]],
    ['每季召开', [r('quarter', '每季')]],
    ['任课教师每学期须对每个学生进行学业述评', [r('semester', '每学期')]],
    ['每个学期开展一次', [r('semester', '每个学期')]],
    ['学期末开展综合评价', [r('semester', '学期末')]],
    ['每半年报告一次', [r('semester', '每半年')]],
    ['每年学会2项生活技能', [r('year', '每年')]],
    ['每学年开展覆盖全学段的教学管理专项视导', [r('year', '每学年')]],
    ['每年度开展', [r('year', '每年度')]],
    ['一年一度', [r('year', '一年一度')]],
    ['开展年度考核', [r('year', '年度')]],
    ['每 季\n度组织', [r('quarter', '每 季\n度')]],
    ['每月调度，每季度通报，每月调度', [r('month', '每月'), r('quarter', '每季度')]],
  ];
  it.each(cases)('%j', (text, expected) => {
    expect(extractRecurrence(text)).toEqual(expected);
  });

  const none: string[] = [
    '第三季度完成', // a deadline, not a cadence
    '一季度',
    '前三季度',
    '本季度',
    '本学期',
    '新学期开学',
    '本学期末',
    '常态化开展安全检查', // no enum value fits: skipped
    '定期开展督导',
    '确保学生每天1小时锻炼', // daily: no enum value
    '每两年评选一次', // multi-year: skipped
    '2021年度工作总结',
    '本年度',
    '学年度',
    '学生年度体育活动参与率达到100%',
    '制定年度工作计划',
    '建党100周年',
    '全年级',
    '逐年提高',
    '',
  ];
  it.each(none)('nothing in %j', (text) => {
    expect(extractRecurrence(text)).toEqual([]);
  });
});
