import { parse } from './support/helpers';

describe('grouped warnings', () => {
  it('the same warning on 27 lines is one warning listing the 27 lines', () => {
    const lines = ['一、重点工作'];
    for (let n = 1; n <= 27; n++) lines.push(`${n} ·推进第${n}项工作。`);
    const plan = parse(lines.join('\n'));
    const ocr = plan.warnings.filter((w) => w.message.includes('要点编号'));
    expect(ocr).toHaveLength(1);
    expect(ocr[0]?.line).toBe(2);
    expect(ocr[0]?.lines).toEqual(Array.from({ length: 27 }, (_, i) => i + 2));
    expect(ocr[0]?.message).toContain('要点编号“N ·”按 N 处理');
    expect(ocr[0]?.message).toContain('27');
  });

  it('a warning on one line stays as it was, without lines', () => {
    const plan = parse('一、重点工作\n1 ·推进工作。\n2.加强管理。');
    expect(plan.warnings).toEqual([{ line: 2, message: '要点编号“1 ·”按 1 处理 (point number “1 ·” read as 1)' }]);
  });

  it('different warnings are not grouped', () => {
    const plan = parse('一、重点工作\n1 ·推进工作。\n3.加强管理。');
    expect(plan.warnings).toHaveLength(2);
    expect(plan.warnings.every((w) => w.lines === undefined)).toBe(true);
  });
});
