import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parsePlan, type ParsedPlan } from '@duban/plan-parser';
import { MATCH_THRESHOLD, reconcile, summaryStatements, type PlanTargetRef } from '@duban/summary';

const fixture = (name: string) => readFileSync(path.join(__dirname, '../fixtures/summary', name));

/** The plan's targets as task targets, one task per point (what decomposition makes). */
function planTargets(plan: ParsedPlan): PlanTargetRef[] {
  return plan.sections.flatMap((s) =>
    s.points.flatMap((p) =>
      p.targets.map((t, i) => ({
        taskTargetId: `${p.number}-${i}`,
        taskId: `task-${p.number}`,
        taskTitle: p.title,
        pointNumber: p.number,
        pointTitle: p.title,
        sectionTitle: s.title,
        metric: t.metric,
        unit: t.unit,
        value: t.value,
      })),
    ),
  );
}

describe('plan ↔ summary reconciliation (pure, fixture pair with known figures)', () => {
  it('proposes each reported figure for its plan target and reports what did not match', async () => {
    const plan = await parsePlan(fixture('plan-2024.txt'), 'plan-2024.txt');
    const summary = await parsePlan(fixture('summary-2024.txt'), 'summary-2024.txt');
    const result = reconcile(summaryStatements(summary), planTargets(plan));
    const matched = Object.fromEntries(
      result.proposals.filter((p) => p.target).map((p) => [p.statement.phrase, [p.target!.taskTargetId, p.statement.value]]),
    );
    // the known answers: summary figure → plan point-target
    expect(matched).toEqual({
      全年新建幼儿园3所: ['1-0', 3],
      新增学前学位990个: ['1-1', 990],
      '全区普惠性幼儿园覆盖率达到87.5%': ['2-0', 87.5],
      '公办园在园幼儿占比52%': ['2-1', 52],
      开展课后服务的学校达到72所: ['3-0', 72],
      '参与学生2.8万人次': ['3-1', 28000],
      培训骨干教师620人: ['4-0', 620],
      新招聘教师118名: ['4-1', 118],
      排查整改隐患326处: ['5-0', 326],
    });
    const unmatched = result.proposals.filter((p) => !p.target).map((p) => p.statement.phrase);
    expect(unmatched.sort()).toEqual(['全区建成智慧教室45间', '全年组织安全检查4次'].sort());
    expect(result.unreported).toEqual([]);
    for (const p of result.proposals.filter((x) => x.target)) expect(p.confidence).toBeGreaterThanOrEqual(MATCH_THRESHOLD);
    const exact = result.proposals.find((p) => p.statement.phrase === '新增学前学位990个')!;
    expect(exact.confidence).toBeGreaterThan(0.8);
    expect(exact.statement.context).toBe('全年新建幼儿园3所，新增学前学位990个，有效缓解入园难。');
  });

  it('never puts two figures on one target, and a target missing from the summary is reported unreported', () => {
    const t = (id: string, metric: string, unit: string): PlanTargetRef => ({
      taskTargetId: id,
      taskId: 't',
      taskTitle: '扩充学前资源',
      pointNumber: 1,
      pointTitle: '扩充学前资源',
      sectionTitle: '学前教育',
      metric,
      unit,
      value: 1,
    });
    const s = (position: number, metric: string, unit: string) => ({
      position,
      sectionTitle: '学前教育',
      pointTitle: '扩充学前资源',
      context: '',
      phrase: `${metric}1${unit}`,
      metric,
      value: 1,
      unit,
    });
    const r = reconcile([s(0, '新增学前学位', '个'), s(1, '新增学位', '个')], [t('a', '新增学前学位', '个'), t('b', '新建幼儿园', '所')]);
    expect(r.proposals[0].target?.taskTargetId).toBe('a');
    expect(r.proposals[1].target).toBeNull();
    expect(r.proposals[1].nearest?.target.taskTargetId).toBe('a');
    expect(r.unreported.map((x) => x.taskTargetId)).toEqual(['b']);
  });

  it('does not take a shared noun for the same measure (6所学校 is no 创建全国校园足球特色学校)', () => {
    const target: PlanTargetRef = {
      taskTargetId: 'football',
      taskId: 't',
      taskTitle: '推进校园足球',
      pointNumber: 9,
      pointTitle: '推进校园足球',
      sectionTitle: '立德树人',
      metric: '创建全国校园足球特色学校',
      unit: '所',
      value: 1,
    };
    const statement = {
      position: 0,
      sectionTitle: '立德树人',
      pointTitle: '坚持以德为先',
      context: '',
      phrase: '6所学校',
      metric: '学校',
      value: 6,
      unit: '所',
    };
    expect(reconcile([statement], [target]).proposals[0].target).toBeNull();
    expect(
      reconcile([{ ...statement, metric: '全国校园足球特色学校', phrase: '全国校园足球特色学校6所' }], [target]).proposals[0].target
        ?.taskTargetId,
    ).toBe('football');
  });
});
