import { extractPdf, extractText } from '../../src/extract';
import { DEFAULT_PARSE_LIMITS } from '../../src/types';
import { buildPdf, linesPage, paragraphsPage, wrapParagraph } from './support/pdf-writer';
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

  describe('joins lines wrapped inside a paragraph from the page geometry', () => {
    const paragraphs = [
      '示范区教育局2023年工作要点',
      '一、加强党的建设',
      '1.扩大学前资源供给，新增学位达2430个，普惠性幼儿园覆盖率达到85%以上。',
      '2.强化理论武装。全年组织专题学习不少于4次，推动学习常态化。（责任单位：组织科）',
      '3.建强基层组织。6月底前完成全部学校党支部换届选举和章程修订等工作任务。',
      '各科室要对照分工，细化措施，按期报送进展。',
      '二、扩大优质资源',
    ];

    it('a short one-page plan wrapped at 20 characters with a two-character indent', async () => {
      // the layout really cuts inside the number, the annotation, and fills the last line of point 3
      const wrapped = paragraphs.flatMap((p) => wrapParagraph(p, 20)).map((l) => l.text);
      expect(wrapped).toEqual(
        expect.arrayContaining(['1.扩大学前资源供给，新增学位达24', '少于4次，推动学习常态化。（责任单位：组', '织科）']),
      );
      expect(wrapped).toContain('校党支部换届选举和章程修订等工作任务。');
      const out = await extractText(buildPdf([paragraphsPage(paragraphs, 20, '— 1 —')]), '通知.pdf', L);
      expect(out.text.split('\n')).toEqual([...paragraphs, '— 1 —']);
    });

    it('keeps page breaks between pages and joins on each page', async () => {
      const pdf = buildPdf([paragraphsPage(paragraphs.slice(0, 4), 20, '— 1 —'), paragraphsPage(paragraphs.slice(4), 20, '— 2 —')]);
      expect((await extractText(pdf, 'a.pdf', L)).text.split('\n')).toEqual([
        ...paragraphs.slice(0, 4),
        '— 1 —',
        ...paragraphs.slice(4),
        '— 2 —',
      ]);
    });

    it('without indents: short headings and lines before a point marker stay their own lines', async () => {
      const plan = [
        '总体要求',
        '坚持稳中求进工作总基调，全面推进教育高质量发展，办好人民满意的教育。',
        '一、加强党的建设',
        '1.强化理论武装。全年组织专题学习不少于4次，推动学习常态化（责任单位：组织科）',
        '2.建强基层组织。6月底前完成全部中小学校党支部换届选举和章程修订等工作任务。',
        '（一）扩大优质资源',
        '第二部分保障措施',
      ];
      const lines = plan.flatMap((p) => wrapParagraph(p, 20, 0)).map((l) => l.text);
      // a full line right before "2." and one right before "（一）"
      expect(lines).toEqual(expect.arrayContaining(['4次，推动学习常态化（责任单位：组织科）', '校党支部换届选举和章程修订等工作任务。']));
      const out = await extractText(buildPdf([linesPage(lines)]), 'a.pdf', L);
      expect(out.text.split('\n')).toEqual(plan);
    });

    it('leaves a page alone when it has no right edge shared by two lines', async () => {
      const lines = ['一、总体要求', '1.新增学前学位2430个，普惠性幼儿', '园覆盖率达到80%以上。', '（责任单位：学前科）'];
      expect((await extractText(buildPdf([linesPage(lines)]), 'a.pdf', L)).text.split('\n')).toEqual(lines);
    });

    it('does not join table rows (runs with visible gaps) that end at the same place', async () => {
      const rows = [
        ['地区生产总值增长', '6%左右', '预期性'],
        ['城镇调查失业率', '5.5%以内', '预期性'],
        ['居民人均可支配收入', '与经济同步', '约束性'],
        ['单位生产总值能耗降低', '完成下达任务', '约束性'],
      ];
      const pdf = buildPdf([
        {
          kind: 'text',
          runs: rows.flatMap((row, i) => row.map((text, j) => ({ text, x: [72, 260, 420][j], y: 770 - i * 24 }))),
        },
      ]);
      expect((await extractText(pdf, 'a.pdf', L)).text.split('\n')).toEqual(rows.map((r) => r.join(' ')));
    });

    it('leaves a page of two lines alone', async () => {
      const lines = wrapParagraph('1.扩大学前资源供给，新增学位达2430个。', 20, 0).map((l) => l.text);
      expect(lines).toHaveLength(2);
      expect((await extractText(buildPdf([linesPage(lines)]), 'a.pdf', L)).text.split('\n')).toEqual(lines);
    });

    it('does not join a larger title, lines far apart or a line into a centred one', async () => {
      const body = wrapParagraph('坚持稳中求进工作总基调，全面推进教育高质量发展，办好人民满意的教育，推动各项工作落地见效。', 23, 0);
      const pdf = buildPdf([
        {
          kind: 'text',
          runs: [
            ...body.map((l, i) => ({ text: l.text, x: 72, y: 770 - i * 24 })),
            // full width, then a paragraph after a blank line's worth of space
            { text: '各科室要对照分工，细化措施，按期报送进展情况和', x: 72, y: 770 - 3 * 24 },
            { text: '存在问题。', x: 72, y: 770 - 5 * 24 },
            // full width in a larger font, then body text
            { text: '示范区教育年度工作要点', x: 72, y: 600, size: 28 },
            { text: '全面推进教育高质量发展', x: 72, y: 570 },
            // full width, then a centred signature
            { text: '坚持稳中求进工作总基调，全面推进教育高质量发展', x: 72, y: 540 },
            { text: '示范区教育局', x: 250, y: 516 },
          ],
        },
      ]);
      expect((await extractText(pdf, 'a.pdf', L)).text.split('\n')).toEqual([
        '坚持稳中求进工作总基调，全面推进教育高质量发展，办好人民满意的教育，推动各项工作落地见效。',
        '各科室要对照分工，细化措施，按期报送进展情况和',
        '存在问题。',
        '示范区教育年度工作要点',
        '全面推进教育高质量发展',
        '坚持稳中求进工作总基调，全面推进教育高质量发展',
        '示范区教育局',
      ]);
    });
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
