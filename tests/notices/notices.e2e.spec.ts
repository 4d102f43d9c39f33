import { chinaDate, Clock, type AdjustableClock } from '@duban/clock';
import { DeliveryService } from '@duban/reminders';
import { WorkingCalendar } from '@duban/calendar';
import { startApi } from '../support/api';
import { createUser, login, type TestUser } from '../support/auth';
import { Mailbox } from '../reminders/support/mailbox';
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
  issuedOn: string;
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
  let mailbox: Mailbox;
  let head2: TestUser;
  let taskId: string;
  const a: Record<'lead' | 'coJijiao' | 'coSchoolA', string> = {} as never;
  const today = () => clock.today();
  const cal = new WorkingCalendar();

  beforeAll(async () => {
    // 10:00 on the next working day in China: outside quiet hours, so messages are due at once
    const start = `${cal.onOrAfter(chinaDate(new Date(Date.now() + 86_400_000)))}T10:00:00+08:00`;
    mailbox = await new Mailbox().start();
    const api = await startApi({ DUBAN_CLOCK: start, LOGIN_MAX_FAILURES_PER_IP: 1_000_000, SMTP_URL: mailbox.url });
    clock = api.app.get(Clock) as AdjustableClock;
    clock.freeze();
    w = await World.create(api);
    await api.db.query(`UPDATE users SET email = 'member.a@school-a.example' WHERE id = $1`, [w.userIds.memberA]);
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
  afterAll(async () => {
    await w.close();
    await mailbox.stop();
  });

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
      const raw = await fetch(`${w.api.url}/api/assignments/${a.coSchoolA}/urge`, {
        method: 'POST',
        headers: { authorization: `Bearer ${w.tokens.headZuzhi}`, 'content-type': 'application/json' },
        body: '{}',
      });
      expect(raw.status).toBe(429);
      expect(raw.headers.get('retry-after')).toBe(retryAt.toUTCString());

      const detail = await w.call<{ urgeCount: number; lastUrgedAt: string }>('memberA', 'GET', `/api/assignments/${a.coSchoolA}`);
      const listed = await w.call<{ items: { id: string; urgeCount: number }[] }>('memberA', 'GET', '/api/inbox/actions');
      expect(listed.body.items.find((i) => i.id === a.coSchoolA)?.urgeCount).toBe(1);
      expect(detail.body).toMatchObject({ urgeCount: 1, lastUrgedAt: first.body.lastUrgedAt });

      // recorded once, delivered through the outbox to the unit's member (in-app), audited
      const [rows] = await w.api.db.query(`SELECT count(*)::int AS n FROM urgings WHERE assignment_id = $1`, [a.coSchoolA]);
      expect(rows.n).toBe(1);
      const out = await w.api.db.query(`SELECT kind, recipient_user_id FROM outbox_messages WHERE assignment_id = $1 AND kind = 'urge'`, [
        a.coSchoolA,
      ]);
      expect(out.map((r: { recipient_user_id: string | null }) => r.recipient_user_id)).toContain(w.userIds.memberA);
      const audit = await w.api.db.query(
        `SELECT actor FROM audit_events WHERE action = 'assignment.urged' AND after->>'assignmentId' = $1`,
        [a.coSchoolA],
      );
      expect(audit).toEqual([{ actor: w.userIds.headZuzhi }]);

      // the in-app channel delivers it: the unit's member finds it among their notifications
      const [inapp] = await w.api.db.query(
        `SELECT id FROM outbox_messages WHERE assignment_id = $1 AND kind = 'urge' AND recipient_user_id = $2`,
        [a.coSchoolA, w.userIds.memberA],
      );
      const outcome = await w.api.app.get(DeliveryService, { strict: false }).deliver('inapp', inapp.id as string, false);
      expect(outcome.sent).toBe(1);
      const mine = await w.call<{ items: { kind: string; title: string; body: string; assignmentId: string }[]; unread: number }>(
        'memberA',
        'GET',
        '/api/notifications?unread=true',
      );
      expect(mine.body.unread).toBe(1);
      expect(mine.body.items[0]).toMatchObject({ kind: 'urge', assignmentId: a.coSchoolA, title: expect.stringMatching(/^【催办】/) });
      expect(mine.body.items[0].body).toContain('请本周内报送进展');
      const summary = await w.call<{ notifications: { unread: number } }>('memberA', 'GET', '/api/inbox/summary');
      expect(summary.body.notifications.unread).toBe(1);
      // and by e-mail, to the real SMTP server, marked as an urging
      const mailed = await w.api.app.get(DeliveryService, { strict: false }).deliver('email', inapp.id as string, false);
      expect(mailed.sent).toBe(1);
      expect(mailbox.mails).toHaveLength(1);
      expect(mailbox.mails[0].to).toEqual(['member.a@school-a.example']);
      expect(mailbox.mails[0].headers['x-duban-kind']).toBe('urge');
    });

    it('a lead unit urges its cooperating units, not itself; a school urges nobody; the unrelated cannot even see', async () => {
      const byLead = await w.call<UrgeResult>('memberZuzhi', 'POST', `/api/assignments/${a.coJijiao}/urge`, {});
      expect(byLead.status).toBe(201);
      const own = await w.call<Err>('memberZuzhi', 'POST', `/api/assignments/${a.lead}/urge`, {});
      expect(own.status).toBe(403);
      expect(own.body.error.code).toBe('URGE_NOT_ALLOWED');
      const school = await w.call<Err>('memberA', 'POST', `/api/assignments/${a.coSchoolA}/urge`, {});
      expect(school.status).toBe(403);
      expect(school.body.error.code).toBe('URGE_NOT_ALLOWED');
      const otherCo = await w.call<Err>('memberA', 'POST', `/api/assignments/${a.coJijiao}/urge`, {});
      expect(otherCo.status).toBe(404);
      const coOnCo = await w.call<Err>('memberJijiao', 'POST', `/api/assignments/${a.coSchoolA}/urge`, {});
      expect(coOnCo.status).toBe(404);
      // a leader reads everything but urges nothing (the role lacks the permission)
      const leader = await w.call<Err>('leader', 'POST', `/api/assignments/${a.lead}/urge`, {});
      expect(leader.status).toBe(403);
      expect(await w.api.db.query(`SELECT acting_as FROM urgings WHERE assignment_id = $1`, [a.coJijiao])).toEqual([
        { acting_as: 'lead_unit' },
      ]);
    });

    it('the message is bounded; a closed assignment is not urged', async () => {
      const long = await w.call<Err>('headZuzhi', 'POST', `/api/assignments/${a.lead}/urge`, { message: '催'.repeat(501) });
      expect(long.status).toBe(400);
      const [done] = await w.api.db.query(
        `INSERT INTO assignments (task_id, unit_id, role, due_date, state) VALUES ($1, $2, 'cooperating', $3, 'approved') RETURNING id`,
        [taskId, w.units.schoolB, cal.addWorkingDays(today(), -5)],
      );
      const closed = await w.call<Err>('headZuzhi', 'POST', `/api/assignments/${done.id}/urge`, {});
      expect(closed.status).toBe(409);
      expect(closed.body.error.code).toBe('ASSIGNMENT_CLOSED');
      const noNotice = await w.call<Err>('headZuzhi', 'POST', `/api/assignments/${done.id}/notices`, {});
      expect(noNotice.body.error.code).toBe('ASSIGNMENT_CLOSED');
      const urgings = await w.call<{ items: unknown[]; urgeCount: number }>('memberA', 'GET', `/api/assignments/${a.coSchoolA}/urgings`);
      expect(urgings.status).toBe(200);
      expect(urgings.body.urgeCount).toBe(1);
    });
  });

  describe('督办单', () => {
    const setDue = (id: string, due: string) => w.api.db.query(`UPDATE assignments SET due_date = $2 WHERE id = $1`, [id, due]);

    it('is refused for work on schedule (409 NOTICE_NOT_LAGGING), and by anyone but the owner heads', async () => {
      const fine = await w.call<Err>('headZuzhi', 'POST', `/api/assignments/${a.lead}/notices`, {});
      expect(fine.status).toBe(409);
      expect(fine.body.error.code).toBe('NOTICE_NOT_LAGGING');
      expect(fine.body.error.message).toMatch(/不需要下发督办单/);
      const notHead = await w.call<Err>('headJijiao', 'POST', `/api/assignments/${a.coJijiao}/notices`, {});
      expect(notHead.status).toBe(403);
      const member = await w.call<Err>('memberZuzhi', 'POST', `/api/assignments/${a.coJijiao}/notices`, {});
      expect(member.status).toBe(403);
    });

    it('red when overdue, blue when due soon; numbered 督〔year〕第N号; one open notice per assignment', async () => {
      const year = Number(today().slice(0, 4));
      await setDue(a.coSchoolA, cal.addWorkingDays(today(), -2));
      const red = await w.call<NoticeView>('headZuzhi', 'POST', `/api/assignments/${a.coSchoolA}/notices`, { message: '请说明逾期原因' });
      expect(red.status).toBe(201);
      expect(red.body).toMatchObject({ colour: 'red', state: 'issued', year, unitName: '示范区第一小学', departmentName: '组织科' });
      expect(red.body.number).toBe(`督〔${year}〕第${red.body.serial}号`);
      const twice = await w.call<Err>('headZuzhi', 'POST', `/api/assignments/${a.coSchoolA}/notices`, {});
      expect(twice.status).toBe(409);
      expect(twice.body.error.code).toBe('NOTICE_ALREADY_OPEN');

      // assigned today and due in two working days: nothing elapsed yet, so not behind 序时进度, only due soon
      await w.api.db.query(`UPDATE assignments SET created_at = $2 WHERE id = $1`, [a.coJijiao, clock.now()]);
      await setDue(a.coJijiao, cal.addWorkingDays(today(), 2));
      const blue = await w.call<NoticeView>('headZuzhi', 'POST', `/api/assignments/${a.coJijiao}/notices`, {});
      expect(blue.status).toBe(201);
      expect(blue.body.colour).toBe('blue');
      expect(blue.body.serial).toBe(red.body.serial + 1);
      const sent = await w.api.db.query(`SELECT recipient_user_id FROM outbox_messages WHERE notice_id = $1 AND kind = 'notice'`, [
        red.body.id,
      ]);
      expect(sent.map((r: { recipient_user_id: string | null }) => r.recipient_user_id)).toContain(w.userIds.memberA);
    });

    it('yellow when reported progress lags 序时进度', async () => {
      // assigned 40 working days ago, due in 40: half the time gone, 10% reported
      const [row] = await w.api.db.query(
        `INSERT INTO assignments (task_id, unit_id, role, due_date, state, progress_percent, created_at)
         VALUES ($1, $2, 'cooperating', $3, 'in_progress', 10, $4) RETURNING id`,
        [taskId, w.units.schoolC, cal.addWorkingDays(today(), 40), new Date(`${cal.addWorkingDays(today(), -40)}T10:00:00+08:00`)],
      );
      await w.api.db.query(`INSERT INTO progress_reports (assignment_id, percent, narrative) VALUES ($1, 10, '启动')`, [row.id]);
      const yellow = await w.call<NoticeView & { reason: string }>('headZuzhi', 'POST', `/api/assignments/${row.id}/notices`, {});
      expect(yellow.status).toBe(201);
      expect(yellow.body.colour).toBe('yellow');
      expect(yellow.body.reason).toBe('进度10%，落后序时进度50%');
      // answered at once so the per-department lists below stay about the other two
      await w.api.db.query(`UPDATE notices SET state = 'answered', signed_at = $2, replied_at = $2, reply = '已整改' WHERE id = $1`, [
        yellow.body.id,
        clock.now(),
      ]);
    });

    it('the unit signs once and answers after signing; the reply lands in the timeline', async () => {
      const [open] = (await w.call<{ items: NoticeView[] }>('memberA', 'GET', `/api/notices?unitId=${w.units.schoolA}`)).body.items;
      const early = await w.call<Err>('memberA', 'POST', `/api/notices/${open.id}/reply`, { reply: '已整改' });
      expect(early.status).toBe(409);
      expect(early.body.error.code).toBe('NOTICE_NOT_SIGNED');
      const byHead = await w.call<Err>('headZuzhi', 'POST', `/api/notices/${open.id}/sign`);
      expect(byHead.status).toBe(403);
      expect(byHead.body.error.code).toBe('NOTICE_NOT_UNIT');
      const outsider = await w.call<Err>('memberB', 'POST', `/api/notices/${open.id}/sign`);
      expect(outsider.status).toBe(404);

      const signed = await w.call<NoticeView>('memberA', 'POST', `/api/notices/${open.id}/sign`);
      expect(signed.status).toBe(200);
      expect(signed.body.state).toBe('signed');
      expect(signed.body.signedAt).not.toBeNull();
      const again = await w.call<Err>('memberA', 'POST', `/api/notices/${open.id}/sign`);
      expect(again.status).toBe(409);
      expect(again.body.error.code).toBe('NOTICE_ALREADY_SIGNED');

      const answered = await w.call<NoticeView>('memberA', 'POST', `/api/notices/${open.id}/reply`, {
        reply: '已于本周完成章程修订，材料已上传',
      });
      expect(answered.status).toBe(200);
      expect(answered.body).toMatchObject({ state: 'answered', reply: '已于本周完成章程修订，材料已上传' });
      // the issuing head hears of the answer
      const told = await w.api.db.query(`SELECT subject FROM outbox_messages WHERE notice_id = $1 AND recipient_user_id = $2`, [
        open.id,
        w.userIds.headZuzhi,
      ]);
      expect(told).toEqual([{ subject: `【督办单反馈】${open.number} 示范区第一小学` }]);
      const twice = await w.call<Err>('memberA', 'POST', `/api/notices/${open.id}/reply`, { reply: '再次反馈' });
      expect(twice.body.error.code).toBe('NOTICE_ALREADY_ANSWERED');

      const task = await w.call<{ timeline: { kind: string; event?: string; number?: string; text?: string | null }[] }>(
        'headZuzhi',
        'GET',
        `/api/tasks/${taskId}`,
      );
      const steps = task.body.timeline.filter((e) => e.kind === 'notice' && e.number === open.number);
      expect(steps.map((e) => e.event)).toEqual(['issued', 'signed', 'answered']);
      expect(steps[2].text).toBe('已于本周完成章程修订，材料已上传');
      const audit = await w.api.db.query(`SELECT action FROM audit_events WHERE object_type = 'notice' AND object_id = $1 ORDER BY id`, [
        open.id,
      ]);
      expect(audit.map((r: { action: string }) => r.action)).toEqual(['notice.issued', 'notice.signed', 'notice.answered']);
      // a school cannot see the other unit's notice in its own list
      const other = await w.call<{ items: NoticeView[] }>('memberA', 'GET', `/api/notices?state=all`);
      expect(other.body.items.every((n) => n.unitName === '示范区第一小学')).toBe(true);
    });

    it('open notices are listed per department with their age in working days, filtered by colour', async () => {
      clock.advance(3 * 24 * 3600_000);
      const tokenExpired = await w.call('headZuzhi', 'GET', `/api/notices`);
      const token = tokenExpired.status === 401 ? (await login(w.api.url, head2.username, head2.password)).accessToken : w.tokens.headZuzhi;
      const list = async (q: string) => {
        const res = await fetch(`${w.api.url}/api/notices?${q}`, { headers: { authorization: `Bearer ${token}` } });
        return (await res.json()) as { items: NoticeView[]; total: number };
      };
      const open = await list(`departmentId=${w.units.zuzhi}`);
      expect(open.items.map((n) => n.colour)).toEqual(['blue']);
      // issued three calendar days ago: its age counts the working days since, as the calendar says
      expect(open.items[0].ageWorkingDays).toBe(cal.workingDaysBetween(open.items[0].issuedOn, today()));
      expect(open.items[0].issuedOn < today()).toBe(true);
      expect((await list(`departmentId=${w.units.zuzhi}&colour=red`)).total).toBe(0);
      expect((await list(`departmentId=${w.units.zuzhi}&state=all&colour=red`)).total).toBe(1);
      expect((await list(`departmentId=${w.units.zuzhi}&state=all&pageSize=1&page=2`)).items).toHaveLength(1);
    });
  });

  describe('督办单 numbers under concurrency', () => {
    it('two heads issuing at once, many times over, get distinct numbers with no gap', async () => {
      const token1 = (await login(w.api.url, head2.username, head2.password)).accessToken;
      const planId = (await w.api.db.query(`SELECT plan_id FROM tasks WHERE id = $1`, [taskId]))[0].plan_id as string;
      const [{ n: before }] = await w.api.db.query(
        `SELECT coalesce(max(last_number), 0)::int AS n FROM notice_counters WHERE plan_id = $1 AND year = $2`,
        [planId, Number(today().slice(0, 4))],
      );
      // twelve more overdue assignments of the same plan (task 1 and 4 take schools as units)
      const tasks = await w.api.db.query(`SELECT id FROM tasks WHERE plan_id = $1 AND id <> $2 ORDER BY id`, [planId, taskId]);
      const ids: string[] = [];
      for (const t of tasks as { id: string }[]) {
        await w.api.db.query(`UPDATE tasks SET owner_unit_id = $2 WHERE id = $1`, [t.id, w.units.zuzhi]);
        for (const unit of [w.units.schoolA, w.units.schoolB, w.units.schoolC, w.units.jijiao]) {
          const [row] = await w.api.db.query(
            `INSERT INTO assignments (task_id, unit_id, role, due_date, state) VALUES ($1, $2, 'responsible', $3, 'in_progress') RETURNING id`,
            [t.id, unit, cal.addWorkingDays(today(), -1)],
          );
          ids.push(row.id as string);
        }
      }
      const tokenOther = (await login(w.api.url, head2.username, head2.password)).accessToken;
      const results = await Promise.all(
        ids.map((id, i) =>
          fetch(`${w.api.url}/api/assignments/${id}/notices`, {
            method: 'POST',
            headers: { authorization: `Bearer ${i % 2 ? token1 : tokenOther}`, 'content-type': 'application/json' },
            body: '{}',
          }).then(async (r) => ({ status: r.status, body: (await r.json()) as NoticeView })),
        ),
      );
      expect(results.map((r) => r.status)).toEqual(ids.map(() => 201));
      const serials = results.map((r) => r.body.serial).sort((x, y) => x - y);
      expect(serials).toEqual(ids.map((_, i) => before + 1 + i));
    });
  });

  describe('催办 after the interval', () => {
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
    });
  });
});
