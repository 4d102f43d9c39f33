import type { ParsedPlan } from '@duban/plan-parser';

const inBounds = (y: number | null | undefined): y is number => typeof y === 'number' && Number.isInteger(y) && y >= 1949 && y <= 2100;

/**
 * The plan row's period from a parse: a 规划's years as parsed or edited in the draft; a plan of
 * one year covers that year (so every dated plan has a period, and due dates default to its end).
 * A parse the plans_period_valid check would refuse (a year out of bounds) leaves the period empty.
 */
export function periodColumns(parsed: Pick<ParsedPlan, 'year' | 'period'>): { periodFrom: number | null; periodTo: number | null } {
  const p = parsed.period;
  if (p && inBounds(p.from) && inBounds(p.to) && p.from <= p.to) return { periodFrom: p.from, periodTo: p.to };
  if (inBounds(parsed.year)) return { periodFrom: parsed.year, periodTo: parsed.year };
  return { periodFrom: null, periodTo: null };
}
