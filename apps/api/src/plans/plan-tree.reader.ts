import { PlanIndicator, PlanSection, PointTarget, PointUnitMention, WorkPoint, together } from '@duban/db';
import type { ExistingPoint } from '@duban/plan-revision';
import type { EntityManager } from 'typeorm';

export interface SectionNode extends PlanSection {
  path: number[];
  sections: SectionNode[];
  points: PointView[];
}

export interface PointView extends WorkPoint {
  units: { name: string; role: string }[];
  targets: { phrase: string; metric: string; value: number; unit: string; comparator: string }[];
}

/** Loads a confirmed plan's tree in a few set queries (no query per section or point). */
export async function readPlanTree(manager: EntityManager, planId: string) {
  const [sections, points, mentions, targets, indicators] = await together(
    manager,
    () => manager.find(PlanSection, { where: { planId }, order: { position: 'ASC' } }),
    () => manager.find(WorkPoint, { where: { planId }, order: { position: 'ASC' } }),
    () =>
      manager
        .createQueryBuilder(PointUnitMention, 'm')
        .innerJoin(WorkPoint, 'p', 'p.id = m.point_id')
        .where('p.plan_id = :planId', { planId })
        .orderBy('m.point_id')
        .getMany(),
    () =>
      manager
        .createQueryBuilder(PointTarget, 't')
        .innerJoin(WorkPoint, 'p', 'p.id = t.point_id')
        .where('p.plan_id = :planId', { planId })
        .orderBy('t.point_id')
        .getMany(),
    () => manager.find(PlanIndicator, { where: { planId }, order: { position: 'ASC' } }),
  );

  const nodes = new Map<string, SectionNode>();
  const roots: SectionNode[] = [];
  for (const s of sections) {
    const parent = s.parentId ? nodes.get(s.parentId) : undefined;
    const node: SectionNode = { ...s, path: [...(parent?.path ?? []), s.ordinal], sections: [], points: [] };
    nodes.set(s.id, node);
    (parent ? parent.sections : roots).push(node);
  }
  const group = <T extends { pointId: string }>(rows: T[]) => {
    const m = new Map<string, T[]>();
    for (const r of rows) m.set(r.pointId, [...(m.get(r.pointId) ?? []), r]);
    return m;
  };
  const mentionsByPoint = group(mentions);
  const targetsByPoint = group(targets);
  const pointViews: (PointView & { sectionPath: number[] })[] = [];
  for (const p of points) {
    const section = nodes.get(p.sectionId);
    const view = {
      ...p,
      units: (mentionsByPoint.get(p.id) ?? []).map(({ name, role }) => ({ name, role })),
      targets: (targetsByPoint.get(p.id) ?? []).map(({ phrase, metric, value, unit, comparator }) => ({
        phrase,
        metric,
        value,
        unit,
        comparator,
      })),
    };
    section?.points.push(view);
    pointViews.push({ ...view, sectionPath: section?.path ?? [] });
  }
  return { sections: roots, sectionsById: nodes, points: pointViews, indicators };
}

/** The confirmed points in the shape the revision diff compares. */
export async function readExistingPoints(manager: EntityManager, planId: string): Promise<ExistingPoint[]> {
  const tree = await readPlanTree(manager, planId);
  return tree.points.map((p) => ({
    id: p.id,
    sectionPath: p.sectionPath,
    number: p.number,
    title: p.title,
    text: p.text,
    units: p.units as ExistingPoint['units'],
    deadlines: p.deadlines,
    recurrence: p.recurrence,
    targets: p.targets as ExistingPoint['targets'],
  }));
}
