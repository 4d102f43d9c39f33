import type { Page } from 'playwright-core';
import { jsonInit, request, startIsolatedApi, type TestApi } from '../support/api';
import { createUnit, createUser, login, withAuth, type TestUser } from '../support/auth';
import { ensureWebBuilt, launchBrowser, pageErrors, screenshot, signInAs, type TestBrowser } from '../support/web';

jest.setTimeout(300_000);

// a 1×1 PNG: real image bytes, so the API's content check accepts it and the preview can show it
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n' +
    '3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 100]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
  'latin1',
);
const YEAR = new Date(Date.now() + 8 * 3600_000).getUTCFullYear();
const TITLE = `示范区教育局${YEAR}年工作要点<script>alert(1)</script>`;

/**
 * The main journey in a real browser against the real API: a department head imports a plan,
 * confirms it and assigns a task to all primary schools; a school member reports progress,
 * uploads evidence and submits; the head previews the evidence and approves. No console errors.
 */
describe('web journey: import → assign → evidence → approve (real browser)', () => {
  let api: TestApi;
  let browser: TestBrowser;
  let head: TestUser;
  let member: TestUser;
  let admin: TestUser;
  let schools: { id: string; name: string }[];

  beforeAll(async () => {
    ensureWebBuilt();
    api = await startIsolatedApi();
    browser = await launchBrowser(api.url);
    const bureau = await createUnit(api.db, { code: 'SF', name: '示范区教育局', type: 'bureau' });
    const jjk = await createUnit(api.db, { code: 'SF-D-JJK', name: '基础教育科', type: 'department', parentId: bureau.id });
    schools = [];
    for (const [i, name] of ['第一小学', '第二小学', '第三小学'].entries()) {
      schools.push(
        await createUnit(api.db, {
          code: `SF-S-00${i + 1}`,
          name: `示范区${name}`,
          type: 'school',
          tags: ['小学', '公办'],
          parentId: bureau.id,
        }),
      );
    }
    await createUnit(api.db, { code: 'SF-S-101', name: '示范区第一中学', type: 'school', tags: ['初中', '公办'], parentId: bureau.id });
    head = await createUser(api.db, { displayName: '王科长', units: [{ unitId: jjk.id, role: 'department_head' }] });
    member = await createUser(api.db, { displayName: '赵老师', units: [{ unitId: schools[0].id, role: 'unit_member' }] });
    admin = await createUser(api.db, { displayName: '系统管理员', globalRoles: ['admin'] });
  });
  afterAll(async () => {
    await browser?.close();
    await api?.close();
  });

  let planId = '';
  let headPage: Page;

  it('the head imports a plan, sees the outline beside the highlighted text, and confirms it', async () => {
    headPage = await browser.newPage();
    await signInAs(headPage, head.username, head.password);
    await headPage.goto('/plans');
    await headPage.getByText('还没有工作要点').waitFor();
    await headPage.getByRole('button', { name: '导入工作要点' }).click();
    await headPage.waitForURL(/\/plans\/import$/);
    // point 2 is missing from the numbering: the parser warns, and the page shows it beside the line
    const text = [
      TITLE,
      '',
      '为深入推进教育高质量发展，现提出如下工作要点。',
      '一、推进义务教育优质均衡',
      '1.深化课堂教学改革。各小学每学期开展一次教学开放周活动，12月底前完成课堂教学评估。（责任单位：基础教育科）',
      '3.加强课后服务。课后服务覆盖率达到100%，12月底前完成课后服务质量评估。（责任单位：基础教育科）',
      '',
    ].join('\n');
    await headPage
      .locator('input[type=file]')
      .setInputFiles({ name: '工作要点.txt', mimeType: 'text/plain', buffer: Buffer.from(text, 'utf8') });
    await headPage.waitForURL(/\/plans\/[0-9a-f-]{36}\/draft$/);
    planId = headPage.url().split('/').at(-2) as string;
    await headPage.getByText('解析结果（提纲）').waitFor();
    await headPage.locator('mark[data-kind=deadline]').first().waitFor();
    expect(await headPage.locator('mark[data-kind=unit]').count()).toBeGreaterThan(0);
    expect(await headPage.locator('mark[data-kind=target]').count()).toBeGreaterThan(0);
    await headPage.getByRole('alert').filter({ hasText: '要点编号缺失' }).waitFor();
    // the title is text, not markup
    await headPage.getByText('<script>alert(1)</script>', { exact: false }).first().waitFor();
    expect(await headPage.locator('script:not([src])').count()).toBe(0);
    await screenshot(headPage, 'plan-import-review');

    await headPage.getByRole('button', { name: '确认计划' }).click();
    await headPage.getByRole('dialog').getByRole('button', { name: '确认', exact: true }).click();
    await headPage.waitForURL(new RegExp(`/plans/${planId}$`));
    await headPage.getByText('任务分解与分派').waitFor();
  });

  it('the head decomposes the plan and assigns both tasks to all primary schools in one bulk action', async () => {
    await headPage.getByRole('button', { name: '分解为任务' }).click();
    await headPage.getByText('已生成 2 项任务').waitFor();
    const row = headPage.locator('tr', { hasText: '深化课堂教学改革' });
    const other = headPage.locator('tr', { hasText: '加强课后服务' });
    // both tasks selected, one bulk assignment: a unit set (type school, tag 小学) per task
    await row.getByRole('checkbox').check();
    await other.getByRole('checkbox').check();
    await headPage.getByRole('button', { name: '批量分派（2）' }).click();
    const dialog = headPage.getByRole('dialog');
    await dialog.getByText('按单位类型或标签').waitFor();
    await screenshot(headPage, 'assign-dialog');
    await dialog.getByRole('button', { name: '分派', exact: true }).click();
    await headPage.getByText('已分派 6 个单位').waitFor();
    await row.getByText('0/3 已通过').waitFor();
    await other.getByText('0/3 已通过').waitFor();
    await screenshot(headPage, 'plan-board');

    const [{ n }] = await api.db.query(
      `select count(*)::int as n from assignments a join tasks t on t.id = a.task_id where t.plan_id = $1 and a.unit_id = any($2::uuid[])`,
      [planId, schools.map((s) => s.id)],
    );
    expect(n).toBe(6);

    await headPage.goto('/plans');
    await headPage.getByText('<script>alert(1)</script>', { exact: false }).first().waitFor();
    await screenshot(headPage, 'plans');
  });

  it('a school member sees it in 待我处理, reports progress, uploads evidence (a refused file shows a Chinese error) and submits', async () => {
    const page = await browser.newPage();
    await signInAs(page, member.username, member.password);
    await page.waitForURL(/\/inbox/);
    const link = page.getByRole('link', { name: '深化课堂教学改革' });
    await link.waitFor();
    await screenshot(page, 'inbox');
    await link.click();
    await page.waitForURL(/\/assignments\/[0-9a-f-]{36}$/);

    await page.getByPlaceholder('已完成的工作、存在的问题与下一步安排').fill('已制定教学开放周方案，第一次活动已举办。');
    await page.getByRole('button', { name: '报告进展' }).click();
    await page.getByText('进展已报告').waitFor();

    const input = page.locator('.ant-upload input[type=file]');
    await input.setInputFiles({
      name: '程序.exe',
      mimeType: 'application/octet-stream',
      buffer: Buffer.from('MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff', 'latin1'),
    });
    const refused = page.getByRole('alert').filter({ hasText: '程序.exe' });
    await refused.waitFor();
    expect(await refused.textContent()).toMatch(/不能上传|不能作为佐证材料|不支持/);

    await input.setInputFiles({ name: '开放周现场.png', mimeType: 'image/png', buffer: PNG });
    await page.getByText('已上传：开放周现场.png').waitFor();
    await page.getByText('开放周现场.png').first().waitFor();
    await input.setInputFiles({ name: '开放周方案.pdf', mimeType: 'application/pdf', buffer: PDF });
    await page.getByText('已上传：开放周方案.pdf').waitFor();
    await screenshot(page, 'assignment-unit');

    await page.getByRole('button', { name: '提交审核' }).click();
    await page.getByText('已提交审核').waitFor();
    await page.locator('.ant-tag', { hasText: '待审核' }).first().waitFor();

    // the other task has a target: its actual is reported with the progress
    await page.goto('/inbox');
    await page.getByRole('link', { name: '加强课后服务' }).click();
    await page.waitForURL(/\/assignments\//);
    await page.getByLabel('课后服务覆盖率实际值').fill('98.5');
    await page.getByRole('button', { name: '报告进展' }).click();
    await page.getByText('进展已报告').waitFor();
    const [actual] = await api.db.query(
      `select ta.value::float as value from target_actuals ta join task_targets tt on tt.id = ta.task_target_id where tt.metric = '课后服务覆盖率'`,
    );
    expect(actual.value).toBe(98.5);

    // and asks for more time on it
    await page.getByRole('button', { name: '申请延期' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('理由').fill('质量评估需待期末后开展');
    await dialog.getByLabel('新的完成时限').fill(`${YEAR + 1}年1月20日`);
    // Enter takes the typed date and submits the form
    await dialog.getByLabel('新的完成时限').press('Enter');
    await page.getByText('延期申请已提交').waitFor();
  });

  it('the head previews the evidence in the review queue, accepts it and approves', async () => {
    // the extension request waits in the same queue
    await headPage.goto('/reviews');
    await headPage.getByRole('link', { name: '加强课后服务' }).click();
    await headPage.getByText('质量评估需待期末后开展').waitFor();
    await headPage.getByRole('button', { name: '同意延期', exact: true }).click();
    await headPage.getByText('已同意延期').waitFor();
    const [moved] = await api.db.query(
      `select a.due_date::text as due from assignments a join tasks t on t.id = a.task_id where t.title like '加强课后服务%' and a.unit_id = $1`,
      [schools[0].id],
    );
    expect(moved.due).toBe(`${YEAR + 1}-01-20`);

    await headPage.goto('/reviews');
    const link = headPage.getByRole('link', { name: '深化课堂教学改革' });
    await link.waitFor();
    await screenshot(headPage, 'reviews');
    await link.click();
    await headPage.waitForURL(/\/assignments\//);
    await headPage.locator('[data-file="开放周现场.png"]').getByRole('button', { name: '预览' }).click();
    await headPage.getByRole('dialog').locator('img[alt="开放周现场.png"]').waitFor();
    await screenshot(headPage, 'evidence-preview');
    await headPage.keyboard.press('Escape');
    await headPage.getByRole('dialog').waitFor({ state: 'hidden' });
    await headPage.locator('[data-file="开放周方案.pdf"]').getByRole('button', { name: '预览' }).click();
    await headPage.getByRole('dialog').locator('iframe[title="开放周方案.pdf"]').waitFor();
    await headPage.waitForTimeout(1000);
    await screenshot(headPage, 'evidence-preview-pdf');
    await headPage.keyboard.press('Escape');
    await headPage.getByRole('dialog').waitFor({ state: 'hidden' });
    for (const name of ['开放周现场.png', '开放周方案.pdf']) {
      await headPage.locator(`[data-file="${name}"]`).getByRole('button', { name: '通过', exact: true }).click();
      await headPage.locator(`[data-file="${name}"]`).getByText('已通过').waitFor();
    }
    await headPage.getByRole('button', { name: '审核通过' }).click();
    await headPage.getByText('已审核通过').waitFor();
    await headPage.locator('.ant-tag', { hasText: '已通过' }).first().waitFor();

    await headPage.getByRole('link', { name: '查看任务与时间线' }).click();
    await headPage.getByText('时间线').waitFor();
    await headPage.locator('[aria-label="各单位办理状态"] canvas').waitFor();
    await screenshot(headPage, 'task-timeline', true);
    await headPage.goto('/change-requests');
    await headPage.getByText('没有待审批的申请').waitFor();

    // an adjustment of the other task's due date, asked through the API, approved in the page
    const { accessToken } = await login(api.url, head.username, head.password);
    const [task] = await api.db.query(`select id from tasks where plan_id = $1 and title like '加强课后服务%'`, [planId]);
    const asked = await request(
      `${api.url}/api/tasks/${task.id}/change-requests`,
      withAuth(
        accessToken,
        jsonInit('POST', { kind: 'adjust', proposed: { dueDate: `${YEAR + 1}-01-15` }, reason: '评估需待期末考试后进行' }),
      ),
    );
    expect(asked.status).toBe(201);
    await headPage.reload();
    const row = headPage.locator('tr', { hasText: '评估需待期末考试后进行' });
    await row.getByText(`完成时限：${YEAR + 1}年1月15日`).waitFor();
    await screenshot(headPage, 'change-requests');
    await row.getByRole('button', { name: '批准' }).click();
    await headPage.getByText('已批准，调整已生效').waitFor();
    await headPage.getByText('没有待审批的申请').waitFor();
    const [after] = await api.db.query(`select due_date::text as due from tasks where id = $1`, [task.id]);
    expect(after.due).toBe(`${YEAR + 1}-01-15`);
  });

  it('an admin checks a units file: the dry run lists row errors in a table and writes nothing', async () => {
    const page = await browser.newPage();
    await signInAs(page, admin.username, admin.password);
    await page.goto('/admin/units');
    await page.getByText('示范区第一中学').waitFor();
    await page.getByRole('button', { name: '导入单位' }).click();
    const csv = 'code,name,short_names,aliases,type,tags,parent_code\nSF-S-900,,,,school,小学,SF\nSF-S-901,新学校,,,planet,,SF\n';
    await page
      .getByRole('dialog')
      .locator('input[type=file]')
      .setInputFiles({ name: '单位.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
    await page.getByText(/发现 \d+ 处问题/).waitFor();
    expect(await page.getByRole('dialog').locator('tbody tr').count()).toBeGreaterThanOrEqual(2);
    await screenshot(page, 'admin-units-import');
    await page.keyboard.press('Escape');
    await page.goto('/admin/users');
    await page.getByText('赵老师').waitFor();
    await screenshot(page, 'admin-users');
    const [{ n }] = await api.db.query(`select count(*)::int as n from org_units where code like 'SF-S-9%'`);
    expect(n).toBe(0);
  });

  it('the head imports a revised document: the draft shows what changes, and confirming keeps the plan', async () => {
    await headPage.goto(`/plans/${planId}`);
    const revised = [
      TITLE,
      '',
      '为深入推进教育高质量发展，现提出如下工作要点。',
      '一、推进义务教育优质均衡',
      '1.深化课堂教学改革。各小学每学期开展一次教学开放周活动，12月底前完成课堂教学评估。（责任单位：基础教育科）',
      '2.加强课后服务。课后服务覆盖率达到100%，11月底前完成课后服务质量评估。（责任单位：基础教育科）',
      '3.推进集团化办学。新组建教育集团2个。（责任单位：基础教育科）',
      '',
    ].join('\n');
    await headPage
      .locator('input[type=file]')
      .setInputFiles({ name: '工作要点（修订稿）.txt', mimeType: 'text/plain', buffer: Buffer.from(revised, 'utf8') });
    await headPage.waitForURL(new RegExp(`/plans/${planId}/draft$`));
    await headPage.getByText(/新增 1 条，删除 0 条，修改 1 条，未变 1 条/).waitFor();
    await screenshot(headPage, 'plan-revision-diff');
    await headPage.getByRole('button', { name: '确认计划' }).click();
    await headPage.getByRole('dialog').getByRole('button', { name: '确认', exact: true }).click();
    await headPage.waitForURL(new RegExp(`/plans/${planId}$`));
    const [{ n }] = await api.db.query(`select count(*)::int as n from work_points where plan_id = $1`, [planId]);
    expect(n).toBe(3);
  });

  it('no page in the journey logged a console error or an uncaught exception', () => {
    expect(pageErrors(browser.errors)).toEqual([]);
  });
});
