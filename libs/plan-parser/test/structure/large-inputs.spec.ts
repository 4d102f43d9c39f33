import { cleanLines } from '../../src/structure';
import { allPoints, parse, readSamplePlan } from './support/helpers';

const MB = 1 << 20;

const range = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, i) => from + i);

function fill(unit: string, size = MB): string {
  return unit.repeat(Math.ceil(size / unit.length)).slice(0, size);
}

interface BigPlan {
  text: string;
  /** the section numerals written, in order */
  sections: string[];
  /** how many points were written under each section */
  pointsPerSection: number[];
}

/** A realistic 1 MB plan: sample dongli-2021's sections repeated, points restarting per section. */
function bigPlan(wrap: boolean): BigPlan {
  const seed = readSamplePlan('dongli-2021');
  const lines = seed.split('\n');
  const out: string[] = [];
  const sections: string[] = [];
  const pointsPerSection: number[] = [];
  let n = 0;
  let sec = 0;
  let size = 0;
  const CN = '一二三四五六七八九';
  while (size < MB) {
    for (const l of lines) {
      let line: string | null = null;
      if (/^[一二三四五]、/.test(l)) {
        const numeral = CN[sec++ % 9] as string;
        line = `${numeral}、${l.slice(2)}`;
        sections.push(numeral);
        pointsPerSection.push(0);
        n = 0;
      } else if (/^\d+\./.test(l)) {
        line = l.replace(/^\d+\./, `${++n}.`);
        pointsPerSection[pointsPerSection.length - 1] = n;
      } else if (out.length === 0) line = l;
      if (line !== null) {
        out.push(line);
        size += line.length + 1;
      }
    }
  }
  if (!wrap) return { text: out.join('\n'), sections, pointsPerSection };
  const wrapped: string[] = [];
  let page = 1;
  for (const l of out) {
    for (let i = 0; i < l.length; i += 30) {
      wrapped.push(l.slice(i, i + 30));
      if (wrapped.length % 40 === 0) wrapped.push('', `— ${page++} —`, '');
    }
  }
  return { text: wrapped.join('\n'), sections, pointsPerSection };
}

// Speed is measured in bench/ (npm run bench), not here: these tests check that large and
// hostile inputs come out right and never throw.
describe('large and hostile inputs', () => {
  it.each([
    ['one paragraph per line', false],
    ['PDF-wrapped with page markers', true],
  ])('a 1 MB plan (%s)', (_name, wrap) => {
    const big = bigPlan(wrap as boolean);
    expect(big.text.length).toBeGreaterThan(MB * 0.9);
    expect(big.sections.length).toBeGreaterThan(100);
    const value = parse(big.text);
    // every section and point written comes back, in order, numbered as written
    expect(value.sections.map((s) => s.number)).toEqual(big.sections);
    expect(value.sections.map((s) => s.points.map((p) => p.number))).toEqual(big.pointsPerSection.map((n) => range(1, n)));
    expect(allPoints(value).length).toBe(big.pointsPerSection.reduce((a, b) => a + b, 0));
    expect(allPoints(value).every((p) => p.text.length > 0)).toBe(true);
  });

  it('structure clean-up finds the wrap width of a 1 MB PDF-wrapped plan', () => {
    const value = cleanLines(bigPlan(true).text);
    // bigPlan wraps every 30 characters, nearly all of them full-width (2 half-width units each)
    expect(value.wrapWidth).toBe(60);
  });

  it.each([
    ['one character', fill('一')],
    ['one ASCII letter', fill('a')],
    ['opening brackets', fill('（')],
    ['closing brackets', fill('）')],
    ['full stops', fill('。')],
    ['commas', fill('，')],
    ['dashes', fill('—')],
    ['bookmark openers', fill('[bookmark:')],
    ['digits', fill('1')],
  ])('1 MB of %s on one line: no sections, the line kept in the preamble', (_name, text) => {
    const value = parse(text);
    expect(value.sections).toEqual([]);
    expect(value.preamble).toBe(text);
    expect(value.warnings).toEqual([{ line: 1, message: expect.stringContaining('未识别出章节或要点') }]);
  });

  it('1 MB of spaces on one line is an empty plan', () => {
    const value = parse(fill(' '));
    expect(value.sections).toEqual([]);
    expect(value.preamble).toBe('');
    expect(value.warnings).toEqual([]);
  });

  it.each([
    ['newlines', fill('\n')],
    ['CRLF blank lines', fill('\r\n')],
  ])('1 MB of %s: nothing to find, nothing to warn about', (_name, text) => {
    const value = parse(text);
    expect(value.sections).toEqual([]);
    expect(value.preamble).toBe('');
    expect(value.warnings).toEqual([]);
  });

  /**
   * Identical warnings are grouped (one entry listing its lines) and the list is capped at 500
   * plus one "N more omitted"; every warning the input raised is accounted for, listed or counted.
   */
  const expectCappedWarnings = (warnings: { message: string; lines?: number[] }[], raised: number): void => {
    expect(warnings.length).toBeLessThanOrEqual(501);
    const last = warnings[warnings.length - 1];
    const omitted = Number(/^另有 (\d+) 条警告未列出/.exec(last?.message ?? '')?.[1]);
    expect(omitted).toBeGreaterThan(0);
    const listed = warnings.slice(0, -1).reduce((n, w) => n + (w.lines?.length ?? 1), 0);
    expect(listed + omitted).toBe(raised);
    // grouped: far fewer entries than warnings, and no two listed entries read the same
    expect(new Set(warnings.map((w) => w.message)).size).toBe(warnings.length);
  };

  it('1 MB of bare point markers: every "1." is a point of one untitled section', () => {
    const lines = Math.floor(MB / 3); // "1.\n" is 3 characters; the cut-off last "1" is no marker
    const value = parse(fill('1.\n'));
    expect(value.sections).toHaveLength(1);
    expect(value.sections[0]?.title).toBe('');
    expect(value.sections[0]?.points).toHaveLength(lines);
    expect(value.sections[0]?.points.every((p, i) => p.number === 1 && p.line === i + 1)).toBe(true);
    expect(value.warnings[0]?.message).toContain('未识别出章节标题');
    // one for the missing headings, one per repeated "1."
    expectCappedWarnings(value.warnings, lines);
  });

  it.each([
    ['bare section markers', '一、\n', ''],
    ['mixed markers', '一、1.（一）（1）\n', '1.（一）（1）'],
  ])('1 MB of %s: one section per line', (_name, unit, title) => {
    const count = Math.floor(MB / unit.length);
    const value = parse(unit.repeat(count)); // whole lines only
    expect(value.sections).toHaveLength(count);
    expect(value.sections.every((s, i) => s.number === '一' && s.ordinal === i + 1 && s.title === title)).toBe(true);
    expect(allPoints(value)).toEqual([]);
    expect(value.warnings[0]?.message).toContain('标题编号顺序异常');
    // every section after the first is out of order
    expectCappedWarnings(value.warnings, count - 1);
  });

  it('1 MB of table cells: no sections, the whole text kept in the preamble', () => {
    const text = fill('学前教育毛入园率\n%\n92\n');
    const value = parse(text);
    expect(value.sections).toEqual([]);
    expect(value.preamble.length).toBe(text.length);
    expect(value.warnings).toEqual([{ line: 1, message: expect.stringContaining('未识别出章节或要点') }]);
  });
});
