import { readSamplePlan, type SamplePlan } from '../../../../tests/fixtures/plans';
import { extractDeadlines, extractIndicators, extractRecurrence, extractTargets, extractUnits } from '../../src/annotations';

// Generic properties over every numbered paragraph of the sample plans — no expectations
// special-cased to the samples.
// The two annual 工作要点 (the year-end summary has no plan-like points to annotate).
const PLANS: SamplePlan[] = ['dongli-2021', 'xincheng-2021'];

function numberedParagraphs(text: string): string[] {
  return text
    .replace(/^\ufeff/, '')
    .split(/\r?\n/)
    .filter((l) => /^\s*\d{1,2}\s*[.．、]/.test(l));
}

describe('annotation extractors over the sample plans', () => {
  const docs = PLANS.map((name) => ({ name, text: readSamplePlan(name) }));

  it('finds numbered paragraphs in both samples', () => {
    for (const d of docs) expect(numberedParagraphs(d.text).length).toBeGreaterThanOrEqual(20);
  });

  it('extracts without throwing, every phrase occurs in its paragraph', () => {
    let targets = 0;
    let deadlines = 0;
    let cadences = 0;
    for (const d of docs) {
      const year = Number(/(20\d{2})年/.exec(d.text)?.[1] ?? NaN);
      for (const p of numberedParagraphs(d.text)) {
        expect(() => extractUnits(p)).not.toThrow();
        const dl = extractDeadlines(p, Number.isFinite(year) ? year : null);
        for (const x of dl.deadlines) {
          expect(p).toContain(x.phrase);
          expect(x.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
        }
        for (const u of dl.unresolved) expect(p).toContain(u);
        for (const r of extractRecurrence(p)) expect(p).toContain(r.phrase);
        const ts = extractTargets(p);
        for (const t of ts) {
          expect(p).toContain(t.phrase);
          expect(Number.isFinite(t.value)).toBe(true);
          // a target never comes out of a bare year like 2021年
          expect(t.unit === '年' && t.value >= 1900 && t.value <= 2100).toBe(false);
        }
        targets += ts.length;
        deadlines += dl.deadlines.length;
        cadences += extractRecurrence(p).length;
      }
      expect(extractIndicators(d.text.split(/\r?\n/), null)).toEqual([]); // annual plans carry no table
    }
    expect(targets).toBeGreaterThanOrEqual(20);
    expect(deadlines).toBeGreaterThan(0);
    expect(cadences).toBeGreaterThan(0);
  });

  it('finds targets with percentages and comparators somewhere in the samples', () => {
    const all = docs.flatMap((d) => numberedParagraphs(d.text).flatMap((p) => extractTargets(p)));
    expect(all.some((t) => t.unit === '%' && t.comparator === '>=')).toBe(true);
    expect(all.every((t) => t.metric.length <= 60)).toBe(true);
  });
});
