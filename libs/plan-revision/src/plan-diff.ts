import type { Deadline, ParsedPlan, PointUnit, Recurrence, Target } from '@duban/plan-parser';
import { dice } from '@duban/text';
import { flattenPoints, pathKey } from './flatten';

/** A confirmed point as stored, with the fields a revision can change. */
export interface ExistingPoint {
  id: string;
  sectionPath: number[];
  number: number;
  title: string;
  text: string;
  units: PointUnit[];
  deadlines: Deadline[];
  recurrence: Recurrence[];
  targets: Target[];
}

export type PointField = 'section' | 'number' | 'title' | 'text' | 'units' | 'deadlines' | 'recurrence' | 'targets';

export interface PlanDiff {
  summary: { added: number; removed: number; changed: number; unchanged: number };
  added: { sectionPath: number[]; index: number; number: number; title: string }[];
  removed: { id: string; number: number; title: string }[];
  changed: { id: string; sectionPath: number[]; index: number; number: number; title: string; fields: PointField[] }[];
  /** For each point of the revised plan in document order: the confirmed id it keeps, or null if new. */
  keepIds: (string | null)[];
}

/**
 * What confirming a revised document would do to a confirmed plan. Points are paired by identical
 * text first, then identical title, then same place and number with similar text, so that an
 * edited point keeps its id (and later its tasks) while a truly new one is added.
 */
export function diffPlan(existing: ExistingPoint[], revised: Pick<ParsedPlan, 'sections'>): PlanDiff {
  const located = flattenPoints(revised);
  const keepIds: (string | null)[] = located.map(() => null);
  const unpaired = new Map(existing.map((p) => [p.id, p]));

  const pairBy = (key: (p: { title: string; text: string; sectionPath: number[]; number: number }) => string | null) => {
    const byKey = new Map<string, ExistingPoint[]>();
    for (const p of unpaired.values()) {
      const k = key(p);
      if (k !== null) byKey.set(k, [...(byKey.get(k) ?? []), p]);
    }
    located.forEach((l, i) => {
      if (keepIds[i] !== null) return;
      const k = key({ ...l.point, sectionPath: l.sectionPath });
      const candidates = k === null ? undefined : byKey.get(k);
      const match = candidates?.find((c) => unpaired.has(c.id));
      if (match) {
        keepIds[i] = match.id;
        unpaired.delete(match.id);
      }
    });
  };

  pairBy((p) => normalise(p.text) || null);
  pairBy((p) => normalise(p.title) || null);
  pairBy((p) => `${pathKey(p.sectionPath)}#${p.number}`);
  // the positional pairing only stands when the texts are still recognisably the same point
  located.forEach((l, i) => {
    const id = keepIds[i];
    if (id === null) return;
    const old = existing.find((p) => p.id === id) as ExistingPoint;
    const samePlace = pathKey(old.sectionPath) === pathKey(l.sectionPath) && old.number === l.point.number;
    const positionalOnly =
      samePlace && normalise(old.text) !== normalise(l.point.text) && normalise(old.title) !== normalise(l.point.title);
    if (positionalOnly && similarity(old.text, l.point.text) < 0.5) {
      keepIds[i] = null;
      unpaired.set(old.id, old);
    }
  });

  const byId = new Map(existing.map((p) => [p.id, p]));
  const diff: PlanDiff = {
    summary: { added: 0, removed: 0, changed: 0, unchanged: 0 },
    added: [],
    removed: [...unpaired.values()].map((p) => ({ id: p.id, number: p.number, title: p.title })),
    changed: [],
    keepIds,
  };
  located.forEach((l, i) => {
    const id = keepIds[i];
    const where = { sectionPath: l.sectionPath, index: l.index, number: l.point.number, title: l.point.title };
    if (id === null) {
      diff.added.push(where);
      return;
    }
    const fields = changedFields(byId.get(id) as ExistingPoint, { ...l.point, sectionPath: l.sectionPath });
    if (fields.length > 0) diff.changed.push({ id, ...where, fields });
    else diff.summary.unchanged++;
  });
  diff.summary.added = diff.added.length;
  diff.summary.removed = diff.removed.length;
  diff.summary.changed = diff.changed.length;
  return diff;
}

function changedFields(a: Omit<ExistingPoint, 'id'>, b: Omit<ExistingPoint, 'id'>): PointField[] {
  const fields: PointField[] = [];
  if (pathKey(a.sectionPath) !== pathKey(b.sectionPath)) fields.push('section');
  if (a.number !== b.number) fields.push('number');
  if (a.title !== b.title) fields.push('title');
  if (a.text !== b.text) fields.push('text');
  const same = (x: unknown[], y: unknown[]) => canonical(x) === canonical(y);
  if (!same(a.units, b.units)) fields.push('units');
  if (!same(a.deadlines, b.deadlines)) fields.push('deadlines');
  if (!same(a.recurrence, b.recurrence)) fields.push('recurrence');
  if (!same(a.targets, b.targets)) fields.push('targets');
  return fields;
}

/** Order-insensitive, key-order-insensitive comparison of small JSON lists. */
function canonical(list: unknown[]): string {
  const sortKeys = (v: unknown): unknown =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>)
            .sort(([x], [y]) => x.localeCompare(y))
            .map(([k, x]) => [k, sortKeys(x)]),
        )
      : v;
  return JSON.stringify(list.map((x) => JSON.stringify(sortKeys(x))).sort());
}

function normalise(s: string): string {
  return s.replace(/[\s\u3000]+/g, '');
}

/** Dice coefficient of two texts, whitespace ignored; two texts that are both blank are alike. */
export function similarity(a: string, b: string): number {
  const x = normalise(a);
  const y = normalise(b);
  return x === y ? 1 : dice(x, y);
}
