import { AlignmentType, Document, Footer, LineRuleType, Packer, PageNumber, Paragraph, TextRun, type IRunOptions } from 'docx';
import type { SectionBlock, SummaryDoc } from './model';

/**
 * The layout bureaus exchange (GB/T 9704 党政机关公文格式, as far as a summary follows it): A4,
 * margins 37/35/28/26 mm, title 方正小标宋简体 二号 centred, body 仿宋_GB2312 三号 with a two-character
 * first-line indent and a fixed 28 pt line, level-1 headings 黑体, level-2 楷体, page numbers
 * "— 1 —" in 宋体 四号 at the foot.
 */
export const DOCX_FONTS = {
  title: '方正小标宋简体',
  body: '仿宋_GB2312',
  heading1: '黑体',
  heading2: '楷体_GB2312',
  pageNumber: '宋体',
} as const;

/** half-points: 二号 22 pt, 三号 16 pt, 四号 14 pt */
const SIZE = { title: 44, body: 32, pageNumber: 28 } as const;
const LINE = { line: 560, lineRule: LineRuleType.EXACT } as const;
const INDENT = { firstLine: 640 } as const;

const twips = (mm: number): number => Math.round((mm * 1440) / 25.4);

function font(name: string): IRunOptions['font'] {
  return { ascii: name, eastAsia: name, hAnsi: name, cs: name };
}

function body(text: string, options: { bold?: boolean } = {}): Paragraph {
  return new Paragraph({
    alignment: AlignmentType.JUSTIFIED,
    spacing: LINE,
    indent: INDENT,
    children: [new TextRun({ text, font: font(DOCX_FONTS.body), size: SIZE.body, bold: options.bold })],
  });
}

function heading(s: SectionBlock): Paragraph {
  return new Paragraph({
    // outline levels give Word's navigation pane the plan's structure without Word's heading styles
    outlineLevel: Math.min(s.level - 1, 8),
    spacing: LINE,
    indent: INDENT,
    children: [new TextRun({ text: s.heading, font: font(s.level === 1 ? DOCX_FONTS.heading1 : DOCX_FONTS.heading2), size: SIZE.body })],
  });
}

/** A point's paragraph: its number and title in the body font, bold, then the statements. */
function point(text: string, number: number, title: string): Paragraph {
  const lead = `${number}.${title.replace(/[。；;，,]+$/, '')}。`;
  const rest = text.startsWith(lead) ? text.slice(lead.length) : text;
  return new Paragraph({
    alignment: AlignmentType.JUSTIFIED,
    spacing: LINE,
    indent: INDENT,
    children: [
      new TextRun({ text: text.startsWith(lead) ? lead : '', font: font(DOCX_FONTS.body), size: SIZE.body, bold: true }),
      new TextRun({ text: rest, font: font(DOCX_FONTS.body), size: SIZE.body }),
    ],
  });
}

export function summaryDocument(doc: SummaryDoc): Document {
  const children: Paragraph[] = [
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { ...LINE, after: 560 },
      children: [new TextRun({ text: doc.title, font: font(DOCX_FONTS.title), size: SIZE.title })],
    }),
    body(doc.opening),
  ];
  const section = (s: SectionBlock) => {
    children.push(heading(s), body(s.lead));
    for (const p of s.points) children.push(point(p.text, p.number, p.title));
    s.sections.forEach(section);
  };
  doc.sections.forEach(section);
  if (doc.appendix.length > 0) {
    children.push(
      new Paragraph({
        spacing: { ...LINE, before: 560 },
        children: [new TextRun({ text: '附件：佐证材料清单', font: font(DOCX_FONTS.heading1), size: SIZE.body })],
      }),
    );
    for (const e of doc.appendix) {
      children.push(
        new Paragraph({
          spacing: LINE,
          children: [
            new TextRun({
              text: `佐证${e.n}\u3000${e.fileName}（${e.unitName}；${e.taskTitle}）文件ID：${e.id}`,
              font: font(DOCX_FONTS.body),
              size: SIZE.body,
            }),
          ],
        }),
      );
    }
  }
  return new Document({
    creator: 'Duban 督办',
    title: doc.title,
    styles: { default: { document: { run: { font: font(DOCX_FONTS.body), size: SIZE.body } } } },
    sections: [
      {
        properties: {
          page: {
            // A4 in twips as Word writes it (the library's converter truncates to 11905 × 16837)
            size: { width: 11906, height: 16838 },
            margin: { top: twips(37), bottom: twips(35), left: twips(28), right: twips(26) },
          },
        },
        footers: {
          default: new Footer({
            children: [
              new Paragraph({
                alignment: AlignmentType.CENTER,
                children: [
                  new TextRun({ children: ['— ', PageNumber.CURRENT, ' —'], font: font(DOCX_FONTS.pageNumber), size: SIZE.pageNumber }),
                ],
              }),
            ],
          }),
        },
        children,
      },
    ],
  });
}

export async function renderDocx(doc: SummaryDoc): Promise<Buffer> {
  return Packer.toBuffer(summaryDocument(doc));
}
