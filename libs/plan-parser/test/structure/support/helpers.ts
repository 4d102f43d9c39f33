import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseStructure } from '../../../src/structure';
import type { ParsedPlan, Point, Section } from '../../../src/types';

export const repoRoot = path.resolve(__dirname, '../../../../..');
export const seedsDir = path.resolve(repoRoot, '..', 'shared', 'seeds');
export const fixturesDir = path.resolve(__dirname, '..', 'fixtures');

export function readSeed(prefix: string): string {
  const name = fs.readdirSync(seedsDir).find((f) => f.startsWith(prefix));
  if (name === undefined) throw new Error(`seed ${prefix} not found in ${seedsDir}`);
  return fs.readFileSync(path.join(seedsDir, name), 'utf8');
}

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

/** Structural validity of the contract (types of every field), as check-plan-json.py checks it. */
export function expectValidContract(plan: ParsedPlan): void {
  expect(typeof plan.title).toBe('string');
  expect(plan.year === null || Number.isInteger(plan.year)).toBe(true);
  expect(plan.period === null || (Number.isInteger(plan.period.from) && Number.isInteger(plan.period.to))).toBe(true);
  expect(typeof plan.preamble).toBe('string');
  expect(['txt', 'docx', 'pdf', 'html', 'xlsx']).toContain(plan.format);
  expect(Array.isArray(plan.indicators)).toBe(true);
  for (const w of plan.warnings) {
    expect(Number.isInteger(w.line)).toBe(true);
    expect(typeof w.message).toBe('string');
  }
  const walk = (sections: Section[]): void => {
    sections.forEach((s, i) => {
      expect(typeof s.number).toBe('string');
      expect(s.ordinal).toBe(i + 1);
      expect(typeof s.title).toBe('string');
      expect(typeof s.text).toBe('string');
      for (const p of s.points) {
        expect(Number.isInteger(p.number)).toBe(true);
        expect(Number.isInteger(p.line)).toBe(true);
        expect(typeof p.title).toBe('string');
        expect(typeof p.text).toBe('string');
        expect(Array.isArray(p.units) && Array.isArray(p.deadlines)).toBe(true);
        expect(Array.isArray(p.recurrence) && Array.isArray(p.targets)).toBe(true);
      }
      walk(s.sections);
    });
  };
  walk(plan.sections);
}

/** Warnings raised by the structure parser itself (not unresolved deadlines from the annotators). */
export function structuralWarnings(plan: ParsedPlan): ParsedPlan['warnings'] {
  return plan.warnings.filter((w) => !/无法解析的完成时限|解析失败/.test(w.message));
}
