import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseStructure } from '../../../src/structure';
import type { ParsedPlan, Point, Section } from '../../../src/types';
import { planContractErrors } from '../../contract/plan-contract';

export { readSamplePlan } from '../../../../../tests/fixtures/plans';

export const fixturesDir = path.resolve(__dirname, '..', 'fixtures');

export function readFixture(name: string): string {
  return fs.readFileSync(path.join(fixturesDir, name), 'utf8');
}

export function parse(text: string): ParsedPlan {
  return parseStructure({ text, encoding: 'utf-8', format: 'txt' });
}

/** Every point in document order. */
export function allPoints(plan: Pick<ParsedPlan, 'sections'>): Point[] {
  const out: Point[] = [];
  const walk = (sections: Section[]): void => {
    for (const s of sections) {
      out.push(...s.points);
      walk(s.sections);
    }
  };
  walk(plan.sections);
  return out;
}

/** Independent re-implementation of the per-character clean-up the invariant is defined against. */
export function normalizeForInvariant(text: string): string {
  let out = '';
  for (const ch of text) {
    const c = ch.codePointAt(0) ?? 0;
    const invisible = c === 0xfeff || (c >= 0x200b && c <= 0x200d) || c === 0x2060;
    const control = (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) || (c >= 0x7f && c <= 0x9f);
    if (invisible || control) continue;
    out += c >= 0xff10 && c <= 0xff19 ? String.fromCharCode(c - 0xff10 + 0x30) : ch;
  }
  return out;
}

/** Drops all whitespace (the invariant is whitespace-insensitive). */
export function noSpace(s: string): string {
  return s.replace(/[\s\u3000\u00a0\u2000-\u200a\u202f\u205f\u1680\u2028\u2029]/g, '');
}

/**
 * Aligns `output` as a subsequence of `input`; returns the runs of input characters that were
 * skipped, or null if output is not a subsequence of input.
 */
export function skippedRuns(input: string, output: string): string[] | null {
  const a = Array.from(input);
  const b = Array.from(output);
  const runs: string[] = [];
  let run = '';
  let j = 0;
  for (let i = 0; i < a.length; i++) {
    if (j < b.length && a[i] === b[j]) {
      if (run.length > 0) runs.push(run);
      run = '';
      j++;
    } else run += a[i] as string;
  }
  if (run.length > 0) runs.push(run);
  return j === b.length ? runs : null;
}

/** The contract (contract/plan.schema.json), plus what a schema cannot say: ordinals count 1, 2, 3… */
export function expectValidContract(plan: ParsedPlan): void {
  expect(planContractErrors(JSON.parse(JSON.stringify(plan)))).toEqual([]);
  const walk = (sections: Section[]): void => {
    sections.forEach((s, i) => {
      expect(s.ordinal).toBe(i + 1);
      walk(s.sections);
    });
  };
  walk(plan.sections);
}

/** Warnings raised by the structure parser itself (not unresolved deadlines from the annotators). */
export function structuralWarnings(plan: ParsedPlan): ParsedPlan['warnings'] {
  return plan.warnings.filter((w) => !/无法解析的完成时限|解析失败/.test(w.message));
}
