import { Injectable } from '@nestjs/common';
import { Clock } from '@duban/clock';
import { daysUntil, isOverdue, STATE_LABELS } from '@duban/assignment-workflow';
import { PlanSection, WorkPoint, type AssignmentRole, type AssignmentState } from '@duban/db';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { AuthUser } from '@duban/access';
import { withNames } from '../names';
import { withUrgeStats, type UrgeStats } from '../assignments/urge-stats';
import type { Page } from '../page';
import type { AssignmentFilters, AssignmentListQuery, ChangeRequestListQuery } from './inbox.filters';
import { assignmentQuery, changeRequestQuery, orderAssignments, orderSql, type Bucket } from './inbox-query';

export interface InboxItem {
  id: string;
  taskId: string;
  taskTitle: string;
  planId: string;
  planTitle: string;
  sectionId: string;
  sectionNumber: string;
  sectionTitle: string;
  pointNumber: number;
  unitId: string;
  unitName: string;
  role: AssignmentRole;
  ownerUserId: string | null;
  dueDate: string;
  state: AssignmentState;
  stateLabel: string;
  overdue: boolean;
  daysUntilDue: number;
  version: number;
  updatedAt: string;
  /** the pending extension request, when the item waits for one to be decided */
  extension: { id: string; requestedDue: string; reason: string } | null;
}

/** An inbox row with its handler's name beside the id (see names.ts). */
export type NamedInboxItem = InboxItem & { ownerUserName: string | null } & UrgeStats;

export interface Counts {
  total: number;
  overdue: number;
  submitted: number;
  extensionRequested: number;
}

interface Row {
  id: string;
  task_id: string;
  task_title: string;
  plan_id: string;
  plan_title: string;
  section_id: string;
  section_number: string;
  section_title: string;
  point_number: number;
  unit_id: string;
  unit_name: string;
  role: AssignmentRole;
  owner_user_id: string | null;
  due_date: string;
  state: AssignmentState;
  version: number;
  updated_at: Date;
  ext_id: string | null;
  ext_due: string | null;
  ext_reason: string | null;
}

/** The assignment columns a page carries out to the outer query (names as in the table). */
const PAGE_COLUMNS = ['id', 'task_id', 'unit_id', 'role', 'owner_user_id', 'due_date', 'state', 'version', 'updated_at'] as const;

/** The user's action inbox, review queue and scoped assignment list: counts and lists from one query builder. */
@Injectable()
export class InboxService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
  ) {}

  async summary(user: AuthUser, filters: AssignmentFilters) {
    const today = this.clock.today();
    const [actions, reviews, changeRequests] = await Promise.all([
      this.count(user, 'actions', filters, today),
      this.count(user, 'reviews', filters, today),
      changeRequestQuery(this.db, user, filters).getCount(),
    ]);
    return {
      today,
      // 待我处理: everything that waits for this user, whichever list it is in
      total: actions.total + reviews.total + changeRequests,
      actions: { total: actions.total, overdue: actions.overdue },
      reviews: { total: reviews.total, submissions: reviews.submitted, extensions: reviews.extensionRequested, overdue: reviews.overdue },
      changeRequests: { total: changeRequests },
    };
  }

  async list(user: AuthUser, bucket: Bucket, query: AssignmentListQuery): Promise<Page<NamedInboxItem> & { today: string }> {
    const today = this.clock.today();
    const { list } = this.queries(user, bucket, query, today);
    const [rows, counts] = await Promise.all([this.db.query<Row[]>(list.sql, list.params), this.count(user, bucket, query, today)]);
    const named = await withNames(
      this.db.manager,
      rows.map((r) => toItem(r, today)),
      { users: ['ownerUserId'] },
    );
    // 催办: how often and when last, beside each row
    const items = await withUrgeStats(this.db.manager, named);
    return { items, total: counts.total, page: query.page, pageSize: query.pageSize, today };
  }

  async changeRequests(user: AuthUser, query: ChangeRequestListQuery) {
    const qb = changeRequestQuery(this.db, user, query);
    const [rows, total] = await Promise.all([
      qb
        .clone()
        .innerJoin(WorkPoint, 'p', 'p.id = t.point_id')
        .innerJoin(PlanSection, 's', 's.id = p.section_id')
        .select([
          'cr.id AS id',
          'cr.kind AS kind',
          'cr.proposed AS proposed',
          'cr.reason AS reason',
          'cr.requested_by AS requested_by',
          'cr.created_at AS created_at',
          't.id AS task_id',
          't.title AS task_title',
          't.plan_id AS plan_id',
          's.number AS section_number',
          'p.number AS point_number',
          't.due_date::text AS due_date',
          't.version AS version',
        ])
        .orderBy('cr.created_at', 'ASC')
        .addOrderBy('cr.id', 'ASC')
        .limit(query.pageSize)
        .offset((query.page - 1) * query.pageSize)
        .getRawMany<Record<string, unknown>>(),
      qb.getCount(),
    ]);
    const items = rows.map((r) => ({
      id: r.id as string,
      kind: r.kind as 'adjust' | 'cancel',
      kindLabel: r.kind === 'cancel' ? '取消任务' : '调整任务',
      proposed: r.proposed as Record<string, unknown>,
      reason: r.reason as string,
      requestedBy: r.requested_by as string | null,
      createdAt: r.created_at as Date,
      taskId: r.task_id as string,
      taskTitle: r.task_title as string,
      planId: r.plan_id as string,
      sectionNumber: r.section_number as string,
      pointNumber: r.point_number as number,
      dueDate: r.due_date as string,
      version: r.version as number,
    }));
    return {
      items: await withNames(this.db.manager, items, { users: ['requestedBy'] }),
      total,
      page: query.page,
      pageSize: query.pageSize,
    };
  }

  /** The SQL a list request runs (page and count), for the benchmark's direct baseline and for review. */
  toSql(user: AuthUser, bucket: Bucket, query: AssignmentListQuery, today = this.clock.today()) {
    const { list, count } = this.queries(user, bucket, query, today);
    const [countSql, countParams] = count.getQueryAndParameters();
    return { list, count: { sql: countSql, params: countParams } };
  }

  private async count(user: AuthUser, bucket: Bucket, filters: AssignmentFilters, today: string): Promise<Counts> {
    const raw = await this.countQuery(user, bucket, filters, today).getRawOne<Record<keyof Counts, number>>();
    return {
      total: raw?.total ?? 0,
      overdue: raw?.overdue ?? 0,
      submitted: raw?.submitted ?? 0,
      extensionRequested: raw?.extensionRequested ?? 0,
    };
  }

  private countQuery(user: AuthUser, bucket: Bucket, filters: AssignmentFilters, today: string) {
    return assignmentQuery(this.db, user, bucket, filters, today)
      .select('count(*)::int', 'total')
      .addSelect(`(count(*) FILTER (WHERE a.due_date < :cToday AND a.state NOT IN ('approved', 'cancelled')))::int`, 'overdue')
      .addSelect(`(count(*) FILTER (WHERE a.state = 'submitted'))::int`, 'submitted')
      .addSelect(`(count(*) FILTER (WHERE a.state = 'extension_requested'))::int`, 'extensionRequested')
      .setParameter('cToday', today);
  }

  /**
   * The page is chosen first (ids only, filtered, sorted and limited on assignments and tasks), and
   * only its rows are joined to points, sections, plans, units and extension requests: a review
   * queue of thousands of rows then decorates twenty, not all of them. The page carries the
   * assignment columns the item needs and stands in for `a` in the outer query, so assignments are
   * read once (an `a.id IN (page)` semi-join read each row of the page a second time and took the
   * planner several times longer than the action inbox's page takes to run).
   */
  private queries(user: AuthUser, bucket: Bucket, query: AssignmentListQuery, today: string) {
    const page = assignmentQuery(this.db, user, bucket, query, today)
      .select(PAGE_COLUMNS.map((c) => `a.${c} AS ${c}`))
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize);
    orderAssignments(page, query.sort);
    const [pageSql, params] = page.getQueryAndParameters();
    const list = {
      sql: `SELECT a.id, a.task_id, t.title AS task_title, t.plan_id, pl.title AS plan_title, s.id AS section_id,
       s.number AS section_number, s.title AS section_title, p.number AS point_number, a.unit_id, u.name AS unit_name,
       a.role, a.owner_user_id, a.due_date::text AS due_date, a.state, a.version, a.updated_at,
       er.id AS ext_id, er.requested_due::text AS ext_due, er.reason AS ext_reason
  FROM (${pageSql}) a
  JOIN tasks t ON t.id = a.task_id
  JOIN work_points p ON p.id = t.point_id
  JOIN plan_sections s ON s.id = p.section_id
  JOIN plans pl ON pl.id = t.plan_id
  JOIN org_units u ON u.id = a.unit_id
  LEFT JOIN extension_requests er ON er.assignment_id = a.id AND er.status = 'pending'
 ORDER BY ${orderSql(query.sort)}`,
      params,
    };
    return { list, count: this.countQuery(user, bucket, query, today) };
  }
}

function toItem(r: Row, today: string): InboxItem {
  return {
    id: r.id,
    taskId: r.task_id,
    taskTitle: r.task_title,
    planId: r.plan_id,
    planTitle: r.plan_title,
    sectionId: r.section_id,
    sectionNumber: r.section_number,
    sectionTitle: r.section_title,
    pointNumber: r.point_number,
    unitId: r.unit_id,
    unitName: r.unit_name,
    role: r.role,
    ownerUserId: r.owner_user_id,
    dueDate: r.due_date,
    state: r.state,
    stateLabel: STATE_LABELS[r.state],
    overdue: isOverdue(r.due_date, r.state, today),
    daysUntilDue: daysUntil(r.due_date, today),
    version: r.version,
    updatedAt: new Date(r.updated_at).toISOString(),
    extension: r.ext_id ? { id: r.ext_id, requestedDue: r.ext_due as string, reason: r.ext_reason as string } : null,
  };
}
