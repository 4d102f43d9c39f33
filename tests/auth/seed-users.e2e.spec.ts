import { ConfigError, loadConfig } from '@duban/config';
import { randomBytes } from 'node:crypto';
import { createApiApp } from '../../apps/api/src/create-app';
import { assertNoDemoPasswords } from '../../apps/api/src/auth/demo-password.check';
import { seedOrgUnits } from '../../apps/cli/src/commands/seed-org';
import { seedUsers } from '../../apps/cli/src/commands/seed-users';
import { request, startIsolatedApi, type TestApi } from '../support/api';
import { createUser, login, withAuth } from '../support/auth';

const CHEAP = { memoryCost: 1024, timeCost: 1, parallelism: 1 };

describe('demo users (seeds/org/users.csv) and the production guard', () => {
  let api: TestApi;
  // not the documented demo password, even on a database of its own
  const password = `Seed-${randomBytes(6).toString('hex')}`;

  beforeAll(async () => {
    // a database of its own: the sample district's 185 units would otherwise be matched by other
    // suites' plans (a 学前教育科 that a suite expects to be unknown, say)
    api = await startIsolatedApi();
    await seedOrgUnits(api.db);
  });
  afterAll(async () => api.close());

  it('seeds every role; each signs in with the demo password and gets its role’s permissions', async () => {
    const first = await seedUsers(api.db, { password, hashCost: CHEAP });
    expect(first.created + first.updated).toBe(210);
    const cases = [
      ['admin', { globalRoles: ['admin'], units: [] }, 'users:manage'],
      ['leader.liu', { globalRoles: ['leader'], units: [] }, 'plans:read'],
      ['jjk.head', { globalRoles: [], units: [{ role: 'department_head' }] }, 'plans:import'],
      ['s001.member', { globalRoles: [], units: [{ role: 'unit_member' }] }, 'assignments:work'],
    ] as const;
    for (const [username, shape, permission] of cases) {
      const { accessToken } = await login(api.url, username, password);
      const me = await request<{ permissions: string[] }>(`${api.url}/api/auth/me`, withAuth(accessToken));
      expect(me.body).toMatchObject(shape);
      expect(me.body.permissions).toContain(permission);
    }
    // a read-only leader holds no unit role that would let them work on assignments
    const leader = await login(api.url, 'leader.liu', password);
    const leaderMe = await request<{ permissions: string[] }>(`${api.url}/api/auth/me`, withAuth(leader.accessToken));
    expect(leaderMe.body.permissions).not.toContain('assignments:work');
    const [{ code }] = await api.db.query(
      `select o.code from user_units m join users u on u.id = m.user_id join org_units o on o.id = m.unit_id where u.username = 'jjk.head'`,
    );
    expect(code).toBe('DL-D-JJK');
  });

  it('is idempotent and never resets a changed password', async () => {
    await seedUsers(api.db, { password, hashCost: CHEAP });
    const changed = `Changed-${randomBytes(4).toString('hex')}`;
    const { accessToken } = await login(api.url, 'jjk.member', password);
    expect(
      (
        await request(`${api.url}/api/auth/password`, {
          ...withAuth(accessToken),
          method: 'POST',
          headers: { ...withAuth(accessToken).headers, 'content-type': 'application/json' },
          body: JSON.stringify({ oldPassword: password, newPassword: changed }),
        })
      ).status,
    ).toBe(200);
    const again = await seedUsers(api.db, { password, hashCost: CHEAP });
    expect(again).toEqual({ created: 0, updated: 210 });
    expect(Number((await api.db.query(`select count(*)::int n from users where username in ('admin', 'jjk.member')`))[0].n)).toBe(2);
    await expect(login(api.url, 'jjk.member', password)).rejects.toThrow(/401/);
    expect((await login(api.url, 'jjk.member', changed)).accessToken).toBeTruthy();
  });

  it('refuses unknown unit codes with a clear message', async () => {
    const { writeFileSync, mkdtempSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const file = join(mkdtempSync(join(tmpdir(), 'duban-seed-')), 'users.csv');
    writeFileSync(file, 'username,display_name,role,unit_codes,email\nx.member,某人,unit_member,NO-SUCH,x@duban.local\n');
    await expect(seedUsers(api.db, { password, file, hashCost: CHEAP })).rejects.toThrow(/unknown unit codes NO-SUCH/);
  });

  it('production refuses to start while an active user still has the demo password', async () => {
    const demo = `Demo-${randomBytes(6).toString('hex')}`;
    const victim = await createUser(api.db, { password: demo });
    const production = { ...api.config, NODE_ENV: 'production' as const, JWT_SECRET: 'p'.repeat(40), AUTH_DEMO_PASSWORD: demo };
    await expect(assertNoDemoPasswords(api.db, production)).rejects.toThrow(new RegExp(`演示密码.*${victim.username}`));
    // the real start-up path runs the same check
    const app = await createApiApp(production);
    try {
      await expect(app.init()).rejects.toThrow(/refusing to start: demo password in production/);
    } finally {
      await app.close().catch(() => undefined);
    }
    // not in development, and not once nobody has it
    await expect(assertNoDemoPasswords(api.db, { ...production, NODE_ENV: 'development' })).resolves.toBeUndefined();
    await api.db.query(`update users set is_active = false where id = $1`, [victim.id]);
    await expect(assertNoDemoPasswords(api.db, production)).resolves.toBeUndefined();
  });

  it('production requires a JWT_SECRET of at least 32 characters', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(ConfigError);
    expect(() => loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'short' })).toThrow(/JWT_SECRET/);
    expect(loadConfig({ NODE_ENV: 'production', JWT_SECRET: 's'.repeat(32) }).JWT_SECRET).toHaveLength(32);
    expect(loadConfig({ NODE_ENV: 'development' }).JWT_SECRET).toBeUndefined();
  });
});
