import { Injectable } from '@nestjs/common';
import { Clock } from '@duban/clock';
import { daysUntil, isOverdue, isTaskComplete, type AssignmentSummary } from '@duban/assignment-workflow';
import {
  Assignment,
  AuditEvent,
  ReviewDecision,
  Task,
  TaskChangeRequest,
  TaskEvidenceRequirement,
  TaskTarget,
  WorkPoint,
  together,
} from '@duban/db';
import { InjectDataSource } from '@nestjs/typeorm';
import { In, type DataSource, type EntityManager, type SelectQueryBuilder } from 'typeorm';
import type { AuthUser } from '@duban/access';
import { noticeNumberText } from '@duban/schedule';
import { urgeStats } from '../assignments/urge-stats';
import { withNames, withNamesOne } from '../names';
import type { Page } from '../page';
import { redactForScope, scopeAssignments, scopeTasks, timelineScope, type TimelineScope } from '@duban/access';
import { taskNotFound } from './task-errors';
import { canSeeTask } from './task-loading';
import type { ListTasksQuery } from './task.inputs';

const ASSIGNMENTS_SHOWN = 500;
const TIMELINE_MAX = 1000;

export interface TaskListItem extends Task {
  /** the owner department's name beside its id (withNames) */
  ownerUnitName: string | null;
  assignmentCount: number;
  approvedCount: number;
}

export type TimelineEntry =
  | {
      kind: 'audit';
      at: Date;
      action: string;
      actor: string | null;
      objectType: string;
      objectId: string;
      before: object | null;
      after: object | null;
      actorName: string | null;
    }
  | {
      /** a 催办 (urging) of a visible assignment */
      kind: 'urge';
      at: Date;
      assignmentId: string;
      urgedBy: string;
      urgedByName: string | null;
      actingAs: string;
      message: string;
    }
  | {
      /** a 督办单 issued, signed for (签收) or answered (反馈: `text` is the reply) */
      kind: 'notice';
      event: 'issued' | 'signed' | 'answered';
      at: Date;
      assignmentId: string;
      noticeId: string;
      number: string;
      colour: string;
      actor: string | null;
      actorName: string | null;
      text: string | null;
    }
  | {
      kind: 'review';
      at: Date;
      decision: 'approve' | 'return';
      reason: string | null;
      decidedBy: string | null;
      decidedByName: string | null;
      assignmentId: string;
    };

/** Reading tasks, always through the access rules (SQL scoping for lists, the same rules for one task). */
@Injectable()
export class TaskQueryService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
  ) {}

  async list(user: AuthUser, query: ListTasksQuery): Promise<Page<TaskListItem>> {
    const qb = this.db.manager.createQueryBuilder(Task, 't').innerJoin(WorkPoint, 'p', 'p.id = t.point_id');
    scopeTasks(qb, user);
    if (query.planId) qb.andWhere('t.plan_id = :planId', { planId: query.planId });
    if (query.pointId) qb.andWhere('t.point_id = :pointId', { pointId: query.pointId });
    if (query.status) qb.andWhere('t.status = :status', { status: query.status });
    qb.orderBy('t.plan_id').addOrderBy('p.position').addOrderBy('t.position').addOrderBy('t.id');
    const [tasks, total] = await qb
      // offset/limit, not skip/take: no relation joins to de-duplicate, and the order uses a plain join
      .offset((query.page - 1) * query.pageSize)
      .limit(query.pageSize)
      .getManyAndCount();
    const counts: { task_id: string; n: number; approved: number }[] = tasks.length
      ? await this.db.query(
          `SELECT task_id, count(*)::int AS n, count(*) FILTER (WHERE state = 'approved')::int AS approved
           FROM assignments WHERE task_id = ANY($1::uuid[]) AND state <> 'cancelled' GROUP BY task_id`,
          [tasks.map((t) => t.id)],
        )
      : [];
    const byTask = new Map(counts.map((c) => [c.task_id, c]));
    const items = await withNames(
      this.db.manager,
      tasks.map((t) => ({ ...t, assignmentCount: byTask.get(t.id)?.n ?? 0, approvedCount: byTask.get(t.id)?.approved ?? 0 })),
      { units: ['ownerUnitId'] },
    );
    return { items, total, page: query.page, pageSize: query.pageSize };
  }

  async get(user: AuthUser, taskId: string) {
    const m = this.db.manager;
    const task = await m.findOneBy(Task, { id: taskId });
    if (!task || !(await canSeeTask(m, user, taskId))) throw taskNotFound();
    const today = this.clock.today();
    const scoped = () => scopeAssignments(this.assignmentsOf(m, taskId), user);

    const [rows, visible, stats, pairs, targets, requirements, changeRequests] = await Promise.all([
      scoped()
        .innerJoin('org_units', 'u', 'u.id = a.unit_id')
        .addSelect(['u.name AS unit_name', 'u.type AS unit_type'])
        .orderBy(`CASE a.role WHEN 'lead' THEN 0 WHEN 'cooperating' THEN 1 ELSE 2 END`)
        .addOrderBy('u.name')
        .limit(ASSIGNMENTS_SHOWN)
        .getRawAndEntities(),
      scoped().select('a.id', 'id').addSelect('a.unit_id', 'unitId').getRawMany<{ id: string; unitId: string }>(),
      scoped()
        .select('a.state', 'state')
        .addSelect('count(*)::int', 'n')
        .addSelect(`count(*) FILTER (WHERE a.due_date < :today AND a.state NOT IN ('approved', 'cancelled'))::int`, 'overdue')
        .setParameter('today', today)
        .groupBy('a.state')
        .getRawMany<{ state: string; n: number; overdue: number }>(),
      // completion is a fact of the whole task, whoever looks: distinct (role, state) pairs decide it
      m.query(`SELECT DISTINCT role, state FROM assignments WHERE task_id = $1`, [taskId]) as Promise<AssignmentSummary[]>,
      m.find(TaskTarget, { where: { taskId }, order: { position: 'ASC' } }),
      m.find(TaskEvidenceRequirement, { where: { taskId }, order: { position: 'ASC' } }),
      m.find(TaskChangeRequest, { where: { taskId }, order: { createdAt: 'DESC' } }),
    ]);

    const urged = await urgeStats(
      m,
      rows.entities.map((a) => a.id),
    );
    const assignments = rows.entities.map((a, i) => ({
      ...a,
      unitName: rows.raw[i].unit_name as string,
      unitType: rows.raw[i].unit_type as string,
      overdue: isOverdue(a.dueDate, a.state, today),
      daysUntil: daysUntil(a.dueDate, today),
      urgeCount: urged.get(a.id)?.urgeCount ?? 0,
      lastUrgedAt: urged.get(a.id)?.lastUrgedAt ?? null,
    }));
    const actuals = await this.latestActuals(m, user, taskId);
    // the departments the routing step named to cooperate, for the owner's heads to assign
    const cooperatingUnits: { id: string; name: string }[] = task.cooperatingUnitIds.length
      ? await m.query(`SELECT id, name FROM org_units WHERE id = ANY($1::uuid[]) ORDER BY code`, [task.cooperatingUnitIds])
      : [];
    // a unit sees its own part of the task's history, not which other units got it
    const scope = timelineScope(user, visible);
    const requests = await withNames(
      m,
      changeRequests.map((c) => redactForScope(c, scope)),
      { users: ['requestedBy', 'decidedBy'] },
    );
    return {
      ...(await withNamesOne(m, task, { units: ['ownerUnitId'] })),
      cooperatingUnits,
      today,
      complete: isTaskComplete(task.completionRule, pairs),
      assignmentStats: {
        total: stats.reduce((n, s) => n + s.n, 0),
        overdue: stats.reduce((n, s) => n + s.overdue, 0),
        byState: Object.fromEntries(stats.map((s) => [s.state, s.n])),
      },
      assignments: await withNames(m, assignments, { users: ['ownerUserId', 'approvedBy'] }),
      targets: targets.map((t) => ({ ...t, actuals: actuals.filter((x) => x.taskTargetId === t.id) })),
      evidenceRequirements: requirements,
      pendingChangeRequest: requests.find((c) => c.status === 'pending') ?? null,
      changeRequests: requests,
      timeline: await this.timeline(m, taskId, scope),
    };
  }

  private assignmentsOf(m: EntityManager, taskId: string): SelectQueryBuilder<Assignment> {
    return m.createQueryBuilder(Assignment, 'a').innerJoin(Task, 't', 't.id = a.task_id').where('a.task_id = :taskId', { taskId });
  }

  /** The latest actual of each target per visible unit (by as-of date, then by report time). */
  private async latestActuals(m: EntityManager, user: AuthUser, taskId: string) {
    const rows = await scopeAssignments(
      m
        .createQueryBuilder()
        .from('target_actuals', 'ta')
        .innerJoin('assignments', 'a', 'a.id = ta.assignment_id')
        .innerJoin('tasks', 't', 't.id = a.task_id')
        .innerJoin('org_units', 'u', 'u.id = a.unit_id')
        .where('a.task_id = :taskId', { taskId }),
      user,
    )
      .distinctOn(['ta.task_target_id', 'ta.assignment_id'])
      .select(['ta.task_target_id AS target_id', 'ta.assignment_id AS assignment_id', 'a.unit_id AS unit_id', 'u.name AS unit_name'])
      .addSelect(['ta.value AS value', `to_char(ta.as_of, 'YYYY-MM-DD') AS as_of`, 'ta.created_at AS reported_at'])
      .orderBy('ta.task_target_id')
      .addOrderBy('ta.assignment_id')
      .addOrderBy('ta.as_of', 'DESC')
      .addOrderBy('ta.created_at', 'DESC')
      .getRawMany<{
        target_id: string;
        assignment_id: string;
        unit_id: string;
        unit_name: string;
        value: string;
        as_of: string;
        reported_at: Date;
      }>();
    return rows.map((r) => ({
      taskTargetId: r.target_id,
      assignmentId: r.assignment_id,
      unitId: r.unit_id,
      unitName: r.unit_name,
      value: Number(r.value),
      asOf: r.as_of,
      reportedAt: r.reported_at,
    }));
  }

  /** Audit events of the task and of the assignments the user may see, with review decisions, oldest first. */
  private async timeline(m: EntityManager, taskId: string, scope: TimelineScope): Promise<TimelineEntry[]> {
    const assignmentIds = [...scope.assignmentIds];
    const [events, reviews, urgings, notices] = await together(
      m,
      () =>
        m
          .createQueryBuilder(AuditEvent, 'e')
          .where(`(e.object_type = 'task' AND e.object_id = :taskId)`, { taskId })
          .orWhere(`(e.object_type = 'assignment' AND e.object_id = ANY(:ids))`, { ids: assignmentIds })
          .orderBy('e.at', 'DESC')
          .addOrderBy('e.id', 'DESC')
          .limit(TIMELINE_MAX)
          .getMany(),
      () =>
        assignmentIds.length
          ? m.find(ReviewDecision, { where: { assignmentId: In(assignmentIds) }, order: { at: 'DESC' }, take: TIMELINE_MAX })
          : Promise.resolve([]),
      () =>
        m.query(
          `SELECT g.id, g.assignment_id, g.urged_by, u.display_name AS name, g.acting_as, g.message, g.at
           FROM urgings g LEFT JOIN users u ON u.id = g.urged_by WHERE g.assignment_id = ANY($1::uuid[])
          ORDER BY g.at DESC LIMIT ${TIMELINE_MAX}`,
          [assignmentIds],
        ) as Promise<
          { id: string; assignment_id: string; urged_by: string; name: string | null; acting_as: string; message: string; at: Date }[]
        >,
      () =>
        m.query(
          `SELECT n.id, n.assignment_id, n.year, n.number, n.colour, n.message, n.issued_by, ib.display_name AS issued_by_name, n.issued_at,
                n.signed_by, sb.display_name AS signed_by_name, n.signed_at, n.reply, n.replied_by, rb.display_name AS replied_by_name, n.replied_at
           FROM notices n LEFT JOIN users ib ON ib.id = n.issued_by LEFT JOIN users sb ON sb.id = n.signed_by
           LEFT JOIN users rb ON rb.id = n.replied_by
          WHERE n.assignment_id = ANY($1::uuid[]) ORDER BY n.issued_at DESC LIMIT ${TIMELINE_MAX}`,
          [assignmentIds],
        ) as Promise<NoticeTimelineRow[]>,
    );
    const [namedEvents, namedReviews] = await together(
      m,
      () => withNames(m, events, { users: ['actor'] }),
      () => withNames(m, reviews, { users: ['decidedBy'] }),
    );
    const entries: (TimelineEntry & { seq: number })[] = [
      ...namedEvents.map((e) => ({
        kind: 'audit' as const,
        seq: Number(e.id),
        at: e.at,
        action: e.action,
        actor: e.actor,
        actorName: e.actorName,
        objectType: e.objectType,
        objectId: e.objectId,
        before: redactForScope(e.before, scope),
        after: redactForScope(e.after, scope),
      })),
      ...namedReviews.map((r) => ({
        kind: 'review' as const,
        seq: Number(r.id),
        at: r.at,
        decision: r.decision,
        reason: r.reason,
        decidedBy: r.decidedBy,
        decidedByName: r.decidedByName,
        assignmentId: r.assignmentId,
      })),
    ];
    for (const g of urgings) {
      entries.push({
        kind: 'urge',
        seq: Number(g.id),
        at: g.at,
        assignmentId: g.assignment_id,
        urgedBy: g.urged_by,
        urgedByName: g.name,
        actingAs: g.acting_as,
        message: g.message,
      });
    }
    for (const n of notices) entries.push(...noticeEntries(n));
    entries.sort((x, y) => x.at.getTime() - y.at.getTime() || (x.kind === y.kind ? x.seq - y.seq : x.kind === 'audit' ? 1 : -1));
    return entries.map(({ seq: _seq, ...e }) => e);
  }
}

interface NoticeTimelineRow {
  id: string;
  assignment_id: string;
  year: number;
  number: number;
  colour: string;
  message: string;
  issued_by: string;
  issued_by_name: string | null;
  issued_at: Date;
  signed_by: string | null;
  signed_by_name: string | null;
  signed_at: Date | null;
  reply: string | null;
  replied_by: string | null;
  replied_by_name: string | null;
  replied_at: Date | null;
}

/** A 督办单's steps as timeline entries: issued, signed for, answered (with the reply). */
function noticeEntries(n: NoticeTimelineRow): (TimelineEntry & { seq: number })[] {
  const base = {
    kind: 'notice' as const,
    seq: 0,
    assignmentId: n.assignment_id,
    noticeId: n.id,
    number: noticeNumberText(n.year, n.number),
    colour: n.colour,
  };
  const out: (TimelineEntry & { seq: number })[] = [
    { ...base, event: 'issued', at: n.issued_at, actor: n.issued_by, actorName: n.issued_by_name, text: n.message || null },
  ];
  if (n.signed_at) out.push({ ...base, event: 'signed', at: n.signed_at, actor: n.signed_by, actorName: n.signed_by_name, text: null });
  if (n.replied_at)
    out.push({ ...base, event: 'answered', at: n.replied_at, actor: n.replied_by, actorName: n.replied_by_name, text: n.reply });
  return out;
}
