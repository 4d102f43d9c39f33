import { extractPdf, extractText } from '../../src/extract';
import { DEFAULT_PARSE_LIMITS } from '../../src/types';
import { buildPdf, linesPage } from './support/pdf-writer';
import { expectRefusal } from './support/refusal';

const L = DEFAULT_PARSE_LIMITS;

describe('pdf', () => {
  it('reads Chinese text through ToUnicode (no embedded font), line by line, page by page', async () => {
    const pdf = buildPdf([
      linesPage(
        ['东丽区教育局2021年工作要点', '一、全面加强党的建设', '1.新增学前学位2430个，普惠性幼儿', '园覆盖率达到80%以上。'],
        '— 1 —',
      ),
      linesPage(['（责任单位：学前科；完成时限：', '6月底前）', '二、推进教育优质均衡发展'], '— 2 —'),
    ]);
    const out = await extractText(pdf, '要点.pdf', L);
    expect(out).toMatchObject({ format: 'pdf', encoding: 'utf-8' });
    expect(out.text.split('\n')).toEqual([
      '东丽区教育局2021年工作要点',
      '一、全面加强党的建设',
      '1.新增学前学位2430个，普惠性幼儿',
      '园覆盖率达到80%以上。',
      '— 1 —',
      '（责任单位：学前科；完成时限：',
      '6月底前）',
      '二、推进教育优质均衡发展',
      '— 2 —',
    ]);
  });

  it('joins runs on one baseline and separates runs with a visible gap', async () => {
    const pdf = buildPdf([
      {
        kind: 'text',
        runs: [
          { text: '（一）', x: 72, y: 700 },
          { text: '目标任务', x: 72 + 3 * 14, y: 700 },
          { text: '指标', x: 72, y: 670 },
          { text: '2025年', x: 300, y: 670 },
        ],
      },
    ]);
    const out = await extractText(pdf, 'a.pdf', L);
    expect(out.text).toBe('（一）目标任务\n指标 2025年');
  });

  it('refuses an image-only PDF as having no text layer', async () => {
    const err = await expectRefusal(extractText(buildPdf([{ kind: 'image' }, { kind: 'image' }]), 'scan.pdf', L), 'PLAN_PDF_NO_TEXT');
    expect(err.messageZh).toBe('该PDF没有文字层（可能是扫描件），请提供可复制文字的版本');
  });

  it('skips image pages between text pages', async () => {
    const pdf = buildPdf([linesPage(['第一页']), { kind: 'image' }, linesPage(['第三页'])]);
    expect((await extractText(pdf, 'a.pdf', L)).text).toBe('第一页\n第三页');
  });

  it('refuses garbage after %PDF- and truncated PDFs as corrupt', async () => {
    const garbage = new TextEncoder().encode('%PDF-1.7\n' + 'x@#$ garbage (((( << >> obj '.repeat(50));
    await expectRefusal(extractText(garbage, 'a.pdf', L), 'PLAN_CORRUPT');
    await expectRefusal(extractText(new TextEncoder().encode('%PDF-'), 'a.pdf', L), 'PLAN_CORRUPT');
    const good = buildPdf([linesPage(['一、总体要求'])]);
    const cut = good.slice(0, 300);
    await expectRefusal(extractText(cut, 'a.pdf', L), 'PLAN_CORRUPT');
  });

  it('refuses a password-protected PDF as corrupt, saying it is encrypted', async () => {
    const pdf = buildPdf([linesPage(['一、总体要求'])], { passwordProtected: true });
    const err = await expectRefusal(extractText(pdf, 'a.pdf', L), 'PLAN_CORRUPT');
    expect(err.messageZh).toContain('加密');
  });

  it('caps the page count', async () => {
    const pdf = buildPdf([linesPage(['一']), linesPage(['二']), linesPage(['三'])]);
    await expectRefusal(extractPdf(pdf, { maxPages: 2, timeBudgetMs: 10_000 }), 'PLAN_TOO_LARGE');
  });

  it('gives up when the time budget runs out', async () => {
    const pdf = buildPdf(Array.from({ length: 200 }, (_, i) => linesPage([`第${i + 1}页`, '一、总体要求'])));
    const err = await expectRefusal(extractPdf(pdf, { maxPages: 1000, timeBudgetMs: 5 }), 'PLAN_TOO_LARGE');
    expect(err.messageEn).toContain('too complex');
  });

  it('detects a PDF by content whatever its name', async () => {
    const out = await extractText(buildPdf([linesPage(['二、主要任务'])]), 'plan.txt', L);
    expect(out).toMatchObject({ format: 'pdf', text: '二、主要任务' });
  });
});
