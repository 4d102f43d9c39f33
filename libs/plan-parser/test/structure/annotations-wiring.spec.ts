// The structure parser calls the annotation extractors once per point (and the indicator extractor
// once per document); their unresolved deadlines become warnings at the point's line, and an
// extractor that throws costs a warning, never the parse.
import type { Period } from '../../src/types';

const calls = {
  units: [] as string[],
  deadlines: [] as Array<[string, number | null]>,
  indicators: [] as Array<[string[], Period | null]>,
};

jest.mock('../../src/annotations', () => ({
  extractUnits: (text: string) => {
    calls.units.push(text);
    if (text.includes('炸')) throw new Error('boom');
    return [{ name: '基教科', role: 'responsible' }];
  },
  extractDeadlines: (text: string, year: number | null) => {
    calls.deadlines.push([text, year]);
    return { deadlines: [], unresolved: text.includes('适时') ? ['适时'] : [] };
  },
  extractRecurrence: () => [{ every: 'quarter', phrase: '每季度' }],
  extractTargets: () => [],
  extractIndicators: (lines: string[], period: Period | null) => {
    calls.indicators.push([lines, period]);
    return [];
  },
}));

import { parseStructure } from '../../src/structure';

describe('annotation wiring', () => {
  it('annotates every point with its own text and the plan year; unresolved phrases warn at the point line', () => {
    const text = ['某区2021年教育工作要点', '一、党建', '1.加强党建。适时召开会议。', '2.炸掉旧制度。', '二、教学', '3.提高质量。'].join(
      '\n',
    );
    const plan = parseStructure({ text, encoding: 'gb18030', format: 'pdf' });
    expect(plan.encoding).toBe('gb18030');
    expect(plan.format).toBe('pdf');
    expect(calls.units).toEqual(['加强党建。适时召开会议。', '炸掉旧制度。', '提高质量。']);
    // each section's own text, then its points'
    expect(calls.deadlines).toEqual([
      ['党建', 2021],
      ['加强党建。适时召开会议。', 2021],
      ['炸掉旧制度。', 2021],
      ['教学', 2021],
      ['提高质量。', 2021],
    ]);
    const p1 = plan.sections[0]?.points[0];
    expect(p1?.units).toEqual([{ name: '基教科', role: 'responsible' }]);
    expect(p1?.recurrence).toEqual([{ every: 'quarter', phrase: '每季度' }]);
    expect(plan.sections[0]?.points[1]?.units).toEqual([]);
    expect(plan.warnings).toEqual([
      { line: 3, message: expect.stringContaining('适时') },
      { line: 4, message: expect.stringContaining('boom') },
    ]);
    expect(calls.indicators).toHaveLength(1);
    expect(calls.indicators[0]?.[0]).toContain('1.加强党建。适时召开会议。');
  });
});
