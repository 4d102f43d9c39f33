import { randomUUID } from 'node:crypto';
import { insertChunked, PlanIndicator, PlanSection, PointTarget, PointUnitMention, WorkPoint } from '@duban/db';
import type { ParsedPlan } from '@duban/plan-parser';
import { flattenPoints, flattenSections, pathKey, type PlanDiff } from '@duban/plan-revision';
import { In, type EntityManager } from 'typeorm';

/**
 * Writes the confirmed tree of a plan from its (edited) parse. With a diff, the points it pairs
 * keep their ids, sections keep theirs by ordinal path, and only removed points are deleted.
 */
export async function writePlanTree(manager: EntityManager, planId: string, parsed: ParsedPlan, diff: PlanDiff | null): Promise<void> {
  const existingSections = diff ? await manager.find(PlanSection, { where: { planId } }) : [];
  const existingByPath = new Map<string, PlanSection>();
  if (existingSections.length > 0) {
    const byId = new Map(existingSections.map((s) => [s.id, s]));
    const pathOf = (s: PlanSection): number[] => (s.parentId ? [...pathOf(byId.get(s.parentId) as PlanSection), s.ordinal] : [s.ordinal]);
    for (const s of existingSections) existingByPath.set(pathKey(pathOf(s)), s);
  }

  // sections: keep ids by path, update in place, insert new ones parents first
  const sectionIdByPath = new Map<string, string>();
  const newSections: PlanSection[] = [];
  let position = 0;
  for (const { path, section } of flattenSections(parsed)) {
    const key = pathKey(path);
    const parentId = path.length > 1 ? (sectionIdByPath.get(pathKey(path.slice(0, -1))) ?? null) : null;
    const values = {
      planId,
      parentId,
      number: section.number,
      ordinal: path[path.length - 1],
      position: position++,
      title: section.title,
      text: section.text,
      // a draft stored before sections had deadlines has none
      deadlines: section.deadlines ?? [],
    };
    const kept = existingByPath.get(key);
    if (kept) {
      await manager.update(PlanSection, { id: kept.id }, values);
      sectionIdByPath.set(key, kept.id);
      existingByPath.delete(key);
    } else {
      const id = randomUUID();
      newSections.push(Object.assign(new PlanSection(), { id, ...values }));
      sectionIdByPath.set(key, id);
    }
  }
  await insertChunked(manager, PlanSection, newSections);

  // points
  const located = flattenPoints(parsed);
  const removedIds = diff?.removed.map((r) => r.id) ?? [];
  if (removedIds.length > 0) await manager.delete(WorkPoint, { id: In(removedIds) });
  const keptIds = (diff?.keepIds ?? []).filter((id): id is string => id !== null);
  if (keptIds.length > 0) {
    await manager.delete(PointUnitMention, { pointId: In(keptIds) });
    await manager.delete(PointTarget, { pointId: In(keptIds) });
  }
  const newPoints: WorkPoint[] = [];
  const mentions: PointUnitMention[] = [];
  const targets: PointTarget[] = [];
  for (const [i, { sectionPath, point }] of located.entries()) {
    const values = {
      planId,
      sectionId: sectionIdByPath.get(pathKey(sectionPath)) as string,
      number: point.number,
      position: i,
      title: point.title,
      text: point.text,
      line: point.line,
      deadlines: point.deadlines,
      recurrence: point.recurrence,
    };
    const keptId = diff?.keepIds[i] ?? null;
    const id = keptId ?? randomUUID();
    if (keptId) await manager.update(WorkPoint, { id }, values);
    else newPoints.push(Object.assign(new WorkPoint(), { id, ...values }));
    for (const u of point.units) mentions.push(Object.assign(new PointUnitMention(), { pointId: id, name: u.name, role: u.role }));
    for (const t of point.targets) targets.push(Object.assign(new PointTarget(), { pointId: id, ...t }));
  }
  await insertChunked(manager, WorkPoint, newPoints);
  await insertChunked(manager, PointUnitMention, mentions);
  await insertChunked(manager, PointTarget, targets);

  // sections no longer in the document: children before parents
  const stale = [...existingByPath.values()].sort((a, b) => b.position - a.position);
  for (const s of stale) await manager.delete(PlanSection, { id: s.id });

  await manager.delete(PlanIndicator, { planId });
  await insertChunked(
    manager,
    PlanIndicator,
    parsed.indicators.map((ind, i) =>
      Object.assign(new PlanIndicator(), {
        planId,
        position: i,
        name: ind.name,
        unit: ind.unit,
        baselineYear: ind.baseline?.year ?? null,
        baselineValue: ind.baseline?.value ?? null,
        targetYear: ind.target?.year ?? null,
        targetValue: ind.target?.value ?? null,
        targetComparator: ind.target?.comparator ?? null,
      }),
    ),
  );
}
