import * as fs from 'node:fs';
import * as path from 'node:path';
import { Document, Packer, Paragraph, Table, TableCell, TableRow } from 'docx';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import JSZip from 'jszip';
import { parsePlan, PlanRefusedError } from '../../src';
import type { ParsedPlan, Point, Section } from '../../src/types';
import { expectRefusal } from './support/refusal';

const points = (plan: ParsedPlan): Point[] => {
  const out: Point[] = [];
  const walk = (ss: Section[]): void => ss.forEach((s) => (out.push(...s.points), walk(s.sections)));
  walk(plan.sections);
  return out;
};

const HEADER = ['序号', '工作任务', '牵头单位', '配合单位', '完成时限', '分管领导'];

async function taskDocx(): Promise<Uint8Array> {
  const cell = (text: string, columnSpan?: number): TableCell => new TableCell({ children: [new Paragraph(text)], columnSpan });
  const row = (cells: string[]): TableRow => new TableRow({ children: cells.map((c) => cell(c)) });
  const doc = new Document({
    sections: [
      {
        children: [
          new Paragraph('临海区教育局'),
          new Paragraph('临海区教育局2022年重点工作任务分解表'),
          new Table({
            rows: [
              row(HEADER),
              new TableRow({ children: [cell('一、落实立德树人根本任务', 6)] }),
              row(['12', '开展“大思政课”建设，每学期组织思政课集体备课不少于4次。', '德育科', '教研室、各中小学', '6月底前', '孙丽']),
              row(['13', '深入推进体教融合，中小学生体质健康优良率达到55%以上。', '体卫艺科', '', '12月底前', '孙丽、周涛']),
              new TableRow({ children: [cell('二、推进教育优质均衡发展', 6)] }),
              row(['14', '新建临海区实验小学，新增学位1350个。', '发展规划科', '计划财务科', '秋季开学前', '周涛']),
            ],
          }),
        ],
      },
    ],
  });
  return new Uint8Array(await Packer.toBuffer(doc));
}

async function taskXlsx(): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('任务分解');
  ws.addRow(['西山区教育局2024年重点工作任务清单']);
  ws.mergeCells('A1:E1');
  ws.addRow(['序号', '具体措施', '牵头责任单位', '配合单位', '完成时限']);
  ws.addRow(['一、加强教师队伍建设']);
  ws.mergeCells('A3:E3');
  ws.addRow([1, '实施“青蓝工程”，全年培训骨干教师不少于300人次。', '人事科', '教师发展中心', new Date(Date.UTC(2024, 10, 30))]);
  ws.getCell('E4').numFmt = 'yyyy"年"m"月"d"日"';
  ws.addRow([2, '推进中小学教师“县管校聘”改革。', '人事科', '各中小学', '2024年12月底前']);
  ws.addRow(['二、办好公平优质教育']);
  ws.mergeCells('A6:E6');
  ws.addRow([3, '新增普惠性幼儿园学位600个，覆盖率达到92%以上。', '学前教育科', '', '2024年9月']);
  const hidden = wb.addWorksheet('说明', { state: 'hidden' });
  hidden.addRow(['不应出现的隐藏工作表']);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

describe('task tables in real documents', () => {
  it('docx: a Word table with spanning group rows and a leaders column', async () => {
    const plan = await parsePlan(await taskDocx(), '任务分解表.docx');
    expect(plan.format).toBe('docx');
    expect(plan.title).toBe('临海区教育局2022年重点工作任务分解表');
    expect(plan.year).toBe(2022);
    expect(plan.sections.map((s) => s.title)).toEqual(['落实立德树人根本任务', '推进教育优质均衡发展']);
    const ps = points(plan);
    expect(ps.map((p) => p.number)).toEqual([12, 13, 14]);
    expect(ps[0]?.units).toEqual([
      { name: '德育科', role: 'lead' },
      { name: '教研室', role: 'cooperating' },
      { name: '各中小学', role: 'cooperating' },
    ]);
    expect(ps[0]?.leaders).toEqual(['孙丽']);
    expect(ps[0]?.recurrence.map((r) => r.every)).toEqual(['semester']);
    expect(ps[1]?.units).toEqual([{ name: '体卫艺科', role: 'lead' }]);
    expect(ps[1]?.leaders).toEqual(['孙丽', '周涛']);
    expect(ps[1]?.targets).toEqual([expect.objectContaining({ value: 55, unit: '%', comparator: '>=' })]);
    expect(ps[2]?.deadlines).toEqual([{ date: '2022-09-01', phrase: '秋季开学前' }]);
  });

  it('docx: a real indicator table (mixed units, 以上/以下, a group row spanning it) gives indicators, no points', async () => {
    const cell = (text: string, columnSpan?: number): TableCell => new TableCell({ children: [new Paragraph(text)], columnSpan });
    const row = (cells: string[]): TableRow => new TableRow({ children: cells.map((c) => cell(c)) });
    const doc = new Document({
      sections: [
        {
          children: [
            new Paragraph('北塘区“十四五”教育发展规划'),
            new Paragraph('一、发展目标'),
            new Table({
              rows: [
                row(['序号', '指标', '单位', '2020年', '2025年', '属性']),
                new TableRow({ children: [cell('一、普及水平', 6)] }),
                row(['1', '高中阶段毛入学率', '%', '95', '98以上', '预期性']),
                row(['2', '劳动年龄人口平均受教育年限', '年', '11', '11.5', '预期性']),
                new TableRow({ children: [cell('二、办学条件', 6)] }),
                row(['3', '新增公办学位', '个', '—', '12000', '约束性']),
                row(['4', '义务教育大班额比例', '%', '2', '0.5以下', '约束性']),
              ],
            }),
            new Paragraph('二、主要任务'),
            new Paragraph('1.推进学前教育普惠发展。'),
          ],
        },
      ],
    });
    const plan = await parsePlan(new Uint8Array(await Packer.toBuffer(doc)), '规划.docx');
    expect(plan.period).toEqual({ from: 2021, to: 2025 });
    expect(plan.indicators.map((i) => [i.name, i.unit, i.baseline?.value ?? null, i.target?.value, i.target?.comparator])).toEqual([
      ['高中阶段毛入学率', '%', 95, 98, '>='],
      ['劳动年龄人口平均受教育年限', '年', 11, 11.5, '='],
      ['新增公办学位', '个', null, 12000, '='],
      ['义务教育大班额比例', '%', 2, 0.5, '<='],
    ]);
    expect(plan.sections.map((s) => s.title)).toEqual(['发展目标', '主要任务']);
    expect(points(plan).map((p) => p.title)).toEqual(['推进学前教育普惠发展']);
  });

  it('html: a government page with a task table, its site name first and its publication date ignored', async () => {
    const bytes = fs.readFileSync(path.resolve(__dirname, '..', 'fixtures', 'task-table-page.html'));
    const plan = await parsePlan(new Uint8Array(bytes), 'content_5678.html');
    expect(plan.format).toBe('html');
    expect(plan.title).toBe('青州市教育局2023年度重点工作任务清单');
    expect(plan.year).toBe(2023);
    expect(plan.sections.map((s) => [s.number, s.title])).toEqual([
      ['一', '深化教育综合改革'],
      ['二', '办好人民满意的教育'],
    ]);
    const ps = points(plan);
    expect(ps.map((p) => p.number)).toEqual([1, 2, 3]);
    // a cell's two paragraphs stay one task
    expect(ps[0]?.title).toBe('深化“县管校聘”管理改革，年内交流轮岗教师不少于150人');
    expect(ps[0]?.targets).toEqual([expect.objectContaining({ value: 150, unit: '人', comparator: '>=' })]);
    expect(ps[0]?.deadlines).toContainEqual({ date: '2023-08-31', phrase: '2023年8月底前' });
    expect(ps[1]?.units).toEqual([{ name: '基础教育科', role: 'lead' }]);
    expect(ps[2]?.units.map((u) => `${u.name}:${u.role}`)).toEqual(['学前教育科:lead', '发展规划科:cooperating', '财务科:cooperating']);
  });

  it('html: an article laid out in a table cell is not read as a table row', async () => {
    const html =
      '<html><body><table><tr><td class="side">导航</td><td><p>东湖区教育局2022年工作要点</p><p>一、加强党建</p>' +
      '<p>1.深入学习贯彻党的二十大精神。</p><p>2.新增学位200个。</p><p>二、推进改革</p><p>3.推进集团化办学。</p></td></tr></table></body></html>';
    const plan = await parsePlan(new Uint8Array(Buffer.from(html)), 'a.html');
    expect(plan.sections.map((s) => s.title)).toEqual(['加强党建', '推进改革']);
    expect(points(plan).map((p) => p.number)).toEqual([1, 2, 3]);
  });

  it('xlsx: a workbook is a plan format with the same contract; Excel dates are read as dates', async () => {
    const plan = await parsePlan(await taskXlsx(), '任务清单.xlsx');
    expect(plan.format).toBe('xlsx');
    expect(plan.encoding).toBe('utf-8');
    expect(plan.title).toBe('西山区教育局2024年重点工作任务清单');
    expect(plan.year).toBe(2024);
    expect(plan.sections.map((s) => s.title)).toEqual(['加强教师队伍建设', '办好公平优质教育']);
    const ps = points(plan);
    expect(ps.map((p) => p.number)).toEqual([1, 2, 3]);
    expect(ps[0]?.deadlines).toContainEqual({ date: '2024-11-30', phrase: '2024年11月30日' });
    expect(ps[0]?.targets).toEqual([expect.objectContaining({ value: 300, unit: '人次', comparator: '>=' })]);
    expect(ps[2]?.units).toEqual([{ name: '学前教育科', role: 'lead' }]);
    expect(ps[2]?.deadlines).toEqual([{ date: '2024-09-30', phrase: '2024年9月' }]);
    expect(JSON.stringify(plan)).not.toContain('隐藏工作表');
  });

  it('xlsx: the zip limits of the docx path apply (declared size over the limit is refused before inflating)', async () => {
    const bytes = await taskXlsx();
    await expectRefusal(parsePlan(bytes, 'a.xlsx', { maxUnzippedBytes: 1000 }), 'PLAN_ZIP_TOO_LARGE');
    const broken = new JSZip();
    broken.file('xl/workbook.xml', '<workbook><sheets><sheet name="a" r:id="rId1"/></sheets></workbook>');
    await expectRefusal(parsePlan(await broken.generateAsync({ type: 'uint8array' }), 'a.xlsx'), 'PLAN_EMPTY');
  });

  it('xlsx: damaged workbooks are refused or parsed, never a crash (property)', async () => {
    const good = await taskXlsx();
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.nat(good.length - 1), fc.integer({ min: 1, max: 255 })), { minLength: 1, maxLength: 8 }),
        async (hits) => {
          const bytes = good.slice();
          for (const [at, x] of hits) bytes[at] = (bytes[at] as number) ^ x;
          try {
            const plan = await parsePlan(bytes, 'a.xlsx');
            expect(['xlsx', 'txt', 'html']).toContain(plan.format);
          } catch (err) {
            expect(err).toBeInstanceOf(PlanRefusedError);
          }
        },
      ),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 40) },
    );
  });
});
