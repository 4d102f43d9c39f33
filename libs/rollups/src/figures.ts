import { ASSIGNMENT_STATES } from '@duban/assignment-workflow';
import type { WorkingCalendar } from '@duban/calendar';
import type { AssignmentState } from '@duban/db';
import { judgeLight, worstLight, type Light, type LightOptions } from '@duban/schedule';
import type { Figures } from './rollup.types';

/**
 * One row of the roll-up SQL: the assignments of one group that share an assigned date, a due date
 * and a state. Lights need the period (assigned → due) of each assignment; grouping by it keeps the
 * SQL set-based while every light is still judged by the one rule (`judgeLight`).
 */
export interface Cell {
  assignedOn: string;
  due: string;
  state: AssignmentState;
  n: number;
  onTime: number;
  progressSum: number;
  /** the lowest reported progress among them: the one most likely to lag */
  progressMin: number;
  /** whether every one of them has been submitted at least once */
  allSubmitted: boolean;
}

const CLOSED: ReadonlySet<string> = new Set(['approved', 'cancelled']);

export function emptyByState(): Record<AssignmentState, number> {
  return Object.fromEntries(ASSIGNMENT_STATES.map((s) => [s, 0])) as Record<AssignmentState, number>;
}

/**
 * Judges lights for cells, memoised per (period, progress, submitted): a million assignments share
 * a few thousand of those. A cell's light is the light of its worst member: judgeLight is monotone
 * (lower progress lags more, unsubmitted can be due soon, and both depend on nothing else), so the
 * lowest progress with "any unsubmitted" gives yellow exactly when one member would.
 */
export class LightJudge {
  private readonly memo = new Map<string, Light>();

  constructor(
    private readonly calendar: WorkingCalendar,
    private readonly today: string,
    private readonly options: LightOptions,
  ) {}

  cell(c: Cell): Light {
    if (CLOSED.has(c.state)) return 'green';
    const key = `${c.assignedOn}|${c.due}|${c.state}|${c.progressMin}|${c.allSubmitted}`;
    let light = this.memo.get(key);
    if (light === undefined) {
      light = judgeLight(
        this.calendar,
        { state: c.state, assignedOn: c.assignedOn, dueDate: c.due, reportedProgress: c.progressMin, submitted: c.allSubmitted },
        this.today,
        this.options,
      ).light;
      this.memo.set(key, light);
    }
    return light;
  }
}

/** Adds cells up into figures; additive, so groups can be folded (points into sections, units into types). */
export class FiguresAccumulator {
  private readonly byState = emptyByState();
  private onTime = 0;
  private overdue = 0;
  private progressSum = 0;
  private progressCount = 0;
  private readonly lights: Light[] = [];

  add(c: Cell, judge: LightJudge, today: string): void {
    this.byState[c.state] += c.n;
    this.onTime += c.onTime;
    if (!CLOSED.has(c.state) && c.due < today) this.overdue += c.n;
    if (c.state !== 'cancelled') {
      this.progressSum += c.progressSum;
      this.progressCount += c.n;
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
      avgProgress: this.progressCount > 0 ? this.progressSum / this.progressCount : null,
      light: worstLight(this.lights),
    };
  }
}

/** Figures of nothing: a plan or unit with no assignments in the caller's scope. */
export function emptyFigures(): Figures {
  return new FiguresAccumulator().figures();
}
