import type { ParsedPlan, Section } from '@duban/plan-parser';
import { dice } from '@duban/text';

/** A figure a year-end summary states: 新增学前学位990个 under 一、… 1.… */
export interface SummaryStatement {
  position: number;
  sectionTitle: string;
  pointTitle: string;
  /** the sentence around the figure, for the head to read */
  context: string;
  phrase: string;
  metric: string;
  value: number;
  unit: string;
}

/** A plan target a statement may report on (task targets: where actuals are recorded). */
export interface PlanTargetRef {
  taskTargetId: string;
  taskId: string;
  taskTitle: string;
  pointNumber: number;
  pointTitle: string;
  sectionTitle: string;
  metric: string;
  unit: string;
  value: number;
}

export interface Proposal {
  statement: SummaryStatement;
  /** null when nothing in the plan is close enough */
  target: PlanTargetRef | null;
  /** 0..1: metric similarity weighted with the point's and section's */
  confidence: number;
  /** the best candidate below the threshold, for an unmatched statement */
  nearest: { target: PlanTargetRef; confidence: number } | null;
}

export interface Reconciliation {
  proposals: Proposal[];
  /** plan targets no statement reported on */
  unreported: PlanTargetRef[];
}

/** Below this a statement is reported unmatched rather than proposed. */
export const MATCH_THRESHOLD = 0.55;

/** Every figure (parser target) in the summary, in document order, with its section and point. */
export function summaryStatements(parsed: ParsedPlan): SummaryStatement[] {
  const out: SummaryStatement[] = [];
  const walk = (s: Section, top: string) => {
    for (const p of s.points) {
      for (const t of p.targets) {
        out.push({
          position: out.length,
          sectionTitle: top,
          pointTitle: p.title,
          context: sentenceAround(p.text, t.phrase),
          phrase: t.phrase,
          metric: t.metric,
          value: t.value,
          unit: t.unit,
        });
      }
    }
    for (const c of s.sections) walk(c, top);
  };
  for (const s of parsed.sections) walk(s, s.title);
  return out;
}

/**
 * Pairs the summary's figures with the plan's targets: the unit must agree (个 with 个, % with %),
 * then metric similarity (Dice over bigrams, 1 when one name contains the other) weighs 0.7, the
 * point's title against the statement's point and sentence 0.2, the section titles 0.1. Pairs are
 * taken best first, each statement and each target at most once, so two figures never land on one
 * target. Deterministic: ties break by document order and target id.
 */
export function reconcile(statements: SummaryStatement[], targets: PlanTargetRef[]): Reconciliation {
  const pairs: { s: number; t: number; score: number }[] = [];
  const best = new Map<number, { t: number; score: number }>();
  statements.forEach((st, si) => {
    targets.forEach((tg, ti) => {
      if (normUnit(st.unit) !== normUnit(tg.unit)) return;
      const metric = metricSimilarity(st.metric, tg.metric);
      const point = Math.max(
        dice(norm(st.pointTitle), norm(tg.pointTitle)),
        dice(norm(st.context), norm(`${tg.pointTitle}${tg.taskTitle}`)),
      );
      const section = dice(norm(st.sectionTitle), norm(tg.sectionTitle));
      const score = round2(0.7 * metric + 0.2 * point + 0.1 * section);
      pairs.push({ s: si, t: ti, score });
      const b = best.get(si);
      if (!b || score > b.score) best.set(si, { t: ti, score });
    });
  });
  pairs.sort((a, b) => b.score - a.score || a.s - b.s || cmp(targets[a.t].taskTargetId, targets[b.t].taskTargetId));
  const chosen = new Map<number, { t: number; score: number }>();
  const used = new Set<number>();
  for (const p of pairs) {
    if (p.score < MATCH_THRESHOLD) break;
    if (chosen.has(p.s) || used.has(p.t)) continue;
    chosen.set(p.s, p);
    used.add(p.t);
  }
  const proposals = statements.map((statement, si): Proposal => {
    const c = chosen.get(si);
    if (c) return { statement, target: targets[c.t], confidence: c.score, nearest: null };
    const b = best.get(si);
    return { statement, target: null, confidence: 0, nearest: b ? { target: targets[b.t], confidence: b.score } : null };
  });
  return { proposals, unreported: targets.filter((_, i) => !used.has(i)) };
}

function metricSimilarity(a: string, b: string): number {
  const x = norm(a);
  const y = norm(b);
  if (!x || !y) return 0;
  if (x === y) return 1;
  // 学前学位 within 新增学前学位: the same measure named more or less fully; but 学校 within
  // 创建全国校园足球特色学校 is only a shared noun, so the shorter name must carry some weight
  const [short, long] = x.length <= y.length ? [x, y] : [y, x];
  if (long.includes(short) && Array.from(short).length >= 3 && Array.from(short).length / Array.from(long).length >= 0.4) return 0.9;
  return dice(x, y);
}

/** Punctuation and filler words that do not tell two measures apart. */
function norm(s: string): string {
  return s.replace(/[\s，。、；：:,.;（）()“”"'《》]/g, '').replace(/^(全区|全市|累计|共|完成|实现)/, '');
}

function normUnit(u: string): string {
  const t = u.trim();
  return t === '％' ? '%' : t;
}

function sentenceAround(text: string, phrase: string): string {
  const i = text.indexOf(phrase);
  if (i < 0) return phrase;
  const start = Math.max(text.lastIndexOf('。', i) + 1, text.lastIndexOf('；', i) + 1, 0);
  const endStop = text.indexOf('。', i + phrase.length);
  return text.slice(start, endStop < 0 ? text.length : endStop + 1).trim();
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
