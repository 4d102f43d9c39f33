import fc from 'fast-check';
import { extractDeadlines, extractIndicators, extractRecurrence, extractTargets, extractUnits } from '../../src/annotations';

// Tokens from the genre, so random strings actually reach the interesting code paths.
const TOKENS = [
  '（',
  '）',
  '(',
  ')',
  '【',
  '】',
  '“',
  '”',
  '《',
  '》',
  '〔',
  '〕',
  '：',
  ':',
  '；',
  '，',
  '、',
  '。',
  '\n',
  ' ',
  '\u3000',
  '责任单位',
  '牵头单位',
  '配合单位',
  '协办',
  '牵头',
  '负责',
  '完成时限',
  '基教科',
  '各中小学',
  '月',
  '日',
  '底',
  '前',
  '末',
  '上旬',
  '下旬',
  '年',
  '年底',
  '年内',
  '全年',
  '上半年',
  '第三季度',
  '季度',
  '每',
  '周',
  '学期',
  '学年',
  '年度',
  '考核',
  '秋季开学',
  '春季',
  '暑假',
  '十二',
  '十三',
  '三',
  '两',
  '二〇二一',
  '2021',
  '2',
  '29',
  '13',
  '0',
  '1,200',
  '２４３０',
  '.',
  '-',
  '%',
  '％',
  '个',
  '所',
  '名',
  '人次',
  '万',
  '万元',
  '以上',
  '以内',
  '不少于',
  '达到',
  '控制在',
  '低于',
  '超过',
  '新增',
  '建设',
  '余',
  '第',
  '周年',
  '指标',
  '单位',
  '2020年',
  '2025年',
  '≥95',
  '—',
  '预期性',
];
const genreText = fc
  .array(fc.oneof(fc.constantFrom(...TOKENS), fc.string({ maxLength: 3 })), { maxLength: 60 })
  .map((parts) => parts.join(''));
const anyText = fc.oneof(genreText, fc.string({ unit: 'binary', maxLength: 200 }), fc.string({ maxLength: 200 }));
const planYear = fc.oneof(fc.constant(null), fc.integer({ min: 1990, max: 2100 }), fc.integer());

function validIsoDate(d: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(d)) return false;
  const dt = new Date(`${d}T00:00:00Z`);
  return !Number.isNaN(dt.getTime()) && dt.toISOString().slice(0, 10) === d;
}

describe('annotation extractors: properties', () => {
  it('extractUnits never throws and returns clean names', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        for (const u of extractUnits(text)) {
          expect(u.name.length).toBeGreaterThan(0);
          expect(['lead', 'cooperating', 'responsible']).toContain(u.role);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('extractDeadlines: phrases occur in the input, dates are valid YYYY-MM-DD', () => {
    fc.assert(
      fc.property(anyText, planYear, (text, year) => {
        const r = extractDeadlines(text, year);
        for (const d of r.deadlines) {
          expect(text).toContain(d.phrase);
          expect(d.phrase.length).toBeGreaterThan(0);
          expect(validIsoDate(d.date)).toBe(true);
        }
        for (const p of r.unresolved) expect(text).toContain(p);
      }),
      { numRuns: 400 },
    );
  });

  it('extractRecurrence: phrases occur in the input', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        for (const r of extractRecurrence(text)) {
          expect(text).toContain(r.phrase);
          expect(['week', 'month', 'quarter', 'semester', 'year']).toContain(r.every);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('extractTargets: phrases occur in the input, values are finite', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        for (const t of extractTargets(text)) {
          expect(text).toContain(t.phrase);
          expect(Number.isFinite(t.value)).toBe(true);
          expect(['>=', '>', '=', '<=', '<']).toContain(t.comparator);
          expect(t.unit.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('extractIndicators never throws on arbitrary lines', () => {
    const line = fc.oneof(fc.constantFrom(...TOKENS), genreText, fc.string({ unit: 'binary', maxLength: 20 }));
    const period = fc.oneof(
      fc.constant(null),
      fc.record({ from: fc.integer({ min: 2000, max: 2030 }), to: fc.integer({ min: 2000, max: 2040 }) }),
    );
    fc.assert(
      fc.property(fc.array(line, { maxLength: 80 }), period, (lines, p) => {
        for (const i of extractIndicators(lines, p)) {
          expect(i.name.length).toBeGreaterThan(0);
          if (i.baseline) expect(Number.isFinite(i.baseline.value)).toBe(true);
          if (i.target) expect(Number.isFinite(i.target.value)).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('handles a 1 MB document (speed is measured in bench/, not here)', () => {
    const para =
      '12.推进学前教育普惠发展。新增学前学位2430个，普惠性幼儿园覆盖率达到80%以上，每季度组织开展督导，' +
      '7月底前完成（责任单位：基教科、德育科；完成时限：6月底前）。“三个100%”《十条措施》（';
    const doc = para.repeat(Math.ceil(1_000_000 / para.length));
    expect(extractUnits(doc).length).toBeGreaterThan(0);
    expect(extractDeadlines(doc, 2021).deadlines.length).toBeGreaterThan(0);
    expect(extractRecurrence(doc).length).toBeGreaterThan(0);
    expect(extractTargets(doc).length).toBeGreaterThan(0);
    expect(extractIndicators(doc.split('。'), null)).toEqual([]);
  });
});
