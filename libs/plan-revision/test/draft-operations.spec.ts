import fc from 'fast-check';
import type { ParsedPlan } from '@duban/plan-parser';
import { readSamplePlan } from '../../../tests/fixtures/plans';
import { parsePlanText } from '../../plan-parser/src';
import {
  applyDraftOperations,
  DraftOperationError,
  flattenPoints,
  isValidDate,
  type DraftOperation,
  type DraftOperationErrorCode,
} from '../src';
import { numbers, restartingPlan, straightPlan } from './plans';

/** The refusal an operation list gets: its code and which operation (0-based) was refused. */
function refusal(p: ParsedPlan, ops: DraftOperation[]): { code: DraftOperationErrorCode; operationIndex: number; messageZh: string } {
  try {
    applyDraftOperations(p, ops);
  } catch (e) {
    if (e instanceof DraftOperationError) return { code: e.code, operationIndex: e.operationIndex, messageZh: e.messageZh };
    throw e;
  }
  throw new Error('the operations were applied, a refusal was expected');
}

const HAN = /[\u4e00-\u9fff]/;
const pointAt = (p: ParsedPlan, path: number[], index: number) => {
  const located = flattenPoints(p).find((l) => l.sectionPath.join('.') === path.join('.') && l.index === index);
  if (!located) throw new Error(`no point ${path.join('.')}#${index}`);
  return located.point;
};

describe('draft operations', () => {
  describe('updatePlan', () => {
    it('sets a trimmed title and a year, or no year', () => {
      const next = applyDraftOperations(straightPlan(), [{ op: 'updatePlan', title: '  东丽区2022年教育工作要点 ', year: 2022 }]);
      expect(next.title).toBe('东丽区2022年教育工作要点');
      expect(next.year).toBe(2022);
      expect(applyDraftOperations(straightPlan(), [{ op: 'updatePlan', year: null }]).year).toBeNull();
    });

    it('sets a period (a five-year plan), a one-year period, or no period', () => {
      const fiveYear = applyDraftOperations(straightPlan(), [{ op: 'updatePlan', year: null, period: { from: 2021, to: 2025 } }]);
      expect(fiveYear.period).toEqual({ from: 2021, to: 2025 });
      expect(fiveYear.year).toBeNull();
      const both = applyDraftOperations(fiveYear, [{ op: 'updatePlan', year: 2023 }]);
      expect([both.year, both.period]).toEqual([2023, { from: 2021, to: 2025 }]);
      expect(applyDraftOperations(straightPlan(), [{ op: 'updatePlan', year: null, period: { from: 2024, to: 2024 } }]).period).toEqual({
        from: 2024,
        to: 2024,
      });
      expect(applyDraftOperations(fiveYear, [{ op: 'updatePlan', period: null }]).period).toBeNull();
      // extra fields are not carried into the draft
      const extra = { from: 2021, to: 2023, note: 'x' } as unknown as { from: number; to: number };
      expect(applyDraftOperations(fiveYear, [{ op: 'updatePlan', period: extra }]).period).toEqual({ from: 2021, to: 2023 });
    });

    it('leaves the period alone when another field is edited, and refuses a year outside the new period', () => {
      const fiveYear = applyDraftOperations(straightPlan(), [{ op: 'updatePlan', year: null, period: { from: 2021, to: 2025 } }]);
      expect(applyDraftOperations(fiveYear, [{ op: 'updatePlan', title: '某区“十四五”教育发展规划' }]).period).toEqual({
        from: 2021,
        to: 2025,
      });
      const r = refusal(fiveYear, [
        { op: 'updatePlan', title: '改名' },
        { op: 'updatePlan', year: 2030 },
      ]);
      expect(r).toMatchObject({ code: 'DRAFT_OP_INVALID', operationIndex: 1 });
      expect(r.messageZh).toContain('规划期');
    });

    it.each([
      ['an empty title', { op: 'updatePlan', title: ' \u3000 ' }],
      ['a title over 500 characters', { op: 'updatePlan', title: '要'.repeat(501) }],
      ['a title that is no text', { op: 'updatePlan', title: 42 as unknown as string }],
      ['a year before 1949', { op: 'updatePlan', year: 1948 }],
      ['a year after 2100', { op: 'updatePlan', year: 2101 }],
      ['a fractional year', { op: 'updatePlan', year: 2021.5 }],
      ['a period that ends before it starts', { op: 'updatePlan', period: { from: 2025, to: 2021 } }],
      ['a period starting before 1949', { op: 'updatePlan', period: { from: 1900, to: 1905 } }],
      ['a period ending after 2100', { op: 'updatePlan', period: { from: 2098, to: 2101 } }],
      ['a period of fractional years', { op: 'updatePlan', period: { from: 2021.5, to: 2025 } }],
      ['a period without its end', { op: 'updatePlan', period: { from: 2021 } as unknown as { from: number; to: number } }],
      ['a period of text', { op: 'updatePlan', period: '2021-2025' as unknown as { from: number; to: number } }],
      ['a period longer than fifteen years', { op: 'updatePlan', period: { from: 2021, to: 2040 } }],
      ['a year outside the period', { op: 'updatePlan', year: 2020, period: { from: 2021, to: 2025 } }],
    ] as [string, DraftOperation][])('refuses %s', (_name, op) => {
      const r = refusal(straightPlan(), [op]);
      expect(r).toMatchObject({ code: 'DRAFT_OP_INVALID', operationIndex: 0 });
      expect(r.messageZh).toMatch(HAN);
    });
  });

  describe('updateSection', () => {
    it('sets a section’s deadlines, validated like a point’s', () => {
      const next = applyDraftOperations(straightPlan(), [
        { op: 'updateSection', section: [2], deadlines: [{ date: '2021-06-30', phrase: '6月底前' }] },
      ]);
      expect(next.sections[1]?.deadlines).toEqual([{ date: '2021-06-30', phrase: '6月底前' }]);
      const r = refusal(straightPlan(), [{ op: 'updateSection', section: [2], deadlines: [{ date: '2021-02-30', phrase: 'x' }] }]);
      expect(r).toMatchObject({ code: 'DRAFT_OP_INVALID', operationIndex: 0 });
      expect(r.messageZh).toMatch(HAN);
    });

    it('renames a section and a subsection by ordinal path', () => {
      const next = applyDraftOperations(straightPlan(), [
        { op: 'updateSection', section: [2], title: '推进教育公平' },
        { op: 'updateSection', section: [2, 1], title: '深化教学改革' },
      ]);
      expect(next.sections.map((s) => s.title)).toEqual(['加强党的建设', '推进教育公平', '提升教育治理水平']);
      expect(next.sections[1]?.sections[0]?.title).toBe('深化教学改革');
    });

    it.each([
      ['a section that does not exist', [4], 'DRAFT_SECTION_NOT_FOUND'],
      ['a subsection that does not exist', [2, 2], 'DRAFT_SECTION_NOT_FOUND'],
      ['ordinal 0', [0], 'DRAFT_SECTION_NOT_FOUND'],
      ['a fractional ordinal', [1.5], 'DRAFT_SECTION_NOT_FOUND'],
      ['an empty path', [], 'DRAFT_OP_INVALID'],
      ['a path deeper than six', [1, 1, 1, 1, 1, 1, 1], 'DRAFT_OP_INVALID'],
      ['a path that is no list', 2 as unknown as number[], 'DRAFT_OP_INVALID'],
    ] as const)('refuses %s', (_name, path, code) => {
      expect(refusal(straightPlan(), [{ op: 'updateSection', section: path as number[], title: '新标题' }])).toMatchObject({ code });
    });
  });

  describe('updatePoint', () => {
    it('changes every field it is given and leaves the others', () => {
      const before = straightPlan();
      const change = {
        title: '加强基层党组织',
        text: '新的正文',
        number: 9,
        units: [{ name: '组织科', role: 'responsible' as const }],
        deadlines: [{ date: '2021-09-30', phrase: '9月底前' }],
        recurrence: [{ every: 'quarter' as const, phrase: '每季度' }],
        targets: [{ phrase: '覆盖率达到100%', metric: '覆盖率', value: 100, unit: '%', comparator: '>=' as const }],
      };
      const next = applyDraftOperations(before, [{ op: 'updatePoint', section: [1], point: 2, ...change }]);
      expect(pointAt(next, [1], 2)).toEqual({ ...pointAt(before, [1], 2), ...change });
      // only that point changed
      expect({ ...next, sections: next.sections.slice(1) }).toEqual({ ...before, sections: before.sections.slice(1) });
      expect(next.sections[0]?.points.filter((_, i) => i !== 1)).toEqual(before.sections[0]?.points.filter((_, i) => i !== 1));
    });

    it('reaches a point in a subsection', () => {
      const next = applyDraftOperations(straightPlan(), [{ op: 'updatePoint', section: [2, 1], point: 1, title: '推进课堂改革' }]);
      expect(pointAt(next, [2, 1], 1).title).toBe('推进课堂改革');
    });

    it.each([
      ['point 0', { point: 0 }, 'DRAFT_POINT_NOT_FOUND'],
      ['a point past the end', { point: 4 }, 'DRAFT_POINT_NOT_FOUND'],
      ['a fractional point', { point: 1.5 }, 'DRAFT_POINT_NOT_FOUND'],
      ['a missing section', { section: [9] }, 'DRAFT_SECTION_NOT_FOUND'],
      ['number 0', { number: 0 }, 'DRAFT_OP_INVALID'],
      ['number over 10,000', { number: 10_001 }, 'DRAFT_OP_INVALID'],
      ['text over 20,000 characters', { text: '字'.repeat(20_001) }, 'DRAFT_OP_INVALID'],
      ['a unit role outside the contract', { units: [{ name: '组织科', role: 'owner' }] }, 'DRAFT_OP_INVALID'],
      ['a unit without a name', { units: [{ name: ' ', role: 'lead' }] }, 'DRAFT_OP_INVALID'],
      ['a date that is not in the calendar', { deadlines: [{ date: '2021-02-30', phrase: '2月底前' }] }, 'DRAFT_OP_INVALID'],
      ['a deadline without a phrase', { deadlines: [{ date: '2021-02-28', phrase: '' }] }, 'DRAFT_OP_INVALID'],
      ['a recurrence "every day"', { recurrence: [{ every: 'day', phrase: '每天' }] }, 'DRAFT_OP_INVALID'],
      [
        'a target value that is no number',
        { targets: [{ phrase: '90%', metric: '率', value: '90', unit: '%', comparator: '>=' }] },
        'DRAFT_OP_INVALID',
      ],
      [
        'an infinite target value',
        { targets: [{ phrase: '90%', metric: '率', value: Infinity, unit: '%', comparator: '>=' }] },
        'DRAFT_OP_INVALID',
      ],
      [
        'a target comparator "≥"',
        { targets: [{ phrase: '90%', metric: '率', value: 90, unit: '%', comparator: '≥' }] },
        'DRAFT_OP_INVALID',
      ],
      ['over 200 units', { units: Array.from({ length: 201 }, () => ({ name: '组织科', role: 'lead' })) }, 'DRAFT_OP_INVALID'],
      ['a list item that is null', { units: [null] }, 'DRAFT_OP_INVALID'],
    ] as [string, Record<string, unknown>, DraftOperationErrorCode][])('refuses %s', (_name, change, code) => {
      const op = { op: 'updatePoint', section: [1], point: 1, ...change } as DraftOperation;
      expect(refusal(straightPlan(), [op])).toMatchObject({ code, operationIndex: 0 });
    });
  });

  describe('mergePoints', () => {
    it('joins a point with the next one, unions their annotations and renumbers the plan', () => {
      const next = applyDraftOperations(straightPlan(), [{ op: 'mergePoints', section: [1], point: 1 }]);
      const merged = pointAt(next, [1], 1);
      expect(merged.title).toBe('把党的政治建设摆在首位');
      expect(merged.text).toBe('把党的政治建设摆在首位。坚持每月一次理论学习。\n加强基层党组织建设。年底前完成换届。');
      expect(merged.units).toEqual([{ name: '组织科', role: 'lead' }]);
      expect(merged.deadlines).toEqual([
        { date: '2021-06-30', phrase: '6月底前' },
        { date: '2021-12-31', phrase: '年底前' },
      ]);
      expect(merged.recurrence).toEqual([{ every: 'month', phrase: '每月' }]);
      expect(numbers(next)).toEqual([[1, 2], [3, 4], [5], [6]]);
    });

    it('keeps one copy of an annotation both points carry', () => {
      const twice = applyDraftOperations(straightPlan(), [
        {
          op: 'updatePoint',
          section: [1],
          point: 2,
          units: [
            { name: '组织科', role: 'lead' },
            { name: '宣传科', role: 'cooperating' },
          ],
        },
        { op: 'mergePoints', section: [1], point: 1 },
      ]);
      expect(pointAt(twice, [1], 1).units).toEqual([
        { name: '组织科', role: 'lead' },
        { name: '宣传科', role: 'cooperating' },
      ]);
    });

    it('keeps numbering that restarts per section', () => {
      const next = applyDraftOperations(restartingPlan(), [{ op: 'mergePoints', section: [2], point: 2 }]);
      expect(numbers(next)).toEqual([
        [1, 2],
        [1, 2],
      ]);
    });

    it('refuses the last point of a section (nothing after it to merge)', () => {
      expect(refusal(straightPlan(), [{ op: 'mergePoints', section: [1], point: 3 }])).toMatchObject({ code: 'DRAFT_POINT_NOT_FOUND' });
    });
  });

  describe('splitPoint', () => {
    const text = '把党的政治建设摆在首位。坚持每月一次理论学习。';
    const at = text.indexOf('坚持');

    it('splits the text at a position; the second part gets its first sentence as title and the annotations it mentions', () => {
      const next = applyDraftOperations(straightPlan(), [{ op: 'splitPoint', section: [1], point: 1, at }]);
      expect(next.sections[0]?.points.map((x) => [x.number, x.title, x.text])).toEqual([
        [1, '把党的政治建设摆在首位', '把党的政治建设摆在首位。'],
        [2, '坚持每月一次理论学习', '坚持每月一次理论学习。'],
        [3, '加强基层党组织建设', '加强基层党组织建设。年底前完成换届。'],
        [4, '落实意识形态工作责任制', '落实意识形态工作责任制。具体内容3。'],
      ]);
      // the unit stays with both parts; the deadline phrase 6月底前 occurs in neither part any more
      expect(pointAt(next, [1], 2).units).toEqual([{ name: '组织科', role: 'lead' }]);
      expect(numbers(next)).toEqual([[1, 2, 3, 4], [5, 6], [7], [8]]);
    });

    it('annotations follow the part whose text holds their phrase', () => {
      const p = applyDraftOperations(straightPlan(), [
        { op: 'updatePoint', section: [1], point: 2, recurrence: [{ every: 'month', phrase: '每月' }] },
      ]);
      const t = '加强基层党组织建设。年底前完成换届。';
      const next = applyDraftOperations(p, [{ op: 'splitPoint', section: [1], point: 2, at: t.indexOf('年底前'), title: '完成换届' }]);
      expect(pointAt(next, [1], 2).deadlines).toEqual([]);
      expect(pointAt(next, [1], 3)).toMatchObject({
        title: '完成换届',
        text: '年底前完成换届。',
        deadlines: [{ date: '2021-12-31', phrase: '年底前' }],
      });
      // 每月 occurs in neither part
      expect(pointAt(next, [1], 2).recurrence).toEqual([]);
      expect(pointAt(next, [1], 3).recurrence).toEqual([]);
    });

    it.each([
      ['at 0', 0],
      ['at the end of the text', text.length],
      ['past the end', text.length + 5],
      ['at a negative position', -1],
      ['at a fractional position', 2.5],
    ])('refuses a split %s', (_name, position) => {
      expect(refusal(straightPlan(), [{ op: 'splitPoint', section: [1], point: 1, at: position }])).toMatchObject({
        code: 'DRAFT_OP_INVALID',
      });
    });

    it('refuses a split whose second part is only white space', () => {
      const p = applyDraftOperations(straightPlan(), [{ op: 'updatePoint', section: [1], point: 1, text: '正文。   ' }]);
      expect(refusal(p, [{ op: 'splitPoint', section: [1], point: 1, at: 3 }])).toMatchObject({ code: 'DRAFT_OP_INVALID' });
    });
  });

  describe('removePoint', () => {
    it('removes a point and renumbers straight through', () => {
      const next = applyDraftOperations(straightPlan(), [{ op: 'removePoint', section: [2], point: 1 }]);
      expect(next.sections[1]?.points.map((x) => x.title)).toEqual(['推进义务教育均衡']);
      expect(numbers(next)).toEqual([[1, 2, 3], [4], [5], [6]]);
    });

    it('renumbers within the section when numbering restarts', () => {
      const next = applyDraftOperations(restartingPlan(), [{ op: 'removePoint', section: [2], point: 1 }]);
      expect(next.sections[1]?.points.map((x) => [x.number, x.title])).toEqual([
        [1, '落实双减'],
        [2, '加强课后服务'],
      ]);
    });

    it('refuses a point that is not there', () => {
      expect(refusal(straightPlan(), [{ op: 'removePoint', section: [3], point: 2 }])).toMatchObject({ code: 'DRAFT_POINT_NOT_FOUND' });
    });
  });

  it('refuses an unknown operation', () => {
    expect(refusal(straightPlan(), [{ op: 'dropTable' } as unknown as DraftOperation])).toMatchObject({ code: 'DRAFT_OP_INVALID' });
  });

  it('applies operations in order and names the one refused', () => {
    // after the removal, section 三 has no point 1 any more... but 一 has only two
    const ops: DraftOperation[] = [
      { op: 'removePoint', section: [1], point: 3 },
      { op: 'updatePoint', section: [1], point: 2, title: '仍然存在' },
      { op: 'updatePoint', section: [1], point: 3, title: '已被删除' },
    ];
    expect(refusal(straightPlan(), ops)).toMatchObject({ code: 'DRAFT_POINT_NOT_FOUND', operationIndex: 2 });
    expect(pointAt(applyDraftOperations(straightPlan(), ops.slice(0, 2)), [1], 2).title).toBe('仍然存在');
  });

  it('isValidDate knows the calendar', () => {
    expect(['2024-02-29', '2021-12-31', '2021-01-01'].map(isValidDate)).toEqual([true, true, true]);
    expect(['2021-02-29', '2021-13-01', '2021-04-31', '2021-1-01', '20210101', '0000-00-00'].map(isValidDate)).toEqual([
      false,
      false,
      false,
      false,
      false,
      false,
    ]);
  });
});

/** Any operation on the sample plan, valid or not. */
function operationArb(p: ParsedPlan): fc.Arbitrary<DraftOperation> {
  const located = flattenPoints(p);
  const where = fc.constantFrom(...located).map((l) => ({ section: l.sectionPath, point: l.index }));
  const anyWhere = fc.oneof(
    where,
    fc.record({ section: fc.array(fc.integer({ min: -1, max: 8 }), { maxLength: 3 }), point: fc.integer({ min: -1, max: 40 }) }),
  );
  return fc.oneof(
    fc.record({ op: fc.constant('updatePlan' as const), title: fc.string({ maxLength: 20 }) }),
    anyWhere.map((w) => ({ op: 'updateSection' as const, section: w.section, title: '改过的标题' })),
    fc.tuple(anyWhere, fc.string({ maxLength: 30 })).map(([w, t]) => ({ op: 'updatePoint' as const, ...w, text: t })),
    anyWhere.map((w) => ({ op: 'mergePoints' as const, ...w })),
    fc.tuple(anyWhere, fc.integer({ min: -2, max: 200 })).map(([w, at]) => ({ op: 'splitPoint' as const, ...w, at })),
    anyWhere.map((w) => ({ op: 'removePoint' as const, ...w })),
  );
}

describe('draft operations — properties over the sample plan', () => {
  const sample = parsePlanText({ text: readSamplePlan('dongli-2021'), encoding: 'utf-8', format: 'txt' });
  const ops = fc.array(operationArb(sample), { minLength: 1, maxLength: 6 });

  it('undo restores the draft: applying operations (refused or not) never changes the stored revision', () => {
    const snapshot = structuredClone(sample);
    fc.assert(
      fc.property(ops, (list) => {
        try {
          const next = applyDraftOperations(sample, list);
          // and applying the same list to the restored revision gives the same draft again
          expect(applyDraftOperations(sample, list)).toEqual(next);
        } catch (e) {
          expect(e).toBeInstanceOf(DraftOperationError);
        }
        expect(sample).toEqual(snapshot);
      }),
      { numRuns: 300 },
    );
  });

  const summary = parsePlanText({ text: readSamplePlan('dongli-2023-summary'), encoding: 'utf-8', format: 'txt' });
  it.each([
    ['straight through (dongli-2021)', sample, false],
    ['restarting in every section (dongli-2023-summary)', summary, true],
  ] as const)('after merges, splits and removals the points are numbered %s again, none lost but the removed', (_name, base, restarts) => {
    const structural = fc.array(
      operationArb(base).filter((o) => ['mergePoints', 'splitPoint', 'removePoint'].includes(o.op)),
      { minLength: 1, maxLength: 4 },
    );
    let applied = 0;
    fc.assert(
      fc.property(structural, (list) => {
        let next: ParsedPlan;
        try {
          next = applyDraftOperations(base, list);
        } catch {
          return;
        }
        applied++;
        const expected = restarts
          ? numbers(next).map((ns) => ns.map((_, i) => i + 1))
          : (() => {
              let n = 0;
              return numbers(next).map((ns) => ns.map(() => ++n));
            })();
        expect(numbers(next)).toEqual(expected);
        const delta = list.reduce((n, o) => n + (o.op === 'splitPoint' ? 1 : -1), 0);
        expect(flattenPoints(next).length).toBe(flattenPoints(base).length + delta);
      }),
      { numRuns: 300 },
    );
    expect(applied).toBeGreaterThan(20); // enough lists were valid to mean something
  });

  it('splitting a point then merging it back keeps its words and the number of points', () => {
    const located = flattenPoints(sample).filter((l) => l.point.text.length > 2);
    fc.assert(
      fc.property(fc.constantFrom(...located), fc.nat(), (l, n) => {
        const at = 1 + (n % (l.point.text.length - 1));
        const where = { section: l.sectionPath, point: l.index };
        let split: ParsedPlan;
        try {
          split = applyDraftOperations(sample, [{ op: 'splitPoint', ...where, at }]);
        } catch {
          // only a second part of white space is refused
          expect(l.point.text.slice(at).trim()).toBe('');
          return;
        }
        const back = applyDraftOperations(split, [{ op: 'mergePoints', ...where }]);
        expect(flattenPoints(back)).toHaveLength(flattenPoints(sample).length);
        expect(pointAt(back, l.sectionPath, l.index).text.replace(/\s/g, '')).toBe(l.point.text.replace(/\s/g, ''));
        expect(numbers(back)).toEqual(numbers(sample));
      }),
      { numRuns: 200 },
    );
  });
});
