/* eslint-disable @typescript-eslint/consistent-type-imports -- Nest resolves constructor parameters from emitted type metadata: these imports must stay values */
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { createHash } from 'node:crypto';
import { PlanAccess, type AuthUser } from '@duban/access';
import { AuditService, type RequestContext } from '@duban/audit';
import { Clock } from '@duban/clock';
import { DubanError } from '@duban/errors';
import { parsePlan } from '@duban/plan-parser';
import { reconcile, summaryStatements, type PlanTargetRef } from './reconcile';

export type ProposalStatus = 'proposed' | 'unmatched' | 'confirmed' | 'rejected';

export interface ProposalView {
  id: string;
  position: number;
  sectionTitle: string;
  pointTitle: string;
  context: string;
  phrase: string;
  metric: string;
  value: number;
  unit: string;
  status: ProposalStatus;
  confidence: number;
  target: TargetView | null;
  nearest: (TargetView & { confidence: number }) | null;
  decidedBy: string | null;
  decidedByName: string | null;
  decidedAt: string | null;
  decisionReason: string | null;
  assignmentId: string | null;
  unitName: string | null;
  progressReportId: string | null;
}

/** a plan target as a proposal shows it (its section is in the statement's context) */
export type TargetView = Omit<PlanTargetRef, 'sectionTitle'>;

export interface ReconciliationView {
  id: string;
  planId: string;
  planTitle: string;
  fileName: string;
  title: string;
  createdAt: string;
  createdBy: string | null;
  createdByName: string | null;
  statements: number;
  matched: number;
  unmatched: number;
  /** plan targets the summary states no figure for */
  unreported: TargetView[];
  proposals: ProposalView[];
}

export interface ReconciliationSummary {
  id: string;
  fileName: string;
  title: string;
  createdAt: string;
  createdBy: string | null;
  createdByName: string | null;
  statements: number;
  matched: number;
  proposed: number;
  confirmed: number;
  rejected: number;
  unmatched: number;
}

/**
 * Imports a year-end summary document through the plan parser, pairs its figures with the plan's
 * targets (`reconcile`), and keeps the proposals for a head to confirm or reject one by one.
 * Confirming records the figure as the target's actual on the task's lead (or only responsible)
 * assignment, as a progress report of the confirming head, so the summary and roll-ups show it.
 */
@Injectable()
export class ReconciliationService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly access: PlanAccess,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async import(ctx: RequestContext, user: AuthUser, planId: string, fileName: string, bytes: Buffer): Promise<ReconciliationView> {
    await this.access.assertCanReadSummary(user, planId);
    const parsed = await parsePlan(bytes, fileName);
    const targets = await this.planTargets(this.db.manager, planId);
    const result = reconcile(summaryStatements(parsed), targets);
    const id = await this.db.transaction(async (m) => {
      const matched = result.proposals.filter((p) => p.target).length;
      const [row] = (await m.query(
        `INSERT INTO summary_reconciliations (plan_id, file_name, sha256, title, statements, matched, created_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
        [
          planId,
          fileName,
          createHash('sha256').update(bytes).digest('hex'),
          parsed.title,
          result.proposals.length,
          matched,
          user.id,
          this.clock.now(),
        ],
      )) as { id: string }[];
      if (result.proposals.length > 0) {
        const cols = 13;
        const values: unknown[] = [];
        const tuples = result.proposals.map((p, i) => {
          const s = p.statement;
          values.push(
            row.id,
            s.position,
            s.sectionTitle,
            s.pointTitle,
            s.context,
            s.phrase,
            s.metric,
            s.value,
            s.unit,
            p.target?.taskTargetId ?? null,
            p.confidence,
            p.nearest?.target.taskTargetId ?? null,
            p.nearest?.confidence ?? null,
          );
          const base = i * cols;
          return `(${Array.from({ length: cols }, (_, k) => `$${base + k + 1}`).join(', ')}, '${p.target ? 'proposed' : 'unmatched'}')`;
        });
        await m.query(
          `INSERT INTO summary_proposals (reconciliation_id, position, section_title, point_title, context, phrase, metric, value, unit,
                                          task_target_id, confidence, nearest_target_id, nearest_confidence, status)
           VALUES ${tuples.join(', ')}`,
          values,
        );
      }
      await this.audit.record(m, ctx, {
        action: 'summary.reconciliation_imported',
        objectType: 'plan',
        objectId: planId,
        after: { reconciliationId: row.id, fileName, statements: result.proposals.length, matched },
      });
      return row.id;
    });
    return this.get(user, planId, id);
  }

  /** A plan's reconciliations, newest first, with their counts by proposal state. */
  async list(user: AuthUser, planId: string): Promise<{ items: ReconciliationSummary[] }> {
    await this.access.assertCanReadSummary(user, planId);
    const rows = (await this.db.query(
      `SELECT r.id, r.file_name AS "fileName", r.title, r.created_at AS "createdAt", r.created_by AS "createdBy",
              u.display_name AS "createdByName", r.statements, r.matched,
              count(*) FILTER (WHERE s.status = 'proposed')::int AS proposed,
              count(*) FILTER (WHERE s.status = 'confirmed')::int AS confirmed,
              count(*) FILTER (WHERE s.status = 'rejected')::int AS rejected,
              count(*) FILTER (WHERE s.status = 'unmatched')::int AS unmatched
         FROM summary_reconciliations r LEFT JOIN users u ON u.id = r.created_by
         LEFT JOIN summary_proposals s ON s.reconciliation_id = r.id
        WHERE r.plan_id = $1
        GROUP BY r.id, u.display_name ORDER BY r.created_at DESC, r.id`,
      [planId],
    )) as (Omit<ReconciliationSummary, 'createdAt'> & { createdAt: Date })[];
    return { items: rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() })) };
  }

  async get(user: AuthUser, planId: string, reconciliationId: string): Promise<ReconciliationView> {
    await this.access.assertCanReadSummary(user, planId);
    const [r] = (await this.db.query(
      `SELECT r.id, r.plan_id AS "planId", p.title AS "planTitle", r.file_name AS "fileName", r.title, r.created_at AS "createdAt",
              r.created_by AS "createdBy", u.display_name AS "createdByName", r.statements, r.matched
         FROM summary_reconciliations r JOIN plans p ON p.id = r.plan_id LEFT JOIN users u ON u.id = r.created_by
        WHERE r.id = $1 AND r.plan_id = $2`,
      [reconciliationId, planId],
    )) as (Omit<ReconciliationView, 'proposals' | 'unreported' | 'unmatched' | 'createdAt'> & { createdAt: Date })[];
    if (!r) throw DubanError.notFound('总结核对', 'SUMMARY_RECONCILIATION_NOT_FOUND');
    const targets = await this.planTargets(this.db.manager, planId);
    const byId = new Map(targets.map((t) => [t.taskTargetId, t]));
    const rows = (await this.db.query(
      `SELECT s.id, s.position, s.section_title AS "sectionTitle", s.point_title AS "pointTitle", s.context, s.phrase, s.metric,
              s.value::float8 AS value, s.unit, s.status, s.confidence::float8 AS confidence, s.task_target_id AS "taskTargetId",
              s.nearest_target_id AS "nearestTargetId", s.nearest_confidence::float8 AS "nearestConfidence",
              s.decided_by AS "decidedBy", u.display_name AS "decidedByName", s.decided_at AS "decidedAt",
              s.decision_reason AS "decisionReason", s.assignment_id AS "assignmentId", o.name AS "unitName",
              s.progress_report_id AS "progressReportId"
         FROM summary_proposals s LEFT JOIN users u ON u.id = s.decided_by
         LEFT JOIN assignments a ON a.id = s.assignment_id LEFT JOIN org_units o ON o.id = a.unit_id
        WHERE s.reconciliation_id = $1 ORDER BY s.position`,
      [reconciliationId],
    )) as (Omit<ProposalView, 'target' | 'nearest' | 'decidedAt'> & {
      taskTargetId: string | null;
      nearestTargetId: string | null;
      nearestConfidence: number | null;
      decidedAt: Date | null;
    })[];
    const view = (id: string | null): TargetView | null => {
      const t = id ? byId.get(id) : undefined;
      if (!t) return null;
      const { sectionTitle: _section, ...shown } = t;
      return shown;
    };
    const proposals: ProposalView[] = rows.map(({ taskTargetId, nearestTargetId, nearestConfidence, decidedAt, ...p }) => {
      const near = view(nearestTargetId);
      return {
        ...p,
        decidedAt: decidedAt ? decidedAt.toISOString() : null,
        target: view(taskTargetId),
        nearest: near ? { ...near, confidence: nearestConfidence ?? 0 } : null,
      };
    });
    const used = new Set(rows.map((p) => p.taskTargetId).filter((x): x is string => x !== null));
    return {
      ...r,
      createdAt: r.createdAt.toISOString(),
      unmatched: proposals.filter((p) => p.status === 'unmatched').length,
      unreported: targets.filter((t) => !used.has(t.taskTargetId)).map((t) => view(t.taskTargetId) as TargetView),
      proposals,
    };
  }

  /** Confirms one proposal: the figure becomes the target's actual; audited with the progress report it made. */
  async confirm(
    ctx: RequestContext,
    user: AuthUser,
    planId: string,
    reconciliationId: string,
    proposalId: string,
    body: { assignmentId?: string; reason?: string },
  ): Promise<ProposalView> {
    await this.access.assertCanReadSummary(user, planId);
    await this.db.transaction(async (m) => {
      const p = await this.lockProposal(m, planId, reconciliationId, proposalId);
      if (!p.taskTargetId) {
        throw new DubanError('SUMMARY_PROPOSAL_UNMATCHED', '该数据未匹配到计划中的指标，无法确认；请拒绝或在任务中直接填报');
      }
      const live = (await m.query(
        `SELECT a.id, a.role, a.progress_percent AS "progressPercent" FROM assignments a JOIN task_targets g ON g.task_id = a.task_id
          WHERE g.id = $1 AND a.state <> 'cancelled' ORDER BY a.id`,
        [p.taskTargetId],
      )) as { id: string; role: string; progressPercent: number }[];
      let assignment = body.assignmentId ? live.find((a) => a.id === body.assignmentId) : undefined;
      if (body.assignmentId && !assignment) throw DubanError.notFound('分派', 'ASSIGNMENT_NOT_FOUND');
      if (!assignment) {
        const leads = live.filter((a) => a.role === 'lead');
        const candidates = leads.length > 0 ? leads : live;
        if (candidates.length !== 1) {
          throw new DubanError('SUMMARY_ASSIGNMENT_REQUIRED', '该任务由多个单位承担，请指定记录到哪个单位（assignmentId）', {
            assignmentIds: candidates.map((a) => a.id),
          });
        }
        assignment = candidates[0];
      }
      const now = this.clock.now();
      const [report] = (await m.query(
        `INSERT INTO progress_reports (assignment_id, percent, narrative, period, reported_by, created_at)
         VALUES ($1, $2, $3, NULL, $4, $5) RETURNING id`,
        [assignment.id, assignment.progressPercent, `年度工作总结核对确认：${p.phrase}`, user.id, now],
      )) as { id: string }[];
      await m.query(
        `INSERT INTO target_actuals (progress_report_id, assignment_id, task_target_id, value, as_of, created_at) VALUES ($1, $2, $3, $4, $5, $6)`,
        [report.id, assignment.id, p.taskTargetId, p.value, this.clock.today(), now],
      );
      await m.query(
        `UPDATE summary_proposals SET status = 'confirmed', decided_by = $2, decided_at = $3, decision_reason = $4,
                assignment_id = $5, progress_report_id = $6 WHERE id = $1`,
        [proposalId, user.id, now, body.reason ?? null, assignment.id, report.id],
      );
      await this.audit.record(m, ctx, {
        action: 'summary.proposal_confirmed',
        objectType: 'summary_proposal',
        objectId: proposalId,
        before: { status: p.status },
        after: {
          status: 'confirmed',
          taskTargetId: p.taskTargetId,
          value: p.value,
          assignmentId: assignment.id,
          progressReportId: report.id,
          reason: body.reason ?? null,
        },
      });
    });
    return this.proposal(user, planId, reconciliationId, proposalId);
  }

  async reject(
    ctx: RequestContext,
    user: AuthUser,
    planId: string,
    reconciliationId: string,
    proposalId: string,
    reason: string | undefined,
  ): Promise<ProposalView> {
    await this.access.assertCanReadSummary(user, planId);
    await this.db.transaction(async (m) => {
      const p = await this.lockProposal(m, planId, reconciliationId, proposalId);
      await m.query(
        `UPDATE summary_proposals SET status = 'rejected', decided_by = $2, decided_at = $3, decision_reason = $4 WHERE id = $1`,
        [proposalId, user.id, this.clock.now(), reason ?? null],
      );
      await this.audit.record(m, ctx, {
        action: 'summary.proposal_rejected',
        objectType: 'summary_proposal',
        objectId: proposalId,
        before: { status: p.status },
        after: { status: 'rejected', taskTargetId: p.taskTargetId, value: p.value, reason: reason ?? null },
      });
    });
    return this.proposal(user, planId, reconciliationId, proposalId);
  }

  private async proposal(user: AuthUser, planId: string, reconciliationId: string, proposalId: string): Promise<ProposalView> {
    const r = await this.get(user, planId, reconciliationId);
    return r.proposals.find((p) => p.id === proposalId) as ProposalView;
  }

  private async lockProposal(m: EntityManager, planId: string, reconciliationId: string, proposalId: string) {
    const [p] = (await m.query(
      `SELECT s.status, s.task_target_id AS "taskTargetId", s.value::float8 AS value, s.phrase
         FROM summary_proposals s JOIN summary_reconciliations r ON r.id = s.reconciliation_id
        WHERE s.id = $1 AND r.id = $2 AND r.plan_id = $3 FOR UPDATE OF s`,
      [proposalId, reconciliationId, planId],
    )) as { status: ProposalStatus; taskTargetId: string | null; value: number; phrase: string }[];
    if (!p) throw DubanError.notFound('核对项', 'SUMMARY_PROPOSAL_NOT_FOUND');
    if (p.status === 'confirmed' || p.status === 'rejected') {
      throw new DubanError('SUMMARY_PROPOSAL_DECIDED', `该核对项已${p.status === 'confirmed' ? '确认' : '拒绝'}，不能再次处理`, {
        status: p.status,
      });
    }
    return p;
  }

  /** The plan's task targets with their task, point and top-level section. */
  private async planTargets(m: EntityManager, planId: string): Promise<PlanTargetRef[]> {
    const rows = (await m.query(
      `WITH RECURSIVE sec AS (
         SELECT id, id AS top_id, title AS top_title FROM plan_sections WHERE plan_id = $1 AND parent_id IS NULL
         UNION ALL SELECT s.id, sec.top_id, sec.top_title FROM plan_sections s JOIN sec ON s.parent_id = sec.id)
       SELECT g.id AS "taskTargetId", t.id AS "taskId", t.title AS "taskTitle", w.number AS "pointNumber", w.title AS "pointTitle",
              sec.top_title AS "sectionTitle", g.metric, g.unit, g.value::float8 AS value
         FROM task_targets g JOIN tasks t ON t.id = g.task_id JOIN work_points w ON w.id = t.point_id JOIN sec ON sec.id = w.section_id
        WHERE t.plan_id = $1 AND t.status = 'active'
        ORDER BY w.position, t.position, g.position, g.id`,
      [planId],
    )) as PlanTargetRef[];
    return rows;
  }
}
