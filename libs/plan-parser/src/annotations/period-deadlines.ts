// Deadlines of multi-year plans (十四五规划, 三年行动计划): 到2025年 / 至2023年 → the end of that
// year, 十四五末 / “十四五”期末 → the end of that five-year period. A yearly plan's extractor reads
// 2025年底 already; these horizons are only deadlines in a plan that spans years.
import type { Deadline, Period } from '../types';
import { normalize, original } from './normalize';

const BY_YEAR = /(?:到|至|截至|截止到?|力争到|确保到)((?:19|20)\d{2})年(?![底末内前中初度\d])/g;
const FIVE_YEAR_END = /[“"]?十([一二三四五六七八九])五[”"]?(?:期)?末/g;
const ORDINAL = '一二三四五六七八九';

/** Horizon phrases resolved within the plan's period (a year before it is a past reference). */
export function extractPeriodDeadlines(text: string, period: Period | null): Deadline[] {
  if (period === null || typeof text !== 'string' || text.length === 0) return [];
  if (text.indexOf('年') < 0 && text.indexOf('五') < 0) return [];
  const norm = normalize(text);
  const s = norm.s;
  const out: Deadline[] = [];
  BY_YEAR.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = BY_YEAR.exec(s)) !== null) {
    const year = Number(m[1]);
    if (year < period.from || year > period.to + 5) continue;
    out.push({ date: `${year}-12-31`, phrase: original(norm, m.index, m.index + m[0].length) });
  }
  FIVE_YEAR_END.lastIndex = 0;
  while ((m = FIVE_YEAR_END.exec(s)) !== null) {
    const k = 11 + ORDINAL.indexOf(m[1] as string);
    const to = 2006 + 5 * (k - 11) + 4;
    if (to < period.from) continue; // 十三五末 in a 十四五 plan: the baseline, not a deadline
    out.push({ date: `${to}-12-31`, phrase: original(norm, m.index, m.index + m[0].length) });
  }
  return out;
}
