import { collectAllText } from '../../src/structure';
import { allPoints, expectValidContract, noSpace, parse, readFixture, structuralWarnings } from './support/helpers';

describe('PDF text: hard wraps, page markers, notice preamble, 抄送/印发 footer', () => {
  const plan = parse(readFixture('pdf-wrapped-notice.txt'));

  it('finds the plan title (not the notice title) and the year', () => {
    expectValidContract(plan);
    expect(plan.title).toBe('东丽区2021年教育工作要点');
    expect(plan.year).toBe(2021);
    expect(plan.period).toBeNull();
  });

  it('keeps the notice (文号, salutation, 现将…印发) in the preamble, one paragraph per line', () => {
    expect(plan.preamble.split('\n')).toEqual([
      '东丽区教育局文件',
      '东教发〔2021〕6号',
      '东丽区教育局关于印发《东丽区2021年教育工作要点》的通知',
      '各直属单位、各中小学、幼儿园：',
      '现将《东丽区2021年教育工作要点》印发给你们，请结合实际认真贯彻落实。',
      '东丽区教育局',
      '2021年3月1日',
      '东丽区2021年教育工作要点',
      '2021年是“十四五”开局之年。全区教育工作的总体要求是：坚持以习近平新时代中国特色社会主义思想为指导，全面贯彻党的教育方针，落实立德树人根本任务，办好人民满意的教育。',
    ]);
  });

  it('recovers 3 sections and points 1–5 with their start lines', () => {
    expect(plan.sections.map((s) => s.number)).toEqual(['一', '二', '三']);
    expect(allPoints(plan).map((p) => [p.number, p.line])).toEqual([
      [1, 17],
      [2, 24],
      [3, 29],
      [4, 33],
      [5, 39],
    ]);
    expect(structuralWarnings(plan)).toEqual([]);
  });

  it('joins a wrapped heading', () => {
    expect(plan.sections[1]?.title).toBe('坚持公平普惠，扩大优质教育资源供给，推动各级各类教育协调发展');
  });

  it('joins wraps inside numbers, inside annotations and across page markers, leaving no stray breaks', () => {
    const [p1, p2] = plan.sections[0]?.points ?? [];
    expect(p1?.text).toBe(
      '把党的政治建设摆在首位。坚持以习近平新时代中国特色社会主义思想为指导，将学习贯彻党的十九届五中全会精神作为首要政治任务，每季度召开一次党组理论学习中心组专题学习会。（责任单位：组织科、宣传科）',
    );
    expect(p2?.text).toContain('（责任单位：基教科、组织科）');
    const p3 = plan.sections[1]?.points[0];
    expect(p3?.text).toContain('新增学前学位2430个');
    expect(p3?.text).toContain('（责任单位：基教科、计财科）');
    const p4 = plan.sections[1]?.points[1];
    expect(p4?.text).toContain('秋季开学前完成招生入学工作。（牵头单位');
    for (const p of allPoints(plan)) {
      expect(p.text).not.toMatch(/\s/);
      expect(p.text).not.toMatch(/—|页/);
    }
  });

  it('drops page markers, 此件公开发布, rule lines and the 抄送/印发 footer', () => {
    const all = collectAllText(plan);
    expect(all).not.toMatch(/抄送|印发$|此件公开|— \d —|- 3 -|第4页|─/m);
    expect(plan.sections[2]?.points[0]?.text).toBe(
      '加强师德师风建设。落实新时代教师职业行为十项准则，开展师德专题教育，上半年完成师德考核。（责任单位：人事科）',
    );
  });
});

describe('OCR noise in numbering', () => {
  const plan = parse(readFixture('ocr-numbering.txt'));

  it('repairs `—、`, `1 ·`, `2 ．`, `３、`, full-width `４．`, `(二)` and `1 0 ·`', () => {
    expectValidContract(plan);
    expect(plan.sections.map((s) => [s.number, s.ordinal, s.title])).toEqual([
      ['一', 1, '全面加强党的建设'],
      ['二', 2, '推进各类教育协调发展'],
      ['三', 3, '加强教师队伍建设'],
    ]);
    expect(allPoints(plan).map((p) => p.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect(allPoints(plan).map((p) => p.title)).toContain('加强师德师风建设');
  });

  it('keeps a （三） whose numeral was lost as `）` as the third sub-section, its number repaired, with a warning', () => {
    const subs = plan.sections[1]?.sections ?? [];
    expect(subs.map((s) => [s.number, s.ordinal, s.title])).toEqual([
      ['一', 1, '学前教育'],
      ['二', 2, '义务教育'],
      ['三', 3, '高中教育'],
    ]);
    expect(subs[2]?.points.map((p) => p.number)).toEqual([8, 9]);
    expect(plan.warnings).toContainEqual(expect.objectContaining({ line: 17, message: expect.stringContaining('编号缺失') }));
  });

  it('warns about every repaired marker at its line', () => {
    const lines = structuralWarnings(plan).map((w) => w.line);
    expect(lines).toEqual([5, 6, 17, 21]);
    expect(structuralWarnings(plan)[3]?.message).toContain('1 0 ·');
  });

  it('normalises full-width digits in the text', () => {
    expect(plan.sections[1]?.sections[0]?.points[0]?.text).toContain('新增学前学位600个');
  });
});

describe('web page: chrome and a notice preamble', () => {
  const text = readFixture('web-notice.txt');

  it.each([
    ['LF', text],
    ['CRLF + BOM', `\ufeff${text.replace(/\n/g, '\r\n')}`],
    ['CR only', text.replace(/\n/g, '\r')],
  ])('%s: strips chrome, keeps 文号 and salutation in the preamble', (_name, input) => {
    const plan = parse(input);
    expectValidContract(plan);
    expect(plan.title).toBe('东丽区2021年教育工作要点');
    expect(plan.year).toBe(2021);
    expect(plan.preamble).toContain('东教发〔2021〕6号');
    expect(plan.preamble).toContain('各直属单位，各中小学、幼儿园：');
    expect(plan.preamble).toContain('现将《东丽区2021年教育工作要点》印发给你们');
    const all = collectAllText(plan);
    for (const chrome of ['首页', '当前位置', '浏览次数', '【打印】', '上一篇', '下一篇', '相关链接', '版权所有', '网站标识码', 'ICP备']) {
      expect(all).not.toContain(chrome);
    }
  });

  it('restarts point numbering per section (1、 style) without warnings', () => {
    const plan = parse(text);
    expect(plan.sections.map((s) => s.points.map((p) => p.number))).toEqual([
      [1, 2],
      [1, 2, 3],
    ]);
    expect(plan.sections[1]?.points[2]?.line).toBe(19);
    expect(structuralWarnings(plan)).toEqual([]);
  });
});

describe('titles on their own line with 目标任务/工作措施 blocks, 一、>（一）>1.>（1）', () => {
  const plan = parse(readFixture('own-line-titles.txt'));

  it('builds the deeper tree', () => {
    expectValidContract(plan);
    expect(plan.title).toBe('XX市教育局2022年工作计划');
    expect(plan.sections.map((s) => s.title)).toEqual(['提高教育质量', '强化保障条件']);
    expect(plan.sections[0]?.points).toEqual([]);
    expect(plan.sections[0]?.sections.map((s) => [s.number, s.title, s.points.map((p) => p.number)])).toEqual([
      ['一', '深化课程教学改革', [1, 2]],
      ['二', '加强教研体系建设', [3]],
    ]);
    expect(plan.sections[1]?.sections[0]?.points.map((p) => p.number)).toEqual([4]);
  });

  it('takes the whole title line as the point title and keeps blocks and （1） items inside the point', () => {
    const p1 = plan.sections[0]?.sections[0]?.points[0];
    expect(p1?.title).toBe('推进新课程新教材实施');
    expect(p1?.line).toBe(5);
    expect(p1?.text.split('\n')).toEqual([
      '推进新课程新教材实施',
      '目标任务：全市普通高中全面实施新课程新教材，义务教育学校落实新课程方案。',
      '工作措施：',
      '（1）组织开展新课程专题培训，每学期不少于2次；',
      '（2）遴选20所课程改革示范校，6月底前公布名单；',
      '（3）建立课堂教学质量监测机制。',
      '责任单位：基础教育科、教研室',
    ]);
    expect(structuralWarnings(plan)).toEqual([]);
  });
});

describe('five-year plan (规划): two heading levels, no points, indicator table one cell per line', () => {
  const plan = parse(readFixture('five-year-plan.txt'));

  it('reads period 十四五 / 2021—2025 and no year', () => {
    expectValidContract(plan);
    expect(plan.title).toBe('XX区“十四五”教育事业发展规划');
    expect(plan.period).toEqual({ from: 2021, to: 2025 });
    expect(plan.year).toBeNull();
    expect(plan.preamble.split('\n')[1]).toBe('（2021—2025年）');
  });

  it('builds 一、 > （一） sections with their paragraphs as text', () => {
    expect(plan.sections.map((s) => [s.title, s.sections.length, s.points.length])).toEqual([
      ['发展基础', 2, 0],
      ['总体要求', 2, 0],
      ['主要任务', 3, 0],
    ]);
    expect(plan.sections[0]?.sections[1]?.text).toBe('面临的形势\n人口结构变化和城镇化进程对教育资源布局提出新的要求。');
  });

  it('keeps the flattened indicator table one cell per line in the section text', () => {
    const goals = plan.sections[1]?.sections[1]?.text.split('\n') ?? [];
    const i = goals.indexOf('学前教育毛入园率');
    expect(i).toBeGreaterThan(0);
    expect(goals.slice(i, i + 5)).toEqual(['学前教育毛入园率', '%', '92', '95', '预期性']);
    expect(goals).toContain('99.5');
    expect(structuralWarnings(plan)).toEqual([]);
  });
});

describe('numbering anomalies become warnings, not silent guesses', () => {
  it('gaps, repeats and backward jumps in point numbers', () => {
    const plan = parse(
      [
        '某区2022年教育工作要点',
        '一、加强党的建设',
        '1.强化政治引领。开展理论学习。',
        '2.加强基层组织。规范组织生活。',
        '4.推进廉政建设。开展警示教育。',
        '4.加强作风建设。整治形式主义。',
        '3.加强统战工作。做好民族宗教工作。',
        '二、推进教育改革',
        '7.深化评价改革。破除五唯。',
      ].join('\n'),
    );
    expect(allPoints(plan).map((p) => p.number)).toEqual([1, 2, 4, 4, 3, 7]);
    const ws = structuralWarnings(plan);
    expect(ws.map((w) => w.line)).toEqual([5, 6, 7, 9]);
    expect(ws[0]?.message).toContain('缺少 3');
    expect(ws[1]?.message).toContain('重复');
    expect(ws[2]?.message).toContain('倒退');
    expect(ws[3]?.message).toContain('1 或 4');
  });

  it('a section numeral out of order', () => {
    const plan = parse(['一、总体要求', '1.甲。', '三、主要任务', '2.乙。', '四、保障措施', '3.丙。'].join('\n'));
    expect(plan.sections.map((s) => [s.number, s.ordinal])).toEqual([
      ['一', 1],
      ['三', 2],
      ['四', 3],
    ]);
    expect(structuralWarnings(plan)).toEqual([expect.objectContaining({ line: 3, message: expect.stringContaining('顺序异常') })]);
  });

  it('points without any section heading go into one untitled section, with a warning', () => {
    const plan = parse(['某校2022年工作计划', '1.加强德育。开展主题班会。', '2.提高教学质量。'].join('\n'));
    expect(plan.preamble).toBe('某校2022年工作计划');
    expect(plan.sections).toHaveLength(1);
    expect(plan.sections[0]?.number).toBe('');
    expect(plan.sections[0]?.points.map((p) => p.title)).toEqual(['加强德育', '提高教学质量']);
    expect(plan.warnings[0]?.line).toBe(2);
  });
});

describe('titles and years', () => {
  it.each([
    ['1.把党的政治建设摆在首位。坚持…', '把党的政治建设摆在首位'],
    ['1.加强党的建设；坚持全面从严治党。', '加强党的建设'],
    ['1. 强化党的政治建设.实施政治建设攻坚行动,坚定政治方向。', '强化党的政治建设'],
    ['1.总体目标：到2025年，基本实现教育现代化。', '总体目标'],
    ['1.落实教育信息化2.0行动计划，加强数字校园建设。', '落实教育信息化2.0行动计划，加强数字校园建设'],
  ])('point title of %s', (line, title) => {
    const plan = parse(`一、重点工作\n${line}`);
    expect(plan.sections[0]?.points[0]?.title).toBe(title);
  });

  it('reads 二〇二一年 in a title', () => {
    const plan = parse('二〇二一年教育工作要点\n一、党建\n1.加强党建。');
    expect(plan.year).toBe(2021);
  });

  it('reads a 2021—2025年 range as the period of a 规划', () => {
    const plan = parse('XX市教育发展规划（2021—2025年）\n一、发展基础\n（一）成就');
    expect(plan.period).toEqual({ from: 2021, to: 2025 });
    expect(plan.year).toBeNull();
  });

  it('empty-numeral （） sub-heading and a point whose title comes on the next line', () => {
    const plan = parse('一、任务\n（一）学前\n1.\n扩大学前资源。新增学位。\n（）义务教育\n2.推进均衡。');
    expect(plan.sections[0]?.sections.map((s) => [s.number, s.ordinal])).toEqual([
      ['一', 1],
      ['二', 2],
    ]);
    expect(plan.sections[0]?.sections[0]?.points[0]?.title).toBe('扩大学前资源');
    expect(noSpace(collectAllText(plan))).toBe('任务学前扩大学前资源。新增学位。义务教育推进均衡。');
  });
});
