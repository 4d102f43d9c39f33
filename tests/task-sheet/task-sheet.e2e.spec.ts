import ExcelJS from 'exceljs';
import { request as anonymous, startIsolatedApi, type TestApi } from '../support/api';
import { createUnit, createUser, login, withAuth } from '../support/auth';
import { addTarget, createAssignment, createPlan, createTask, type PlanFixture } from '../inbox/support/factories';

const HEADERS = ['序号', '工作任务', '具体内容', '牵头单位', '配合单位', '责任人', '完成时限', '量化指标', '状态'];

interface RowError {
  row: number;
  column: string | null;
  code: string;
  reason: string;
  value: string | null;
}
interface Report {
  dryRun: boolean;
  applied: boolean;
  rows: number;
  unchanged: number;
  changes: { ownersChanged: number; tasksUpdated: number; changeRequests: number };
  errors: RowError[];
}

describe('任务分解表 export and import', () => {
  let api: TestApi;
  let plan: PlanFixture;
  const units: Record<string, string> = {};
  const people: Record<string, string> = {};
  const tokens: Record<string, string> = {};
  const tasks: Record<string, string> = {};

  beforeAll(async () => {
    // a database of its own: admins and leaders see every assignment in it
    api = await startIsolatedApi();
    const db = api.db;
    units.deptA = (await createUnit(db, { type: 'department', name: '基础教育科' })).id;
    units.deptB = (await createUnit(db, { type: 'department', name: '学前教育科' })).id;
    units.s1 = (await createUnit(db, { type: 'school', name: '东丽区实验小学' })).id;
    units.s2 = (await createUnit(db, { type: 'school', name: '东丽中学' })).id;
    const person = async (key: string, displayName: string, unitId: string, role: 'unit_member' | 'department_head' = 'unit_member') => {
      const u = await createUser(db, { displayName, units: [{ unitId, role }] });
      people[key] = u.id;
      return u;
    };
    const head = await person('head', '王科长', units.deptA, 'department_head');
    const member = await person('zhang', '张老师', units.s1);
    await person('li', '李老师', units.s1);
    await person('fang1', '王芳', units.s2);
    await person('fang2', '王芳', units.s2);
    await person('zhao', '赵老师', units.s2);
    await person('deptBmember', '陈主任', units.deptB);
    const headB = await person('headB', '刘科长', units.deptB, 'department_head');
    tokens.headB = (await login(api.url, headB.username, headB.password)).accessToken;
    tokens.head = (await login(api.url, head.username, head.password)).accessToken;
    tokens.member = (await login(api.url, member.username, member.password)).accessToken;
    const admin = await createUser(db, { globalRoles: ['admin'] });
    tokens.admin = (await login(api.url, admin.username, admin.password)).accessToken;

    plan = await createPlan(db, '2024年东丽区教育工作要点');
    const [p1, p2, p3] = plan.points;
    tasks.t1 = await createTask(db, {
      planId: plan.planId,
      pointId: p1.id,
      position: 1,
      title: '推进学前教育普惠发展',
      description: '新建、改扩建幼儿园，新增学前学位',
      ownerUnitId: units.deptA,
      dueDate: '2024-12-31',
    });
    await addTarget(db, tasks.t1, '新增学位', '>=', 2430, '个');
    await addTarget(db, tasks.t1, '普惠性幼儿园覆盖率', '>=', 80, '%');
    await createAssignment(db, { taskId: tasks.t1, unitId: units.deptB, role: 'lead', state: 'in_progress', dueDate: '2024-12-31' });
    await createAssignment(db, {
      taskId: tasks.t1,
      unitId: units.s1,
      role: 'cooperating',
      state: 'submitted',
      dueDate: '2024-12-31',
      ownerUserId: people.zhang,
    });
    await createAssignment(db, { taskId: tasks.t1, unitId: units.s2, role: 'cooperating', state: 'approved', dueDate: '2024-12-31' });
    tasks.t2 = await createTask(db, {
      planId: plan.planId,
      pointId: p2.id,
      position: 1,
      title: '制定课后服务实施方案',
      ownerUnitId: units.deptA,
      dueDate: '2024-06-30',
    });
    tasks.t3 = await createTask(db, {
      planId: plan.planId,
      pointId: p3.id,
      position: 1,
      title: '开展校园安全专项整治',
      ownerUnitId: units.deptA,
      dueDate: '2024-09-01',
    });
    await createAssignment(db, {
      taskId: tasks.t3,
      unitId: units.s2,
      role: 'responsible',
      state: 'assigned',
      dueDate: '2024-09-01',
      ownerUserId: people.fang1,
    });
  });

  afterAll(async () => {
    await api?.close();
  });

  const exportSheet = async (token: string): Promise<Buffer> => {
    const res = await fetch(`${api.url}/api/plans/${plan.planId}/task-sheet.xlsx`, withAuth(token));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('spreadsheetml');
    expect(res.headers.get('content-disposition')).toContain('attachment');
    return Buffer.from(await res.arrayBuffer());
  };
  const load = async (bytes: Buffer) => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(bytes as unknown as ExcelJS.Buffer);
    return wb;
  };
  /** Edits cells of the rows of given tasks (by the hidden id column) and returns the new bytes. */
  const edit = async (bytes: Buffer, change: (ws: ExcelJS.Worksheet, rowOf: (taskId: string) => ExcelJS.Row) => void) => {
    const wb = await load(bytes);
    const ws = wb.getWorksheet('任务分解表') as ExcelJS.Worksheet;
    const rowOf = (taskId: string) => {
      for (let r = 3; r <= ws.rowCount; r++) if (ws.getRow(r).getCell(10).value === taskId) return ws.getRow(r);
      throw new Error(`no row for ${taskId}`);
    };
    change(ws, rowOf);
    return Buffer.from(await wb.xlsx.writeBuffer());
  };
  const importSheet = async (bytes: Buffer, dryRun: boolean, token = tokens.head) => {
    const form = new FormData();
    form.append('file', new Blob([bytes]), '任务分解表.xlsx');
    return anonymous<Report & { error: { code: string; details: { errors: RowError[] } } }>(
      `${api.url}/api/plans/${plan.planId}/task-sheet/import?dryRun=${dryRun}`,
      withAuth(token, { method: 'POST', body: form }),
    );
  };
  const snapshot = async () => ({
    tasks: await api.db.query(`select id, title, description, due_date::text, version from tasks order by id`),
    assignments: await api.db.query(`select id, owner_user_id, due_date::text, state, version from assignments order by id`),
    changes: await api.db.query(`select id, task_id, proposed, status from task_change_requests order by id`),
  });

  it('exports the 任务分解表 with the Chinese headers, one row per task, hidden id and version', async () => {
    const wb = await load(await exportSheet(tokens.head));
    const ws = wb.getWorksheet('任务分解表') as ExcelJS.Worksheet;
    expect(ws.getRow(1).getCell(1).value).toBe('2024年东丽区教育工作要点 任务分解表');
    expect((ws.getRow(2).values as unknown[]).slice(1, 10)).toEqual(HEADERS);
    expect(ws.getColumn(10).hidden).toBe(true);
    expect(ws.getColumn(11).hidden).toBe(true);
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 2 });
    expect(ws.rowCount).toBe(5);

    const cells = (r: number) => (ws.getRow(r).values as unknown[]).slice(1);
    const [seq, title, description, lead, cooperating, owners, due, targets, state, id, version] = cells(3);
    expect({ seq, title, description, lead, cooperating, owners, targets, id }).toEqual({
      seq: 1,
      title: '推进学前教育普惠发展',
      description: '新建、改扩建幼儿园，新增学前学位',
      lead: '学前教育科',
      cooperating: '东丽区实验小学、东丽中学', // pinyin order
      owners: '东丽区实验小学：张老师',
      targets: '新增学位≥2430个；普惠性幼儿园覆盖率≥80%',
      id: tasks.t1,
    });
    expect((due as Date).toISOString().slice(0, 10)).toBe('2024-12-31');
    expect(ws.getRow(3).getCell(7).numFmt).toBe('yyyy-mm-dd');
    expect(state).toBe('进行中 1、待审核 1、已完成 1');
    expect(version).toMatch(/^v1\.[0-9a-f]{12}$/);

    expect(cells(4).slice(1, 9)).toEqual(
      ['制定课后服务实施方案', null, null, null, null, expect.any(Date), null, '未分派'].map((v) => v ?? undefined),
    );
    expect(cells(5)[5]).toBe(
      '东丽中学：王芳（' + (await api.db.query(`select username from users where id = $1`, [people.fang1]))[0].username + '）',
    );
  });

  it('refuses a school without plans:read; another department exports only the tasks it may see', async () => {
    const refused = await fetch(`${api.url}/api/plans/${plan.planId}/task-sheet.xlsx`, withAuth(tokens.member));
    expect(refused.status).toBe(403);
    // 学前教育科 leads task 1 of a plan 基础教育科 owns: it gets that row, not the other two
    const wb = await load(await exportSheet(tokens.headB));
    const ws = wb.getWorksheet('任务分解表') as ExcelJS.Worksheet;
    expect(ws.rowCount).toBe(3);
    expect(ws.getRow(3).getCell(10).value).toBe(tasks.t1);
    expect(ws.getRow(3).getCell(6).value).toBe('东丽区实验小学：张老师');
  });

  it('round trip: importing the export unedited changes nothing (dry run and real run)', async () => {
    const before = await snapshot();
    const audits = Number((await api.db.query(`select count(*) from audit_events where action = 'task_sheet.imported'`))[0].count);
    const bytes = await exportSheet(tokens.head);
    const dry = await importSheet(bytes, true);
    expect(dry.status).toBe(200);
    expect(dry.body).toMatchObject({ dryRun: true, applied: false, rows: 3, unchanged: 3, errors: [] });
    expect(dry.body.changes).toEqual({ ownersChanged: 0, tasksUpdated: 0, changeRequests: 0 });
    const real = await importSheet(bytes, false);
    expect(real.status).toBe(200);
    expect(real.body).toMatchObject({ dryRun: false, applied: true, rows: 3, unchanged: 3, errors: [] });
    expect(real.body.changes).toEqual({ ownersChanged: 0, tasksUpdated: 0, changeRequests: 0 });
    expect(await snapshot()).toEqual(before);
    // one audit event per real run, with its counts
    const [event] = await api.db.query(`select after from audit_events where action = 'task_sheet.imported' order by id desc limit 1`);
    expect(Number((await api.db.query(`select count(*) from audit_events where action = 'task_sheet.imported'`))[0].count)).toBe(
      audits + 1,
    );
    expect(event.after).toEqual({ rows: 3, unchanged: 3, ownersChanged: 0, tasksUpdated: 0, changeRequests: 0 });
  });

  it('reports every kind of bad row in a dry run, and a real run refuses the whole sheet', async () => {
    const exported = await exportSheet(tokens.head);
    // someone edits task 3 after the export: its row is now stale
    await api.db.query(`update tasks set title = '开展校园安全专项整治行动', version = version + 1 where id = $1`, [tasks.t3]);
    const bytes = await edit(exported, (ws, rowOf) => {
      rowOf(tasks.t1).getCell(5).value = '东丽中学'; // read-only 配合单位
      rowOf(tasks.t1).getCell(6).value = '东丽区实验小学：查无此人；东丽中学：王芳'; // unknown and ambiguous owners
      rowOf(tasks.t2).getCell(7).value = '下周五'; // not a date
      rowOf(tasks.t3).getCell(2).value = '开展校园安全专项整治（修订）'; // stale
      ws.addRow([4, '凭空出现的任务', '', '', '', '', '2024-12-31', '', '', '00000000-0000-4000-8000-000000000000', 'v1.x']);
      ws.addRow([5, '又一个', '', '', '', '', '2024-12-31', '', '', '', '']);
      const dup = ws.addRow((rowOf(tasks.t2).values as ExcelJS.CellValue[]).slice(1));
      dup.getCell(2).value = '重复的行';
    });
    const before = await snapshot();
    const dry = await importSheet(bytes, true);
    expect(dry.status).toBe(200);
    const codes = dry.body.errors.map((e) => `${e.row}:${e.column}:${e.code}`).sort();
    expect(codes).toEqual(
      [
        '3:配合单位:READ_ONLY_COLUMN',
        '3:责任人:UNKNOWN_OWNER',
        '3:责任人:AMBIGUOUS_OWNER',
        '4:完成时限:BAD_DATE',
        '5:版本:STALE_ROW',
        '6:任务ID:UNKNOWN_TASK',
        '7:任务ID:ROW_WITHOUT_ID',
        '8:任务ID:DUPLICATE_TASK',
      ].sort(),
    );
    for (const e of dry.body.errors) expect(e.reason).toMatch(/[\u4e00-\u9fa5]/);
    expect(dry.body.errors.find((e) => e.code === 'BAD_DATE')?.value).toBe('下周五');
    expect(await snapshot()).toEqual(before);

    const real = await importSheet(bytes, false);
    expect(real.status).toBe(422);
    expect(real.body.error.code).toBe('TASK_SHEET_ROW_ERRORS');
    expect(real.body.error.details.errors.length).toBe(dry.body.errors.length);
    expect(await snapshot()).toEqual(before);
  });

  it('applies an edited owner at once', async () => {
    const bytes = await edit(await exportSheet(tokens.head), (_ws, rowOf) => {
      rowOf(tasks.t1).getCell(6).value = '东丽区实验小学：李老师；东丽中学：赵老师';
    });
    const dry = await importSheet(bytes, true);
    expect(dry.body.errors).toEqual([]);
    expect(dry.body.changes).toEqual({ ownersChanged: 2, tasksUpdated: 0, changeRequests: 0 });
    const owners = async () =>
      (await api.db.query(`select unit_id, owner_user_id from assignments where task_id = $1`, [tasks.t1])) as {
        unit_id: string;
        owner_user_id: string | null;
      }[];
    expect((await owners()).find((a) => a.unit_id === units.s1)?.owner_user_id).toBe(people.zhang);
    const real = await importSheet(bytes, false);
    expect(real.status).toBe(200);
    expect(real.body.changes.ownersChanged).toBe(2);
    const after = await owners();
    expect(after.find((a) => a.unit_id === units.s1)?.owner_user_id).toBe(people.li);
    expect(after.find((a) => a.unit_id === units.s2)?.owner_user_id).toBe(people.zhao);
    expect(after.find((a) => a.unit_id === units.deptB)?.owner_user_id).toBeNull();
  });

  it('turns a new deadline of an assigned task into a pending change request, and applies it to an unassigned one', async () => {
    const bytes = await edit(await exportSheet(tokens.head), (_ws, rowOf) => {
      rowOf(tasks.t1).getCell(7).value = new Date('2025-03-31T00:00:00Z');
      rowOf(tasks.t2).getCell(7).value = '2024/7/15';
      rowOf(tasks.t2).getCell(2).value = '制定并落实课后服务实施方案';
    });
    const res = await importSheet(bytes, false);
    expect(res.status).toBe(200);
    expect(res.body.changes).toEqual({ ownersChanged: 0, tasksUpdated: 1, changeRequests: 1 });
    const [t1] = await api.db.query(`select due_date::text as due from tasks where id = $1`, [tasks.t1]);
    expect(t1.due).toBe('2024-12-31');
    const dueOfT1 = await api.db.query(`select distinct due_date::text as due from assignments where task_id = $1`, [tasks.t1]);
    expect(dueOfT1).toEqual([{ due: '2024-12-31' }]);
    const requests = await api.db.query(`select kind, status, proposed, requested_by from task_change_requests where task_id = $1`, [
      tasks.t1,
    ]);
    expect(requests).toEqual([{ kind: 'adjust', status: 'pending', proposed: { dueDate: '2025-03-31' }, requested_by: people.head }]);
    const [t2] = await api.db.query(`select due_date::text as due, title, version from tasks where id = $1`, [tasks.t2]);
    expect(t2).toEqual({ due: '2024-07-15', title: '制定并落实课后服务实施方案', version: 2 });

    // a second deadline change waits until the first is decided
    const again = await edit(await exportSheet(tokens.head), (_ws, rowOf) => {
      rowOf(tasks.t1).getCell(7).value = new Date('2025-06-30T00:00:00Z');
    });
    const refused = await importSheet(again, true);
    expect(refused.body.errors.map((e) => e.code)).toEqual(['CHANGE_PENDING']);
  });

  it('refuses imports from users who cannot manage tasks, files that are no workbook, and oversized files', async () => {
    const bytes = await exportSheet(tokens.head);
    expect((await importSheet(bytes, true, tokens.member)).status).toBe(403);
    const notXlsx = await importSheet(Buffer.from('序号,工作任务\n1,x\n'), true);
    expect(notXlsx.status).toBe(422);
    expect(notXlsx.body.error.code).toBe('TASK_SHEET_UNREADABLE');
    const big = await importSheet(Buffer.alloc(10 * 1024 * 1024 + 10, 1), true);
    expect(big.status).toBe(413);
    const missingPlan = await fetch(`${api.url}/api/plans/00000000-0000-4000-8000-000000000000/task-sheet.xlsx`, withAuth(tokens.head));
    expect(missingPlan.status).toBe(404);
  });

  it('refuses edits by a head of another department (not the task owner)', async () => {
    const other = await createUser(api.db, { units: [{ unitId: units.deptB, role: 'department_head' }] });
    const token = (await login(api.url, other.username, other.password)).accessToken;
    const bytes = await edit(await exportSheet(token), (_ws, rowOf) => {
      rowOf(tasks.t1).getCell(3).value = '改写的具体内容';
    });
    const res = await importSheet(bytes, true, token);
    expect(res.body.errors.map((e) => e.code)).toEqual(['NOT_TASK_OWNER']);
  });
});
