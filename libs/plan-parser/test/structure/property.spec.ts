import fc from 'fast-check';
import { cleanLines, collectAllText, collectText, parseStructure } from '../../src/structure';
import type { ParsedPlan, Section } from '../../src/types';
import { docArb, render } from './support/generate-plan';
import { SAMPLE_PLANS } from '../../../../tests/fixtures/plans';
import { allPoints, expectValidContract, noSpace, normalizeForInvariant, parse, readSamplePlan, skippedRuns } from './support/helpers';

const TOKENS = [
  '一、',
  '二、',
  '三.',
  '十、',
  '—、',
  '（一）',
  '(二)',
  '）',
  '（）',
  '（',
  '）',
  '1.',
  '2．',
  '1 0 ·',
  '１．',
  '3、',
  '（1）',
  '①',
  '。',
  '，',
  '；',
  '：',
  '\n',
  '\r\n',
  '\r',
  '\n\n',
  ' ',
  '\u3000',
  '\ufeff',
  '\u0000',
  '— 3 —',
  '第2页 共5页',
  '抄送：',
  '印发',
  '2021年3月1日',
  '东丽区教育局',
  '[bookmark: _GoBack]',
  '工作要点',
  '规划',
  '十四五',
  '2021—2025年',
  '目标任务：',
  '加强党的建设',
  '新增学位2430个',
  '首页 > 通知公告',
  '网站标识码',
  'a',
  'Word',
  '𠀀',
  '\ud800',
];

const tokenDoc = fc.array(fc.constantFrom(...TOKENS), { maxLength: 200 }).map((t) => t.join(''));

function sectionsShape(plan: ParsedPlan): number[] {
  return plan.sections.map((s: Section) => s.sections.length);
}

describe('property: never throws, never invents text', () => {
  it('any string gives a valid plan', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary', maxLength: 300 }), fc.string({ maxLength: 300 }), tokenDoc), (s) => {
        const plan = parseStructure({ text: s, encoding: 'utf-8', format: 'txt' });
        expectValidContract(plan);
        expect(typeof JSON.stringify(plan)).toBe('string');
      }),
      { numRuns: 200 },
    );
  });

  it('output text is a subsequence of the normalised input (nothing invented, order kept)', () => {
    fc.assert(
      fc.property(fc.oneof(tokenDoc, fc.string({ maxLength: 300 })), (s) => {
        const plan = parse(s);
        const runs = skippedRuns(noSpace(normalizeForInvariant(s)), noSpace(collectAllText(plan)));
        expect(runs).not.toBeNull();
      }),
      { numRuns: 200 },
    );
  });

  it('survives non-string and odd inputs', () => {
    const odd = [undefined, null, 42, {}] as unknown as string[];
    for (const text of odd) {
      const plan = parseStructure({ text, encoding: 'utf-8', format: 'txt' });
      expectValidContract(plan);
    }
  });
});

describe('property: generated plans (random numbering styles, wraps, page markers)', () => {
  it('recovers the generated structure and loses nothing', () => {
    fc.assert(
      fc.property(docArb, (doc) => {
        const r = render(doc);
        const plan = parse(r.text);
        expect(plan.sections).toHaveLength(r.sectionCount);
        expect(sectionsShape(plan)).toEqual(r.subCounts);
        expect(allPoints(plan).map((p) => p.number)).toEqual(r.pointNumbers);
        expect(noSpace(collectText(plan).join(''))).toBe(noSpace(r.content.join('')));
        expect(plan.title).toBe('某区2021年教育工作要点');
        expect(plan.year).toBe(2021);
        // correct numbering never produces numbering warnings
        expect(plan.warnings.filter((w) => /不连续|重复|倒退|缺失：|顺序异常/.test(w.message))).toEqual([]);
        // point lines point at the line that carries the marker
        const lines = r.text.replace(/^\ufeff/, '').split(/\r\n|\n/);
        for (const p of allPoints(plan)) {
          const src = (lines[p.line - 1] ?? '').replace(/^[\s\u3000]+/, '');
          expect(src).toMatch(/^[\d０-９]/);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('joins hard wraps: no point text keeps a break inside a paragraph when the wrap width is detectable', () => {
    fc.assert(
      fc.property(docArb, (doc) => {
        const wrapped = { ...doc, layout: { ...doc.layout, kind: 'wrapped' as const, indent: true } };
        const lines = { ...doc, layout: { ...doc.layout, kind: 'lines' as const } };
        const text = render(wrapped).text;
        const a = parse(text);
        const b = parse(render(lines).text);
        // with paragraph indentation the wrapped rendering reads exactly like one paragraph per line
        // (a tiny document with fewer than three full lines has no detectable wrap width)
        if (cleanLines(text).wrapWidth > 0) {
          expect(allPoints(a).map((p) => p.text)).toEqual(allPoints(b).map((p) => p.text));
        }
      }),
      { numRuns: 100 },
    );
  });
});

describe('nothing lost over the samples (property over random chrome insertions)', () => {
  it.each(SAMPLE_PLANS)('sample plan %s with page markers and blank lines inserted at random', (name) => {
    const raw = readSamplePlan(name).split('\n');
    const reference = parse(raw.join('\n'));
    fc.assert(
      fc.property(fc.array(fc.nat({ max: raw.length }), { maxLength: 5 }), (positions) => {
        const lines = [...raw];
        [...positions].sort((x, y) => y - x).forEach((pos, k) => lines.splice(pos, 0, '', `— ${k + 2} —`, ''));
        const plan = parse(lines.join('\n'));
        expect(noSpace(collectAllText(plan))).toBe(noSpace(collectAllText(reference)));
        expect(allPoints(plan).map((p) => p.number)).toEqual(allPoints(reference).map((p) => p.number));
      }),
      { numRuns: 30 },
    );
  });
});
