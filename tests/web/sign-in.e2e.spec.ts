import { startApi, type TestApi } from '../support/api';
import { createUser, type TestUser } from '../support/auth';
import { ensureWebBuilt, launchBrowser, pageErrors, screenshot, signInAs, strictErrors, type TestBrowser } from '../support/web';

jest.setTimeout(120_000);

describe('web: sign-in, session restore, sign-out (real browser)', () => {
  let api: TestApi;
  let browser: TestBrowser;
  let head: TestUser & { unitId: string };

  beforeAll(async () => {
    ensureWebBuilt();
    api = await startApi();
    browser = await launchBrowser(api.url);
    const [unit] = await api.db.query(`insert into org_units (code, name, type) values ($1, '基础教育科', 'department') returning id`, [
      `W-D-${Date.now()}`,
    ]);
    head = {
      ...(await createUser(api.db, { displayName: '王科长', units: [{ unitId: unit.id, role: 'department_head' }] })),
      unitId: unit.id,
    };
  });
  afterAll(async () => {
    await browser?.close();
    await api?.close();
  });

  it('a wrong password shows the API message; the right one signs in, survives a reload and signs out', async () => {
    const page = await browser.newPage();
    await page.goto('/plans');
    await page.waitForURL(/\/login\?next=/);
    await page.getByLabel('用户名').fill(head.username);
    await page.getByLabel('密码').fill('not-the-password');
    await page.getByRole('button', { name: '登录' }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toContain('用户名或密码错误');
    await screenshot(page, 'sign-in');

    await page.getByLabel('密码').fill(head.password);
    await page.getByRole('button', { name: '登录' }).click();
    await page.waitForURL(/\/plans$/);
    await page.getByText('王科长').waitFor();

    // the refresh token is an httpOnly cookie scoped to /api/auth; nothing is in script-readable storage
    const cookies = await page.context().cookies();
    const refresh = cookies.find((c) => c.name === 'duban_refresh');
    expect(refresh).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/api/auth' });
    // script sees only the hint that a session exists, never a token
    expect(await page.evaluate('document.cookie')).toBe('duban_session=1');
    expect(await page.evaluate('localStorage.length + sessionStorage.length')).toBe(0);

    await page.reload();
    await page.getByText('王科长').waitFor();
    expect(page.url()).toMatch(/\/plans$/);

    await page.getByRole('button', { name: '退出' }).click();
    await page.waitForURL(/\/login/);
    await page.reload();
    await page.getByRole('button', { name: '登录' }).waitFor();
    expect(pageErrors(browser.errors)).toEqual([]);
  });

  it('a first visit and a right password log nothing at all, not even a refused request', async () => {
    const before = browser.errors.length;
    const page = await browser.newPage();
    await page.goto('/');
    await page.waitForURL(/\/login/);
    await signInAs(page, head.username, head.password);
    await page.getByText('王科长').waitFor();
    await page.reload();
    await page.getByText('王科长').waitFor();
    expect(strictErrors(browser.errors.slice(before))).toEqual([]);
  });

  it("a reminder e-mail's preference link (List-Unsubscribe) opens 提醒设置 after sign-in, and the choice is stored", async () => {
    const before = browser.errors.length;
    const page = await browser.newPage();
    await page.goto('/settings/reminders');
    await page.waitForURL(/\/login\?next=/);
    await page.getByLabel('用户名').fill(head.username);
    await page.getByLabel('密码').fill(head.password);
    await page.getByRole('button', { name: '登录' }).click();
    await page.waitForURL(/\/settings\/reminders/);
    await page.getByText('提醒设置', { exact: true }).first().waitFor();
    await page.getByLabel('每日汇总：每个工作日上午只发一封汇总邮件').check();
    await page.getByRole('button', { name: '保存' }).click();
    await page.getByText('提醒方式已保存').waitFor();
    const [row] = await api.db.query(`select reminder_mode from users where id = $1`, [head.id]);
    expect(row.reminder_mode).toBe('daily_digest');
    expect(strictErrors(browser.errors.slice(before))).toEqual([]);
  });

  it('the refresh cookie is refused without the web client header (CSRF guard)', async () => {
    const page = await browser.newPage();
    await signInAs(page, head.username, head.password);
    const status = await page.evaluate(
      async () =>
        (await fetch('/api/auth/refresh', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).status,
    );
    expect(status).toBe(400);
    // the refused attempt did not touch the session: the page's own refresh still works
    await page.reload();
    await page.getByText('王科长').waitFor();
  });

  it('a temporary password leads to the change-password page first, and nothing else until it is changed', async () => {
    const user = await createUser(api.db, { displayName: '新来的老师', units: [{ unitId: head.unitId, role: 'unit_member' }] });
    await api.db.query(`update users set must_change_password = true where id = $1`, [user.id]);
    const page = await browser.newPage();
    await page.goto('/inbox');
    await page.getByLabel('用户名').fill(user.username);
    await page.getByLabel('密码').fill(user.password);
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByText('您正在使用临时密码').waitFor();
    await screenshot(page, 'change-password');
    await page.getByLabel('原密码').fill(user.password);
    await page.getByLabel('新密码', { exact: true }).fill('Xin-mima-2026!');
    await page.getByLabel('确认新密码').fill('Xin-mima-2026!');
    await page.getByRole('button', { name: '保存新密码' }).click();
    await page.getByText('密码已修改').waitFor();
    await page.getByText('新来的老师').waitFor();
    const [row] = await api.db.query(`select must_change_password from users where id = $1`, [user.id]);
    expect(row.must_change_password).toBe(false);
    // on a phone: the same inbox, the menu folded away
    const phone = await browser.newPage(375, 760);
    await signInAs(phone, user.username, 'Xin-mima-2026!');
    await phone.getByText('暂无待办任务').waitFor();
    await screenshot(phone, 'inbox-375');
    expect(pageErrors(browser.errors)).toEqual([]);
  });

  it('API paths are never the web app: unknown /api routes stay JSON 404s, other paths get index.html', async () => {
    const api404 = await fetch(`${api.url}/api/nope`);
    expect(api404.status).toBe(404);
    expect(((await api404.json()) as { error: { code: string } }).error.code).toBe('NOT_FOUND');
    const spa = await fetch(`${api.url}/plans/some/deep/link`);
    expect(spa.status).toBe(200);
    expect(await spa.text()).toContain('<div id="root">');
    const health = await fetch(`${api.url}/health`);
    expect(health.headers.get('content-type')).toContain('application/json');
  });
});
