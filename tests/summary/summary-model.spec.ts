import mammoth from 'mammoth';
import ExcelJS from 'exceljs';
import { buildSummary, citationText, percentText, renderDocx, renderMarkdown, renderXlsx, summaryTitle } from '@duban/summary';
import { sampleInput } from './summary-fixture';

describe('summary model and renderers (pure)', () => {
  it('formats rates with at most one decimal', () => {
    expect(percentText(0.875)).toBe('87.5');
    expect(percentText(1)).toBe('100');
    expect(percentText(2 / 3)).toBe('66.7');
    expect(percentText(0)).toBe('0');
    expect(citationText([5, 1, 2, 3, 7, 8])).toBe('1—3、5、7、8');
    expect(summaryTitle('2024年东丽区教育工作要点', 2024)).toBe('2024年东丽区教育工作总结');
  });

  it('follows the plan: opening with 完成率, figures beside targets, reasons, citations, appendix', () => {
    const doc = buildSummary(sampleInput());
    expect(doc.title).toBe('2024年东丽区教育工作总结');
    expect(doc.opening).toContain('完成率62.5%');
    expect(doc.sections.map((s) => s.heading)).toEqual(['一、推进学前教育普惠发展', '二、办好人民满意的义务教育']);
    expect(doc.sections[0].sections[0].heading).toBe('（一）扩充学前资源');
    const p1 = doc.sections[0].points[0].text;
    expect(p1).toContain('新增学前学位2430个，完成目标的100%');
    expect(p1).toContain('〔佐证1、2〕');
    expect(doc.sections[0].sections[0].points[0].text).toContain('普惠性幼儿园覆盖率85%，完成目标的106.3%');
    const p3 = doc.sections[1].points[0].text;
    expect(p3).toContain('开展课后服务学校目标70所，尚未报告实际完成数');
    expect(p3).toContain('东丽区实验小学（被退回，进度60%，退回原因：佐证材料缺少学生名单）');
    expect(p3).toContain('华明小学（申请延期，进度40%，申请延期至2024-10-31，理由：场地施工延误）');
    expect(p3).toContain('军粮城小学（推进中，进度20%）');
    expect(p3).not.toContain('新立小学');
    expect(p3).toContain('“课后服务收费试点”已取消（原因：政策调整）');
    expect(doc.appendix.map((e) => [e.n, e.id, e.unitName])).toEqual([
      [1, 'e1', '学前教育科'],
      [2, 'e2', '东丽区实验幼儿园'],
      [3, 'e3', '东丽中学'],
    ]);
  });

  it('names a single unit in the sentence, and says 该项工作 when the only task carries the point title', () => {
    const input = sampleInput();
    expect(buildSummary(input).sections[0].sections[0].points[0].text).toBe(
      '2.提高普惠性幼儿园覆盖率。“普惠园认定”已完成（学前教育科），普惠性幼儿园覆盖率85%，完成目标的106.3%。',
    );
    input.tasks[1].title = '提高普惠性幼儿园覆盖率';
    input.assignments[2].state = 'in_progress';
    input.assignments[2].progressPercent = 30;
    expect(buildSummary(input).sections[0].sections[0].points[0].text).toBe(
      '2.提高普惠性幼儿园覆盖率。该项工作由学前教育科承担，尚未完成（推进中，进度30%），普惠性幼儿园覆盖率85%，完成目标的106.3%。',
    );
  });

  it('renders Markdown, .docx and .xlsx that read back to the same figures, deterministically', async () => {
    const doc = buildSummary(sampleInput());
    const md = renderMarkdown(doc);
    expect(md).toContain('# 2024年东丽区教育工作总结');
    expect(md).toContain('## 一、推进学前教育普惠发展');
    expect(md).toContain('### （一）扩充学前资源');
    expect(md).toContain('| 佐证2 | 学位统计表.xlsx | 东丽区实验幼儿园 | 新建改扩建幼儿园 | e2 |');
    expect(renderMarkdown(buildSummary(sampleInput()))).toBe(md);

    const docx = await renderDocx(doc);
    const text = (await mammoth.extractRawText({ buffer: docx })).value;
    expect(text).toContain('完成率62.5%');
    expect(text).toContain('新增学前学位2430个，完成目标的100%');
    expect(text).toContain('附件：佐证材料清单');
    const again = (await mammoth.extractRawText({ buffer: await renderDocx(buildSummary(sampleInput())) })).value;
    expect(again).toBe(text);
    const xml = docx.toString('latin1');
    expect(xml.length).toBeGreaterThan(0);

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await renderXlsx(doc)) as unknown as ExcelJS.Buffer);
    const ws = wb.getWorksheet('完成情况表')!;
    expect(ws.getRow(2).getCell(4).value).toBe('工作任务');
    expect(ws.getRow(3).getCell(4).value).toBe('新建改扩建幼儿园');
    expect(ws.getRow(3).getCell(8).value).toBe('100%');
    const last = ws.getRow(ws.rowCount);
    expect(last.getCell(1).value).toBe('合计');
    expect(last.getCell(8).value).toBe('62.5%');
    expect(wb.getWorksheet('佐证材料清单')!.rowCount).toBe(4);
  });
});
