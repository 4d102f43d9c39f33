import { Injectable } from '@nestjs/common';
import { requireAssignmentAccess, urgeRoleFor, type AuthUser } from '@duban/access';
import { AuditService, type RequestContext } from '@duban/audit';
import { Clock } from '@duban/clock';
import { AppConfig } from '@duban/config';
import { DubanError, formatChinaTime } from '@duban/errors';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { urgeStats } from '@duban/work';
import { NoticeDelivery } from './delivery';

/** Longest 催办 message, in characters (the column checks it too). */
export const URGE_MESSAGE_MAX = 500;

const CLOSED_STATES = new Set(['approved', 'cancelled']);

export interface UrgingView {
  id: string;
  assignmentId: string;
  urgedBy: string;
  urgedByName: string | null;
  actingAs: string;
  message: string;
  at: Date;
}

/**
 * 催办 by hand: recorded (who, when, what), delivered at once through the outbox to the assigned
 * unit's members, at most once per URGE_MIN_INTERVAL_HOURS per assignment, audited.
 */
@Injectable()
export class UrgeService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    private readonly audit: AuditService,
    private readonly delivery: NoticeDelivery,
  ) {}

  async urge(ctx: RequestContext, user: AuthUser, assignmentId: string, message = '') {
    const text = message.trim();
    return this.db.transaction(async (m) => {
      const facts = await requireAssignmentAccess(m, user, assignmentId);
      const role = urgeRoleFor(user, facts);
      if (!role) {
        throw new DubanError('URGE_NOT_ALLOWED', '只有任务负责科室的负责人可以催办；牵头单位只能催办本任务的配合单位');
      }
      if (CLOSED_STATES.has(facts.state) || facts.taskStatus === 'cancelled') {
        throw new DubanError('ASSIGNMENT_CLOSED', '该分派已办结或已取消，无需催办', { state: facts.state });
      }
      // one urging at a time per assignment, so two heads clicking at once cannot both pass the interval check
      await m.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [`urge:${assignmentId}`]);
      const now = this.clock.now();
      const intervalMs = this.config.URGE_MIN_INTERVAL_HOURS * 3600_000;
      const [last]: { at: Date }[] = await m.query(`SELECT at FROM urgings WHERE assignment_id = $1 ORDER BY at DESC LIMIT 1`, [
        assignmentId,
      ]);
      if (last && now.getTime() - last.at.getTime() < intervalMs) {
        const retryAt = new Date(last.at.getTime() + intervalMs);
        throw new DubanError(
          'URGE_TOO_SOON',
          `该分派已于 ${formatChinaTime(last.at)} 催办过，${this.config.URGE_MIN_INTERVAL_HOURS} 小时内不能重复催办，请于 ${formatChinaTime(retryAt)} 后再试`,
          { retryAt: retryAt.toISOString(), lastUrgedAt: last.at.toISOString(), minIntervalHours: this.config.URGE_MIN_INTERVAL_HOURS },
        );
      }
      const [row]: { id: string }[] = await m.query(
        `INSERT INTO urgings (assignment_id, urged_by, acting_as, message, at) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
        [assignmentId, user.id, role, text, now],
      );
      const [info]: { title: string; unit_name: string; due_date: string; plan_id: string }[] = await m.query(
        `SELECT t.title, u.name AS unit_name, to_char(a.due_date, 'YYYY-MM-DD') AS due_date, t.plan_id
           FROM assignments a JOIN tasks t ON t.id = a.task_id JOIN org_units u ON u.id = a.unit_id WHERE a.id = $1`,
        [assignmentId],
      );
      await this.audit.record(m, ctx, {
        action: 'assignment.urged',
        objectType: 'urging',
        objectId: row.id,
        after: { assignmentId, taskId: facts.taskId, unitId: facts.unitId, actingAs: role, message: text },
      });
      const recipients = await this.delivery.send(m, {
        kind: 'urge',
        unitId: facts.unitId,
        assignmentId,
        planId: info.plan_id,
        ref: `urging-${row.id}`,
        slot: this.clock.today(),
        subject: `【催办】${info.title}`,
        body: [
          `${info.unit_name}：`,
          `${user.displayName}催办任务“${info.title}”（完成时限 ${info.due_date}），请抓紧办理并及时报送进展。`,
          text ? `催办意见：${text}` : '',
        ]
          .filter(Boolean)
          .join('\n'),
        link: `/assignments/${assignmentId}`,
      });
      const [stats]: { n: number }[] = await m.query(`SELECT count(*)::int AS n FROM urgings WHERE assignment_id = $1`, [assignmentId]);
      return {
        id: row.id,
        assignmentId,
        actingAs: role,
        message: text,
        at: now,
        urgeCount: stats.n,
        lastUrgedAt: now,
        nextUrgeAt: new Date(now.getTime() + intervalMs),
        recipients,
      };
    });
  }

  /** The urgings of an assignment, newest first (whoever may see the assignment may see them). */
  async list(user: AuthUser, assignmentId: string): Promise<{ items: UrgingView[]; urgeCount: number; lastUrgedAt: Date | null }> {
    const m = this.db.manager;
    await requireAssignmentAccess(m, user, assignmentId);
    const rows: {
      id: string;
      assignment_id: string;
      urged_by: string;
      name: string | null;
      acting_as: string;
      message: string;
      at: Date;
    }[] = await m.query(
      `SELECT g.id, g.assignment_id, g.urged_by, u.display_name AS name, g.acting_as, g.message, g.at
           FROM urgings g LEFT JOIN users u ON u.id = g.urged_by WHERE g.assignment_id = $1 ORDER BY g.at DESC, g.id DESC LIMIT 200`,
      [assignmentId],
    );
    const stats = (await urgeStats(m, [assignmentId])).get(assignmentId);
    return {
      items: rows.map((r) => ({
        id: r.id,
        assignmentId: r.assignment_id,
        urgedBy: r.urged_by,
        urgedByName: r.name,
        actingAs: r.acting_as,
        message: r.message,
        at: r.at,
      })),
      urgeCount: stats?.urgeCount ?? 0,
      lastUrgedAt: stats?.lastUrgedAt ?? null,
    };
  }
}
