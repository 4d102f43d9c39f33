import { citationText, numberText, percentText, summaryTitle } from './format';

// ---------------------------------------------------------------------------------------------
// Input: what the loader reads from the database (or a test builds by hand). Plain rows, no ORM.
// ---------------------------------------------------------------------------------------------

export type Comparator = '>=' | '>' | '=' | '<=' | '<';
export type AssignmentStateName = 'assigned' | 'in_progress' | 'submitted' | 'approved' | 'returned' | 'extension_requested' | 'cancelled';

export interface SummaryInput {
  plan: { id: string; title: string; year: number | null };
  /** the plan's completion rate 0..1 from the roll-up (approved ÷ (all − cancelled)); the one figure */
  completionRate: number;
  /** the roll-up's on-time rate (approved on time ÷ approved) and overdue count, when known */
  onTimeRate?: number | null;
  overdue?: number;
  sections: { id: string; parentId: string | null; number: string; title: string; position: number }[];
  points: { id: string; sectionId: string; number: number; title: string; position: number }[];
  tasks: {
    id: string;
    pointId: string;
    position: number;
    title: string;
    status: 'active' | 'cancelled';
    cancelReason: string | null;
    ownerUnitName: string | null;
    dueDate: string;
  }[];
  assignments: {
    id: string;
    taskId: string;
    unitId: string;
    unitName: string;
    role: 'lead' | 'cooperating' | 'responsible';
    state: AssignmentStateName;
    dueDate: string;
    progressPercent: number;
  }[];
  targets: { id: string; taskId: string; position: number; metric: string; value: number; unit: string; comparator: Comparator }[];
  /** the latest actual per (target, assignment) */
  actuals: { taskTargetId: string; assignmentId: string; value: number; asOf: string }[];
  /**
   * the latest return per assignment: a review decision returning the submission, or an evidence
   * file returned by its reviewer (`fileName` set), with the reason given
   */
  returns: { assignmentId: string; reason: string; fileName?: string | null }[];
  /** the latest extension request per assignment */
  extensions: { assignmentId: string; reason: string; status: 'pending' | 'approved' | 'denied'; requestedDue: string }[];
  /** evidence not withdrawn and not returned, in upload order */
  evidence: { id: string; assignmentId: string; fileName: string; reviewState: 'pending' | 'accepted' }[];
}

// ---------------------------------------------------------------------------------------------
// Output: the summary as a document model the renderers share.
// ---------------------------------------------------------------------------------------------

export interface TargetFigure {
  metric: string;
  unit: string;
  comparator: Comparator;
  target: number;
  /** null when no unit reported an actual */
  actual: number | null;
  /** attainment 0..n (1 = met), null without an actual */
  attainment: number | null;
  /** 新增学前学位2430个，完成目标的100% */
  text: string;
}

export interface TaskLine {
  taskId: string;
  title: string;
  assignments: number;
  approved: number;
  cancelled: boolean;
  completionRate: number | null;
  figures: TargetFigure[];
  unfinished: { unitName: string; state: AssignmentStateName; progressPercent: number; reason: string | null }[];
  evidence: number[];
}

export interface PointBlock {
  pointId: string;
  number: number;
  title: string;
  /** the paragraph as written: done statements with figures and citations, then what is unfinished */
  text: string;
  tasks: TaskLine[];
}

export interface SectionBlock {
  sectionId: string;
  level: number;
  /** 一、… or （一）… */
  heading: string;
  /** one sentence with the section's own figures */
  lead: string;
  points: PointBlock[];
  sections: SectionBlock[];
}

export interface EvidenceEntry {
  /** citation number 佐证N */
  n: number;
  id: string;
  fileName: string;
  unitName: string;
  taskTitle: string;
  reviewState: 'pending' | 'accepted';
}

export interface CompletionRow {
  sectionNumber: string;
  pointNumber: number;
  pointTitle: string;
  taskTitle: string;
  units: string;
  assignments: number;
  approved: number;
  completionRate: number | null;
  targets: string;
  unfinished: string;
  evidence: string;
}

export interface SummaryDoc {
  title: string;
  planId: string;
  /** the opening paragraph with 完成率X% */
  opening: string;
  completionRate: number;
  sections: SectionBlock[];
  appendix: EvidenceEntry[];
  table: CompletionRow[];
}

const STATE_ZH: Record<AssignmentStateName, string> = {
  assigned: '未开始',
  in_progress: '推进中',
  submitted: '待审核',
  approved: '已完成',
  returned: '被退回',
  extension_requested: '申请延期',
  cancelled: '已取消',
};

/** How many unfinished units without a reason are named before "等N个单位". */
const NAMED_UNFINISHED = 10;

/** one collator for every name sort: localeCompare builds one per call */
const zh = new Intl.Collator('zh');

const byPosition = <T extends { position: number }>(a: T, b: T) => a.position - b.position;

/**
 * Attainment of a target: for 以上/增加 (>=, >, =) actual ÷ target, for 以内/以下 (<=, <) 1 when
 * within, target ÷ actual when over. 0 targets count as met when the actual meets the comparator.
 */
export function attainment(comparator: Comparator, target: number, actual: number): number {
  if (comparator === '<=' || comparator === '<') {
    const within = comparator === '<=' ? actual <= target : actual < target;
    if (within) return 1;
    return actual === 0 ? 0 : target / actual;
  }
  if (target === 0) return actual >= 0 ? 1 : 0;
  return actual / target;
}

/**
 * A target's figure over the units that reported it: counts (个、所、人…) add up across units;
 * rates (%, ‰) are not additive, so the lead unit's figure stands, or the mean of the units'.
 */
export function combineActuals(unit: string, values: { value: number; lead: boolean }[]): number | null {
  if (values.length === 0) return null;
  if (unit === '%' || unit === '‰') {
    const lead = values.filter((v) => v.lead);
    const pool = lead.length > 0 ? lead : values;
    return pool.reduce((s, v) => s + v.value, 0) / pool.length;
  }
  return values.reduce((s, v) => s + v.value, 0);
}

/** The summary, deterministically from its input (everything sorted by position or id). */
export function buildSummary(input: SummaryInput): SummaryDoc {
  const unitOf = new Map(input.assignments.map((a) => [a.id, a]));
  // names ranked once (a few hundred units), then compared as numbers: the collator per pair cost seconds on 60 000 rows
  const nameRank = new Map([...new Set(input.assignments.map((a) => a.unitName))].sort(zh.compare).map((n, i) => [n, i]));
  const byName = (a: string, b: string) => (nameRank.get(a) ?? 0) - (nameRank.get(b) ?? 0);
  // lead and responsible units first, then by name, then id (牵头 before 配合): one sort on numeric keys, kept by group()
  const ordered = input.assignments
    .map((a) => ({ a, coop: a.role === 'cooperating' ? 1 : 0, rank: nameRank.get(a.unitName) ?? 0 }))
    .sort((x, y) => x.coop - y.coop || x.rank - y.rank || cmp(x.a.id, y.a.id))
    .map((x) => x.a);
  const assignmentsOf = group(ordered, (a) => a.taskId);
  const targetsOf = group(input.targets, (t) => t.taskId);
  const actualsOf = group(input.actuals, (a) => a.taskTargetId);
  const returnOf = new Map(
    input.returns.map((r) => [r.assignmentId, r.fileName ? `佐证材料“${r.fileName}”被退回，原因：${r.reason}` : `退回原因：${r.reason}`]),
  );
  const extensionOf = new Map(input.extensions.map((e) => [e.assignmentId, e]));
  const evidenceOf = group(input.evidence, (e) => e.assignmentId);
  const tasksOf = group(input.tasks, (t) => t.pointId);
  const pointsOf = group(input.points, (p) => p.sectionId);
  const childrenOf = group(input.sections, (s) => s.parentId ?? '');

  const appendix: EvidenceEntry[] = [];
  const table: CompletionRow[] = [];

  const taskLine = (task: SummaryInput['tasks'][number]): TaskLine => {
    const all = assignmentsOf.get(task.id) ?? [];
    const live = all.filter((a) => a.state !== 'cancelled');
    const approved = live.filter((a) => a.state === 'approved');
    const figures = [...(targetsOf.get(task.id) ?? [])].sort(byPosition).map((t): TargetFigure => {
      const reported = (actualsOf.get(t.id) ?? [])
        .filter((x) => unitOf.get(x.assignmentId)?.state !== 'cancelled')
        .map((x) => ({ value: x.value, lead: unitOf.get(x.assignmentId)?.role !== 'cooperating' }));
      const actual = combineActuals(t.unit, reported);
      const att = actual === null ? null : attainment(t.comparator, t.value, actual);
      const text =
        actual === null
          ? `${t.metric}目标${numberText(t.value)}${t.unit}，尚未报告实际完成数`
          : `${t.metric}${numberText(roundFigure(actual))}${t.unit}，完成目标的${percentText(att ?? 0)}%`;
      return { metric: t.metric, unit: t.unit, comparator: t.comparator, target: t.value, actual, attainment: att, text };
    });
    const evidence: number[] = [];
    for (const a of live) {
      for (const e of evidenceOf.get(a.id) ?? []) {
        const n = appendix.length + 1;
        appendix.push({ n, id: e.id, fileName: e.fileName, unitName: a.unitName, taskTitle: task.title, reviewState: e.reviewState });
        evidence.push(n);
      }
    }
    const unfinished = live
      .filter((a) => a.state !== 'approved')
      .map((a) => {
        const ext = extensionOf.get(a.id);
        const ret = returnOf.get(a.id);
        const reasons: string[] = [];
        if (ret && a.state === 'returned') reasons.push(ret);
        if (ext)
          reasons.push(
            `${ext.status === 'pending' ? '申请延期至' : ext.status === 'approved' ? '已延期至' : '延期申请未获批准，原申请延至'}${ext.requestedDue}，理由：${ext.reason}`,
          );
        else if (ret && a.state !== 'returned') reasons.push(`此前${ret.startsWith('退回原因') ? `曾被退回，${ret}` : ret}`);
        return {
          unitName: a.unitName,
          state: a.state,
          progressPercent: a.progressPercent,
          reason: reasons.length ? reasons.join('；') : null,
        };
      });
    return {
      taskId: task.id,
      title: task.title,
      assignments: live.length,
      approved: approved.length,
      cancelled: task.status === 'cancelled',
      completionRate: live.length === 0 ? null : approved.length / live.length,
      figures,
      unfinished,
      evidence,
    };
  };

  /** `label` is 该项工作 when the point's only task carries the point's own title (decomposition's default) */
  const taskSentence = (task: SummaryInput['tasks'][number], line: TaskLine, label: string): string => {
    if (line.cancelled) return `${label}已取消${task.cancelReason ? `（原因：${task.cancelReason}）` : ''}。`;
    if (line.assignments === 0) return `${label}尚未分派。`;
    const cite = line.evidence.length > 0 ? `〔佐证${citationText(line.evidence)}〕` : '';
    const figures = line.figures.length > 0 ? `，${line.figures.map((f) => f.text).join('；')}` : '';
    const unit = (u: TaskLine['unfinished'][number]) => `${STATE_ZH[u.state]}，进度${u.progressPercent}%${u.reason ? `，${u.reason}` : ''}`;
    if (line.assignments === 1) {
      const only = line.unfinished[0];
      const done = (assignmentsOf.get(task.id) ?? []).find((a) => a.state === 'approved');
      const head = only ? `${label}由${only.unitName}承担，尚未完成（${unit(only)}）` : `${label}已完成（${done?.unitName ?? ''}）`;
      return `${head}${figures}${cite}。`;
    }
    const head =
      line.approved === line.assignments
        ? `${label}已完成（${line.assignments}个单位全部通过审核）`
        : `${label}${line.approved}个单位已完成、${line.assignments - line.approved}个单位尚未完成，完成率${percentText(line.completionRate ?? 0)}%`;
    let s = `${head}${figures}${cite}。`;
    if (line.unfinished.length > 0) {
      const withReason = line.unfinished.filter((u) => u.reason);
      const without = line.unfinished.filter((u) => !u.reason);
      const parts = withReason.map((u) => `${u.unitName}（${unit(u)}）`);
      if (without.length > 0) {
        const named = without.slice(0, NAMED_UNFINISHED).map((u) => `${u.unitName}（${unit(u)}）`);
        parts.push(without.length > NAMED_UNFINISHED ? `${named.join('、')}等${without.length}个单位` : named.join('、'));
      }
      s += `尚未完成：${parts.join('；')}。`;
    }
    return s;
  };

  const sectionBlock = (section: SummaryInput['sections'][number], level: number): SectionBlock => {
    const points = [...(pointsOf.get(section.id) ?? [])].sort(byPosition).map((p): PointBlock => {
      const tasks = [...(tasksOf.get(p.id) ?? [])].sort((a, b) => a.position - b.position || cmp(a.id, b.id));
      const lines = tasks.map((t) => taskLine(t));
      const own = tasks.length === 1 && stripStop(tasks[0].title) === stripStop(p.title);
      const body = lines.map((l, i) => taskSentence(tasks[i], l, own ? '该项工作' : `“${l.title}”`)).join('');
      for (const l of lines) {
        table.push({
          sectionNumber: section.number,
          pointNumber: p.number,
          pointTitle: p.title,
          taskTitle: l.title,
          units: [...new Set((assignmentsOf.get(l.taskId) ?? []).filter((a) => a.state !== 'cancelled').map((a) => a.unitName))]
            .sort(byName)
            .join('、'),
          assignments: l.assignments,
          approved: l.approved,
          completionRate: l.completionRate,
          targets: l.figures
            .map(
              (f) =>
                `${f.metric}：目标${numberText(f.target)}${f.unit}，实际${f.actual === null ? '未报' : numberText(roundFigure(f.actual)) + f.unit}`,
            )
            .join('\n'),
          unfinished: l.unfinished.map((u) => `${u.unitName}${u.reason ? `：${u.reason}` : `（${STATE_ZH[u.state]}）`}`).join('\n'),
          evidence: l.evidence.length ? `佐证${citationText(l.evidence)}` : '',
        });
      }
      return {
        pointId: p.id,
        number: p.number,
        title: p.title,
        text: `${p.number}.${stripStop(p.title)}。${body || '本项工作未分解任务。'}`,
        tasks: lines,
      };
    });
    const subsections = [...(childrenOf.get(section.id) ?? [])].sort(byPosition).map((s) => sectionBlock(s, level + 1));
    const allTasks = [...points.flatMap((p) => p.tasks), ...subsections.flatMap(tasksIn)].filter((t) => !t.cancelled);
    const units = allTasks.reduce((n, t) => n + t.assignments, 0);
    const approved = allTasks.reduce((n, t) => n + t.approved, 0);
    const lead =
      units === 0
        ? '本部分工作尚未分派到单位。'
        : `本部分共分派单位任务${units}项，已完成${approved}项，完成率${percentText(approved / units)}%。`;
    const number = level === 1 ? `${bare(section.number)}、` : `（${bare(section.number)}）`;
    return { sectionId: section.id, level, heading: `${number}${stripStop(section.title)}`, lead, points, sections: subsections };
  };

  const sections = [...(childrenOf.get('') ?? [])].sort(byPosition).map((s) => sectionBlock(s, 1));
  const tasks = sections.flatMap(tasksIn);
  const live = tasks.filter((t) => !t.cancelled);
  const assignments = live.reduce((n, t) => n + t.assignments, 0);
  const approved = live.reduce((n, t) => n + t.approved, 0);
  const unitCount = new Set(input.assignments.filter((a) => a.state !== 'cancelled').map((a) => a.unitId)).size;
  const pointCount = input.points.length;
  const figures = live.flatMap((t) => t.figures);
  const met = figures.filter((f) => f.attainment !== null && f.attainment >= 1).length;
  const year = input.plan.year ? `${input.plan.year}年，` : '';
  const opening =
    `${year}按照《${input.plan.title}》部署，全系统围绕${sections.length}个方面${pointCount}项工作要点，分解工作任务${live.length}项，` +
    `分派单位任务${assignments}项（涉及${unitCount}个单位），已完成${approved}项，完成率${percentText(input.completionRate)}%` +
    (input.onTimeRate !== undefined && input.onTimeRate !== null ? `，其中按期完成率${percentText(input.onTimeRate)}%` : '') +
    (input.overdue ? `，逾期未完成${input.overdue}项` : '') +
    '。' +
    (figures.length > 0 ? `计划设定的${figures.length}项量化指标中，已达成${met}项。` : '') +
    (appendix.length > 0 ? `各单位共提交佐证材料${appendix.length}份，见附件。` : '') +
    `现将主要工作总结如下。`;

  return {
    title: summaryTitle(input.plan.title, input.plan.year),
    planId: input.plan.id,
    opening,
    completionRate: input.completionRate,
    sections,
    appendix,
    table,
  };
}

function tasksIn(s: SectionBlock): TaskLine[] {
  return [...s.points.flatMap((p) => p.tasks), ...s.sections.flatMap(tasksIn)];
}

function group<T>(rows: T[], key: (r: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const r of rows) {
    const k = key(r);
    const list = m.get(k);
    if (list) list.push(r);
    else m.set(k, [r]);
  }
  return m;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** 一、 / （一） / 一 → 一 */
function bare(number: string): string {
  return number.replace(/[、.．（）()\s]/g, '');
}

function stripStop(s: string): string {
  return s.trim().replace(/[。；;，,]+$/, '');
}

/** figures summed from numeric columns: round away float noise (0.1 + 0.2) */
function roundFigure(v: number): number {
  return Math.round(v * 10000) / 10000;
}
