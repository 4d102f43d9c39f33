/** Indicator attainment: pure arithmetic over a target and the units' latest actuals. */
export type Comparator = '>=' | '>' | '=' | '<=' | '<';

export interface UnitActual {
  value: number;
  asOf: string;
}

/**
 * The plan-level actual of a task target from each unit's latest report: rates (`%`) are not
 * additive, so the most recent report stands (ties: their mean); counts and amounts (个, 所, 次,
 * 万元 …) add up across the units.
 */
export function combineActuals(unit: string, actuals: UnitActual[]): number | null {
  if (actuals.length === 0) return null;
  if (unit.trim() === '%' || unit.trim() === '％') {
    const latest = actuals.reduce((m, a) => (a.asOf > m ? a.asOf : m), actuals[0].asOf);
    const last = actuals.filter((a) => a.asOf === latest);
    return last.reduce((s, a) => s + a.value, 0) / last.length;
  }
  return actuals.reduce((s, a) => s + a.value, 0);
}

/** Whether the actual meets the target under its comparator. */
export function attained(actual: number, comparator: string, target: number): boolean {
  switch (comparator) {
    case '>':
      return actual > target;
    case '=':
      return actual === target;
    case '<=':
      return actual <= target;
    case '<':
      return actual < target;
    default:
      return actual >= target;
  }
}

/**
 * How far along the target is, 0..∞ (1 = met): actual ÷ target for "at least" and "exactly"
 * targets; for "at most" targets 1 when met, else target ÷ actual. Null without a usable target.
 */
export function attainmentRate(actual: number, comparator: string, target: number): number | null {
  if (comparator === '<=' || comparator === '<') {
    if (attained(actual, comparator, target)) return 1;
    return actual > 0 ? target / actual : null;
  }
  return target > 0 ? actual / target : null;
}
