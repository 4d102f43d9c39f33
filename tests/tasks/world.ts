import { chinaDate } from '@duban/assignment-workflow';
import { jsonInit, request, startApi, upload, type JsonResponse, type TestApi } from '../support/api';
import { createUnit, createUser, login, withAuth } from '../support/auth';
import { distinctTail } from '../support/plan-text';

/** Next year: the plan's deadlines lie ahead, so nothing is overdue unless a test makes it so. */
export const YEAR = Number(chinaDate(new Date()).slice(0, 4)) + 1;

export const PLAN_TEXT = [
  `示范区教育局${YEAR}年工作要点`,
  '',
  '为深入推进教育高质量发展，现提出如下工作要点。',
  '一、加强党的建设',
  '1.强化政治引领。深入学习贯彻党的二十大精神，全年组织专题培训不少于4次。（责任单位：组织科）',
  '2.建强基层组织。推进中小学党组织领导的校长负责制，6月底前完成全部学校章程修订。（牵头单位：组织科；配合单位：基教科）',
  '二、推进基础教育优质均衡',
  '3.提升课后服务水平。每学期开展课后服务质量评估，课后服务覆盖率达到95%以上。（责任单位：各小学）',
  '4.扩大普惠资源。新增学前学位2430个。（责任单位：学前教育科）',
  '',
].join('\n');

type Role =
  'admin' | 'leader' | 'headZuzhi' | 'headZuzhi2' | 'headJijiao' | 'memberZuzhi' | 'memberJijiao' | 'memberA' | 'memberB' | 'memberC';

export interface TaskView {
  id: string;
  planId: string;
  title: string;
  description: string;
  pointId: string;
  ownerUnitId: string | null;
  dueDate: string;
  cadence: string | null;
  completionRule: string;
  status: string;
  version: number;
  targets: { id: string; metric: string; value: number; actuals?: { unitId: string; value: number; asOf: string }[] }[];
  suggestedAssignees?: { mention: string; role: string; kind: string; confidence: number; unitIds: string[] }[];
  assignments?: { id: string; unitId: string; role: string; state: string; version: number; dueDate: string; overdue: boolean }[];
  pendingChangeRequest?: { id: string; kind: string; proposed: Record<string, unknown> } | null;
  complete?: boolean;
  timeline?: { kind: string; action?: string; decision?: string; reason?: string | null; after?: Record<string, unknown> | null }[];
}

export interface AssignmentView {
  id: string;
  taskId: string;
  unitId: string;
  state: string;
  version: number;
  dueDate: string;
  progressPercent: number;
  overdue: boolean;
  daysUntil: number;
  availableActions: string[];
  lateCloseReason: string | null;
  dueChanges: { oldDue: string; newDue: string; source: string; reason: string }[];
  extensionRequests: { id: string; status: string; decisionReason: string | null }[];
  reviewDecisions: { decision: string; reason: string | null }[];
  progressReports: { percent: number; period: string | null; actuals: { value: number }[] }[];
}

export interface ErrorBody {
  error: { code: string; message: string; details?: Record<string, unknown> };
}

/**
 * A small bureau of its own (the test database is shared by every suite of a run): 组织科 and
 * 基教科, three schools, one user per role, and a confirmed plan decomposed into tasks.
 */
export class World {
  readonly units: Record<'bureau' | 'zuzhi' | 'jijiao' | 'schoolA' | 'schoolB' | 'schoolC', string> = {} as never;
  readonly tokens: Record<Role, string> = {} as never;
  readonly userIds: Record<Role, string> = {} as never;
  planId = '';

  private constructor(readonly api: TestApi) {}

  static async create(api?: TestApi): Promise<World> {
    // the IP failure counter is shared by every suite of the run (one Redis prefix, all on 127.0.0.1):
    // another suite's brute-force test must not lock this one's sign-ins out
    const w = new World(api ?? (await startApi({ LOGIN_MAX_FAILURES_PER_IP: 1_000_000 })));
    await w.buildOrg();
    return w;
  }

  close(): Promise<void> {
    return this.api.close();
  }

  private async buildOrg(): Promise<void> {
    const db = this.api.db;
    const bureau = await createUnit(db, { name: `示范区教育局${Math.random().toString(36).slice(2, 6)}`, type: 'bureau' });
    const dept = (name: string) => createUnit(db, { name, type: 'department', parentId: bureau.id });
    const school = (name: string, tags: string[]) => createUnit(db, { name, type: 'school', tags, parentId: bureau.id });
    Object.assign(this.units, {
      bureau: bureau.id,
      zuzhi: (await dept('组织科')).id,
      jijiao: (await dept('基教科')).id,
      schoolA: (await school('示范区第一小学', ['小学', '公办'])).id,
      schoolB: (await school('示范区第二小学', ['小学', '民办'])).id,
      schoolC: (await school('示范区第一中学', ['初中', '公办'])).id,
    });
    const u = this.units;
    const specs: Record<Role, Parameters<typeof createUser>[1]> = {
      admin: { globalRoles: ['admin'] },
      leader: { globalRoles: ['leader'] },
      headZuzhi: { units: [{ unitId: u.zuzhi, role: 'department_head' }] },
      headZuzhi2: { units: [{ unitId: u.zuzhi, role: 'department_head' }] },
      headJijiao: { units: [{ unitId: u.jijiao, role: 'department_head' }] },
      memberZuzhi: { units: [{ unitId: u.zuzhi, role: 'unit_member' }] },
      memberJijiao: { units: [{ unitId: u.jijiao, role: 'unit_member' }] },
      memberA: { units: [{ unitId: u.schoolA, role: 'unit_member' }] },
      memberB: { units: [{ unitId: u.schoolB, role: 'unit_member' }] },
      memberC: { units: [{ unitId: u.schoolC, role: 'unit_member' }] },
    };
    for (const [role, spec] of Object.entries(specs) as [Role, Parameters<typeof createUser>[1]][]) {
      const user = await createUser(db, spec);
      this.userIds[role] = user.id;
      this.tokens[role] = (await login(this.api.url, user.username, user.password)).accessToken;
    }
  }

  /** A JSON call as one of the roles. */
  call<T = Record<string, unknown>>(as: Role, method: string, path: string, body?: unknown): Promise<JsonResponse<T>> {
    const init = body === undefined ? { method } : jsonInit(method, body);
    return request<T>(`${this.api.url}${path}`, withAuth(this.tokens[as], init));
  }

  /** Imports and confirms the test plan as the head of 组织科; returns the plan id. */
  async confirmedPlan(text = PLAN_TEXT): Promise<string> {
    const draft = await request<{ planId: string; version: number }>(
      `${this.api.url}/api/plans/import`,
      withAuth(this.tokens.headZuzhi, upload(Buffer.from(text + distinctTail()), 'plan.txt')),
    );
    if (draft.status !== 201) throw new Error(`import failed: ${draft.status} ${JSON.stringify(draft.body)}`);
    const confirmed = await this.call('headZuzhi', 'POST', `/api/plans/${draft.body.planId}/confirm`, { version: draft.body.version });
    if (confirmed.status !== 200) throw new Error(`confirm failed: ${confirmed.status}`);
    return draft.body.planId;
  }

  async decompose(planId: string): Promise<TaskView[]> {
    const res = await this.call<{ tasks: TaskView[]; created: number }>('headZuzhi', 'POST', `/api/plans/${planId}/tasks/decompose`, {
      bureauId: this.units.bureau,
    });
    if (res.status !== 200) throw new Error(`decompose failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.tasks;
  }

  task(as: Role, id: string): Promise<JsonResponse<TaskView>> {
    return this.call<TaskView>(as, 'GET', `/api/tasks/${id}`);
  }

  assignment(as: Role, id: string): Promise<JsonResponse<AssignmentView>> {
    return this.call<AssignmentView>(as, 'GET', `/api/assignments/${id}`);
  }

  /** Current version of an assignment, straight from the database. */
  async version(assignmentId: string): Promise<number> {
    const [row] = await this.api.db.query(`SELECT version FROM assignments WHERE id = $1`, [assignmentId]);
    return row.version as number;
  }

  /** A transition with the current version (looked up unless given). */
  async move(
    as: Role,
    assignmentId: string,
    action: string,
    body: Record<string, unknown> = {},
  ): Promise<JsonResponse<AssignmentView & ErrorBody>> {
    const version = (body.version as number | undefined) ?? (await this.version(assignmentId));
    return this.call<AssignmentView & ErrorBody>(as, 'POST', `/api/assignments/${assignmentId}/${action}`, { ...body, version });
  }
}
