import { type AdjustableClock, Clock } from '@duban/clock';
import { request, startApi, type JsonResponse, type TestApi } from '../support/api';
import { createUnit, createUser, login, withAuth, type TestUser } from '../support/auth';
import { createPlan, createTask, type PlanFixture } from '../inbox/support/factories';

/** One assignment row as the roll-up tests write it, and as they recount it themselves. */
export interface Row {
  id?: string;
  task: 't1' | 't2' | 't3';
  unit: 's1' | 's2' | 's3' | 'direct';
  state: 'assigned' | 'in_progress' | 'submitted' | 'approved' | 'returned' | 'extension_requested' | 'cancelled';
  due: string;
  /** the China date it was given out */
  assignedOn: string;
  /** ISO instant with offset */
  approvedAt?: string;
  progress?: number;
  submitted?: boolean;
}

export type Who = 'leader' | 'admin' | 'headD' | 'headE' | 'memberS1' | 'memberS2' | 'memberNone';

/**
 * A bureau of its own for roll-up tests: 科室 D and E (with heads), two schools and a direct unit;
 * a confirmed plan (sections 一 with （一）, 二; points 1, 2 in 一, 3 in 二), tasks t1 (point 1) and
 * t2 (point 2) owned by D, t3 (point 3) owned by E, and a frozen clock.
 */
export class RollupWorld {
  readonly units = {} as Record<'d' | 'e' | 's1' | 's2' | 's3' | 'direct' | 'none', string>;
  readonly users = {} as Record<Who, TestUser>;
  readonly tokens = {} as Record<Who, string>;
  readonly tasks = {} as Record<'t1' | 't2' | 't3', string>;
  plan!: PlanFixture;
  clock!: AdjustableClock;

  constructor(readonly api: TestApi) {}

  static async create(start: string): Promise<RollupWorld> {
    const api = await startApi({ DUBAN_CLOCK: start, LOGIN_MAX_FAILURES_PER_IP: 1_000_000 });
    const w = new RollupWorld(api);
    w.clock = api.app.get(Clock) as AdjustableClock;
    w.clock.freeze();
    w.clock.set(new Date(start));
    const db = api.db;
    const tag = Math.random().toString(36).slice(2, 6);
    w.units.d = (await createUnit(db, { type: 'department', name: `D科${tag}` })).id;
    w.units.e = (await createUnit(db, { type: 'department', name: `E科${tag}` })).id;
    w.units.s1 = (await createUnit(db, { type: 'school', name: `第一小学${tag}` })).id;
    w.units.s2 = (await createUnit(db, { type: 'school', name: `第二小学${tag}` })).id;
    w.units.s3 = (await createUnit(db, { type: 'school', name: `第三小学${tag}` })).id;
    w.units.direct = (await createUnit(db, { type: 'direct_unit', name: `教研室${tag}` })).id;
    w.units.none = (await createUnit(db, { type: 'school', name: `无任务学校${tag}` })).id;
    const specs: Record<Who, Parameters<typeof createUser>[1]> = {
      leader: { globalRoles: ['leader'] },
      admin: { globalRoles: ['admin'] },
      headD: { units: [{ unitId: w.units.d, role: 'department_head' }] },
      headE: { units: [{ unitId: w.units.e, role: 'department_head' }] },
      memberS1: { units: [{ unitId: w.units.s1, role: 'unit_member' }] },
      memberS2: { units: [{ unitId: w.units.s2, role: 'unit_member' }] },
      memberNone: { units: [{ unitId: w.units.none, role: 'unit_member' }] },
    };
    for (const [who, spec] of Object.entries(specs) as [Who, Parameters<typeof createUser>[1]][]) {
      w.users[who] = await createUser(db, spec);
    }
    await w.signIn();
    w.plan = await createPlan(db, `汇总测试计划${tag}`);
    const p = w.plan.points;
    w.tasks.t1 = await createTask(db, { planId: w.plan.planId, pointId: p[0].id, title: '任务一', ownerUnitId: w.units.d, position: 1 });
    w.tasks.t2 = await createTask(db, { planId: w.plan.planId, pointId: p[1].id, title: '任务二', ownerUnitId: w.units.d, position: 2 });
    w.tasks.t3 = await createTask(db, { planId: w.plan.planId, pointId: p[2].id, title: '任务三', ownerUnitId: w.units.e, position: 3 });
    return w;
  }

  /** Tokens on the clock's "now" (a token from before a jump would have expired). */
  async signIn(): Promise<void> {
    for (const who of Object.keys(this.users) as Who[]) {
      this.tokens[who] = (await login(this.api.url, this.users[who].username, this.users[who].password)).accessToken;
    }
  }

  async insert(rows: Row[]): Promise<void> {
    for (const r of rows) {
      const [row] = await this.api.db.query(
        `INSERT INTO assignments (task_id, unit_id, role, state, due_date, progress_percent, submitted_at, approved_at, created_at)
         VALUES ($1, $2, 'responsible', $3, $4, $5, $6, $7, ($8::date + time '09:00') AT TIME ZONE 'Asia/Shanghai') RETURNING id`,
        [
          this.tasks[r.task],
          this.units[r.unit],
          r.state,
          r.due,
          r.progress ?? 0,
          r.submitted || r.state === 'submitted' || r.state === 'approved' ? `${r.assignedOn}T10:00:00+08:00` : null,
          r.approvedAt ?? null,
          r.assignedOn,
        ],
      );
      r.id = row.id as string;
    }
  }

  get<T = Record<string, unknown>>(who: Who, path: string): Promise<JsonResponse<T>> {
    return request<T>(`${this.api.url}${path}`, withAuth(this.tokens[who], { method: 'GET' }));
  }

  close(): Promise<void> {
    return this.api.close();
  }
}

/** Figures recounted in the test from the rows it wrote: never through the service. */
export function recount(rows: Row[], today: string) {
  const endOfDueDay = (due: string) => Date.parse(`${due}T00:00:00+08:00`) + 86_400_000;
  const approved = rows.filter((r) => r.state === 'approved');
  const live = rows.filter((r) => r.state !== 'cancelled');
  const onTime = approved.filter((r) => Date.parse(r.approvedAt!) < endOfDueDay(r.due)).length;
  const byState: Record<string, number> = {
    assigned: 0,
    in_progress: 0,
    returned: 0,
    extension_requested: 0,
    submitted: 0,
    approved: 0,
    cancelled: 0,
  };
  for (const r of rows) byState[r.state] += 1;
  return {
    assignments: rows.length,
    byState,
    completionRate: live.length > 0 ? approved.length / live.length : 0,
    onTimeRate: approved.length > 0 ? onTime / approved.length : null,
    overdue: rows.filter((r) => r.state !== 'approved' && r.state !== 'cancelled' && r.due < today).length,
  };
}
