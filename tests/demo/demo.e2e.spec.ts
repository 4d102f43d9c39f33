import { Clock } from '@duban/clock';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { seedDemoOrg } from '../../apps/cli/src/commands/db.command';
import { sessions, type DemoContext } from '../../apps/cli/src/demo/context';
import { DemoReport } from '../../apps/cli/src/demo/report';
import { DEMO_STEPS } from '../../apps/cli/src/demo/steps';
import { inboxOfEveryone } from '../../apps/cli/src/demo/steps/inbox-check';
import { startIsolatedApi, type TestApi } from '../support/api';
import { REPO_ROOT } from '../support/seeds';

/** The whole demo on a database of its own: routed across departments, and nobody who works is left without work. */
describe('demo (issue 8: routing across departments, every user has work, a Chinese report)', () => {
  let api: TestApi;
  let ctx: DemoContext;
  const lines: string[] = [];
  const outDir = mkdtempSync(path.join(tmpdir(), 'duban-demo-'));

  beforeAll(async () => {
    api = await startIsolatedApi({ LOGIN_MAX_FAILURES_PER_IP: 1_000_000 });
    const seeded = await seedDemoOrg(api.db, api.config.AUTH_DEMO_PASSWORD, api.app.get(Clock));
    expect(seeded.supervisionOffices).toEqual(['办公室']);
    ctx = {
      config: api.config,
      app: api.app,
      base: api.url,
      db: api.db,
      clock: api.app.get(Clock),
      report: new DemoReport((l) => lines.push(l)),
      plans: [],
      outDir,
      repo: REPO_ROOT,
      as: sessions(api.url, api.config.AUTH_DEMO_PASSWORD),
    };
    for (const step of DEMO_STEPS) {
      ctx.report.step(step.title);
      await step.run(ctx);
    }
  }, 240_000);
  afterAll(async () => {
    await api?.close();
    rmSync(outDir, { recursive: true, force: true });
  });

  it('routes the sample plans across many departments through the routing endpoint', async () => {
    const owners = await api.db.query(`SELECT owner_unit_id, count(*)::int AS n FROM tasks GROUP BY owner_unit_id`);
    expect(owners.every((o: { owner_unit_id: string | null }) => o.owner_unit_id !== null)).toBe(true);
    expect(owners.length).toBeGreaterThanOrEqual(10);
    const [routed] = await api.db.query(`SELECT count(*)::int AS n FROM audit_events WHERE action = 'task.routed'`);
    expect(routed.n).toBeGreaterThan(50);
  });

  it('gives every seeded user except the read-only leaders something in their inbox (s001.member included)', async () => {
    const rows = await inboxOfEveryone(ctx);
    expect(rows.length).toBe(210);
    expect(rows.filter((r) => !r.leader && r.total === 0).map((r) => r.username)).toEqual([]);
    expect(rows.find((r) => r.username === 's001.member')?.total).toBeGreaterThan(0);
    expect(ctx.report.warnings).toEqual([]);
  });

  it('reads as a Chinese report: no English words, no JSON, the inbox as a table', () => {
    const text = lines.join('\n');
    expect(text).not.toMatch(/\{"|created|updated|unchanged|error/i);
    // ASCII letters only in account names, file paths and file types
    const stripped = text.replace(/[a-z0-9]+\.(member|head)|admin|\S*\/\S*|[\w-]+\.txt|\.(docx|md|xlsx)\b/g, '');
    expect(stripped).not.toMatch(/[A-Za-z]{3,}/);
    expect(lines.some((l) => /账号\s+姓名\s+单位\s+待办理/.test(l))).toBe(true);
    expect(lines.some((l) => l.includes('每人都有待办'))).toBe(true);
  });
});
