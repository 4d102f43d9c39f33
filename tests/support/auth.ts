import type { GlobalRole, OrgUnitType, UnitRole } from '@duban/db';
import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { hashPassword } from '@duban/access';
import { jsonInit, request } from './api';

// argon2 at its cheapest: tests create many users, and the cost is not what they test
const CHEAP = { memoryCost: 1024, timeCost: 1, parallelism: 1 };

let seq = 0;
const unique = (prefix: string): string => `${prefix}${Date.now().toString(36)}${(seq++).toString(36)}${randomBytes(2).toString('hex')}`;

export interface TestUser {
  id: string;
  username: string;
  password: string;
}

export interface NewUser {
  username?: string;
  password?: string;
  displayName?: string;
  email?: string | null;
  globalRoles?: GlobalRole[];
  units?: { unitId: string; role: UnitRole }[];
  isActive?: boolean;
}

/** Inserts a user straight into the database (cheap argon2 hash) with the given roles and memberships. */
export async function createUser(db: DataSource, spec: NewUser = {}): Promise<TestUser> {
  const username = spec.username ?? unique('u');
  const password = spec.password ?? `pw-${randomBytes(6).toString('hex')}`;
  const [row] = await db.query(
    `insert into users (username, display_name, email, password_hash, global_roles, is_active)
     values ($1, $2, $3, $4, $5, $6) returning id`,
    [
      username,
      spec.displayName ?? `测试用户${username.slice(-4)}`,
      spec.email ?? null,
      await hashPassword(password, CHEAP),
      spec.globalRoles ?? [],
      spec.isActive ?? true,
    ],
  );
  for (const m of spec.units ?? []) {
    await db.query(`insert into user_units (user_id, unit_id, role) values ($1, $2, $3)`, [row.id, m.unitId, m.role]);
  }
  return { id: row.id as string, username, password };
}

export interface NewUnit {
  code?: string;
  name?: string;
  type?: OrgUnitType;
  tags?: string[];
  parentId?: string | null;
}

/** Inserts an org unit straight into the database; returns its id and code. */
export async function createUnit(db: DataSource, spec: NewUnit = {}): Promise<{ id: string; code: string; name: string }> {
  const code = spec.code ?? unique('T-');
  const name = spec.name ?? `测试单位${code}`;
  const [row] = await db.query(`insert into org_units (code, name, type, tags, parent_id) values ($1, $2, $3, $4, $5) returning id`, [
    code,
    name,
    spec.type ?? 'school',
    spec.tags ?? [],
    spec.parentId ?? null,
  ]);
  return { id: row.id as string, code, name };
}

export interface Tokens {
  accessToken: string;
  refreshToken: string;
}

/** Signs in through the real endpoint; fails loudly when the credentials are refused. */
export async function login(apiUrl: string, username: string, password: string): Promise<Tokens> {
  const res = await request<Tokens>(`${apiUrl}/api/auth/login`, jsonInit('POST', { username, password }));
  if (res.status !== 200) throw new Error(`login ${username} failed: ${res.status} ${JSON.stringify(res.body)}`);
  return { accessToken: res.body.accessToken, refreshToken: res.body.refreshToken };
}

export function authHeaders(token: string): Record<string, string> {
  return { authorization: `Bearer ${token}` };
}

/** Adds the bearer header to a fetch init (keeps its other headers). */
export function withAuth(token: string, init: RequestInit = {}): RequestInit {
  return { ...init, headers: { ...(init.headers as Record<string, string> | undefined), ...authHeaders(token) } };
}

/** A user with the given role (in a fresh unit for unit roles), already signed in. */
export async function signedIn(
  api: { url: string; db: DataSource },
  role: GlobalRole | UnitRole,
  unitId?: string,
): Promise<TestUser & Tokens & { unitId: string | null }> {
  const global = role === 'admin' || role === 'leader';
  const unit = global ? null : (unitId ?? (await createUnit(api.db)).id);
  const user = await createUser(api.db, global ? { globalRoles: [role] } : { units: [{ unitId: unit as string, role: role as UnitRole }] });
  return { ...user, ...(await login(api.url, user.username, user.password)), unitId: unit };
}
