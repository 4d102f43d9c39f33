import { Injectable } from '@nestjs/common';
import { Clock } from '@duban/clock';
import { ProgressReport, TargetActual, type TaskCadence } from '@duban/db';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { AuthUser } from '@duban/access';
import type { RequestContext } from '@duban/audit';
import { DubanError } from '@duban/errors';
import { checkVersion, loadAssignment } from '../assignments/assignment-context';
import { AssignmentStateMachine } from '../assignments/assignment-state-machine';
import { requireActor } from '../assignments/assignment-transitions.service';
import type { ProgressBody } from '../assignments/assignment.inputs';

const PERIOD_FORMATS: Record<TaskCadence, { re: RegExp; example: string }> = {
  week: { re: /^\d{4}-W(0[1-9]|[1-4]\d|5[0-3])$/, example: '2024-W09' },
  month: { re: /^\d{4}-(0[1-9]|1[0-2])$/, example: '2024-03' },
  quarter: { re: /^\d{4}-Q[1-4]$/, example: '2024-Q1' },
  semester: { re: /^\d{4}-S[12]$/, example: '2024-S1' },
  year: { re: /^\d{4}$/, example: '2024' },
};

/** A cadenced task's reports name their period in the cadence's own format; others may name one. */
export function checkPeriod(cadence: TaskCadence | null, period: string | undefined): string | null {
  if (!cadence) {
    if (period && !Object.values(PERIOD_FORMATS).some((f) => f.re.test(period))) {
      throw new DubanError('PERIOD_INVALID', '报告期格式无效（例如 2024-03、2024-Q1、2024-S1）');
    }
    return period ?? null;
  }
  const { re, example } = PERIOD_FORMATS[cadence];
  if (!period) throw new DubanError('PERIOD_REQUIRED', `周期性任务须填写报告期（例如 ${example}）`);
  if (!re.test(period)) throw new DubanError('PERIOD_INVALID', `报告期格式无效，应为 ${example} 这样的格式`);
  return period;
}

/** A unit reports progress: percent, narrative, the period, and actual values of the task's targets. */
@Injectable()
export class ProgressService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly machine: AssignmentStateMachine,
    private readonly clock: Clock,
  ) {}

  async report(
    ctx: RequestContext,
    user: AuthUser,
    id: string,
    body: ProgressBody,
  ): Promise<{ progressReportId: string; version: number }> {
    return this.db.transaction(async (m) => {
      const c = await loadAssignment(m, user, id);
      const actor = requireActor(c, 'report_progress');
      await checkVersion(m, user, c.assignment, body.version);
      const a = c.assignment;
      this.machine.guard(a, 'report_progress', actor, null);
      const period = checkPeriod(c.task.cadence, body.period);
      const actuals = body.actuals ?? [];
      if (actuals.length > 0) {
        const known: { id: string }[] = await m.query(`SELECT id FROM task_targets WHERE task_id = $1 AND id = ANY($2::uuid[])`, [
          a.taskId,
          actuals.map((x) => x.taskTargetId),
        ]);
        const ok = new Set(known.map((k) => k.id));
        const wrong = actuals.filter((x) => !ok.has(x.taskTargetId)).map((x) => x.taskTargetId);
        if (wrong.length > 0) throw new DubanError('TARGET_NOT_IN_TASK', '指标不属于该任务', { taskTargetIds: wrong });
      }

      const report = await m
        .createQueryBuilder()
        .insert()
        .into(ProgressReport)
        .values({
          assignmentId: a.id,
          percent: body.percent,
          narrative: body.narrative ?? '',
          period,
          reportedBy: user.id,
          createdAt: this.clock.now(),
        })
        .returning(['id'])
        .execute();
      const progressReportId = (report.raw as { id: string }[])[0].id;
      if (actuals.length > 0) {
        await m.insert(
          TargetActual,
          actuals.map((x) => ({ progressReportId, assignmentId: a.id, taskTargetId: x.taskTargetId, value: x.value, asOf: x.asOf })),
        );
      }
      const version = await this.machine.transition(m, ctx, {
        assignment: a,
        action: 'report_progress',
        actor,
        values: { progressPercent: body.percent },
        auditAction: 'assignment.progress_reported',
        auditAfter: { percent: body.percent, period, progressReportId, actuals },
      });
      return { progressReportId, version };
    });
  }
}
