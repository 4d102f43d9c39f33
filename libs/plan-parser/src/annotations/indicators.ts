import type { Indicator, Period } from '../types';

/** Indicator tables flattened one cell per line (指标 / 单位 / 2020年 / 2025年 …). */
export function extractIndicators(_lines: string[], _period: Period | null): Indicator[] {
  return []; // placeholder until the annotations work lands
}
