// Warnings are collected lazily: past the cap only a count is kept, so an adversarial input with
// hundreds of thousands of numbering problems costs no message formatting or sorting.
import type { ParseWarning } from '../types';

/** At most this many warnings are reported; a final one says how many were left out. */
export const MAX_WARNINGS = 500;

export type Warn = (line: number, message: () => string) => void;

export class WarningSink {
  private readonly kept: ParseWarning[] = [];
  private dropped = 0;
  private firstDroppedLine = Number.POSITIVE_INFINITY;

  constructor(initial: ParseWarning[] = []) {
    for (const w of initial) this.add(w.line, () => w.message);
  }

  readonly add: Warn = (line, message) => {
    if (this.kept.length < 2 * MAX_WARNINGS) this.kept.push({ line, message: message() });
    else {
      this.dropped++;
      if (line < this.firstDroppedLine) this.firstDroppedLine = line;
    }
  };

  /**
   * Sorted by line (stable); the same warning on several lines — equal once its figures are read
   * as N (要点编号“3 ·”按 3 处理 …) — is one entry at its first line listing all of them in
   * `lines`; capped at {@link MAX_WARNINGS}.
   */
  finish(): ParseWarning[] {
    const sorted = group(
      this.kept
        .map((w, i) => ({ w, i }))
        .sort((a, b) => a.w.line - b.w.line || a.i - b.i)
        .map((x) => x.w),
    );
    const omitted = this.dropped + Math.max(0, sorted.length - MAX_WARNINGS);
    if (omitted === 0) return sorted;
    const out = sorted.slice(0, MAX_WARNINGS);
    const line = Math.min(this.firstDroppedLine, sorted[MAX_WARNINGS]?.line ?? Number.POSITIVE_INFINITY);
    out.push({
      line: Number.isFinite(line) ? line : (out[out.length - 1]?.line ?? 1),
      message: `另有 ${omitted} 条警告未列出 (${omitted} more warnings omitted)`,
    });
    return out;
  }
}

const FIGURES = /\d+/g;

/** Warnings equal up to their figures, grouped at the first one's place. */
function group(warnings: ParseWarning[]): ParseWarning[] {
  const byKey = new Map<string, ParseWarning[]>();
  const order: string[] = [];
  for (const w of warnings) {
    const key = w.message.replace(FIGURES, 'N');
    const members = byKey.get(key);
    if (members) members.push(w);
    else {
      byKey.set(key, [w]);
      order.push(key);
    }
  }
  if (order.length === warnings.length) return warnings;
  return order.map((key) => {
    const members = byKey.get(key) as ParseWarning[];
    const first = members[0] as ParseWarning;
    if (members.length === 1) return first;
    const same = members.every((m) => m.message === first.message);
    const n = members.length;
    return {
      line: first.line,
      message: `${same ? first.message : key}（共 ${n} 处 / ${n} times）`,
      lines: members.map((m) => m.line),
    };
  });
}
