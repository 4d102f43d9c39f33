import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { WEB_DIST_DIR } from '../../apps/api/src/common/web-app';

const REPO = path.resolve(__dirname, '../..');
const WEB_SRC = path.join(REPO, 'apps/web');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

/** Builds the web app when dist/web is missing or older than its sources (a few seconds with Vite 8). */
export function ensureWebBuilt(): void {
  const index = path.join(WEB_DIST_DIR, 'index.html');
  const srcs = Math.max(
    newestMtime(path.join(WEB_SRC, 'src')),
    statSync(path.join(WEB_SRC, 'vite.config.mts')).mtimeMs,
    statSync(path.join(WEB_SRC, 'index.html')).mtimeMs,
  );
  if (existsSync(index) && statSync(index).mtimeMs >= srcs) return;
  execFileSync(
    process.execPath,
    [path.join(REPO, 'node_modules/vite/bin/vite.js'), 'build', '--config', path.join(WEB_SRC, 'vite.config.mts'), '--logLevel', 'error'],
    {
      cwd: REPO,
      stdio: 'inherit',
      // under jest NODE_ENV is 'test', which Vite would keep: the bundle must be the production one
      env: { ...process.env, NODE_ENV: 'production' },
    },
  );
}

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface TestBrowser {
  browser: Browser;
  /** console errors and uncaught page errors of every page opened through newPage */
  errors: string[];
  newPage(width?: number, height?: number): Promise<Page>;
  close(): Promise<void>;
}

/** Debian's chromium driven by playwright-core, headless, with a fresh profile. */
export async function launchBrowser(baseURL: string): Promise<TestBrowser> {
  // playwright launches every browser with a fresh temporary profile (--user-data-dir is its own)
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-quic',
      '--no-first-run',
      '--disable-sync',
    ],
  });
  const errors: string[] = [];
  const contexts: BrowserContext[] = [];
  return {
    browser,
    errors,
    async newPage(width = 1440, height = 900) {
      const context = await browser.newContext({ baseURL, viewport: { width, height }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
      contexts.push(context);
      const page = await context.newPage();
      page.setDefaultTimeout(15_000);
      page.on('console', (m) => {
        if (m.type() === 'error') errors.push(`${page.url()} console: ${m.text()}`);
      });
      page.on('pageerror', (e) => errors.push(`${page.url()} pageerror: ${e.message}`));
      page.on('dialog', (d) => {
        errors.push(`${page.url()} dialog: ${d.message()}`);
        void d.dismiss();
      });
      return page;
    },
    async close() {
      for (const c of contexts) await c.close().catch(() => undefined);
      await browser.close();
    },
  };
}

/**
 * The README's pictures are refreshed only on purpose (`UPDATE_SCREENSHOTS=1 npx jest tests/web`) or
 * when one is missing, so an ordinary test run leaves the working tree clean; otherwise they go
 * to a temporary folder (still taken, so a page that cannot be captured fails the run).
 */
export const SCREENSHOTS = path.join(REPO, 'docs/screenshots');
const SCRATCH = path.join(tmpdir(), 'duban-screenshots');

export async function screenshot(page: Page, name: string, fullPage = false): Promise<void> {
  const kept = path.join(SCREENSHOTS, `${name}.png`);
  const dir = process.env.UPDATE_SCREENSHOTS === '1' || !existsSync(kept) ? SCREENSHOTS : SCRATCH;
  mkdirSync(dir, { recursive: true });
  // let antd's fade-ins and toasts settle, so the picture shows the page, not a transition
  await page.waitForTimeout(500);
  await page.screenshot({ path: path.join(dir, `${name}.png`), fullPage });
}

/**
 * Chromium itself logs "Failed to load resource" for every 4xx answer, including the refusals a
 * journey provokes on purpose (a wrong password, a refused file) and the page shows as a message:
 * those are not page errors (`strictErrors` keeps them, for pages where none is expected). Everything else (the app's console.error, React and antd warnings,
 * 5xx answers, uncaught exceptions, alert() dialogs) is.
 */
export function pageErrors(errors: string[]): string[] {
  return errors.filter((e) => !/Failed to load resource: the server responded with a status of 4\d\d /.test(e));
}

/** Every error, including Chromium's lines for 4xx answers. */
export function strictErrors(errors: string[]): string[] {
  return [...errors];
}

export async function signInAs(page: Page, username: string, password: string): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: '登录' }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
}
