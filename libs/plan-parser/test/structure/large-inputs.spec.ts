import { cleanLines } from '../../src/structure';
import { allPoints, parse, readSamplePlan } from './support/helpers';

const MB = 1 << 20;

function fill(unit: string, size = MB): string {
  return unit.repeat(Math.ceil(size / unit.length)).slice(0, size);
}

/** A realistic 1 MB plan: sample dongli-2021's sections repeated, points restarting per section. */
function bigPlan(wrap: boolean): string {
  const seed = readSamplePlan('dongli-2021');
  const lines = seed.split('\n');
  const out: string[] = [];
  let n = 0;
  let sec = 0;
  let size = 0;
  const CN = '一二三四五六七八九';
  while (size < MB) {
    for (const l of lines) {
      let line: string | null = null;
      if (/^[一二三四五]、/.test(l)) {
        line = `${CN[sec++ % 9] as string}、${l.slice(2)}`;
        n = 0;
      } else if (/^\d+\./.test(l)) line = l.replace(/^\d+\./, `${++n}.`);
      else if (out.length === 0) line = l;
      if (line !== null) {
        out.push(line);
        size += line.length + 1;
      }
    }
  }
  if (!wrap) return out.join('\n');
  const wrapped: string[] = [];
  let page = 1;
  for (const l of out) {
    for (let i = 0; i < l.length; i += 30) {
      wrapped.push(l.slice(i, i + 30));
      if (wrapped.length % 40 === 0) wrapped.push('', `— ${page++} —`, '');
    }
  }
  return wrapped.join('\n');
}

// Speed is measured in bench/ (npm run bench), not here: these tests check that large and
// hostile inputs come out right and never throw.
describe('large and hostile inputs', () => {
  it.each([
    ['one paragraph per line', false],
    ['PDF-wrapped with page markers', true],
  ])('a 1 MB plan (%s)', (_name, wrap) => {
    const text = bigPlan(wrap as boolean);
    expect(text.length).toBeGreaterThan(MB * 0.9);
    const value = parse(text);
    expect(value.sections.length).toBeGreaterThan(100);
    expect(allPoints(value).length).toBeGreaterThan(2000);
  });

  it('structure clean-up finds the wrap width of a 1 MB PDF-wrapped plan', () => {
    const value = cleanLines(bigPlan(true));
    expect(value.wrapWidth).toBeGreaterThan(0);
  });

  it.each([
    ['one character', fill('一')],
    ['one ASCII letter', fill('a')],
    ['opening brackets', fill('（')],
    ['closing brackets', fill('）')],
    ['full stops', fill('。')],
    ['commas', fill('，')],
    ['spaces', fill(' ')],
    ['dashes', fill('—')],
    ['bookmark openers', fill('[bookmark:')],
    ['digits', fill('1')],
  ])('1 MB of %s on one line', (_name, text) => {
    const value = parse(text);
    expect(value.sections).toEqual([]);
    expect(value.warnings.length).toBeLessThanOrEqual(501);
  });

  it.each([
    ['newlines', fill('\n')],
    ['point markers', fill('1.\n')],
    ['section markers', fill('一、\n')],
    ['mixed markers', fill('一、1.（一）（1）\n')],
    ['table cells', fill('学前教育毛入园率\n%\n92\n')],
    ['CRLF blank lines', fill('\r\n')],
  ])('1 MB of %s (hundreds of thousands of lines)', (_name, text) => {
    const value = parse(text);
    // at most 500 warnings and one "N more omitted"
    expect(value.warnings.length).toBeLessThanOrEqual(501);
  });
});
