import { ASSIGNMENT_STATES } from '@duban/assignment-workflow';
import type { WorkingCalendar } from '@duban/calendar';
import type { AssignmentState } from '@duban/db';
import { judgeLight, worstLight, type Light, type LightInput, type LightOptions } from '@duban/schedule';
import type { Figures } from './rollup.types';

/** Counts of one group's assignments in one state (see rollup.sql.ts stateCellsSql). */
export interface StateCell {
  kind: 'state';
  state: AssignmentState;
  n: number;
  onTime: number;
  overdue: number;
  /** the earliest due date among the overdue ones, to judge their (red) light */
  overdueDue: string | null;
  progressSum: number;
}

/**
 * One group's open, not yet overdue assignments sharing a period (assigned date → due date): what
 * judging their lights needs. The light of the period is the light of its worst member: judgeLight
 * is monotone (lower progress lags more, unsubmitted work can be due soon, and neither depends on
 * anything else), so the lowest progress with "any unsubmitted" is yellow exactly when one member is.
 */
export interface PeriodCell {
  kind: 'period';
  assignedOn: string;
  due: string;
  progressMin: number;
  allSubmitted: boolean;
}

export type Cell = StateCell | PeriodCell;

const CLOSED: ReadonlySet<string> = new Set(['approved', 'cancelled']);

export function emptyByState(): Record<AssignmentState, number> {
  return Object.fromEntries(ASSIGNMENT_STATES.map((s) => [s, 0])) as Record<AssignmentState, number>;
}

/** Judges lights with the one rule (@duban/schedule), memoised: many groups share periods. */
export class LightJudge {
  private readonly memo = new Map<string, Light>();

  constructor(
    readonly calendar: WorkingCalendar,
    readonly today: string,
    private readonly options: LightOptions,
  ) {}

  judge(item: LightInput): Light {
    const key = `${item.state}|${item.assignedOn}|${item.dueDate}|${item.reportedProgress}|${item.submitted}`;
    let light = this.memo.get(key);
    if (light === undefined) {
      light = judgeLight(this.calendar, item, this.today, this.options).light;
      // bounded: a day's distinct periods × progress values, cleared if a pathological day has more
      if (this.memo.size >= 200_000) this.memo.clear();
      this.memo.set(key, light);
    }
    return light;
  }

  cell(c: Cell): Light {
    if (c.kind === 'period') {
      // an open state: judgeLight reads the state only to tell closed work from open
      return this.judge({
        state: 'in_progress',
        assignedOn: c.assignedOn,
        dueDate: c.due,
        reportedProgress: c.progressMin,
        submitted: c.allSubmitted,
      });
    }
    if (CLOSED.has(c.state) || c.overdue === 0 || c.overdueDue === null) return 'green';
    return this.judge({ state: c.state, assignedOn: c.overdueDue, dueDate: c.overdueDue, reportedProgress: null, submitted: false });
  }
}

/** Adds cells up into figures; additive, so groups fold (points into sections, units into types). */
export class FiguresAccumulator {
  private readonly byState = emptyByState();
  private onTime = 0;
  private overdue = 0;
  private progressSum = 0;
  private readonly lights: Light[] = [];

  add(c: Cell, judge: LightJudge): void {
    if (c.kind === 'state') {
      this.byState[c.state] += c.n;
      this.onTime += c.onTime;
      this.overdue += c.overdue;
      this.progressSum += c.progressSum;
    }
    const light = judge.cell(c);
    if (light !== 'green') this.lights.push(light);
  }

  figures(): Figures {
    const assignments = Object.values(this.byState).reduce((a, b) => a + b, 0);
    const approved = this.byState.approved;
    const cancelled = this.byState.cancelled;
    const live = assignments - cancelled;
    return {
      assignments,
      byState: { ...this.byState },
      approved,
      cancelled,
      completionRate: live > 0 ? approved / live : 0,
      onTime: this.onTime,
      onTimeRate: approved > 0 ? this.onTime / approved : null,
      overdue: this.overdue,
      avgProgress: live > 0 ? this.progressSum / live : null,
      light: worstLight(this.lights),
    };
  }
}

/** Figures of nothing: a plan or unit with no assignments in the caller's scope. */
export function emptyFigures(): Figures {
  return new FiguresAccumulator().figures();
}
