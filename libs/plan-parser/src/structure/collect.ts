// The "nothing lost" invariant's witness: every text-bearing field of a plan, in document order.
import type { ParsedPlan, Section } from '../types';

/**
 * The preamble, then for each section (depth first, in order): its text, its points' texts, then its
 * sub-sections. This is the order in which the characters appear in the document, because points
 * directly under a section always precede its first sub-section.
 */
export function collectText(plan: Pick<ParsedPlan, 'preamble' | 'sections'>): string[] {
  const out: string[] = [plan.preamble];
  const walk = (sections: Section[]): void => {
    for (const s of sections) {
      out.push(s.text);
      for (const p of s.points) out.push(p.text);
      walk(s.sections);
    }
  };
  walk(plan.sections);
  return out;
}

/** {@link collectText} joined with newlines. */
export function collectAllText(plan: Pick<ParsedPlan, 'preamble' | 'sections'>): string {
  return collectText(plan).join('\n');
}
