import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parsePlan } from '@duban/plan-parser';
import { request, startIsolatedApi, type TestApi } from '../support/api';
import { createUnit, createUser, login, withAuth } from '../support/auth';
import { createAssignment } from '../inbox/support/factories';

interface Target {
  taskTargetId: string;
  taskTitle: string;
  metric: string;
}
interface Proposal {
  id: string;
  phrase: string;
  value: number;
  status: string;
  confidence: number;
  target: Target | null;
  nearest: (Target & { confidence: number }) | null;
  assignmentId: string | null;
  unitName: string | null;
  progressReportId: string | null;
  decidedByName: string | null;
}
interface Reconciliation {
  id: string;
  statements: number;
  matched: number;
  unmatched: number;
  unreported: Target[];
  proposals: Proposal[];
  error?: { code: string };
}

const fixture = (name: string) => readFileSync(path.join(__dirname, '../fixtures/summary', name));

/**
 * A plan and a year-end summary of the same district (tests/fixtures/summary), the plan's rows
 * written from the parsed plan fixture (one task per point, its targets), the summary uploaded:
 * every figure whose answer is known lands on its target; a head confirms and rejects one by one.
 */
describe('plan ↔ summary reconciliation through the API', () => {
  let api: TestApi;
  let planId: string;
  const tokens: Record<string, string> = {};
  const targetOf: Record<string, string> = {};
  const assignmentOf: Record<string, string> = {};
  let rec: Reconciliation;

  beforeAll(async () => {
    api = await startIsolatedApi();
    const db = api.db;
    const dept = (await createUnit(db, { type: 'department', name: '学前教育科' })).id;
    const school = (await createUnit(db, { type: 'school', name: '滨河小学' })).id;
    const school2 = (await createUnit(db, { type: 'school', name: '滨河中学' })).id;
    const head = await createUser(db, { units: [{ unitId: dept, role: 'department_head' }] });
    const member = await createUser(db, { units: [{ unitId: school, role: 'unit_member' }] });
    const leader = await createUser(db, { globalRoles: ['leader'] });
    tokens.head = (await login(api.url, head.username, head.password)).accessToken;
    tokens.school = (await login(api.url, member.username, member.password)).accessToken;
    tokens.leader = (await login(api.url, leader.username, leader.password)).accessToken;

    const parsed = await parsePlan(fixture('plan-2024.txt'), 'plan-2024.txt');
    [{ id: planId }] = await db.query(
      `insert into plans (status, title, year, confirmed_at, created_by) values ('confirmed', $1, 2024, now(), $2) returning id`,
      [parsed.title, head.id],
    );
    let position = 0;
    for (const s of parsed.sections) {
      const [{ id: sectionId }] = await db.query(
        `insert into plan_sections (plan_id, number, ordinal, position, title, text) values ($1, $2, $3, $4, $5, '') returning id`,
        [planId, s.number, s.ordinal, position++, s.title],
      );
      for (const p of s.points) {
        const [{ id: pointId }] = await db.query(
          `insert into work_points (plan_id, section_id, number, position, title, text, line) values ($1, $2, $3, $3, $4, $5, $6) returning id`,
          [planId, sectionId, p.number, p.title, p.text, p.line],
        );
        const [{ id: taskId }] = await db.query(
          `insert into tasks (plan_id, point_id, position, title, owner_unit_id, due_date) values ($1, $2, 0, $3, $4, '2024-12-31') returning id`,
          [planId, pointId, p.title, dept],
        );
        // point 3 (课后服务) is the schools' own work: two responsible units, no lead
        if (p.number === 3) {
          assignmentOf[`${p.number}a`] = await createAssignment(db, { taskId, unitId: school, role: 'responsible', dueDate: '2024-12-31' });
          assignmentOf[`${p.number}b`] = await createAssignment(db, {
            taskId,
            unitId: school2,
            role: 'responsible',
            dueDate: '2024-12-31',
          });
        } else {
          assignmentOf[p.number] = await createAssignment(db, { taskId, unitId: dept, role: 'lead', dueDate: '2024-12-31' });
        }
        for (const [i, t] of p.targets.entries()) {
          const [{ id }] = await db.query(
            `insert into task_targets (task_id, position, phrase, metric, value, unit, comparator) values ($1, $2, $3, $4, $5, $6, $7) returning id`,
            [taskId, i, t.phrase, t.metric, t.value, t.unit, t.comparator],
          );
          targetOf[t.metric] = id;
        }
      }
    }
    const form = new FormData();
    form.append('file', new Blob([fixture('summary-2024.txt')]), '滨河区2024年教育工作总结.txt');
    const res = await request<Reconciliation>(
      `${api.url}/api/plans/${planId}/summary/reconciliations`,
      withAuth(tokens.head, { method: 'POST', body: form }),
    );
    expect(res.status).toBe(201);
    rec = res.body;
  });

  afterAll(async () => {
    await api?.close();
  });

  const proposal = (phrase: string) => rec.proposals.find((p) => p.phrase === phrase)!;
  const act = (p: Proposal, action: 'confirm' | 'reject', body: unknown = {}, token = tokens.head) =>
    request<Proposal & { error?: { code: string } }>(
      `${api.url}/api/plans/${planId}/summary/reconciliations/${rec.id}/proposals/${p.id}/${action}`,
      withAuth(token, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
    );

  it('matches the known figures to their targets with confidence, and reports what did not match', () => {
    expect(rec.statements).toBe(11);
    expect(rec.matched).toBe(9);
    expect(rec.unmatched).toBe(2);
    const expected: Record<string, string> = {
      全年新建幼儿园3所: '改扩建幼儿园',
      新增学前学位990个: '新增学前学位',
      全区普惠性幼儿园覆盖率达到87: '普惠性幼儿园覆盖率',
      公办园在园幼儿占比52: '公办园在园幼儿占比',
      开展课后服务的学校达到72所: '开展课后服务的学校',
      参与学生2: '参与学生',
      培训骨干教师620人: '培训骨干教师',
      新招聘教师118名: '新招聘教师',
      排查整改隐患326处: '排查整改隐患',
    };
    for (const [prefix, metric] of Object.entries(expected)) {
      const p = rec.proposals.find((x) => x.phrase.startsWith(prefix))!;
      expect({ prefix, target: p.target?.taskTargetId }).toEqual({ prefix, target: targetOf[metric] });
      expect(p.status).toBe('proposed');
      expect(p.confidence).toBeGreaterThanOrEqual(0.55);
    }
    const unmatched = rec.proposals.filter((p) => p.status === 'unmatched');
    expect(unmatched.map((p) => p.phrase).sort()).toEqual(['全区建成智慧教室45间', '全年组织安全检查4次'].sort());
    expect(unmatched.every((p) => p.target === null && p.confidence === 0)).toBe(true);
    expect(rec.unreported).toEqual([]);
  });

  it('confirming records the actual on the lead assignment like a progress report, audited; the summary shows it', async () => {
    const p = proposal('新增学前学位990个');
    const res = await act(p, 'confirm', { reason: '与统计报表一致' });
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('confirmed');
    expect(res.body.assignmentId).toBe(assignmentOf[1]);
    expect(res.body.unitName).toBe('学前教育科');
    expect(res.body.decidedByName).toBeTruthy();
    const [actual] = await api.db.query(
      `select x.value::float8 as value, r.narrative from target_actuals x join progress_reports r on r.id = x.progress_report_id
        where x.task_target_id = $1 and x.assignment_id = $2`,
      [targetOf['新增学前学位'], assignmentOf[1]],
    );
    expect(actual).toEqual({ value: 990, narrative: '年度工作总结核对确认：新增学前学位990个' });
    const [audit] = await api.db.query(`select action, after from audit_events where object_type = 'summary_proposal' and object_id = $1`, [
      p.id,
    ]);
    expect(audit.action).toBe('summary.proposal_confirmed');
    expect(audit.after.value).toBe(990);
    const md = await (await fetch(`${api.url}/api/plans/${planId}/summary.md`, withAuth(tokens.leader))).text();
    expect(md).toContain('新增学前学位990个，完成目标的40.7%');

    const again = await act(p, 'confirm');
    expect(again.status).toBe(409);
    expect(again.body.error?.code).toBe('SUMMARY_PROPOSAL_DECIDED');
  });

  it('rejecting records nothing; an unmatched figure cannot be confirmed; several units need a choice', async () => {
    const r = proposal('新招聘教师118名');
    const res = await act(r, 'reject', { reason: '口径不同' });
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('rejected');
    expect(await api.db.query(`select 1 from target_actuals where task_target_id = $1`, [targetOf['新招聘教师']])).toEqual([]);
    const [audit] = await api.db.query(`select action from audit_events where object_id = $1`, [r.id]);
    expect(audit.action).toBe('summary.proposal_rejected');

    const u = rec.proposals.find((p) => p.status === 'unmatched')!;
    expect((await act(u, 'confirm')).body.error?.code).toBe('SUMMARY_PROPOSAL_UNMATCHED');

    const schools = proposal('开展课后服务的学校达到72所');
    const choose = await act(schools, 'confirm');
    expect(choose.status).toBe(422);
    expect(choose.body.error?.code).toBe('SUMMARY_ASSIGNMENT_REQUIRED');
    const chosen = await act(schools, 'confirm', { assignmentId: assignmentOf['3a'] });
    expect(chosen.status).toBe(200);
    expect(chosen.body.unitName).toBe('滨河小学');
  });

  it('is the plan department heads’ work: a school gets 403, a leader may not confirm (403)', async () => {
    const p = proposal('培训骨干教师620人');
    expect((await act(p, 'confirm', {}, tokens.school)).status).toBe(403);
    expect((await act(p, 'confirm', {}, tokens.leader)).status).toBe(403);
    const get = await request<Reconciliation>(`${api.url}/api/plans/${planId}/summary/reconciliations/${rec.id}`, withAuth(tokens.head));
    expect(get.status).toBe(200);
    expect(get.body.proposals.find((x) => x.id === p.id)!.status).toBe('proposed');
    const list = await request<{ items: { id: string; statements: number; confirmed: number; rejected: number; unmatched: number }[] }>(
      `${api.url}/api/plans/${planId}/summary/reconciliations`,
      withAuth(tokens.head),
    );
    expect(list.body.items).toEqual([expect.objectContaining({ id: rec.id, statements: 11, confirmed: 2, rejected: 1, unmatched: 2 })]);
  });
});
