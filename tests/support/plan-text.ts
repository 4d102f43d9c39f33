import { randomBytes } from 'node:crypto';

/** Builds a plain 工作要点 document: 一、 sections with points numbered straight through. */
export function planText(title: string, sections: { title: string; points: string[] }[]): string {
  const numerals = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];
  const lines = [title, '', '为深入推进教育高质量发展，现提出如下工作要点。'];
  let n = 0;
  sections.forEach((s, i) => {
    lines.push(`${numerals[i]}、${s.title}`);
    for (const p of s.points) lines.push(`${++n}.${p}`);
  });
  return `${lines.join('\n')}\n`;
}

/**
 * A trailing blank line of 48 random spaces and tabs: the parser ignores it, but the bytes differ.
 * A second import of identical bytes is refused as PLAN_DUPLICATE, and spec files share one
 * database, so tests that import "a plan" each need bytes of their own.
 */
export function distinctTail(): string {
  return `${[...randomBytes(6)]
    .map((b) => b.toString(2).padStart(8, '0'))
    .join('')
    .replace(/0/g, ' ')
    .replace(/1/g, '\t')}\n`;
}

/** The same plan text, never the same bytes twice (see `distinctTail`). */
export function distinctPlanText(title: string, sections: { title: string; points: string[] }[]): string {
  return planText(title, sections) + distinctTail();
}

export const BASE_PLAN = {
  title: '示范区教育局2024年工作要点',
  sections: [
    {
      title: '加强党的建设',
      points: [
        '强化政治引领。深入学习贯彻党的二十大精神，全年组织专题培训不少于4次。（责任单位：组织科）',
        '建强基层组织。推进中小学党组织领导的校长负责制，6月底前完成全部学校章程修订。（牵头单位：组织科；配合单位：基教科）',
      ],
    },
    {
      title: '推进学前教育普惠发展',
      points: [
        '扩大普惠资源。新增学前学位2430个，普惠性幼儿园覆盖率达到85%以上。（责任单位：学前教育科）',
        '提升保教质量。每学期开展一次保教质量评估，年底前完成市级示范园创建。（责任单位：学前教育科）',
      ],
    },
  ],
};
