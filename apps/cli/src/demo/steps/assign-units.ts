import { headOf, type DemoStep } from '../context';
import { IMPORTER } from './import-plans';

type Role = 'lead' | 'cooperating' | 'responsible';
interface TaskItem {
  id: string;
  title: string;
  ownerUnitId: string | null;
  cooperatingUnitIds: string[];
  suggestedAssignees: { role: Role; kind: 'unit' | 'set' | 'unmatched'; confidence: number; unitIds: string[] }[];
}

const CONFIDENT = 0.9;

/**
 * Each lead department's head assigns its tasks: the department itself leads, the routed cooperating
 * departments cooperate, and the schools and units the point names (各中小学, 各幼儿园 …) are
 * responsible. Units no point names are then spread over the tasks, so every school has work.
 */
export const assignUnits: DemoStep = {
  title: '牵头科室负责人分派学校和单位',
  async run(ctx) {
    if (ctx.plans.length === 0) return ctx.report.line('本次没有新导入的计划，跳过');
    // the importer's decomposition carries what the text names for each task (idempotent: creates nothing now)
    const importer = await ctx.as(IMPORTER);
    const tasks: TaskItem[] = [];
    for (const plan of ctx.plans) {
      tasks.push(...(await importer.call<{ tasks: TaskItem[] }>('POST', `/api/plans/${plan.planId}/tasks/decompose`, {})).tasks);
    }
    const heads = new Map<string, string>();
    const headFor = async (unitId: string): Promise<string> => {
      if (!heads.has(unitId)) heads.set(unitId, (await headOf(ctx.db, unitId)) ?? IMPORTER);
      return heads.get(unitId) as string;
    };
    const covered = new Set<string>();
    let assigned = 0;
    let fromText = 0;
    const assign = async (task: TaskItem, units: [string, Role][]) => {
      if (!task.ownerUnitId || units.length === 0) return;
      const head = await ctx.as(await headFor(task.ownerUnitId));
      const res = await head.call<{ created: number }>('POST', `/api/tasks/${task.id}/assignments`, {
        units: units.map(([unitId, role]) => ({ unitId, role })),
      });
      assigned += res.created;
      for (const [id] of units) covered.add(id);
    };

    for (const task of tasks) {
      if (!task.ownerUnitId) continue;
      const units = new Map<string, Role>([[task.ownerUnitId, 'lead']]);
      for (const id of task.cooperatingUnitIds) if (!units.has(id)) units.set(id, 'cooperating');
      for (const s of task.suggestedAssignees) {
        if (s.kind !== 'set' || s.confidence < CONFIDENT) continue;
        for (const id of s.unitIds) {
          if (units.has(id)) continue;
          units.set(id, 'responsible');
          fromText++;
        }
      }
      await assign(task, [...units]);
    }

    // every school and directly governed unit gets at least one task, two for the simulated ones to leave work behind
    const rest: { id: string }[] = await ctx.db.query(
      `SELECT id FROM org_units WHERE type IN ('school', 'direct_unit') AND archived_at IS NULL AND NOT (id = ANY($1::uuid[])) ORDER BY code`,
      [[...covered]],
    );
    const owned = tasks.filter((t) => t.ownerUnitId);
    const extra = new Map<TaskItem, [string, Role][]>();
    rest.forEach((u, i) => {
      for (const k of [0, 1]) {
        const task = owned[(i * 2 + k) % owned.length];
        extra.set(task, [...(extra.get(task) ?? []), [u.id, 'responsible']]);
      }
    });
    for (const [task, units] of extra) await assign(task, [...new Map(units)]);

    const [kinds] = await ctx.db.query(
      `SELECT count(*) FILTER (WHERE u.type = 'school')::int AS schools, count(*) FILTER (WHERE u.type = 'direct_unit')::int AS direct,
              count(*) FILTER (WHERE u.type = 'department')::int AS departments
         FROM org_units u WHERE u.id = ANY($1::uuid[])`,
      [[...covered]],
    );
    ctx.report.line(`${heads.size} 位科室负责人分派了 ${owned.length} 项任务，共 ${assigned} 个分派`);
    ctx.report.line(`承办单位：科室 ${kinds.departments} 个、直属单位 ${kinds.direct} 个、学校 ${kinds.schools} 所`);
    if (fromText > 0) ctx.report.line(`其中按文中“各中小学”等单位集合分派 ${fromText} 个`);
    if (rest.length > 0) ctx.report.line(`文中未点名的 ${rest.length} 个学校和直属单位，各补派 2 项任务（演示用）`);
  },
};
