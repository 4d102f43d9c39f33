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

  /** Sorted by line (stable), capped at {@link MAX_WARNINGS}. */
  finish(): ParseWarning[] {
    const sorted = this.kept
      .map((w, i) => ({ w, i }))
      .sort((a, b) => a.w.line - b.w.line || a.i - b.i)
      .map((x) => x.w);
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
