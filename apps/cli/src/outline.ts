import type { ParsedPlan, Point, Section } from '@duban/plan-parser';

/** A readable Markdown outline of a parsed plan: headings, points and what each commits to. */
export function formatOutline(plan: ParsedPlan): string {
  const out: string[] = [`# ${plan.title || '（无标题）'}`, ''];
  const facts = [
    plan.year ? `年度：${plan.year}` : null,
    plan.period ? `规划期：${plan.period.from}—${plan.period.to}` : null,
    `格式：${plan.format}（${plan.encoding}）`,
  ].filter(Boolean);
  out.push(facts.join(' · '), '');
  const section = (s: Section, depth: number): void => {
    out.push(`${'#'.repeat(Math.min(depth + 1, 6))} ${s.number ? `${s.number}、` : ''}${s.title}`, '');
    for (const p of s.points) out.push(...point(p));
    if (s.points.length > 0) out.push('');
    for (const child of s.sections) section(child, depth + 1);
  };
  for (const s of plan.sections) section(s, 1);
  if (plan.indicators.length > 0) {
    out.push('## 主要指标', '', '| 指标 | 单位 | 基期 | 目标 |', '| --- | --- | --- | --- |');
    for (const i of plan.indicators) {
      const base = i.baseline ? `${i.baseline.value}（${i.baseline.year}）` : '—';
      const target = i.target ? `${i.target.comparator === '=' ? '' : i.target.comparator}${i.target.value}（${i.target.year}）` : '—';
      out.push(`| ${i.name} | ${i.unit} | ${base} | ${target} |`);
    }
    out.push('');
  }
  if (plan.warnings.length > 0) {
    out.push('## 需要人工确认', '');
    for (const w of plan.warnings) out.push(`- 第${w.line}行：${w.message}`);
    out.push('');
  }
  return out.join('\n');
}

function point(p: Point): string[] {
  const lines = [`${p.number}. **${p.title}**`];
  const details = [
    p.units.length ? `单位：${p.units.map((u) => `${u.name}（${ROLE[u.role]}）`).join('、')}` : null,
    p.deadlines.length ? `时限：${p.deadlines.map((d) => `${d.date}（${d.phrase}）`).join('、')}` : null,
    p.recurrence.length ? `周期：${p.recurrence.map((r) => r.phrase).join('、')}` : null,
    p.targets.length ? `指标：${p.targets.map((t) => `${t.metric} ${t.comparator} ${t.value}${t.unit}`).join('；')}` : null,
  ].filter((d): d is string => d !== null);
  for (const d of details) lines.push(`   - ${d}`);
  return lines;
}

const ROLE = { lead: '牵头', cooperating: '配合', responsible: '责任' } as const;
