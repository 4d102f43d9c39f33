import { Injectable } from '@nestjs/common';
import { Clock } from '@duban/clock';
import { availableActions, daysUntil, isOverdue, type AssignmentAction } from '@duban/assignment-workflow';
import { AssignmentDueChange, ExtensionRequest, OrgUnit, ProgressReport, ReviewDecision, TargetActual, together } from '@duban/db';
import { InjectDataSource } from '@nestjs/typeorm';
import { In, type DataSource } from 'typeorm';
import type { AuthUser } from '@duban/access';
import { withNames, withNamesOne } from '../names';
import { loadAssignment } from './assignment-context';
import { urgeStats } from './urge-stats';

const REPORTS_SHOWN = 50;

/** One assignment as its unit and its reviewers see it: derived overdue, history, what the user may do next. */
@Injectable()
export class AssignmentQueryService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
  ) {}

  async get(user: AuthUser, id: string) {
    const m = this.db.manager;
    const { assignment: a, task, actors } = await loadAssignment(m, user, id);
    const today = this.clock.today();
    const [unit, reports, extensionRequests, dueChanges, reviewDecisions] = await together(
      m,
      () => m.findOneByOrFail(OrgUnit, { id: a.unitId }),
      () => m.find(ProgressReport, { where: { assignmentId: id }, order: { createdAt: 'DESC' }, take: REPORTS_SHOWN }),
      () => m.find(ExtensionRequest, { where: { assignmentId: id }, order: { createdAt: 'ASC' } }),
      () => m.find(AssignmentDueChange, { where: { assignmentId: id }, order: { at: 'ASC', id: 'ASC' } }),
      () => m.find(ReviewDecision, { where: { assignmentId: id }, order: { at: 'ASC', id: 'ASC' } }),
    );
    const actuals = reports.length ? await m.find(TargetActual, { where: { progressReportId: In(reports.map((r) => r.id)) } }) : [];
    const actions = new Set<AssignmentAction>(actors.flatMap((actor) => availableActions(a.state, actor)));
    const named = await withNamesOne(m, a, { users: ['ownerUserId', 'approvedBy'], units: ['unitId'] });
    const [namedReports, namedRequests, namedDueChanges, namedDecisions, ownerUnit, urged] = await together(
      m,
      () => withNames(m, reports, { users: ['reportedBy'] }),
      () => withNames(m, extensionRequests, { users: ['requestedBy', 'decidedBy'] }),
      () => withNames(m, dueChanges, { users: ['changedBy'] }),
      () => withNames(m, reviewDecisions, { users: ['decidedBy'] }),
      () => withNamesOne(m, { ownerUnitId: task.ownerUnitId }, { units: ['ownerUnitId'] }),
      () => urgeStats(m, [id]),
    );
    return {
      ...named,
      unit: { id: unit.id, name: unit.name, type: unit.type },
      task: {
        id: task.id,
        planId: task.planId,
        pointId: task.pointId,
        title: task.title,
        dueDate: task.dueDate,
        cadence: task.cadence,
        ownerUnitId: task.ownerUnitId,
        ownerUnitName: ownerUnit.ownerUnitName,
        completionRule: task.completionRule,
        status: task.status,
      },
      today,
      overdue: isOverdue(a.dueDate, a.state, today),
      daysUntil: daysUntil(a.dueDate, today),
      // 催办: how often and when last (the records: GET /api/assignments/:id/urgings)
      urgeCount: urged.get(id)?.urgeCount ?? 0,
      lastUrgedAt: urged.get(id)?.lastUrgedAt ?? null,
      actors,
      availableActions: [...actions],
      progressReports: namedReports.map((r) => ({ ...r, actuals: actuals.filter((x) => x.progressReportId === r.id) })),
      extensionRequests: namedRequests,
      dueChanges: namedDueChanges,
      reviewDecisions: namedDecisions,
    };
  }
}
