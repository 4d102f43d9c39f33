import { Injectable } from '@nestjs/common';
import type { Cadence } from '@duban/assignment-workflow';
import type { WorkingCalendar } from '@duban/calendar';
import { DataSource, type EntityManager } from 'typeorm';
import { messageKey } from '../keys';
import { OutboxService, DIGESTIBLE_KINDS } from '../outbox.service';
import { ReminderCalendar } from '../reminder-calendar.service';
import type { OutboxMessage, Recipient, ReminderKind } from '../types';
import { decideDue, decideReport, DEFAULT_REMINDER_SETTINGS, previousWorkingDay, weeklyDigestSlot, type ReminderSettings } from './rules';

/** how many missed working days a pass catches up on at most (a worker down longer starts afresh) */
export const MAX_CATCH_UP_DAYS = 30;

/** messages per transaction of a pass (see `run`) */
export const WRITE_CHUNK = 2_000;
/** transactions a pass writes at once: one is written while the next is prepared */
const WRITERS = 2;

interface OpenAssignment {
  id: string;
  task_id: string;
  unit_id: string;
  unit_name: string;
  owner_user_id: string | null;
  due_date: string;
  title: string;
  plan_id: string;
  plan_title: string;
  owner_unit_id: string | null;
  cadence: Cadence | null;
  before_days: number[] | null;
  escalate_after_days: number | null;
  digest_after_days: number | null;
}

export interface ScheduleScope {
  planId?: string;
  /** only these assignments (a change's rescheduling): no digests */
  assignmentIds?: string[];
  /**
   * every working day up to and including this one was planned already (default: the working day
   * before `today`, i.e. no catch-up); `run` reads it from `reminder_scheduler_runs`
   */
  since?: string;
}

/** One planned message with what the preview shows beside it. */
export interface PlannedMessage extends OutboxMessage {
  unitName: string | null;
}

/**
 * The reminder scheduler: for one working day, which messages are due (due soon, due today,
 * overdue, escalation, report requests, daily digests, the leaders' weekly digest), written to the
 * outbox. Idempotent: every message's key names its recipient, assignment, kind and slot (and the
 * due date, so a moved due date makes new reminders), so running it twice a day sends nothing twice.
 */
@Injectable()
export class ReminderScheduler {
  constructor(
    private readonly db: DataSource,
    private readonly outbox: OutboxService,
    private readonly calendarService: ReminderCalendar,
  ) {}

  /**
   * Plans the day's messages and writes them in chunks of WRITE_CHUNK, each in its own transaction
   * whose jobs are queued (from the enqueue thread) as soon as it commits, so Redis takes one
   * chunk while PostgreSQL writes the next; catches up on the working days since the last completed
   * pass of this scope. The pass's record is written last: a pass that dies midway is redone by the
   * next, and the keys make the redo write and send nothing twice.
   */
  async run(
    today: string,
    scope: ScheduleScope = {},
    calendar?: WorkingCalendar,
  ): Promise<{ planned: number; inserted: number; byKind: Record<string, number> }> {
    const cal = calendar ?? (await this.calendarService.load(this.db.manager));
    if (!cal.isWorkingDay(today)) return { planned: 0, inserted: 0, byKind: {} };
    const runScope = scope.planId ?? '*';
    const since = scope.since ?? (scope.assignmentIds ? undefined : await this.lastPlanned(runScope, today, cal));
    // chunks are written while the rest is planned, at most WRITERS transactions at once
    const writes = new Set<Promise<void>>();
    let inserted = 0;
    let planned = 0;
    const byKind: Record<string, number> = {};
    let failed: { error: unknown } | null = null;
    const write = async (batch: PlannedMessage[]) => {
      planned += batch.length;
      for (const msg of batch) byKind[msg.kind] = (byKind[msg.kind] ?? 0) + 1;
      while (writes.size >= WRITERS) await Promise.race(writes);
      if (failed) throw failed.error;
      const w: Promise<void> = this.db
        .transaction((m) => this.outbox.enqueue(m, batch, { calendar: cal }))
        .then(
          (r) => void (inserted += r.inserted.length),
          (error: unknown) => void (failed ??= { error }),
        )
        .finally(() => writes.delete(w));
      writes.add(w);
    };
    await this.plan(this.db.manager, today, { ...scope, since }, cal, write).finally(() => Promise.all(writes));
    if (failed) throw (failed as { error: unknown }).error;
    if (!scope.assignmentIds)
      await this.db.query(
        `insert into reminder_scheduler_runs (scope, last_slot) values ($1, $2)
         on conflict (scope) do update set last_slot = greatest(reminder_scheduler_runs.last_slot, excluded.last_slot), updated_at = now()`,
        [runScope, today],
      );
    return { planned, inserted, byKind };
  }

  /**
   * The last working day before `today` that a completed pass planned (the catch-up starts after
   * it), at most MAX_CATCH_UP_DAYS back; yesterday when there is no record (a first run catches
   * up on nothing) or the record is today's or yesterday's.
   */
  private async lastPlanned(scope: string, today: string, cal: WorkingCalendar): Promise<string> {
    const yesterday = previousWorkingDay(today, cal);
    const [row] = (await this.db.query(`select to_char(last_slot, 'YYYY-MM-DD') as last from reminder_scheduler_runs where scope = $1`, [
      scope,
    ])) as { last: string }[];
    if (!row || row.last >= yesterday) return yesterday;
    const floor = cal.addWorkingDays(today, -MAX_CATCH_UP_DAYS);
    return row.last < floor ? floor : row.last;
  }

  /**
   * The day's messages, nothing written (the preview; `run` writes them). With a `sink`, every
   * WRITE_CHUNK messages planned are handed to it as they come (`run` writes them meanwhile) and not
   * kept: the result is then empty.
   */
  async plan(
    m: EntityManager,
    today: string,
    scope: ScheduleScope = {},
    calendar?: WorkingCalendar,
    sink?: (batch: PlannedMessage[]) => Promise<void>,
  ): Promise<PlannedMessage[]> {
    const cal = calendar ?? (await this.calendarService.load(m));
    if (!cal.isWorkingDay(today)) return [];
    const since = scope.since ?? previousWorkingDay(today, cal);
    const rows: OpenAssignment[] = await m.query(
      `select a.id, a.task_id, a.unit_id, u.name as unit_name, a.owner_user_id, to_char(a.due_date, 'YYYY-MM-DD') as due_date,
              t.title, t.plan_id, p.title as plan_title, t.owner_unit_id, t.cadence,
              s.before_days, s.escalate_after_days, s.digest_after_days
         from assignments a
         join tasks t on t.id = a.task_id and t.status = 'active'
         join plans p on p.id = t.plan_id and p.archived_at is null
         join org_units u on u.id = a.unit_id
         left join reminder_settings s on s.plan_id = t.plan_id
        where a.state not in ('approved', 'cancelled')
          and ($1::uuid is null or t.plan_id = $1) and ($2::uuid[] is null or a.id = any ($2::uuid[]))`,
      [scope.planId ?? null, scope.assignmentIds ?? null],
    );
    if (scope.assignmentIds && rows.length === 0) return [];

    const decisions = new Map<string, ReturnType<typeof decideDue>>();
    const decide = (a: OpenAssignment) => {
      const s: ReminderSettings = a.before_days
        ? { beforeDays: a.before_days, escalateAfterDays: a.escalate_after_days ?? 3, digestAfterDays: a.digest_after_days ?? 10 }
        : DEFAULT_REMINDER_SETTINGS;
      const k = `${a.due_date}|${s.beforeDays.join(',')}|${s.escalateAfterDays}|${s.digestAfterDays}`;
      if (!decisions.has(k)) decisions.set(k, decideDue(a.due_date, today, s, cal, since));
      return decisions.get(k) ?? null;
    };

    const work: { a: OpenAssignment; due: ReturnType<typeof decideDue>; report: ReturnType<typeof decideReport> }[] = [];
    for (const a of rows) {
      const due = decide(a);
      const report = a.cadence ? decideReport(a.cadence, today, a.due_date, cal, since) : null;
      if (due || report) work.push({ a, due, report });
    }

    // who hears about a unit's assignment: its named owner, else the unit's people
    const units = [...new Set(work.filter((w) => !w.a.owner_user_id).map((w) => w.a.unit_id))];
    const owners = [
      ...new Set(
        work.filter((w) => w.due?.kind === 'overdue' && w.due.escalate && w.a.owner_unit_id).map((w) => w.a.owner_unit_id as string),
      ),
    ];
    const members: { unit_id: string; user_id: string; role: string }[] =
      units.length + owners.length === 0
        ? []
        : await m.query(
            `select distinct uu.unit_id, uu.user_id, uu.role from user_units uu join users u on u.id = uu.user_id and u.is_active
              where uu.unit_id = any ($1::uuid[])`,
            [[...units, ...owners]],
          );
    const peopleOf = new Map<string, string[]>();
    const headsOf = new Map<string, string[]>();
    for (const r of members) {
      const people = peopleOf.get(r.unit_id) ?? [];
      if (!people.includes(r.user_id)) people.push(r.user_id);
      peopleOf.set(r.unit_id, people);
      if (r.role === 'department_head') headsOf.set(r.unit_id, [...(headsOf.get(r.unit_id) ?? []), r.user_id]);
    }
    const robotUnits = new Set(
      (
        (await m.query(`select distinct unit_id from unit_webhooks where enabled and unit_id = any ($1::uuid[])`, [
          [...new Set(work.map((w) => w.a.unit_id))],
        ])) as {
          unit_id: string;
        }[]
      ).map((r) => r.unit_id),
    );
    const filed = new Set<string>();
    const dueReports = work.filter((w) => w.report?.what === 'due');
    if (dueReports.length > 0) {
      const reported: { assignment_id: string; period: string }[] = await m.query(
        `select distinct assignment_id, period from progress_reports where assignment_id = any ($1::uuid[]) and period is not null`,
        [dueReports.map((w) => w.a.id)],
      );
      for (const r of reported) filed.add(`${r.assignment_id}|${r.period}`);
    }

    const out: PlannedMessage[] = [];
    // handed on in batches when there is a sink, and then not kept: a pass need not hold 100,000 messages
    const flush = async (atLeast: number) => {
      if (sink && out.length >= atLeast) await sink(out.splice(0, out.length));
    };
    // the routine reminders of users who take them as one daily digest e-mail
    const candidates = new Set(members.map((r) => r.user_id));
    for (const w of work) if (w.a.owner_user_id) candidates.add(w.a.owner_user_id);
    const digestUsers = new Set(
      scope.assignmentIds || candidates.size === 0
        ? []
        : (
            (await m.query(
              `select id from users where id = any ($1::uuid[]) and reminder_mode = 'daily_digest' and email is not null and email <> ''`,
              [[...candidates]],
            )) as { id: string }[]
          ).map((r) => r.id),
    );
    const routine = new Map<string, string[]>();
    // keySlot: the day the rule fell due (today, or an earlier missed day when catching up)
    const push = (
      a: OpenAssignment,
      kind: ReminderKind,
      recipientUsers: string[],
      subject: string,
      body: string,
      extra: string,
      keySlot: string,
    ) => {
      const link = `/tasks/${a.task_id}?assignment=${a.id}`;
      const digestible = (DIGESTIBLE_KINDS as readonly string[]).includes(kind);
      // object literals, not spreads: a pass builds 100,000 of them
      const message = (recipient: Recipient): PlannedMessage => ({
        kind,
        slot: today,
        recipient,
        assignmentId: a.id,
        planId: a.plan_id,
        subject,
        body,
        link,
        key: messageKey({ recipient, kind, slot: keySlot, assignmentId: a.id, extra }),
        unitName: a.unit_name,
      });
      for (const userId of recipientUsers) {
        if (digestible && digestUsers.has(userId)) {
          const subjects = routine.get(userId);
          if (subjects) subjects.push(subject);
          else routine.set(userId, [subject]);
        }
        out.push(message({ userId }));
      }
      if (kind !== 'escalation' && robotUnits.has(a.unit_id)) out.push(message({ unitId: a.unit_id }));
    };

    for (const { a, due, report } of work) {
      if (sink && out.length >= WRITE_CHUNK) await flush(WRITE_CHUNK);
      const people = a.owner_user_id ? [a.owner_user_id] : (peopleOf.get(a.unit_id) ?? []);
      const what = `「${a.title}」（${a.plan_title}，${a.unit_name}）`;
      const dueExtra = `d${a.due_date.replace(/-/g, '')}`;
      if (due?.kind === 'due_soon') {
        push(
          a,
          'due_soon',
          people,
          `【督办提醒】${a.title} 还有${due.daysLeft}个工作日到期`,
          `${what}将于 ${a.due_date} 到期，还有 ${due.daysLeft} 个工作日，请按时完成并报送。`,
          dueExtra,
          due.slot,
        );
      } else if (due?.kind === 'due_today') {
        push(
          a,
          'due_today',
          people,
          `【督办提醒】${a.title} 今天到期`,
          `${what}今天（${a.due_date}）到期，请今天完成并提交。`,
          dueExtra,
          due.slot,
        );
      } else if (due?.kind === 'overdue') {
        push(
          a,
          'overdue',
          people,
          `【逾期提醒】${a.title} 已逾期${due.overdueDays}个工作日`,
          `${what}应于 ${a.due_date} 完成，已逾期 ${due.overdueDays} 个工作日，请尽快完成或申请延期。`,
          dueExtra,
          due.slot,
        );
        if (due.escalate && a.owner_unit_id) {
          push(
            a,
            'escalation',
            headsOf.get(a.owner_unit_id) ?? [],
            `【逾期上报】${a.unit_name}：${a.title} 已逾期${due.overdueDays}个工作日`,
            `${what}应于 ${a.due_date} 完成，已逾期 ${due.overdueDays} 个工作日，请负责科室督促办理。`,
            dueExtra,
            // the N-th overdue day, also when caught up later: one escalation per assignment and due date
            due.escalationSlot,
          );
        }
      }
      if (report && !(report.what === 'due' && filed.has(`${a.id}|${report.period}`))) {
        const subject =
          report.what === 'start'
            ? `【报送提醒】请报送 ${report.period} 期进展：${a.title}`
            : `【报送提醒】${report.period} 期进展尚未报送：${a.title}`;
        const body =
          report.what === 'start'
            ? `${what}按周期报送，本期（${report.period}）请在 ${report.periodEnd} 前报送进展。`
            : `${what}本期（${report.period}）进展尚未报送，请在 ${report.periodEnd} 前报送。`;
        push(a, 'report_request', people, subject, body, `p${report.period}-${report.what}`, report.slot);
      }
    }

    await flush(1);
    if (scope.assignmentIds) return out;
    this.addDailyDigests(today, routine, out);
    const week = weeklyDigestSlot(today, cal, since);
    if (week) await this.addLeadersDigest(m, today, week, scope, out, cal);
    await flush(1);
    return out;
  }

  /** One e-mail per daily-digest user listing the day's routine reminders (in-app keeps each item). */
  private addDailyDigests(today: string, routine: Map<string, string[]>, out: PlannedMessage[]): void {
    for (const [id, items] of routine) {
      const recipient = { userId: id };
      out.push({
        kind: 'digest',
        slot: today,
        recipient,
        subject: `【督办每日汇总】${today}：${items.length} 项待办提醒`,
        body: items.map((subject, i) => `${i + 1}. ${subject.replace(/^【[^】]+】/, '')}`).join('\n'),
        link: '/inbox',
        channels: ['email'],
        key: messageKey({ recipient, kind: 'digest', slot: today, extra: 'daily' }),
        unitName: null,
      });
    }
  }

  /** The leaders' weekly digest: completion and overdue per plan and department, and long-overdue items. */
  private async addLeadersDigest(
    m: EntityManager,
    today: string,
    /** the week's first working day: the key's slot, also when caught up later in the week */
    week: string,
    scope: ScheduleScope,
    out: PlannedMessage[],
    cal: WorkingCalendar,
  ): Promise<void> {
    const leaders: { id: string }[] = await m.query(`select id from users where is_active and 'leader' = any (global_roles)`);
    if (leaders.length === 0) return;
    const figures: { plan_title: string; dept: string | null; total: number; done: number; overdue: number }[] = await m.query(
      `select p.title as plan_title, o.name as dept, count(*)::int as total,
              count(*) filter (where a.state = 'approved')::int as done,
              count(*) filter (where a.state not in ('approved', 'cancelled') and a.due_date < $1::date)::int as overdue
         from assignments a join tasks t on t.id = a.task_id and t.status = 'active'
         join plans p on p.id = t.plan_id and p.archived_at is null
         left join org_units o on o.id = t.owner_unit_id
        where a.state <> 'cancelled' and ($2::uuid is null or p.id = $2)
        group by p.title, o.name order by p.title, o.name`,
      [today, scope.planId ?? null],
    );
    const long: { title: string; unit: string; due: string; plan_id: string; after: number | null }[] = await m.query(
      `select t.title, u.name as unit, to_char(a.due_date, 'YYYY-MM-DD') as due, t.plan_id, s.digest_after_days as after
         from assignments a join tasks t on t.id = a.task_id and t.status = 'active' join org_units u on u.id = a.unit_id
         join plans p on p.id = t.plan_id and p.archived_at is null
         left join reminder_settings s on s.plan_id = t.plan_id
        where a.state not in ('approved', 'cancelled') and a.due_date < $1::date and ($2::uuid is null or p.id = $2)
        order by a.due_date limit 500`,
      [today, scope.planId ?? null],
    );
    // each plan's own M (reminder_settings.digest_after_days), else the default
    const longOverdue = long.filter((r) => cal.workingDaysBetween(r.due, today) >= (r.after ?? DEFAULT_REMINDER_SETTINGS.digestAfterDays));
    const lines = figures.map(
      (f) =>
        `${f.plan_title} / ${f.dept ?? '未定科室'}：共 ${f.total} 项，完成 ${f.done} 项（${f.total ? Math.round((f.done * 100) / f.total) : 0}%），逾期 ${f.overdue} 项`,
    );
    if (longOverdue.length > 0)
      lines.push(
        '',
        '长期逾期：',
        ...longOverdue.map((r) => `· ${r.unit}：${r.title}（应于 ${r.due} 完成，已逾期 ${cal.workingDaysBetween(r.due, today)} 个工作日）`),
      );
    if (figures.length === 0) return;
    for (const { id } of leaders) {
      const recipient = { userId: id };
      out.push({
        kind: 'digest',
        slot: today,
        recipient,
        planId: scope.planId ?? null,
        subject: `【督办周报】${today} 当周完成与逾期情况`,
        body: lines.join('\n'),
        link: '/dashboard',
        key: messageKey({ recipient, kind: 'digest', slot: week, extra: `weekly${scope.planId ? `-${scope.planId}` : ''}` }),
        unitName: null,
      });
    }
  }
}
