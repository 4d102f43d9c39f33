import { Injectable } from '@nestjs/common';
import { canIssueNotice, isAdmin, isLeader, isNoticeUnit, requireAssignmentAccess, scopeAssignments, type AuthUser } from '@duban/access';
import { AuditService, type RequestContext } from '@duban/audit';
import { assertDate, type WorkingCalendar } from '@duban/calendar';
import { Clock, chinaDate } from '@duban/clock';
import { DubanError } from '@duban/errors';
import { judgeLight, noticeColour, noticeNumberText, NOTICE_COLOUR_LABELS, type NoticeColour } from '@duban/schedule';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { ReminderCalendar } from '@duban/reminders';
import { NoticeDelivery } from './delivery';

export const NOTICE_MESSAGE_MAX = 2000;
export const NOTICE_REPLY_MAX = 5000;
/** Working days a unit has to answer a 督办单 unless the issuer says otherwise. */
export const DEFAULT_REPLY_WORKING_DAYS = 3;

export type NoticeState = 'issued' | 'signed' | 'answered';
export const NOTICE_STATE_LABELS: Record<NoticeState, string> = { issued: '待签收', signed: '已签收', answered: '已反馈' };

export interface IssueNoticeInput {
  message?: string;
  /** YYYY-MM-DD: answer by; default 3 working days from today */
  replyBy?: string;
}

export interface NoticeListQuery {
  /** notices issued to this unit */
  unitId?: string;
  /** notices issued by this department (the task's owner department) */
  departmentId?: string;
  planId?: string;
  colour?: NoticeColour;
  /** `open` (issued or signed, the default), one state, or `all` */
  state?: 'open' | 'all' | NoticeState;
  page: number;
  pageSize: number;
}

interface NoticeRow {
  id: string;
  plan_id: string;
  year: number;
  number: number;
  assignment_id: string;
  task_id: string;
  task_title: string;
  unit_id: string;
  unit_name: string;
  department_id: string | null;
  department_name: string | null;
  colour: NoticeColour;
  reason: string;
  message: string;
  reply_by: string;
  issued_on: string;
  issued_by: string;
  issued_by_name: string | null;
  issued_at: Date;
  state: NoticeState;
  signed_by: string | null;
  signed_by_name: string | null;
  signed_at: Date | null;
  reply: string | null;
  replied_by: string | null;
  replied_by_name: string | null;
  replied_at: Date | null;
}

const SELECT_NOTICE = `
  SELECT n.id, n.plan_id, n.year, n.number, n.assignment_id, n.task_id, t.title AS task_title,
         n.unit_id, u.name AS unit_name, n.department_id, d.name AS department_name,
         n.colour, n.reason, n.message, to_char(n.reply_by, 'YYYY-MM-DD') AS reply_by,
         to_char(n.issued_on, 'YYYY-MM-DD') AS issued_on, n.issued_by, ib.display_name AS issued_by_name, n.issued_at,
         n.state, n.signed_by, sb.display_name AS signed_by_name, n.signed_at,
         n.reply, n.replied_by, rb.display_name AS replied_by_name, n.replied_at
    FROM notices n
    JOIN tasks t ON t.id = n.task_id
    JOIN org_units u ON u.id = n.unit_id
    LEFT JOIN org_units d ON d.id = n.department_id
    LEFT JOIN users ib ON ib.id = n.issued_by
    LEFT JOIN users sb ON sb.id = n.signed_by
    LEFT JOIN users rb ON rb.id = n.replied_by`;

const CLOSED_STATES = new Set(['approved', 'cancelled']);
const noticeNotFound = (): DubanError => DubanError.notFound('督办单', 'NOTICE_NOT_FOUND');

/**
 * The 督办单: a numbered notice (督〔2021〕第12号, per plan and year of issue) a head issues for a
 * lagging open assignment, coloured by the one lights rule (`@duban/schedule`); the unit signs for
 * it (签收) and answers it (反馈). Every step is audited and lands in the task's timeline.
 */
@Injectable()
export class NoticeService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly delivery: NoticeDelivery,
    private readonly calendars: ReminderCalendar,
  ) {}

  async issue(ctx: RequestContext, user: AuthUser, assignmentId: string, input: IssueNoticeInput) {
    const message = (input.message ?? '').trim();
    const id = await this.db.transaction(async (m) => {
      const facts = await requireAssignmentAccess(m, user, assignmentId);
      if (!canIssueNotice(user, facts)) throw new DubanError('NOTICE_NOT_ALLOWED', '只有任务负责科室的负责人可以下发督办单');
      if (CLOSED_STATES.has(facts.state) || facts.taskStatus === 'cancelled') {
        throw new DubanError('ASSIGNMENT_CLOSED', '该分派已办结或已取消，不能下发督办单', { state: facts.state });
      }
      // one issuer at a time per assignment: the open-notice check below then cannot race
      await m.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [`notice:${assignmentId}`]);
      const [open]: { id: string; year: number; number: number }[] = await m.query(
        `SELECT id, year, number FROM notices WHERE assignment_id = $1 AND state <> 'answered'`,
        [assignmentId],
      );
      if (open) {
        throw new DubanError(
          'NOTICE_ALREADY_OPEN',
          `该分派已有未办结的督办单 ${noticeNumberText(open.year, open.number)}，待单位反馈后才能再次下发`,
          { noticeId: open.id, number: noticeNumberText(open.year, open.number) },
        );
      }
      const today = this.clock.today();
      const calendar = await this.calendars.load(m);
      const a = await this.assignmentForLight(m, assignmentId);
      const verdict = judgeLight(calendar, a.light, today);
      const colour = noticeColour(verdict);
      if (!colour) {
        throw new DubanError('NOTICE_NOT_LAGGING', `该分派${verdict.reason}，未临期、未滞后序时进度、未逾期，不需要下发督办单`, {
          light: verdict.light,
          reason: verdict.reason,
          expectedProgress: Math.round(verdict.expected * 100),
          reportedProgress: a.light.reportedProgress,
        });
      }
      const replyBy = this.replyBy(calendar, input.replyBy, today);
      const year = Number(today.slice(0, 4));
      // the counter row is locked until this transaction ends: concurrent issuers queue here, and a
      // rollback takes its number back with it (no gap, no repeat)
      const [counter]: { last_number: number }[] = await m.query(
        `INSERT INTO notice_counters (plan_id, year, last_number) VALUES ($1, $2, 1)
         ON CONFLICT (plan_id, year) DO UPDATE SET last_number = notice_counters.last_number + 1
         RETURNING last_number`,
        [a.planId, year],
      );
      const now = this.clock.now();
      const inserted: { id: string }[] = await m.query(
        `INSERT INTO notices (plan_id, year, number, assignment_id, task_id, unit_id, department_id, colour, reason, message,
                              reply_by, issued_on, issued_by, issued_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id`,
        [
          a.planId,
          year,
          counter.last_number,
          assignmentId,
          facts.taskId,
          facts.unitId,
          facts.taskOwnerUnitId,
          colour,
          verdict.reason,
          message,
          replyBy,
          today,
          user.id,
          now,
        ],
      );
      const noticeId = inserted[0].id;
      const number = noticeNumberText(year, counter.last_number);
      await this.audit.record(m, ctx, {
        action: 'notice.issued',
        objectType: 'notice',
        objectId: noticeId,
        after: { number, assignmentId, taskId: facts.taskId, unitId: facts.unitId, colour, reason: verdict.reason, message, replyBy },
      });
      await this.delivery.send(m, {
        kind: 'notice',
        unitId: facts.unitId,
        assignmentId,
        noticeId,
        planId: a.planId,
        ref: `notice`,
        slot: today,
        subject: `【督办单 ${number}】${a.title}`,
        body: [
          `${a.unitName}：`,
          `任务“${a.title}”（完成时限 ${a.light.dueDate}）${verdict.reason}，现下发${NOTICE_COLOUR_LABELS[colour]}督办单 ${number}。`,
          message ? `督办意见：${message}` : '',
          `请签收，并于 ${replyBy} 前反馈办理情况。`,
        ]
          .filter(Boolean)
          .join('\n'),
        link: `/notices/${noticeId}`,
      });
      return noticeId;
    });
    return this.get(user, id);
  }

  /** 签收: once, by a member of the unit the notice was issued to. */
  async sign(ctx: RequestContext, user: AuthUser, id: string) {
    await this.db.transaction(async (m) => {
      const n = await this.visible(m, user, id);
      if (!isNoticeUnit(user, n.unit_id)) throw new DubanError('NOTICE_NOT_UNIT', '只有督办单所发单位的人员可以签收');
      const now = this.clock.now();
      // UPDATE … RETURNING answers [rows, affected count] through TypeORM's PostgreSQL driver
      const [updated]: [{ id: string }[], number] = await m.query(
        `UPDATE notices SET state = 'signed', signed_by = $2, signed_at = $3 WHERE id = $1 AND state = 'issued' RETURNING id`,
        [id, user.id, now],
      );
      if (updated.length === 0) {
        const [current]: { signed_at: Date | null }[] = await m.query(`SELECT signed_at FROM notices WHERE id = $1`, [id]);
        throw new DubanError('NOTICE_ALREADY_SIGNED', '该督办单已签收', { signedAt: current?.signed_at ?? null });
      }
      await this.audit.record(m, ctx, {
        action: 'notice.signed',
        objectType: 'notice',
        objectId: id,
        before: { state: n.state },
        after: { state: 'signed', number: noticeNumberText(n.year, n.number), assignmentId: n.assignment_id, unitId: n.unit_id },
      });
    });
    return this.get(user, id);
  }

  /** 反馈: the unit's answer, once, after signing; it lands in the task's timeline. */
  async reply(ctx: RequestContext, user: AuthUser, id: string, reply: string) {
    const text = reply.trim();
    if (!text) throw new DubanError('VALIDATION_FAILED', '反馈内容不能为空', [{ field: 'reply', message: '反馈内容不能为空' }]);
    await this.db.transaction(async (m) => {
      const n = await this.visible(m, user, id);
      if (!isNoticeUnit(user, n.unit_id)) throw new DubanError('NOTICE_NOT_UNIT', '只有督办单所发单位的人员可以反馈');
      const now = this.clock.now();
      const [updated]: [{ id: string }[], number] = await m.query(
        `UPDATE notices SET state = 'answered', reply = $2, replied_by = $3, replied_at = $4 WHERE id = $1 AND state = 'signed' RETURNING id`,
        [id, text, user.id, now],
      );
      if (updated.length === 0) {
        const [current]: { state: NoticeState }[] = await m.query(`SELECT state FROM notices WHERE id = $1`, [id]);
        if (current?.state === 'issued') throw new DubanError('NOTICE_NOT_SIGNED', '请先签收督办单，再反馈办理情况');
        throw new DubanError('NOTICE_ALREADY_ANSWERED', '该督办单已反馈');
      }
      await this.audit.record(m, ctx, {
        action: 'notice.answered',
        objectType: 'notice',
        objectId: id,
        before: { state: n.state },
        after: {
          state: 'answered',
          number: noticeNumberText(n.year, n.number),
          assignmentId: n.assignment_id,
          unitId: n.unit_id,
          reply: text,
        },
      });
      // the head who issued it hears of the answer (in-app and e-mail)
      const number = noticeNumberText(n.year, n.number);
      await this.delivery.sendToUser(m, n.issued_by, {
        kind: 'notice',
        assignmentId: n.assignment_id,
        planId: n.plan_id,
        noticeId: n.id,
        ref: 'reply',
        slot: this.clock.today(),
        subject: `【督办单反馈】${number} ${n.unit_name}`,
        body: `${n.unit_name}已反馈督办单 ${number}（任务“${n.task_title}”）：\n${text}`,
        link: `/notices/${n.id}`,
      });
    });
    return this.get(user, id);
  }

  async get(user: AuthUser, id: string) {
    const m = this.db.manager;
    const row = await this.visible(m, user, id);
    const calendar = await this.calendars.load(m);
    return this.view(row, calendar, this.clock.today());
  }

  /**
   * Notices of the assignments the user may see, newest first: per unit (`unitId`), per department
   * (`departmentId`), open ones by default, with their age in working days.
   */
  async list(user: AuthUser, query: NoticeListQuery) {
    const m = this.db.manager;
    const qb = m
      .createQueryBuilder()
      .from('notices', 'n')
      .innerJoin('assignments', 'a', 'a.id = n.assignment_id')
      .innerJoin('tasks', 't', 't.id = a.task_id')
      .select('n.id', 'id');
    scopeAssignments(qb, user);
    if (query.unitId) qb.andWhere('n.unit_id = :unitId', { unitId: query.unitId });
    if (query.departmentId) qb.andWhere('n.department_id = :departmentId', { departmentId: query.departmentId });
    if (query.planId) qb.andWhere('n.plan_id = :planId', { planId: query.planId });
    if (query.colour) qb.andWhere('n.colour = :colour', { colour: query.colour });
    const state = query.state ?? 'open';
    if (state === 'open') qb.andWhere(`n.state <> 'answered'`);
    else if (state !== 'all') qb.andWhere('n.state = :state', { state });
    const counted = await qb.clone().select('count(*)::int', 'n').getRawOne<{ n: number }>();
    const total = counted?.n ?? 0;
    const ids = await qb
      .orderBy('n.issued_at', 'DESC')
      .addOrderBy('n.number', 'DESC')
      .offset((query.page - 1) * query.pageSize)
      .limit(query.pageSize)
      .getRawMany<{ id: string }>();
    const rows: NoticeRow[] = ids.length
      ? await m.query(`${SELECT_NOTICE} WHERE n.id = ANY($1::uuid[]) ORDER BY n.issued_at DESC, n.number DESC`, [ids.map((r) => r.id)])
      : [];
    const calendar = await this.calendars.load(m);
    const today = this.clock.today();
    return { items: rows.map((r) => this.view(r, calendar, today)), total, page: query.page, pageSize: query.pageSize, today };
  }

  /** A notice the user may see (through its assignment), or 404. */
  private async visible(m: EntityManager, user: AuthUser, id: string): Promise<NoticeRow> {
    const [row]: NoticeRow[] = await m.query(`${SELECT_NOTICE} WHERE n.id = $1`, [id]);
    if (!row) throw noticeNotFound();
    if (!isAdmin(user) && !isLeader(user)) {
      await requireAssignmentAccess(m, user, row.assignment_id).catch(() => {
        throw noticeNotFound();
      });
    }
    return row;
  }

  private view(r: NoticeRow, calendar: WorkingCalendar, today: string) {
    const until = r.replied_at ? chinaDate(r.replied_at) : today;
    return {
      id: r.id,
      number: noticeNumberText(r.year, r.number),
      year: r.year,
      serial: r.number,
      planId: r.plan_id,
      assignmentId: r.assignment_id,
      taskId: r.task_id,
      taskTitle: r.task_title,
      unitId: r.unit_id,
      unitName: r.unit_name,
      departmentId: r.department_id,
      departmentName: r.department_name,
      colour: r.colour,
      colourLabel: NOTICE_COLOUR_LABELS[r.colour],
      reason: r.reason,
      message: r.message,
      replyBy: r.reply_by,
      replyOverdue: r.state !== 'answered' && r.reply_by < today,
      issuedOn: r.issued_on,
      issuedBy: r.issued_by,
      issuedByName: r.issued_by_name,
      issuedAt: r.issued_at,
      state: r.state,
      stateLabel: NOTICE_STATE_LABELS[r.state],
      open: r.state !== 'answered',
      /** working days since issue (until the answer, once answered) */
      ageWorkingDays: calendar.workingDaysBetween(r.issued_on, until),
      signedBy: r.signed_by,
      signedByName: r.signed_by_name,
      signedAt: r.signed_at,
      reply: r.reply,
      repliedBy: r.replied_by,
      repliedByName: r.replied_by_name,
      repliedAt: r.replied_at,
    };
  }

  private replyBy(calendar: WorkingCalendar, given: string | undefined, today: string): string {
    if (given === undefined) return calendar.addWorkingDays(today, DEFAULT_REPLY_WORKING_DAYS);
    assertDate(given);
    if (given < today) throw new DubanError('BAD_REQUEST', '反馈时限不能早于今天');
    return given;
  }

  /** What the lights rule needs of an assignment, with names for the message. */
  private async assignmentForLight(m: EntityManager, id: string) {
    const [r]: {
      plan_id: string;
      title: string;
      unit_name: string;
      state: string;
      created_at: Date;
      due_date: string;
      progress_percent: number;
      reported: boolean;
      submitted: boolean;
    }[] = await m.query(
      `SELECT t.plan_id, t.title, u.name AS unit_name, a.state, a.created_at, to_char(a.due_date, 'YYYY-MM-DD') AS due_date,
              a.progress_percent,
              EXISTS (SELECT 1 FROM progress_reports p WHERE p.assignment_id = a.id) AS reported,
              (a.submitted_at IS NOT NULL OR a.state IN ('submitted', 'approved')) AS submitted
         FROM assignments a JOIN tasks t ON t.id = a.task_id JOIN org_units u ON u.id = a.unit_id WHERE a.id = $1`,
      [id],
    );
    return {
      planId: r.plan_id,
      title: r.title,
      unitName: r.unit_name,
      light: {
        state: r.state,
        assignedOn: chinaDate(r.created_at),
        dueDate: r.due_date,
        reportedProgress: r.reported ? r.progress_percent : null,
        submitted: r.submitted,
      },
    };
  }
}
