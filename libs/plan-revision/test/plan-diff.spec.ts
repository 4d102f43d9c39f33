import fc from 'fast-check';
import type { ParsedPlan } from '@duban/plan-parser';
import { readSamplePlan, SAMPLE_PLANS } from '../../../tests/fixtures/plans';
import { parsePlanText } from '../../plan-parser/src';
import { applyDraftOperations, diffPlan, flattenPoints, similarity } from '../src';
import { confirmed, point, straightPlan } from './plans';

const parseSample = (name: (typeof SAMPLE_PLANS)[number]): ParsedPlan =>
  parsePlanText({ text: readSamplePlan(name), encoding: 'utf-8', format: 'txt' });

describe('diff of a revised parse against the confirmed plan', () => {
  it.each(SAMPLE_PLANS)('sample plan %s against itself: every point unchanged and keeps its id', (name) => {
    const p = parseSample(name);
    const existing = confirmed(p);
    expect(existing.length).toBeGreaterThan(10);
    const diff = diffPlan(existing, p);
    expect(diff.summary).toEqual({ added: 0, removed: 0, changed: 0, unchanged: existing.length });
    expect(diff.keepIds).toEqual(existing.map((x) => x.id));
    expect([diff.added, diff.removed, diff.changed]).toEqual([[], [], []]);
  });

  it('an edited text keeps the id and is classified as a text change', () => {
    const revised = applyDraftOperations(straightPlan(), [
      { op: 'updatePoint', section: [2], point: 1, text: '扩大普惠性学前教育资源，新增学位600个。' },
    ]);
    const diff = diffPlan(confirmed(straightPlan()), revised);
    expect(diff.summary).toEqual({ added: 0, removed: 0, changed: 1, unchanged: 6 });
    expect(diff.changed).toEqual([{ id: 'p4', sectionPath: [2], index: 1, number: 4, title: '扩大学前教育资源', fields: ['text'] }]);
    expect(diff.keepIds).toEqual(['p1', 'p2', 'p3', 'p4', 'p5', 'p6', 'p7']);
  });

  it('a new title on the same text keeps the id', () => {
    const revised = applyDraftOperations(straightPlan(), [{ op: 'updatePoint', section: [3], point: 1, title: '全面推进依法治校' }]);
    const diff = diffPlan(confirmed(straightPlan()), revised);
    expect(diff.changed).toEqual([expect.objectContaining({ id: 'p7', fields: ['title'] })]);
  });

  it('changed annotations are named; their order does not count', () => {
    const base = straightPlan();
    const existing = confirmed(base);
    const reordered = structuredClone(base);
    const p1 = reordered.sections[0]!.points[0]!;
    p1.units = [{ name: '宣传科', role: 'cooperating' }, ...p1.units];
    p1.units.reverse();
    const p2 = reordered.sections[0]!.points[1]!;
    p2.deadlines = [{ date: '2021-11-30', phrase: '年底前' }];
    p2.recurrence = [];
    p2.targets = [{ phrase: '100%', metric: '换届率', value: 100, unit: '%', comparator: '=' }];
    const diff = diffPlan(existing, reordered);
    expect(diff.changed.map((c) => [c.id, c.fields])).toEqual([
      ['p1', ['units']],
      ['p2', ['deadlines', 'recurrence', 'targets']],
    ]);
    const sameUnitsOtherOrder = structuredClone(base);
    sameUnitsOtherOrder.sections[0]!.points[0]!.units = [{ role: 'lead', name: '组织科' }];
    expect(diffPlan(existing, sameUnitsOtherOrder).summary.unchanged).toBe(7);
  });

  it('a point inserted in the middle is added; the points after it keep their ids with a new number', () => {
    const revised = structuredClone(straightPlan());
    revised.sections[0]!.points.splice(1, 0, point(2, '加强党风廉政建设', '加强党风廉政建设。开展警示教育。'));
    let n = 0;
    for (const l of flattenPoints(revised)) l.point.number = ++n;
    const diff = diffPlan(confirmed(straightPlan()), revised);
    expect(diff.added).toEqual([{ sectionPath: [1], index: 2, number: 2, title: '加强党风廉政建设' }]);
    expect(diff.keepIds).toEqual(['p1', null, 'p2', 'p3', 'p4', 'p5', 'p6', 'p7']);
    expect(diff.changed.map((c) => [c.id, c.number, c.fields])).toEqual([
      ['p2', 3, ['number']],
      ['p3', 4, ['number']],
      ['p4', 5, ['number']],
      ['p5', 6, ['number']],
      ['p6', 7, ['number']],
      ['p7', 8, ['number']],
    ]);
    expect(diff.summary).toEqual({ added: 1, removed: 0, changed: 6, unchanged: 1 });
  });

  it('a removed point is listed with its id, number and title', () => {
    const revised = applyDraftOperations(straightPlan(), [{ op: 'removePoint', section: [3], point: 1 }]);
    const diff = diffPlan(confirmed(straightPlan()), revised);
    expect(diff.removed).toEqual([{ id: 'p7', number: 7, title: '依法治校' }]);
    expect(diff.summary).toEqual({ added: 0, removed: 1, changed: 0, unchanged: 6 });
  });

  it('a point moved to another section keeps its id and is classified as moved', () => {
    const revised = structuredClone(straightPlan());
    const [moved] = revised.sections[0]!.points.splice(2, 1);
    revised.sections[2]!.points.unshift(moved!);
    const diff = diffPlan(confirmed(straightPlan()), revised);
    expect(diff.changed.find((c) => c.id === 'p3')).toEqual(expect.objectContaining({ sectionPath: [3], index: 1, fields: ['section'] }));
    expect(diff.summary.added + diff.summary.removed).toBe(0);
  });

  it('a point moved and rewritten but titled the same keeps its id (paired by title)', () => {
    const revised = structuredClone(straightPlan());
    const [moved] = revised.sections[0]!.points.splice(2, 1);
    revised.sections[2]!.points.push({ ...moved!, text: '全面落实意识形态工作责任制，每季度专题研究一次。' });
    const diff = diffPlan(confirmed(straightPlan()), revised);
    expect(diff.changed.find((c) => c.id === 'p3')).toEqual(
      expect.objectContaining({ sectionPath: [3], index: 2, fields: ['section', 'text'] }),
    );
    expect(diff.summary).toEqual({ added: 0, removed: 0, changed: 1, unchanged: 6 });
  });

  it('same place and number: a reworded point keeps its id, a different point replaces it', () => {
    const base = straightPlan();
    const reworded = applyDraftOperations(base, [
      { op: 'updatePoint', section: [1], point: 3, title: '落实意识形态责任', text: '落实意识形态工作责任制。具体内容三。' },
    ]);
    expect(similarity('落实意识形态工作责任制。具体内容3。', '落实意识形态工作责任制。具体内容三。')).toBeGreaterThanOrEqual(0.5);
    expect(diffPlan(confirmed(base), reworded).changed).toEqual([expect.objectContaining({ id: 'p3', fields: ['title', 'text'] })]);

    const replaced = applyDraftOperations(base, [
      { op: 'updatePoint', section: [1], point: 3, title: '建设智慧校园', text: '建设智慧校园，推进教育数字化转型。' },
    ]);
    const diff = diffPlan(confirmed(base), replaced);
    expect(diff.removed).toEqual([{ id: 'p3', number: 3, title: '落实意识形态工作责任制' }]);
    expect(diff.added).toEqual([{ sectionPath: [1], index: 3, number: 3, title: '建设智慧校园' }]);
    expect(diff.keepIds[2]).toBeNull();
  });

  it('similarity is the Dice coefficient over character bigrams, white space ignored', () => {
    expect(similarity('教育工作', '教育 工作')).toBe(1);
    expect(similarity('教育工作', '卫生健康')).toBe(0);
    // 教育 育工 工作 vs 教育 育局: one shared bigram of 3 + 2
    expect(similarity('教育工作', '教育局')).toBeCloseTo((2 * 1) / 5);
    expect(similarity('', '')).toBe(1);
    expect(similarity('教', '育')).toBe(0);
  });
});

describe('diff — properties over the sample plan', () => {
  const sample = parseSample('dongli-2021');
  const existing = confirmed(sample);
  const indices = existing.map((_, i) => i);

  it('texts are distinct, so pairing by text is unambiguous', () => {
    expect(new Set(existing.map((p) => p.text)).size).toBe(existing.length);
  });

  it('removing any points (numbers left alone): exactly those are removed, every other point unchanged with its id', () => {
    fc.assert(
      fc.property(fc.subarray(indices), (drop) => {
        const revised = structuredClone(sample);
        const gone = new Set(drop.map((i) => flattenPoints(revised)[i]!.point));
        for (const s of revised.sections) s.points = s.points.filter((p) => !gone.has(p));
        const diff = diffPlan(existing, revised);
        expect(diff.removed.map((r) => r.id).sort()).toEqual(drop.map((i) => existing[i]!.id).sort());
        expect(diff.keepIds).toEqual(indices.filter((i) => !drop.includes(i)).map((i) => existing[i]!.id));
        expect(diff.summary).toEqual({ added: 0, removed: drop.length, changed: 0, unchanged: existing.length - drop.length });
      }),
      { numRuns: 100 },
    );
  });

  it('any edit: every revised point is added, changed or unchanged, every confirmed point kept at most once or removed', () => {
    const edits = fc.array(
      fc.record({
        i: fc.constantFrom(...indices),
        text: fc.option(fc.string({ minLength: 1, maxLength: 40 })),
        title: fc.option(fc.string({ maxLength: 10 })),
      }),
      { maxLength: 8 },
    );
    fc.assert(
      fc.property(edits, (list) => {
        const revised = structuredClone(sample);
        const located = flattenPoints(revised);
        for (const e of list) {
          if (e.text !== null) located[e.i]!.point.text = e.text;
          if (e.title !== null) located[e.i]!.point.title = e.title;
        }
        const diff = diffPlan(existing, revised);
        const kept = diff.keepIds.filter((id): id is string => id !== null);
        expect(new Set(kept).size).toBe(kept.length);
        expect(diff.summary.added + diff.summary.changed + diff.summary.unchanged).toBe(located.length);
        expect(diff.summary.removed + kept.length).toBe(existing.length);
        expect(new Set([...kept, ...diff.removed.map((r) => r.id)])).toEqual(new Set(existing.map((p) => p.id)));
        // untouched points keep their own id and count as unchanged
        const touched = new Set(list.map((e) => e.i));
        for (const i of indices.filter((x) => !touched.has(x))) expect(diff.keepIds[i]).toBe(existing[i]!.id);
      }),
      { numRuns: 200 },
    );
  });
});
