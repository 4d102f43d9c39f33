import { Document, Packer, Paragraph, Table, TableCell, TableRow } from 'docx';
import ExcelJS from 'exceljs';
import { parsePlan } from '../../src';
import type { ParsedPlan, Point, Section } from '../../src/types';

const points = (plan: ParsedPlan): Point[] => {
  const out: Point[] = [];
  const walk = (ss: Section[]): void => ss.forEach((s) => (out.push(...s.points), walk(s.sections)));
  walk(plan.sections);
  return out;
};

const HEADER = ['序号', '工作任务', '牵头单位', '配合单位', '完成时限'];
const ROWS = [
  ['1', '推进义务教育优质均衡发展，新增学位1500个。', '基础教育科', '发展规划科', '2024年8月底前'],
  ['2', '深化课堂教学改革，每学期开展教学视导不少于1次。', '教研室', '各中小学', '2024年12月'],
  ['', '开展中小学作业管理专项督查，覆盖全部义务教育学校。', '督导室', '基础教育科', '2024年6月底前'],
  ['3', '实施教师全员培训，培训教师不少于3000人次。', '人事科', '教师发展中心', '2024年11月'],
];

/** Row 2's 序号 spans two rows. */
function expectOwnPoints(plan: ParsedPlan): void {
  const ps = points(plan);
  expect(ps.map((p) => p.number)).toEqual([1, 2, 2, 3]);
  expect(ps[1]?.text).not.toContain('作业管理');
  expect(ps[2]?.units).toEqual([
    { name: '督导室', role: 'lead' },
    { name: '基础教育科', role: 'cooperating' },
  ]);
  expect(ps[2]?.deadlines).toEqual([{ date: '2024-06-30', phrase: '2024年6月底前' }]);
  expect(plan.warnings.filter((w) => /序号单元格合并/.test(w.message))).toHaveLength(1);
}

describe('a task table whose 序号 cell spans rows', () => {
  it('docx (vMerge): the second row is a point of its own', async () => {
    const cell = (text: string, rowSpan?: number): TableCell => new TableCell({ children: [new Paragraph(text)], rowSpan });
    const rows = [
      new TableRow({ children: HEADER.map((c) => cell(c)) }),
      new TableRow({ children: (ROWS[0] as string[]).map((c) => cell(c)) }),
      new TableRow({ children: (ROWS[1] as string[]).map((c, i) => cell(c, i === 0 ? 2 : undefined)) }),
      new TableRow({ children: (ROWS[2] as string[]).slice(1).map((c) => cell(c)) }),
      new TableRow({ children: (ROWS[3] as string[]).map((c) => cell(c)) }),
    ];
    const doc = new Document({
      sections: [{ children: [new Paragraph('东城区教育局2024年重点工作任务分解表'), new Table({ rows })] }],
    });
    const plan = await parsePlan(new Uint8Array(await Packer.toBuffer(doc)), '任务分解表.docx');
    expectOwnPoints(plan);
  });

  it('html (rowspan): the second row, one cell short, is a point of its own', async () => {
    const td = (c: string, attrs = ''): string => `<td${attrs}>${c}</td>`;
    const html = [
      '<html><head><meta charset="utf-8"><title>任务分解表</title></head><body>',
      '<h1>东城区教育局2024年重点工作任务分解表</h1><table>',
      `<tr>${HEADER.map((c) => `<th>${c}</th>`).join('')}</tr>`,
      `<tr>${(ROWS[0] as string[]).map((c) => td(c)).join('')}</tr>`,
      `<tr>${(ROWS[1] as string[]).map((c, i) => td(c, i === 0 ? ' rowspan="2"' : '')).join('')}</tr>`,
      `<tr>${(ROWS[2] as string[])
        .slice(1)
        .map((c) => td(c))
        .join('')}</tr>`,
      `<tr>${(ROWS[3] as string[]).map((c) => td(c)).join('')}</tr>`,
      '</table><p>各单位要高度重视，按期报送进展情况，确保各项任务落到实处、取得实效。</p></body></html>',
    ].join('\n');
    const plan = await parsePlan(new TextEncoder().encode(html), 'tasks.html');
    expectOwnPoints(plan);
    expect(points(plan)[3]?.text).not.toContain('各单位要高度重视');
  });

  it('xlsx (merged cells): the second row is a point of its own', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('任务分解');
    ws.addRow(['东城区教育局2024年重点工作任务分解表']);
    ws.mergeCells('A1:E1');
    ws.addRow(HEADER);
    for (const r of ROWS) ws.addRow(r.map((c, i) => (i === 0 && c !== '' ? Number(c) : c)));
    ws.mergeCells('A4:A5');
    const plan = await parsePlan(new Uint8Array(await wb.xlsx.writeBuffer()), '任务分解表.xlsx');
    expect(points(plan).map((p) => p.number)).toEqual([1, 2, 2, 3]);
    expect(points(plan)[2]?.units.map((u) => u.name)).toEqual(['督导室', '基础教育科']);
    expect(points(plan)[1]?.text).not.toContain('作业管理');
  });
});
