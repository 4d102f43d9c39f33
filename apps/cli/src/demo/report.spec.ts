import { dutiesIn } from './duties';
import { DemoReport, displayWidth, formatTable } from './report';

describe('demo report', () => {
  it('counts CJK and full-width characters as two columns', () => {
    expect(displayWidth('abc')).toBe(3);
    expect(displayWidth('基教科')).toBe(6);
    expect(displayWidth('（全局）')).toBe(8);
  });

  it('aligns a table with Chinese cells; numbers right-aligned', () => {
    const lines = formatTable(
      ['科室', '牵头'],
      [
        ['基础教育科', 9],
        ['办公室', 12],
      ],
    );
    expect(lines).toEqual(['科室        牵头', '──────────  ────', '基础教育科     9', '办公室        12']);
    expect(new Set(lines.map(displayWidth)).size).toBe(1);
  });

  it('numbers steps, indents lines and keeps warnings', () => {
    const out: string[] = [];
    const r = new DemoReport((l) => out.push(l));
    r.step('导入');
    r.line('一行');
    r.warn('没有待办');
    expect(out).toEqual(['\n1. 导入', '   一行', '   ⚠ 没有待办']);
    expect(r.warnings).toEqual(['没有待办']);
  });

  it("routes by the office's duty words, most hits first", () => {
    expect(dutiesIn('加强幼儿园建设，扩大普惠性学前资源')[0]).toBe('DL-D-XQK');
    expect(dutiesIn('没有相关的词')).toEqual([]);
  });
});
