import type { ParsedPlan, Point, Section } from '@duban/plan-parser';

/** A point with where it sits: the ordinal path of its section and its 1-based index there. */
export interface LocatedPoint {
  sectionPath: number[];
  index: number;
  point: Point;
}

export interface LocatedSection {
  path: number[];
  section: Section;
}

/** Sections in document order (parents before children), each with its ordinal path. */
export function flattenSections(plan: Pick<ParsedPlan, 'sections'>): LocatedSection[] {
  const out: LocatedSection[] = [];
  const walk = (sections: Section[], prefix: number[]): void => {
    sections.forEach((section, i) => {
      const path = [...prefix, i + 1];
      out.push({ path, section });
      walk(section.sections, path);
    });
  };
  walk(plan.sections, []);
  return out;
}

/** Points in document order: a section's own points before those of its subsections. */
export function flattenPoints(plan: Pick<ParsedPlan, 'sections'>): LocatedPoint[] {
  return flattenSections(plan).flatMap(({ path, section }) =>
    section.points.map((point, i) => ({ sectionPath: path, index: i + 1, point })),
  );
}

export function pathKey(path: number[]): string {
  return path.join('.');
}
