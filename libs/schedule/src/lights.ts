import type { WorkingCalendar } from '@duban/calendar';
import { expectedProgress } from './schedule-progress';

/**
 * The one rule for lights (roll-ups) and 督办单 colours, so a leader's red list and the notices a
 * head issues never disagree.
 *
 * - red: open (not approved, not cancelled) and the due date is before today;
 * - yellow: reported progress lags 序时进度 by more than `margin` (0.2 = 20 points), or the due
 *   date is within `dueSoonWorkingDays` working days and nothing has been submitted yet;
 * - green otherwise (and for closed work).
 *
 * The 督办单 colours map onto it: red → 红色 (overdue), yellow for lagging → 黄色 (behind 序时进度),
 * due soon → 蓝色; see `noticeColour`.
 */
export type Light = 'green' | 'yellow' | 'red';
export type NoticeColour = 'blue' | 'yellow' | 'red';

export const DEFAULT_LAG_MARGIN = 0.2;
export const DEFAULT_DUE_SOON_WORKING_DAYS = 3;

export interface LightInput {
  state: string;
  assignedOn: string;
  dueDate: string;
  /** Latest reported progress, 0–100, or null when none was reported. */
  reportedProgress: number | null;
  /** Whether the unit has submitted (state submitted or approved now, or any submission on record). */
  submitted: boolean;
}

export interface LightOptions {
  margin?: number;
  dueSoonWorkingDays?: number;
}

export interface LightVerdict {
  light: Light;
  /** Why, in Chinese, for tooltips and the 督办单 text. */
  reason: string;
  overdue: boolean;
  lagging: boolean;
  dueSoon: boolean;
  expected: number;
}

const CLOSED = new Set(['approved', 'cancelled']);

export function judgeLight(calendar: WorkingCalendar, item: LightInput, today: string, options: LightOptions = {}): LightVerdict {
  const margin = options.margin ?? DEFAULT_LAG_MARGIN;
  const soonDays = options.dueSoonWorkingDays ?? DEFAULT_DUE_SOON_WORKING_DAYS;
  const expected = expectedProgress(calendar, item, today);
  if (CLOSED.has(item.state)) {
    return {
      light: 'green',
      reason: item.state === 'approved' ? '已完成' : '已取消',
      overdue: false,
      lagging: false,
      dueSoon: false,
      expected,
    };
  }
  const overdue = item.dueDate < today;
  const reported = (item.reportedProgress ?? 0) / 100;
  const lagging = !overdue && expected - reported > margin;
  const dueSoon = !overdue && !item.submitted && calendar.workingDaysBetween(today, item.dueDate) <= soonDays;
  if (overdue) {
    const days = calendar.workingDaysBetween(item.dueDate, today);
    return { light: 'red', reason: `已逾期${days}个工作日`, overdue, lagging, dueSoon, expected };
  }
  if (lagging) {
    const pct = (n: number) => `${Math.round(n * 100)}%`;
    return { light: 'yellow', reason: `进度${pct(reported)}，落后序时进度${pct(expected)}`, overdue, lagging, dueSoon, expected };
  }
  if (dueSoon) {
    const days = calendar.workingDaysBetween(today, item.dueDate);
    return {
      light: 'yellow',
      reason: days === 0 ? '今日到期，尚未报送' : `${days}个工作日内到期，尚未报送`,
      overdue,
      lagging,
      dueSoon,
      expected,
    };
  }
  return { light: 'green', reason: '正常推进', overdue, lagging, dueSoon, expected };
}

/** The 督办单 colour for an open assignment, or null when nothing calls for one. */
export function noticeColour(verdict: LightVerdict): NoticeColour | null {
  if (verdict.overdue) return 'red';
  if (verdict.lagging) return 'yellow';
  if (verdict.dueSoon) return 'blue';
  return null;
}

/** The worst light of a group: red beats yellow beats green (an empty group is green). */
export function worstLight(lights: Iterable<Light>): Light {
  let worst: Light = 'green';
  for (const l of lights) {
    if (l === 'red') return 'red';
    if (l === 'yellow') worst = 'yellow';
  }
  return worst;
}

export const LIGHT_LABELS: Record<Light, string> = { green: '绿灯', yellow: '黄灯', red: '红灯' };
export const NOTICE_COLOUR_LABELS: Record<NoticeColour, string> = {
  blue: '蓝色（临期）',
  yellow: '黄色（滞后序时进度）',
  red: '红色（逾期）',
};
