import { parse } from './support/helpers';

describe("a plan's title line is never joined to the next sentence", () => {
  it('in a short document whose lines look like a hard wrap of the title width', () => {
    // three lines of nearly equal width pass for a PDF wrap width; the title must stay a title
    const plan = parse('某区2021年教育工作要点\n完善督学责任区制度。\n一、提升教育治理能力\n');
    expect(plan.title).toBe('某区2021年教育工作要点');
    expect(plan.year).toBe(2021);
    expect(plan.preamble).toContain('完善督学责任区制度。');
  });

  it('a five-year plan title too', () => {
    const plan = parse('某区十四五教育发展规划\n全面提升教育质量。\n一、发展基础\n');
    expect(plan.title).toBe('某区十四五教育发展规划');
  });

  it('a wrapped sentence that merely mentions the plan still joins', () => {
    const line = '为贯彻落实全区教育大会精神，现就做好二〇二一年教育';
    const plan = parse(
      `某区2021年教育工作要点\n\n${line}\n工作提出如下要求，请认真执行落实到位。\n${'各校要'.padEnd(line.length, '好')}\n一、提升教育治理能力\n`,
    );
    expect(plan.preamble.replace(/\s/g, '')).toContain('二〇二一年教育工作提出如下要求');
  });
});
