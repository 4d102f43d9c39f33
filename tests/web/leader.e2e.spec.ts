import { readFileSync } from 'node:fs';
import { SnapshotService } from '@duban/rollups';
import type { Page } from 'playwright-core';
import { request, startIsolatedApi, type TestApi } from '../support/api';
import { createUnit, createUser, login, withAuth, type TestUser } from '../support/auth';
import { addDays, createAssignment, createPlan, createTask } from '../inbox/support/factories';
import { ensureWebBuilt, launchBrowser, pageErrors, screenshot, signInAs, type TestBrowser } from '../support/web';

jest.setTimeout(300_000);

const TODAY = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

/**
 * The journey continues in a real browser: the leader's overview moves when the head approves,
 * the summary downloads as a real .docx, the head urges (the count, then the API's 429 with the
 * time) and issues a 督办单 (colour and number), the unit signs and answers it; the overview
 * fits a phone; the admin's settings page. No console errors on these pages.
 */
describe('web: leader overview, summary, 催办 and 督办单 (real browser)', () => {
  let api: TestApi;
  let browser: TestBrowser;
  let head: TestUser;
  let leader: TestUser;
  let memberS3: TestUser;
  let admin: TestUser;
  let planId = '';
  const a = {} as Record<'submitted' | 'working' | 'late', string>;
  let lateTask = '';

  beforeAll(async () => {
    ensureWebBuilt();
    api = await startIsolatedApi();
    browser = await launchBrowser(api.url);
    const db = api.db;
    const dept = await createUnit(db, { code: 'LD-D', name: '基础教育科', type: 'department' });
    const s1 = await createUnit(db, { code: 'LD-S1', name: '示范区第一小学', type: 'school' });
    const s2 = await createUnit(db, { code: 'LD-S2', name: '示范区第二小学', type: 'school' });
    const s3 = await createUnit(db, { code: 'LD-S3', name: '示范区第三小学', type: 'school' });
    head = await createUser(db, { displayName: '王科长', units: [{ unitId: dept.id, role: 'department_head' }] });
    leader = await createUser(db, { displayName: '李局长', globalRoles: ['leader'] });
    memberS3 = await createUser(db, { displayName: '钱老师', units: [{ unitId: s3.id, role: 'unit_member' }] });
    admin = await createUser(db, { displayName: '系统管理员', globalRoles: ['admin'] });
    const plan = await createPlan(db, '示范区教育局工作要点');
    planId = plan.planId;
    const t1 = await createTask(db, { planId, pointId: plan.points[0].id, title: '深化课堂教学改革', ownerUnitId: dept.id, position: 1 });
    const t2 = await createTask(db, { planId, pointId: plan.points[1].id, title: '加强课后服务', ownerUnitId: dept.id, position: 2 });
    lateTask = t2;
    a.submitted = await createAssignment(db, {
      taskId: t1,
      unitId: s1.id,
      role: 'responsible',
      state: 'submitted',
      dueDate: addDays(TODAY, 30),
    });
    a.working = await createAssignment(db, {
      taskId: t1,
      unitId: s2.id,
      role: 'responsible',
      state: 'in_progress',
      dueDate: addDays(TODAY, 30),
    });
    a.late = await createAssignment(db, {
      taskId: t2,
      unitId: s3.id,
      role: 'responsible',
      state: 'assigned',
      dueDate: addDays(TODAY, -10),
    });
    // last week's snapshot (nothing approved yet): the trend's first point
    await api.app.get(SnapshotService).take(addDays(TODAY, -7));
  });
  afterAll(async () => {
    await browser?.close();
    await api?.close();
  });

  let leaderPage: Page;

  it('the leader lands on the overview: 完成率 0%, the red list, lights as words', async () => {
    leaderPage = await browser.newPage();
    await signInAs(leaderPage, leader.username, leader.password);
    await leaderPage.waitForURL(/\/overview/);
    await leaderPage.getByTestId('completion-rate').getByText('完成率 0%（0/3）').waitFor();
    await leaderPage.getByText('逾期红榜（1）').waitFor();
    await leaderPage.locator('tr', { hasText: '示范区第三小学' }).getByText('加强课后服务').waitFor();
    await leaderPage.getByText('红灯').first().waitFor();
    await leaderPage.locator('canvas').first().waitFor();
    await screenshot(leaderPage, 'leader-overview');
  });

  it('the leader drills down plan → section → point → task → the units, and reaches an assignment', async () => {
    const drill = leaderPage
      .locator('.ant-card')
      .filter({ has: leaderPage.getByText('各单位办理情况').or(leaderPage.getByText(/^各(章节|要点|任务)完成率$/)) });
    await leaderPage.getByText('各章节完成率').waitFor();
    await drill.locator('.ant-table a', { hasText: '章节一' }).click();
    await leaderPage.getByText('各要点完成率').waitFor();
    await drill.locator('.ant-table a', { hasText: '要点1' }).click();
    await leaderPage.getByText('各任务完成率').waitFor();
    await drill.locator('.ant-table a', { hasText: '深化课堂教学改革' }).click();
    await leaderPage.getByText('各单位办理情况').waitFor();
    expect(leaderPage.url()).toMatch(/section=.*point=.*task=/);
    await leaderPage.getByRole('link', { name: '示范区第一小学' }).waitFor();
    // the drill-down state is in the URL: a reload keeps it
    await leaderPage.reload();
    await leaderPage.getByRole('link', { name: '示范区第一小学' }).click();
    await leaderPage.waitForURL(new RegExp(`/assignments/${a.submitted}$`));
    await leaderPage.getByText('佐证材料').waitFor();
  });

  it('the head approves; the number on the leader overview moves to 完成率 33.3%', async () => {
    const headPage = await browser.newPage();
    await signInAs(headPage, head.username, head.password);
    await headPage.goto(`/assignments/${a.submitted}`);
    await headPage.getByRole('button', { name: '审核通过' }).click();
    await headPage.getByText('已审核通过').waitFor();
    await leaderPage.goto('/overview');
    await leaderPage.getByTestId('completion-rate').getByText('完成率 33.3%（1/3）').waitFor();
    await headPage.context().close();
    // this week's snapshot: the trend moves from 0% to 33.3%
    await api.app.get(SnapshotService).take(TODAY);
    await leaderPage.reload();
    await leaderPage.getByText(/最近一周（.*起）：完成率 33\.3%/).waitFor();
  });

  it('the leader downloads the year-end summary: the bytes are a .docx', async () => {
    const [download] = await Promise.all([
      leaderPage.waitForEvent('download'),
      leaderPage.getByRole('button', { name: '年度总结 Word' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/\.docx$/);
    const bytes = readFileSync((await download.path()) as string);
    // a .docx is a ZIP (PK\x03\x04) holding word/document.xml
    expect(bytes.subarray(0, 4).toString('latin1')).toBe('PK\x03\x04');
    expect(bytes.includes(Buffer.from('word/document.xml'))).toBe(true);
  });

  it('the overview fits a phone (375 px): no horizontal page scroll', async () => {
    const phone = await browser.newPage(375, 812);
    await signInAs(phone, leader.username, leader.password);
    await phone.goto('/overview');
    await phone.getByTestId('completion-rate').waitFor();
    await phone.getByText('逾期红榜（1）').waitFor();
    await phone.locator('canvas').first().waitFor();
    const width = await phone.evaluate<number>('document.documentElement.scrollWidth');
    expect(width).toBeLessThanOrEqual(375);
    await screenshot(phone, 'leader-overview-375', true);
    await phone.context().close();
  });

  it('the head urges (the count shows, a second one shows the 429 message with the time) and issues a red 督办单', async () => {
    const headPage = await browser.newPage();
    await signInAs(headPage, head.username, head.password);
    await headPage.goto(`/assignments/${a.late}`);
    await headPage.getByTestId('urge-count').getByText('已催办 0 次').waitFor();
    await headPage.getByRole('button', { name: '催办', exact: true }).click();
    await headPage.getByLabel('催办留言').fill('请本周内报送进展');
    await headPage.getByRole('dialog').getByRole('button', { name: '催办', exact: true }).click();
    await headPage.getByTestId('urge-count').getByText('已催办 1 次').waitFor();
    await headPage.getByRole('button', { name: '催办', exact: true }).click();
    await headPage.getByRole('dialog').getByRole('button', { name: '催办', exact: true }).click();
    await headPage.getByRole('alert').filter({ hasText: '24 小时内不能重复催办' }).filter({ hasText: '后再试' }).waitFor();

    await headPage.getByRole('button', { name: '下发督办单' }).click();
    await headPage.getByLabel('督办意见').fill('请说明逾期原因并限期完成');
    await headPage.getByRole('dialog').getByRole('button', { name: '下发', exact: true }).click();
    const issued = headPage.getByTestId('issued-notice');
    await issued.getByText(/督〔\d{4}〕第1号/).waitFor();
    await issued.getByText(/红色/).waitFor();
    await headPage.goto('/notices');
    await headPage.locator('tr', { hasText: '示范区第三小学' }).getByText('待签收').waitFor();
    // the task page: the count on the unit's row, the urging and the notice in the timeline
    await headPage.goto(`/tasks/${lateTask}`);
    await headPage.locator('tr', { hasText: '示范区第三小学' }).getByText('1 次').waitFor();
    await headPage.getByText('催办：请本周内报送进展').waitFor();
    await headPage.getByText(/下发督办单 督〔\d{4}〕第1号：请说明逾期原因并限期完成/).waitFor();
    await headPage.context().close();
  });

  it('the unit reads its messages from the bell (unread count 2 → 1 → 0), signs the 督办单 and answers it', async () => {
    const page = await browser.newPage();
    // two in-app messages, as the reminders' in-app channel writes them
    for (const title of ['【催办】加强课后服务', '【督办单】加强课后服务']) {
      await api.db.query(
        `insert into notifications (user_id, kind, title, body, assignment_id) values ($1, 'urge', $2, '请尽快办理', $3)`,
        [memberS3.id, title, a.late],
      );
    }
    await signInAs(page, memberS3.username, memberS3.password);
    await page.locator('[data-testid=unread-bell][aria-label="未读消息 2 条"]').waitFor();
    await page.getByTestId('unread-bell').click();
    await page.waitForURL(/\/notices\?tab=messages/);
    await page.locator('tr', { hasText: '【催办】加强课后服务' }).getByRole('button', { name: '标为已读' }).click();
    await page.locator('[data-testid=unread-bell][aria-label="未读消息 1 条"]').waitFor();
    await page.getByRole('button', { name: '全部标为已读' }).click();
    await page.locator('[data-testid=unread-bell][aria-label="未读消息 0 条"]').waitFor();
    await page.locator('tr', { hasText: '【督办单】加强课后服务' }).getByText('已读').waitFor();
    await page.goto('/notices');
    const row = page.locator('tr', { hasText: '加强课后服务' });
    await row.getByRole('button', { name: '签收' }).click();
    await row.getByText('已签收').waitFor();
    await row.getByRole('button', { name: '反馈' }).click();
    await page.getByLabel('反馈内容').fill('已制定整改方案，本月底前完成');
    await page.getByRole('button', { name: '提交反馈' }).click();
    await page.getByText('已反馈').first().waitFor();
    await page.goto('/notices?state=all');
    const answered = page.locator('tr', { hasText: '加强课后服务' });
    await answered.getByText('已反馈').waitFor();
    await answered.getByRole('button', { name: /展开/ }).click();
    await page.getByText('反馈（钱老师').waitFor();
    await screenshot(page, 'notices');
    // on a phone the list scrolls inside its table, never the page
    await page.setViewportSize({ width: 375, height: 812 });
    await page.waitForTimeout(300);
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(375);
    await page.setViewportSize({ width: 1440, height: 900 });
    const [n] = await api.db.query(`select state, reply from notices where assignment_id = $1`, [a.late]);
    expect(n).toMatchObject({ state: 'answered', reply: '已制定整改方案，本月底前完成' });
    await page.context().close();
  });

  it('the admin settings: holiday override and robot (secrets never shown) when the reminders API is there; the queue board opened from the session', async () => {
    const page = await browser.newPage();
    await signInAs(page, admin.username, admin.password);
    const token = (await login(api.url, admin.username, admin.password)).accessToken;
    const probe = await request(`${api.url}/api/admin/calendar-overrides`, withAuth(token));
    await page.goto('/admin/settings');
    if (probe.status === 200) {
      await page.getByRole('textbox', { name: '原因' }).fill('本局运动会放假');
      await page.locator('.ant-picker input').first().click();
      await page.locator('.ant-picker-cell-in-view').nth(10).click();
      await page.getByRole('button', { name: '添加' }).click();
      await page.getByText('本局运动会放假').waitFor();
      const [o] = await api.db.query(`select kind, reason from calendar_overrides`);
      expect(o).toMatchObject({ kind: 'dayoff', reason: '本局运动会放假' });
      await screenshot(page, 'admin-settings');
      // a robot: its token and secret are never shown back
      await page.goto('/admin/settings?tab=robots');
      await page.getByLabel('机器人所属单位').click();
      await page.keyboard.type('第一小学');
      await page.locator('.ant-select-item-option', { hasText: '示范区第一小学' }).click();
      await page.getByLabel('Webhook 地址').fill('https://oapi.dingtalk.com/robot/send?access_token=TOKEN-SECRET-123');
      await page.getByLabel('加签密钥').fill('SEC-VERY-SECRET');
      await page.getByRole('button', { name: '添加' }).click();
      await page.locator('tr', { hasText: '示范区第一小学' }).getByText('已设置').waitFor();
      const html = await page.content();
      expect(html).not.toContain('TOKEN-SECRET-123');
      expect(html).not.toContain('SEC-VERY-SECRET');
    } else {
      // the reminders admin API is on another branch: the page shows the API's message, not a blank
      await page.getByRole('alert').first().waitFor();
    }
    await page.goto('/admin/settings?tab=queues');
    await page.getByText('只有系统管理员可以打开').waitFor();
    if (probe.status !== 200) await screenshot(page, 'admin-settings');
    // the board opens from the web app's session (a cookie for /admin/queues), no header needed
    await page.getByRole('button', { name: '打开队列监控' }).click();
    await page.waitForURL(/\/admin\/queues/);
    await page.getByText('Duban 队列').first().waitFor();
    await page.context().close();
  });

  it('no console errors on these pages', () => {
    // bull-board's own page asks for Google Fonts; the CSP blocks it (nothing leaves the bureau's network)
    const ours = pageErrors(browser.errors).filter((e) => !/\/admin\/queues console: .*fonts\.googleapis\.com/.test(e));
    expect(ours).toEqual([]);
  });
});
