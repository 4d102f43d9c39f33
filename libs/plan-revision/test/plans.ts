import type { ParsedPlan, Point, Section } from '@duban/plan-parser';
import { flattenPoints, type ExistingPoint } from '../src';

/** A point with just a title and a text; every annotation empty unless given. */
export function point(number: number, title: string, text = `${title}。具体内容${number}。`, extra: Partial<Point> = {}): Point {
  return { number, title, text, line: number, units: [], deadlines: [], recurrence: [], targets: [], ...extra };
}

export function section(ordinal: number, title: string, points: Point[], sections: Section[] = []): Section {
  const numerals = '一二三四五六七八九十';
  return { number: numerals[ordinal - 1] ?? String(ordinal), ordinal, title, text: title, deadlines: [], sections, points };
}

export function plan(sections: Section[], extra: Partial<ParsedPlan> = {}): ParsedPlan {
  return {
    title: '东丽区2021年教育工作要点',
    year: 2021,
    period: null,
    encoding: 'utf-8',
    format: 'txt',
    preamble: '',
    sections,
    indicators: [],
    warnings: [],
    ...extra,
  };
}

/**
 * A small plan numbered straight through: 一 has points 1–3, 二 has 4–5 and a subsection （一）
 * with point 6, 三 has point 7.
 */
export function straightPlan(): ParsedPlan {
  return plan([
    section(1, '加强党的建设', [
      point(1, '把党的政治建设摆在首位', '把党的政治建设摆在首位。坚持每月一次理论学习。', {
        units: [{ name: '组织科', role: 'lead' }],
        deadlines: [{ date: '2021-06-30', phrase: '6月底前' }],
      }),
      point(2, '加强基层党组织建设', '加强基层党组织建设。年底前完成换届。', {
        deadlines: [{ date: '2021-12-31', phrase: '年底前' }],
        recurrence: [{ every: 'month', phrase: '每月' }],
      }),
      point(3, '落实意识形态工作责任制'),
    ]),
    section(
      2,
      '推进教育优质均衡',
      [point(4, '扩大学前教育资源'), point(5, '推进义务教育均衡')],
      [section(1, '深化课程改革', [point(6, '推进课堂教学改革')])],
    ),
    section(3, '提升教育治理水平', [point(7, '依法治校')]),
  ]);
}

/** A plan whose numbering restarts in every section: 一 1–2, 二 1–3. */
export function restartingPlan(): ParsedPlan {
  return plan([
    section(1, '学前教育', [point(1, '新建幼儿园'), point(2, '提高普惠率')]),
    section(2, '义务教育', [point(1, '推进集团化办学'), point(2, '落实双减'), point(3, '加强课后服务')]),
  ]);
}

/** The confirmed points of a plan as the database hands them to the diff, ids p1, p2, … */
export function confirmed(p: ParsedPlan): ExistingPoint[] {
  return flattenPoints(p).map(({ sectionPath, point: pt }, i) => ({
    id: `p${i + 1}`,
    sectionPath,
    number: pt.number,
    title: pt.title,
    text: pt.text,
    units: pt.units,
    deadlines: pt.deadlines,
    recurrence: pt.recurrence,
    targets: pt.targets,
  }));
}

/** The printed numbers of a plan, section by section in document order. */
export function numbers(p: ParsedPlan): number[][] {
  const out: number[][] = [];
  const walk = (sections: Section[]): void => {
    for (const s of sections) {
      out.push(s.points.map((x) => x.number));
      walk(s.sections);
    }
  };
  walk(p.sections);
  return out;
}
