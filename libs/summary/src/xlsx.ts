import ExcelJS from 'exceljs';
import { percentText } from './format';
import type { SummaryDoc } from './model';

const COLUMNS: { header: string; width: number }[] = [
  { header: '章节', width: 8 },
  { header: '序号', width: 6 },
  { header: '工作要点', width: 28 },
  { header: '工作任务', width: 32 },
  { header: '责任单位', width: 30 },
  { header: '分派单位数', width: 10 },
  { header: '已完成', width: 8 },
  { header: '完成率', width: 9 },
  { header: '量化指标完成情况', width: 40 },
  { header: '未完成及原因', width: 44 },
  { header: '佐证材料', width: 16 },
];

export const COMPLETION_SHEET = '完成情况表';
export const EVIDENCE_SHEET = '佐证材料清单';

/** The completion table (one row per task, a 合计 row) and the evidence list, as .xlsx. */
export async function renderXlsx(doc: SummaryDoc): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Duban 督办';
  wb.title = doc.title;
  // fixed dates: the same data gives the same workbook
  wb.created = new Date(0);
  wb.modified = new Date(0);
  const ws = wb.addWorksheet(COMPLETION_SHEET, { views: [{ state: 'frozen', ySplit: 2 }] });
  ws.columns = COLUMNS.map((c) => ({ width: c.width }));
  ws.mergeCells(1, 1, 1, COLUMNS.length);
  ws.getCell(1, 1).value = `${doc.title} 完成情况表`;
  ws.getCell(1, 1).font = { bold: true, size: 14 };
  ws.getCell(1, 1).alignment = { horizontal: 'center' };
  const header = ws.getRow(2);
  COLUMNS.forEach((c, i) => (header.getCell(i + 1).value = c.header));
  header.font = { bold: true };
  for (const r of doc.table) {
    const row = ws.addRow([
      r.sectionNumber,
      r.pointNumber,
      r.pointTitle,
      r.taskTitle,
      r.units,
      r.assignments,
      r.approved,
      r.completionRate === null ? '' : `${percentText(r.completionRate)}%`,
      r.targets,
      r.unfinished,
      r.evidence,
    ]);
    row.alignment = { vertical: 'top', wrapText: true };
  }
  const assignments = doc.table.reduce((n, r) => n + r.assignments, 0);
  const approved = doc.table.reduce((n, r) => n + r.approved, 0);
  const total = ws.addRow(['合计', '', '', '', '', assignments, approved, `${percentText(doc.completionRate)}%`, '', '', '']);
  total.font = { bold: true };

  const ev = wb.addWorksheet(EVIDENCE_SHEET);
  ev.columns = [
    { header: '编号', width: 8 },
    { header: '文件名', width: 40 },
    { header: '提交单位', width: 24 },
    { header: '所属任务', width: 32 },
    { header: '审核状态', width: 10 },
    { header: '文件ID', width: 38 },
  ];
  ev.getRow(1).font = { bold: true };
  for (const e of doc.appendix) {
    ev.addRow([`佐证${e.n}`, e.fileName, e.unitName, e.taskTitle, e.reviewState === 'accepted' ? '已采纳' : '待审核', e.id]);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
