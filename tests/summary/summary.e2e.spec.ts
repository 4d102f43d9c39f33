import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import mammoth from 'mammoth';
import { percentText, SummaryService } from '@duban/summary';
import { request, startIsolatedApi, type TestApi } from '../support/api';
import { createUnit, createUser, login, withAuth } from '../support/auth';
import { addTarget, createAssignment, createPlan, createTask, type PlanFixture } from '../inbox/support/factories';

/**
 * The year-end summary through HTTP, read back (mammoth, exceljs, text) and checked against the
 * rows this test wrote: headings, figures beside targets, reasons, evidence, 完成率 = the roll-up.
 */
describe('year-end summary downloads', () => {
  let api: TestApi;
  let plan: PlanFixture;
  const tokens: Record<string, string> = {};
  const ids: Record<string, string> = {};

  const report = async (assignmentId: string, targetMetric: string, value: number) => {
    const [r] = await api.db.query(`insert into progress_reports (assignment_id, percent, narrative) values ($1, 100, '') returning id`, [
      assignmentId,
    ]);
    const [g] = await api.db.query(
      `select g.id from task_targets g join assignments a on a.task_id = g.task_id where a.id = $1 and g.metric = $2`,
      [assignmentId, targetMetric],
    );
    await api.db.query(
      `insert into target_actuals (progress_report_id, assignment_id, task_target_id, value, as_of) values ($1, $2, $3, $4, '2024-12-01')`,
      [r.id, assignmentId, g.id, value],
    );
  };
  let evidenceSeq = 0;
  const evidence = async (assignmentId: string, fileName: string, reviewState = 'accepted', reason: string | null = null) => {
    const sha = String(++evidenceSeq).padStart(64, 'a');
    const [row] = await api.db.query(
      `insert into evidence_files (assignment_id, file_name, storage_key, sha256, byte_size, mime, ext, review_state, review_reason, reviewed_at)
       values ($1, $2, $3, $4, 10, 'application/pdf', 'pdf', $5, $6, case when $5 = 'pending' then null else now() end) returning id`,
      [assignmentId, fileName, `evidence/aa/${sha}`, sha, reviewState, reason],
    );
    return row.id as string;
  };

  beforeAll(async () => {
    api = await startIsolatedApi();
    const db = api.db;
    ids.pre = (await createUnit(db, { type: 'department', name: '学前教育科' })).id;
    ids.basic = (await createUnit(db, { type: 'department', name: '基础教育科' })).id;
    ids.other = (await createUnit(db, { type: 'department', name: '财务科' })).id;
    ids.k1 = (await createUnit(db, { type: 'school', name: '滨河区实验幼儿园' })).id;
    ids.s1 = (await createUnit(db, { type: 'school', name: '滨河区实验小学' })).id;
    ids.s2 = (await createUnit(db, { type: 'school', name: '滨河中学' })).id;
    const who = async (key: string, spec: Parameters<typeof createUser>[1]) => {
      const u = await createUser(db, spec);
      tokens[key] = (await login(api.url, u.username, u.password)).accessToken;
    };
    await who('leader', { globalRoles: ['leader'] });
    await who('head', { units: [{ unitId: ids.pre, role: 'department_head' }] });
    await who('otherHead', { units: [{ unitId: ids.other, role: 'department_head' }] });
    await who('school', { units: [{ unitId: ids.s1, role: 'unit_member' }] });

    plan = await createPlan(db, '2024年滨河区教育工作要点');
    await db.query(`update plan_sections set title = '推进学前教育普惠发展' where id = $1`, [plan.sections[0].id]);
    await db.query(`update plan_sections set title = '扩充学前资源' where id = $1`, [plan.subSectionId]);
    await db.query(`update plan_sections set title = '促进义务教育优质均衡' where id = $1`, [plan.sections[1].id]);
    const [p1, p2, p3] = plan.points;
    await db.query(`update work_points set title = '新增学前学位' where id = $1`, [p1.id]);
    await db.query(`update work_points set title = '提高普惠性幼儿园覆盖率' where id = $1`, [p2.id]);
    await db.query(`update work_points set title = '全面开展课后服务' where id = $1`, [p3.id]);

    ids.t1 = await createTask(db, { planId: plan.planId, pointId: p1.id, title: '新建改扩建幼儿园', ownerUnitId: ids.pre });
    await addTarget(db, ids.t1, '新增学前学位', '>=', 2430, '个');
    ids.a1 = await createAssignment(db, { taskId: ids.t1, unitId: ids.pre, role: 'lead', state: 'approved', dueDate: '2024-12-31' });
    ids.a2 = await createAssignment(db, { taskId: ids.t1, unitId: ids.k1, role: 'cooperating', state: 'approved', dueDate: '2024-12-31' });
    await report(ids.a1, '新增学前学位', 1440);
    await report(ids.a2, '新增学前学位', 990);
    ids.e1 = await evidence(ids.a1, '幼儿园建设验收单.pdf');
    ids.e2 = await evidence(ids.a2, '学位统计表.pdf');
    await evidence(ids.a2, '被退回的材料.pdf', 'returned');

    ids.t2 = await createTask(db, { planId: plan.planId, pointId: p2.id, title: '普惠园认定', ownerUnitId: ids.pre });
    await addTarget(db, ids.t2, '普惠性幼儿园覆盖率', '>=', 80, '%');
    ids.a3 = await createAssignment(db, { taskId: ids.t2, unitId: ids.pre, role: 'lead', state: 'in_progress', dueDate: '2024-12-31' });
    await report(ids.a3, '普惠性幼儿园覆盖率', 70);
    await evidence(ids.a3, '普惠园名单.pdf', 'returned', '缺少盖章');

    ids.t3 = await createTask(db, { planId: plan.planId, pointId: p3.id, title: '课后服务全覆盖', ownerUnitId: ids.basic });
    await addTarget(db, ids.t3, '开展课后服务学校', '>=', 70, '所');
    ids.a4 = await createAssignment(db, { taskId: ids.t3, unitId: ids.s1, role: 'responsible', state: 'returned', dueDate: '2024-09-01' });
    await db.query(`insert into review_decisions (assignment_id, decision, reason) values ($1, 'return', '佐证材料缺少学生名单')`, [
      ids.a4,
    ]);
    ids.a5 = await createAssignment(db, {
      taskId: ids.t3,
      unitId: ids.s2,
      role: 'responsible',
      state: 'extension_requested',
      dueDate: '2024-09-01',
    });
  });

  afterAll(async () => {
    await api?.close();
  });

  const get = async (format: string, token = tokens.leader) =>
    fetch(`${api.url}/api/plans/${plan.planId}/summary.${format}`, withAuth(token));

  it('Markdown follows the plan, with figures beside targets, reasons and cited evidence, deterministically', async () => {
    const res = await get('md');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/markdown; charset=utf-8');
    const md = await res.text();
    const sections: { number: string; title: string; parent_id: string | null }[] = await api.db.query(
      `select number, title, parent_id from plan_sections where plan_id = $1 order by position`,
      [plan.planId],
    );
    for (const s of sections) {
      const number = s.number.replace(/[（）]/g, '');
      expect(md).toContain(s.parent_id ? `### （${number}）${s.title}\n` : `## ${number}、${s.title}\n`);
    }
    expect(md.split('\n')[0]).toBe('# 2024年滨河区教育工作总结');
    // 1440 + 990 reported by the two units against a target of 2430
    expect(md).toContain('新增学前学位2430个，完成目标的100%〔佐证1、2〕');
    expect(md).toContain(
      '“普惠园认定”由学前教育科承担，尚未完成（推进中，进度0%，此前佐证材料“普惠园名单.pdf”被退回，原因：缺少盖章），普惠性幼儿园覆盖率70%，完成目标的87.5%。',
    );
    expect(md).toContain('开展课后服务学校目标70所，尚未报告实际完成数');
    expect(md).toContain('滨河区实验小学（被退回，进度0%，退回原因：佐证材料缺少学生名单）');
    expect(md).toContain('滨河中学（申请延期，进度0%，申请延期至2024-10-01，理由：场地施工延误）');
    expect(md).toContain(`| 佐证1 | 幼儿园建设验收单.pdf | 学前教育科 | 新建改扩建幼儿园 | ${ids.e1} |`);
    expect(md).toContain(`| 佐证2 | 学位统计表.pdf | 滨河区实验幼儿园 | 新建改扩建幼儿园 | ${ids.e2} |`);
    expect(md).not.toContain('被退回的材料.pdf');
    expect(await (await get('md')).text()).toBe(md);
  });

  it('states 完成率X% equal to the roll-up', async () => {
    const md = await (await get('md')).text();
    const overview = await request<{ plans: { planId: string; completionRate: number }[] }>(
      `${api.url}/api/overview`,
      withAuth(tokens.leader),
    );
    const rate = overview.body.plans.find((p) => p.planId === plan.planId)!.completionRate;
    const [{ approved, live }] = await api.db.query(
      `select count(*) filter (where a.state = 'approved')::int as approved, count(*) filter (where a.state <> 'cancelled')::int as live
         from assignments a join tasks t on t.id = a.task_id where t.plan_id = $1`,
      [plan.planId],
    );
    expect(rate).toBeCloseTo(approved / live, 10);
    expect(md).toContain(`完成率${percentText(rate)}%`);
    expect(percentText(rate)).toBe('40');
    expect(md.match(/完成率[\d.]+%/)![0]).toBe(`完成率${percentText(rate)}%`);
  });

  it('.docx reads back to the same text, in the 公文 layout, with an RFC 5987 Chinese file name', async () => {
    const res = await get('docx');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    const title = '2024年滨河区教育工作总结';
    expect(res.headers.get('content-disposition')).toBe(
      `attachment; filename="2024_.docx"; filename*=UTF-8''${encodeURIComponent(`${title}.docx`)}`,
    );
    const bytes = Buffer.from(await res.arrayBuffer());
    const text = (await mammoth.extractRawText({ buffer: bytes })).value;
    expect(text).toContain(title);
    expect(text).toContain('一、推进学前教育普惠发展');
    expect(text).toContain('（一）扩充学前资源');
    expect(text).toContain('新增学前学位2430个，完成目标的100%');
    expect(text).toContain('完成率40%');
    expect(text).toContain(`佐证1\u3000幼儿园建设验收单.pdf（学前教育科；新建改扩建幼儿园）文件ID：${ids.e1}`);
    const again = Buffer.from(await (await get('docx')).arrayBuffer());
    expect((await mammoth.extractRawText({ buffer: again })).value).toBe(text);

    const zip = await JSZip.loadAsync(bytes);
    const xml = await zip.file('word/document.xml')!.async('string');
    expect(xml).toMatch(/<w:pgSz w:w="11906" w:h="16838"/);
    expect(xml).toContain('w:eastAsia="方正小标宋简体"');
    expect(xml).toContain('w:eastAsia="仿宋_GB2312"');
    expect(xml).toContain('w:eastAsia="黑体"');
    expect(xml).toContain('w:eastAsia="楷体_GB2312"');
    expect(xml).toContain('<w:sz w:val="44"/>');
    expect(xml).toContain('<w:sz w:val="32"/>');
    const footers = Object.keys(zip.files).filter((f) => /^word\/footer\d*\.xml$/.test(f));
    const footer = (await Promise.all(footers.map((f) => zip.file(f)!.async('string')))).join('');
    expect(footer).toContain('— ');
    expect(footer).toMatch(/PAGE/);
  });

  it('.xlsx carries the completion table and the evidence list', async () => {
    const res = await get('xlsx');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toContain(`filename*=UTF-8''${encodeURIComponent('2024年滨河区教育工作总结.xlsx')}`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await res.arrayBuffer()) as ExcelJS.Buffer);
    const ws = wb.getWorksheet('完成情况表')!;
    const rows = new Map<string, ExcelJS.Row>();
    for (let r = 3; r <= ws.rowCount; r++) rows.set(String(ws.getRow(r).getCell(4).value || ws.getRow(r).getCell(1).value), ws.getRow(r));
    const tasks: { title: string; n: number; approved: number }[] = await api.db.query(
      `select t.title, count(a.*)::int as n, count(*) filter (where a.state = 'approved')::int as approved
         from tasks t join assignments a on a.task_id = t.id where t.plan_id = $1 group by t.title`,
      [plan.planId],
    );
    for (const t of tasks) {
      const row = rows.get(t.title)!;
      expect(row.getCell(6).value).toBe(t.n);
      expect(row.getCell(7).value).toBe(t.approved);
    }
    expect(rows.get('新建改扩建幼儿园')!.getCell(9).value).toBe('新增学前学位：目标2430个，实际2430个');
    expect(rows.get('合计')!.getCell(8).value).toBe('40%');
    const ev = wb.getWorksheet('佐证材料清单')!;
    expect(ev.getRow(2).getCell(6).value).toBe(ids.e1);
    expect(ev.getRow(3).getCell(3).value).toBe('滨河区实验幼儿园');
  });

  it('is for leaders and the plan department: a school gets 403, another department 404', async () => {
    expect((await get('md', tokens.head)).status).toBe(200);
    expect((await get('docx', tokens.school)).status).toBe(403);
    expect((await get('md', tokens.otherHead)).status).toBe(404);
    expect((await fetch(`${api.url}/api/plans/00000000-0000-4000-8000-000000000000/summary.md`, withAuth(tokens.leader))).status).toBe(404);
  });

  it('a large plan is generated by the worker job and served from storage until the data changes', async () => {
    const service = api.app.get(SummaryService);
    const before = service.syncMaxAssignments;
    service.syncMaxAssignments = 1;
    try {
      const first = await request<{ exportId: string; status: string }>(
        `${api.url}/api/plans/${plan.planId}/summary.md`,
        withAuth(tokens.leader),
      );
      expect(first.status).toBe(202);
      expect(first.body.status).toBe('pending');
      // the same request again: the same export, no second job
      const second = await request<{ exportId: string }>(`${api.url}/api/plans/${plan.planId}/summary.md`, withAuth(tokens.leader));
      expect(second.body.exportId).toBe(first.body.exportId);
      await service.runExport(first.body.exportId); // what the worker's SummaryProcessor runs
      const done = await get('md');
      expect(done.status).toBe(200);
      service.syncMaxAssignments = before;
      expect(await done.text()).toBe(await (await get('md')).text());
      service.syncMaxAssignments = 1;
      // any change of the data: a new export
      await api.db.query(`update assignments set progress_percent = 50, updated_at = now(), version = version + 1 where id = $1`, [ids.a3]);
      const after = await request<{ exportId: string }>(`${api.url}/api/plans/${plan.planId}/summary.md`, withAuth(tokens.leader));
      expect(after.status).toBe(202);
      expect(after.body.exportId).not.toBe(first.body.exportId);
      // a job that gave up: the next download says so and starts one more
      await api.db.query(`update summary_exports set status = 'failed', error = '存储不可用' where id = $1`, [after.body.exportId]);
      const failed = await request<{ exportId: string; status: string; error: string }>(
        `${api.url}/api/plans/${plan.planId}/summary.md`,
        withAuth(tokens.leader),
      );
      expect(failed.status).toBe(202);
      expect(failed.body).toMatchObject({ exportId: after.body.exportId, status: 'failed', error: '存储不可用' });
      const [row] = await api.db.query(`select status from summary_exports where id = $1`, [after.body.exportId]);
      expect(row.status).toBe('pending');
    } finally {
      service.syncMaxAssignments = before;
    }
  });
});
