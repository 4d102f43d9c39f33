import type { SectionBlock, SummaryDoc } from './model';

/** Markdown: # title, the opening, ## / ### per section level, one paragraph per point, the appendix. */
export function renderMarkdown(doc: SummaryDoc): string {
  const out: string[] = [`# ${doc.title}`, '', doc.opening, ''];
  const section = (s: SectionBlock) => {
    out.push(`${'#'.repeat(Math.min(s.level + 1, 6))} ${s.heading}`, '', s.lead, '');
    for (const p of s.points) out.push(escape(p.text), '');
    s.sections.forEach(section);
  };
  doc.sections.forEach(section);
  if (doc.appendix.length > 0) {
    out.push('## 附件：佐证材料清单', '', '| 编号 | 文件名 | 提交单位 | 所属任务 | 文件ID |', '| --- | --- | --- | --- | --- |');
    for (const e of doc.appendix) {
      out.push(`| 佐证${e.n} | ${cell(e.fileName)} | ${cell(e.unitName)} | ${cell(e.taskTitle)} | ${e.id} |`);
    }
    out.push('');
  }
  return out.join('\n');
}

/** A line that starts like a list or heading must stay a paragraph. */
function escape(text: string): string {
  // "1.标题" (no space) is no list item in CommonMark, so only these need escaping
  return text.replace(/^([#>*+-])/, '\\$1');
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}
