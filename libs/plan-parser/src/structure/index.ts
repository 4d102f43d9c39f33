import {
  extractDeadlines,
  extractIndicators,
  extractPeriodDeadlines,
  extractRecurrence,
  extractTargets,
  extractUnits,
} from '../annotations';
import type { Deadline, ExtractedText, Indicator, ParsedPlan, Period, Point, Section } from '../types';
import { buildTree, type RawPoint, type RawSection } from './build';
import { cleanLines } from './clean-lines';
import { rowUnits, splitNames } from './row-units';
import type { TableRow } from './tables';
import { findPlanTitle, periodFromText, yearAndPeriod } from './title';
import { WarningSink, type Warn } from './warnings';

export { collectText, collectAllText } from './collect';
export { cleanLines, splitLines } from './clean-lines';
export { squash } from './chars';

export { MAX_WARNINGS } from './warnings';

/**
 * Splits decoded text into preamble, sections and points. Pure and linear-time; never throws:
 * any string (empty, binary garbage, megabytes of one character) gives a valid ParsedPlan.
 */
export function parseStructure(extracted: ExtractedText): ParsedPlan {
  const text = typeof extracted?.text === 'string' ? extracted.text : '';
  const encoding = typeof extracted?.encoding === 'string' ? extracted.encoding : 'utf-8';
  const format = extracted?.format ?? 'txt';
  try {
    return parse(text, encoding, format);
  } catch (err) {
    return {
      title: '',
      year: null,
      period: null,
      encoding,
      format,
      preamble: text,
      sections: [],
      indicators: [],
      warnings: [{ line: 1, message: `结构解析失败，全文保留在前言中 (structure parse failed: ${describe(err)})` }],
    };
  }
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function parse(text: string, encoding: string, format: ExtractedText['format']): ParsedPlan {
  const cleaned = cleanLines(text);
  const sink = new WarningSink(cleaned.warnings);
  const warn = sink.add;
  const tree = buildTree(cleaned.lines, warn);

  const head = findPlanTitle(tree.preamble.length > 0 ? tree.preamble : []);
  const next = head.index >= 0 ? (tree.preamble[head.index + 1] ?? '') : '';
  const subtitle = next.length <= 40 && /^[（(].*[)）]$/.test(next) ? next : '';
  const named = yearAndPeriod(head.title, subtitle);
  const year = named.year;
  // a 规划 / 三年行动计划 whose title does not say its years: the text near the top does
  const period = named.period ?? periodFromText(head.title, tree.preamble, cleaned.lines);

  const sections = tree.sections.map((s) => annotateSection(s, year, period, warn));
  if (sections.length === 0 && cleaned.lines.length > 0) {
    warn(cleaned.lines[0]?.line ?? 1, () => '未识别出章节或要点，全文保留在前言中 (no sections or points found)');
  }

  let indicators: Indicator[] = [];
  try {
    indicators = extractIndicators(cleaned.tableLines, period);
  } catch (err) {
    warn(1, () => `指标表解析失败 (indicator extraction failed: ${describe(err)})`);
  }

  return {
    title: head.title,
    year,
    period: period as Period | null,
    encoding,
    format,
    preamble: tree.preamble.join('\n'),
    sections,
    indicators,
    warnings: sink.finish(),
  };
}

function annotateSection(s: RawSection, year: number | null, period: Period | null, warn: Warn): Section {
  return {
    number: s.number,
    ordinal: s.ordinal,
    title: s.title,
    text: s.text,
    deadlines: sectionDeadlines(s, year, period, warn),
    sections: s.sections.map((c) => annotateSection(c, year, period, warn)),
    points: s.points.map((p) => addHorizons(annotatePoint(p, year, warn), p.row ? p.row.task : p.text, period, warn)),
  };
}

/**
 * A section's own deadlines (heading and text before its points), read like a point's: 2021年6月底前,
 * 年底前 in the plan's year, 到2025年 / 十四五末 within a plan's period. Unresolved phrases are left
 * to the points' warnings: a section's text is often a whole indicator table.
 */
function sectionDeadlines(s: RawSection, year: number | null, period: Period | null, warn: Warn): Deadline[] {
  if (s.text.length === 0) return [];
  try {
    const out = extractDeadlines(s.text, year).deadlines;
    const dates = new Set(out.map((d) => d.date));
    if (period === null) return out;
    for (const d of extractPeriodDeadlines(s.text, period)) {
      if (dates.has(d.date)) continue;
      dates.add(d.date);
      out.push(d);
    }
    return out;
  } catch (err) {
    warn(s.line, () => `完成时限解析失败 (deadline extraction failed: ${describe(err)})`);
    return [];
  }
}

/** 到2025年 / 十四五末 in a multi-year plan: deadlines at the end of that year or period. */
function addHorizons(point: Point, text: string, period: Period | null, warn: Warn): Point {
  if (period === null) return point;
  try {
    const dates = new Set(point.deadlines.map((d) => d.date));
    const extra: Deadline[] = [];
    for (const d of extractPeriodDeadlines(text, period)) {
      if (dates.has(d.date)) continue;
      dates.add(d.date);
      extra.push(d);
    }
    if (extra.length > 0) point.deadlines = [...point.deadlines, ...extra];
  } catch (err) {
    warn(point.line, () => `完成时限解析失败 (deadline extraction failed: ${describe(err)})`);
  }
  return point;
}

function annotatePoint(p: RawPoint, year: number | null, warn: Warn): Point {
  if (p.row) return annotateRow(p, p.row, year, warn);
  const point: Point = {
    number: p.number,
    title: p.title,
    text: p.text,
    line: p.line,
    units: [],
    deadlines: [],
    recurrence: [],
    targets: [],
  };
  if (p.text.length === 0) return point;
  try {
    point.units = extractUnits(p.text);
  } catch (err) {
    warn(p.line, () => `责任单位解析失败 (unit extraction failed: ${describe(err)})`);
  }
  try {
    const d = extractDeadlines(p.text, year);
    point.deadlines = d.deadlines;
    for (const phrase of d.unresolved) {
      warn(p.line, () => `无法解析的完成时限“${phrase}” (unresolved deadline phrase)`);
    }
  } catch (err) {
    warn(p.line, () => `完成时限解析失败 (deadline extraction failed: ${describe(err)})`);
  }
  try {
    point.recurrence = extractRecurrence(p.text);
  } catch (err) {
    warn(p.line, () => `频次解析失败 (recurrence extraction failed: ${describe(err)})`);
  }
  try {
    point.targets = extractTargets(p.text);
  } catch (err) {
    warn(p.line, () => `目标值解析失败 (target extraction failed: ${describe(err)})`);
  }
  return point;
}

/**
 * A task-table row: units from the lead / cooperating columns (plus any inline annotation in the
 * task), deadlines from the time column (read like a 完成时限： annotation) and the task, targets
 * and cadence from the task, leaders from the leaders' column.
 */
function annotateRow(p: RawPoint, row: TableRow, year: number | null, warn: Warn): Point {
  const point: Point = {
    number: p.number,
    title: p.title,
    text: p.text,
    line: p.line,
    units: rowUnits(row.lead, row.coop),
    deadlines: [],
    recurrence: [],
    targets: [],
  };
  if (row.leaders.length > 0) point.leaders = row.leaders.flatMap(splitNames);
  const task = row.task;
  try {
    const seen = new Set(point.units.map((u) => `${u.name}\u0000${u.role}`));
    for (const u of extractUnits(task)) if (!seen.has(`${u.name}\u0000${u.role}`)) point.units.push(u);
  } catch (err) {
    warn(p.line, () => `责任单位解析失败 (unit extraction failed: ${describe(err)})`);
  }
  try {
    const seen = new Set<string>();
    // a cadence (每季度) or 长期坚持 in the time column is no date, and no unresolved one either
    const dated = row.deadline.filter((d) => !/^(?:长期|持续|常态|经常|每|按[月季年]|定期|适时)/.test(d));
    for (const source of [...dated.map((d) => `完成时限：${d}`), task]) {
      const d = extractDeadlines(source, year);
      for (const x of d.deadlines) {
        const key = `${x.date}\u0000${x.phrase}`;
        if (seen.has(key)) continue;
        seen.add(key);
        point.deadlines.push(x);
      }
      for (const phrase of d.unresolved) warn(p.line, () => `无法解析的完成时限“${phrase}” (unresolved deadline phrase)`);
    }
  } catch (err) {
    warn(p.line, () => `完成时限解析失败 (deadline extraction failed: ${describe(err)})`);
  }
  try {
    point.recurrence = extractRecurrence([task, ...row.deadline].join('\n'));
  } catch (err) {
    warn(p.line, () => `频次解析失败 (recurrence extraction failed: ${describe(err)})`);
  }
  try {
    point.targets = extractTargets(task);
  } catch (err) {
    warn(p.line, () => `目标值解析失败 (target extraction failed: ${describe(err)})`);
  }
  return point;
}
