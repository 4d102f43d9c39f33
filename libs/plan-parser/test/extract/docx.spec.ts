import { AlignmentType, Document, LevelFormat, Packer, Paragraph, Table, TableCell, TableRow, TextRun } from 'docx';
import JSZip from 'jszip';
import { extractText } from '../../src/extract';
import { DEFAULT_PARSE_LIMITS } from '../../src/types';
import { expectRefusal } from './support/refusal';

const L = DEFAULT_PARSE_LIMITS;

async function planDocx(): Promise<Uint8Array> {
  const cell = (text: string): TableCell => new TableCell({ children: [new Paragraph(text)] });
  const doc = new Document({
    numbering: {
      config: [
        {
          reference: 'plan',
          levels: [
            { level: 0, format: LevelFormat.CHINESE_COUNTING, text: '%1、', alignment: AlignmentType.LEFT },
            { level: 1, format: LevelFormat.DECIMAL, text: '%2.', alignment: AlignmentType.LEFT },
            { level: 2, format: LevelFormat.DECIMAL, text: '（%3）', alignment: AlignmentType.LEFT },
          ],
        },
      ],
    },
    sections: [
      {
        children: [
          new Paragraph({ children: [new TextRun('东丽区教育局2021年工作要点')] }),
          new Paragraph({ text: '全面加强党的建设', numbering: { reference: 'plan', level: 0 } }),
          new Paragraph({ text: '深入学习贯彻党的十九届五中全会精神。', numbering: { reference: 'plan', level: 1 } }),
          new Paragraph({ text: '新增学前学位2430个。', numbering: { reference: 'plan', level: 1 } }),
          new Paragraph({ text: '7月底前完成排查', numbering: { reference: 'plan', level: 2 } }),
          new Paragraph({ text: '每季度督导一次', numbering: { reference: 'plan', level: 2 } }),
          new Paragraph({ text: '推进教育优质均衡发展', numbering: { reference: 'plan', level: 0 } }),
          new Paragraph({ text: '普惠性幼儿园覆盖率达到80%以上。', numbering: { reference: 'plan', level: 1 } }),
          new Paragraph({
            children: [new TextRun('（责任单位：学前科、'), new TextRun({ text: '基教科）', bold: true })],
          }),
          new Table({
            rows: [
              new TableRow({ children: [cell('指标'), cell('2020年'), cell('2025年')] }),
              new TableRow({ children: [cell('学前三年毛入园率（%）'), cell('95'), cell('≥97')] }),
            ],
          }),
          new Paragraph({ text: '加强组织保障', numbering: { reference: 'plan', level: 0 } }),
        ],
      },
    ],
  });
  return new Uint8Array(await Packer.toBuffer(doc));
}

/** A docx-shaped zip: content types, rels and a document.xml of the given body. */
async function docxZip(documentXml: string, extra: Record<string, string> = {}): Promise<Uint8Array> {
  const zip = new JSZip();
  zip.file('[Content_Types].xml', '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>');
  zip.file('word/document.xml', documentXml);
  for (const [name, body] of Object.entries(extra)) zip.file(name, body);
  return zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE', compressionOptions: { level: 9 } });
}

const W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"';

describe('docx', () => {
  it('keeps Word auto-numbering as text and puts table rows one per line, cells split by |', async () => {
    const out = await extractText(await planDocx(), '要点.docx', L);
    expect(out).toMatchObject({ format: 'docx', encoding: 'utf-8' });
    expect(out.text.split('\n')).toEqual([
      '东丽区教育局2021年工作要点',
      '一、全面加强党的建设',
      '1.深入学习贯彻党的十九届五中全会精神。',
      '2.新增学前学位2430个。',
      '（1）7月底前完成排查',
      '（2）每季度督导一次',
      '二、推进教育优质均衡发展',
      '1.普惠性幼儿园覆盖率达到80%以上。',
      '（责任单位：学前科、基教科）',
      '指标 | 2020年 | 2025年',
      '学前三年毛入园率（%） | 95 | ≥97',
      '三、加强组织保障',
    ]);
  });

  it('detects a docx by content whatever its name', async () => {
    const out = await extractText(await planDocx(), 'upload.bin', L);
    expect(out.format).toBe('docx');
  });

  it('numbers straight through when a level never restarts, and honours start / style-linked lists', async () => {
    const numbering = `<w:numbering ${W}>
      <w:abstractNum w:abstractNumId="7">
        <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>
        <w:lvl w:ilvl="1"><w:start w:val="1"/><w:lvlRestart w:val="0"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%2."/><w:suff w:val="nothing"/></w:lvl>
      </w:abstractNum>
      <w:abstractNum w:abstractNumId="8">
        <w:lvl w:ilvl="0"><w:start w:val="9"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%1）"/></w:lvl>
      </w:abstractNum>
      <w:num w:numId="1"><w:abstractNumId w:val="7"/></w:num>
      <w:num w:numId="2"><w:abstractNumId w:val="8"/></w:num>
      <w:num w:numId="3"><w:abstractNumId w:val="8"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>
    </w:numbering>`;
    const styles = `<w:styles ${W}>
      <w:style w:type="paragraph" w:styleId="Heading1"><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style>
      <w:style w:type="paragraph" w:styleId="Point"><w:basedOn w:val="Heading1"/><w:pPr><w:numPr><w:ilvl w:val="1"/></w:numPr></w:pPr></w:style>
    </w:styles>`;
    const p = (text: string, pPr = ''): string => `<w:p><w:pPr>${pPr}</w:pPr><w:r><w:t>${text}</w:t></w:r></w:p>`;
    const doc = `<?xml version="1.0" encoding="UTF-8"?><w:document ${W}><w:body>
      ${p('总体要求', '<w:pStyle w:val="Heading1"/>')}
      ${p('第一点', '<w:pStyle w:val="Point"/>')}
      ${p('第二点', '<w:pStyle w:val="Point"/>')}
      ${p('主要任务', '<w:pStyle w:val="Heading1"/>')}
      ${p('第三点', '<w:pStyle w:val="Point"/>')}
      ${p('九', '<w:numPr><w:ilvl w:val="0"/><w:numId w:val="2"/></w:numPr>')}
      ${p('十', '<w:numPr><w:ilvl w:val="0"/><w:numId w:val="2"/></w:numPr>')}
      ${p('重新开始', '<w:numPr><w:ilvl w:val="0"/><w:numId w:val="3"/></w:numPr>')}
      ${p('没有编号', '<w:pStyle w:val="Heading1"/><w:numPr><w:numId w:val="0"/></w:numPr>')}
      <w:p><w:r><w:t xml:space="preserve">隐藏</w:t></w:r><w:r><w:rPr><w:vanish/></w:rPr><w:t>不可见</w:t></w:r><w:r><w:br/><w:t>换行&amp;实体</w:t></w:r><w:del><w:r><w:delText>已删除</w:delText></w:r></w:del></w:p>
    </w:body></w:document>`;
    const bytes = await docxZip(doc, { 'word/numbering.xml': numbering, 'word/styles.xml': styles });
    const out = await extractText(bytes, 'a.docx', L);
    expect(out.text.split('\n')).toEqual([
      '一、总体要求',
      '1.第一点',
      '2.第二点',
      '二、主要任务',
      '3.第三点',
      '（九）九',
      '（十）十',
      '（一）重新开始',
      '没有编号',
      '隐藏',
      '换行&实体',
    ]);
  });

  it('refuses a zip bomb by the declared sizes, before inflating', async () => {
    const bomb = await docxZip(`<w:document ${W}><w:body>${'<w:p/>'.repeat((5 * 1024 * 1024) / 6)}</w:body></w:document>`);
    expect(bomb.length).toBeLessThan(100 * 1024);
    await expectRefusal(extractText(bomb, 'bomb.docx', { ...L, maxUnzippedBytes: 1024 * 1024 }), 'PLAN_ZIP_TOO_LARGE');
  });

  it('refuses a zip bomb whose central directory lies about the size, while inflating', async () => {
    const bomb = await docxZip(`<w:document ${W}><w:body>${'<w:p/>'.repeat((5 * 1024 * 1024) / 6)}</w:body></w:document>`);
    // rewrite every declared uncompressed size (local headers and central directory) to 1000 bytes
    const view = new DataView(bomb.buffer, bomb.byteOffset, bomb.byteLength);
    for (let i = 0; i + 4 <= bomb.length; i++) {
      const sig = view.getUint32(i, true);
      if (sig === 0x04034b50) view.setUint32(i + 22, 1000, true);
      if (sig === 0x02014b50) view.setUint32(i + 24, 1000, true);
    }
    await expectRefusal(extractText(bomb, 'bomb.docx', { ...L, maxUnzippedBytes: 1024 * 1024 }), 'PLAN_ZIP_TOO_LARGE');
  });

  it('refuses corrupt zips', async () => {
    const good = await planDocx();
    const truncated = good.slice(0, Math.floor(good.length / 2));
    await expectRefusal(extractText(truncated, 'a.docx', L), 'PLAN_CORRUPT');
    const garbled = good.slice();
    // damage the compressed data of the first entry
    for (let i = 60; i < 400; i++) garbled[i] ^= 0x5a;
    await expectRefusal(extractText(garbled, 'a.docx', L), 'PLAN_CORRUPT');
    await expectRefusal(extractText(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]), 'a.docx', L), 'PLAN_CORRUPT');
  });

  it('refuses zips that are neither Word documents nor workbooks', async () => {
    const pptx = new JSZip();
    pptx.file('ppt/presentation.xml', '<presentation/>');
    const bytes = await pptx.generateAsync({ type: 'uint8array' });
    const err = await expectRefusal(extractText(bytes, 'a.pptx', L), 'PLAN_UNSUPPORTED_FORMAT');
    expect(err.messageZh).toContain('PowerPoint');
    // a workbook is a plan format now (xlsx.spec.ts); one without any cell is empty
    const xlsx = new JSZip();
    xlsx.file('xl/workbook.xml', '<workbook/>');
    await expectRefusal(extractText(await xlsx.generateAsync({ type: 'uint8array' }), 'a.xlsx', L), 'PLAN_EMPTY');
  });

  it('refuses a docx without any text as empty', async () => {
    const bytes = await docxZip(`<w:document ${W}><w:body><w:p/><w:p><w:r><w:t> </w:t></w:r></w:p></w:body></w:document>`);
    await expectRefusal(extractText(bytes, 'a.docx', L), 'PLAN_EMPTY');
  });
});
