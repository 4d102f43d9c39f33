import type { AssignmentState } from '@duban/db';
import type { Light } from '@duban/schedule';

export type { RollupScope } from '@duban/access';

/** What a roll-up groups by. `plan` is the overview's grouping. */
export const ROLLUP_BYS = ['plan', 'section', 'point', 'task', 'unit', 'unitType'] as const;
export type RollupBy = (typeof ROLLUP_BYS)[number];

/** The figures of any group of assignments; the one shape overview rows, roll-up rows and snapshots carry. */
export interface Figures {
  assignments: number;
  /** every assignment state, zeros included */
  byState: Record<AssignmentState, number>;
  approved: number;
  cancelled: number;
  /** approved ÷ (all − cancelled); 0 when nothing but cancelled work (or nothing) is left */
  completionRate: number;
  /** approved by the end of the due date in force (China time) */
  onTime: number;
  /** onTime ÷ approved; null when nothing is approved yet */
  onTimeRate: number | null;
  /** open (not approved, not cancelled) with the due date before today (China time) */
  overdue: number;
  /** mean reported progress (0–100) of the assignments not cancelled; null when there are none */
  avgProgress: number | null;
  /** the worst light of the group's assignments (@duban/schedule judgeLight / worstLight) */
  light: Light;
}

export interface RollupRow extends Figures {
  key: string;
  label: string;
}

/** Narrowing a roll-up to one branch of the drill-down (plan → section → point → task; or a unit / unit type). */
export interface RollupFilters {
  section?: string;
  point?: string;
  task?: string;
  unit?: string;
  unitType?: string;
}

export interface RollupOptions {
  /** China date taken as today (default: the injected clock's) */
  today?: string;
}
