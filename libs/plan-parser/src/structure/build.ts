// Builds the section / point tree from cleaned logical lines and checks the numbering.
import { toChineseNumeral } from '../chinese-numerals';
import type { LogicalLine } from './clean-lines';
import type { PointMarker, SectionMarker } from './headings';
import { titleOf, trimTrailingPunct } from './title';
import type { TableRow } from './tables';
import type { Warn } from './warnings';

interface PointBuild {
  number: number;
  line: number;
  paras: string[];
  row?: TableRow;
}

interface SectionBuild {
  number: string;
  value: number | null;
  ordinal: number;
  depth: number;
  line: number;
  title: string | null;
  paras: string[];
  children: SectionBuild[];
  points: PointBuild[];
}

/** A point before annotations are attached. */
export interface RawPoint {
  number: number;
  title: string;
  text: string;
  line: number;
  /** the task-table row the point came from, with its cells sorted into columns */
  row?: TableRow;
}

export interface RawSection {
  number: string;
  ordinal: number;
  /** 1-based line of the heading (of the first paragraph for an untitled section) */
  line: number;
  title: string;
  text: string;
  sections: RawSection[];
  points: RawPoint[];
}

export interface TreeResult {
  preamble: string[];
  sections: RawSection[];
}

const SENTENCE_END = /[。！？!?]/;

/** The title of a point or section from its paragraphs (title on its own line → that whole line). */
function titleFromParas(paras: string[]): string {
  let i = 0;
  while (i < paras.length && (paras[i] as string).length === 0) i++;
  if (i >= paras.length) return '';
  const first = paras[i] as string;
  if (i + 1 < paras.length && !SENTENCE_END.test(first) && first.length <= 80) return trimTrailingPunct(first);
  return titleOf(first);
}

function markerRest(text: string, markerLength: number): string {
  let s = text.slice(markerLength);
  let k = 0;
  while (k < s.length && (s[k] === ' ' || s[k] === '\u3000')) k++;
  if (k > 0) s = s.slice(k);
  return s;
}

export function buildTree(lines: LogicalLine[], warn: Warn): TreeResult {
  const ranks = new Set<number>();
  let hasPoints = false;
  for (const l of lines) {
    if (l.marker?.kind === 'section') ranks.add(l.marker.rank);
    else if (l.marker?.kind === 'point') hasPoints = true;
  }
  const sorted = [...ranks].sort((a, b) => a - b);
  const depthOf = (rank: number): number => sorted.indexOf(rank);
  const implicit = sorted.length === 0 && hasPoints;

  const preamble: string[] = [];
  const roots: SectionBuild[] = [];
  const stack: SectionBuild[] = [];
  let point: PointBuild | null = null;
  let globalPrev: number | null = null;
  let started = false;

  const openSection = (m: SectionMarker | null, l: LogicalLine, rest: string): void => {
    point = null;
    const depth = m === null ? 0 : depthOf(m.rank);
    while (stack.length > 0 && (stack[stack.length - 1] as SectionBuild).depth >= depth) stack.pop();
    const parent = stack.length > 0 ? (stack[stack.length - 1] as SectionBuild) : null;
    const siblings = parent ? parent.children : roots;
    const ordinal = siblings.length + 1;
    const prev = siblings.length > 0 ? (siblings[siblings.length - 1] as SectionBuild) : null;
    const node: SectionBuild = {
      number: m?.numeral ?? '',
      value: m?.value ?? null,
      ordinal,
      depth,
      line: l.line,
      title: null,
      paras: [],
      children: [],
      points: [],
    };
    if (m !== null) {
      const printed = m.rank === 2 ? `（${m.numeral}）` : m.rank === 0 ? `第${m.numeral}` : `${m.numeral}、`;
      if (m.repaired !== null) warn(l.line, () => `标题编号疑似识别错误：${m.repaired} (heading numeral repaired)`);
      if (m.value === null) {
        // a damaged numeral （） / `）` is repaired from its place: the previous sibling's + 1
        const repaired = prev !== null && prev.value !== null ? prev.value + 1 : ordinal;
        node.number = toChineseNumeral(repaired);
        node.value = repaired;
        warn(
          l.line,
          () =>
            `标题编号缺失“${l.text.slice(0, m.markerLength)}”，按“${toChineseNumeral(repaired)}”处理 (heading numeral missing; taken as no. ${repaired})`,
        );
      } else {
        const expected = prev !== null && prev.value !== null ? prev.value + 1 : ordinal;
        if (m.value !== expected) {
          warn(
            l.line,
            () =>
              `标题编号顺序异常：应为“${toChineseNumeral(expected)}”，实为“${printed}” (section numeral ${m.value} out of order, expected ${expected})`,
          );
        }
      }
    }
    if (rest.length > 0) {
      node.paras.push(rest);
      node.title = titleOf(rest);
    }
    siblings.push(node);
    stack.push(node);
  };

  for (let i = 0; i < lines.length; i++) {
    const l = lines[i] as LogicalLine;
    const m = l.marker;
    if (m !== null && m.kind === 'section') {
      started = true;
      openSection(m, l, markerRest(l.text, m.markerLength));
      continue;
    }
    if (m !== null && m.kind === 'row') {
      // a task-table row is a work point wherever it stands; a table without group rows is one
      // untitled section (the normal shape of a 任务分解表, so no warning)
      if (!started) {
        started = true;
        openSection(null, l, '');
      }
      const sec = stack[stack.length - 1] as SectionBuild;
      if (m.row.merged) {
        // 序号 merged over several rows: each row is its own point, under the number printed once
        warn(
          l.line,
          () =>
            `序号单元格合并：本行没有序号，与上一行同为 ${m.value}，作为单独的要点 (merged number cell: row read as its own point no. ${m.value})`,
        );
      } else {
        checkPointNumber(
          { kind: 'point', value: m.value, markerLength: 0, printed: String(m.value), clean: true },
          l,
          sec,
          globalPrev,
          warn,
          true,
        );
      }
      globalPrev = m.value;
      const p: PointBuild = { number: m.value, line: l.line, paras: [...m.row.cells], row: m.row };
      sec.points.push(p);
      point = p;
      continue;
    }
    if (m !== null && m.kind === 'point' && (started || implicit)) {
      if (!started) {
        started = true;
        warn(l.line, () => '未识别出章节标题，要点归入一个无标题章节 (no section headings; points put in an untitled section)');
        openSection(null, l, '');
      }
      const sec = stack[stack.length - 1] as SectionBuild;
      checkPointNumber(m, l, sec, globalPrev, warn);
      globalPrev = m.value;
      const rest = markerRest(l.text, m.markerLength);
      const p: PointBuild = { number: m.value, line: l.line, paras: rest.length > 0 ? [rest] : [] };
      sec.points.push(p);
      point = p;
      continue;
    }
    // a paragraph (also （1） items and 目标任务： blocks): belongs to whatever is open
    const cur: PointBuild | null = point;
    if (cur !== null && cur.row !== undefined) {
      // a task-table row holds its cells only: prose after the table starts an untitled section
      // (in document order, so nothing moves), never the last row's text
      openSection(null, l, l.text);
      continue;
    }
    if (cur !== null) cur.paras.push(l.text);
    else if (started) {
      const sec = stack[stack.length - 1] as SectionBuild;
      sec.paras.push(l.text);
      if (sec.title === null) sec.title = titleOf(l.text);
    } else preamble.push(l.text);
  }
  return { preamble, sections: roots.map(finish) };
}

function checkPointNumber(
  m: PointMarker,
  l: LogicalLine,
  sec: SectionBuild,
  globalPrev: number | null,
  warn: Warn,
  tableRow = false,
): void {
  const n = m.value;
  if (!m.clean) {
    warn(l.line, () => `要点编号“${m.printed}”按 ${n} 处理 (point number “${m.printed}” read as ${n})`);
  }
  const prevInSection = sec.points.length > 0 ? (sec.points[sec.points.length - 1] as PointBuild).number : null;
  if (prevInSection === null) {
    // a table is often an excerpt of a longer list: its first row may carry any number
    if (tableRow && (globalPrev === null || n > globalPrev)) return;
    if (n === 1 || (globalPrev !== null && n === globalPrev + 1)) return;
    const expected = globalPrev === null ? '1' : `1 或 ${globalPrev + 1}`;
    warn(
      l.line,
      () =>
        `要点编号不连续：应为 ${expected}，实为 ${n} (point numbering jumps to ${n}, expected ${globalPrev === null ? '1' : `1 or ${globalPrev + 1}`})`,
    );
  } else if (n === prevInSection) {
    warn(l.line, () => `要点编号重复：${n} (point number ${n} repeated)`);
  } else if (n < prevInSection) {
    warn(l.line, () => `要点编号倒退：${prevInSection} 之后为 ${n} (point number ${n} after ${prevInSection})`);
  } else if (n > prevInSection + 1) {
    const missing = n - prevInSection === 2 ? `${prevInSection + 1}` : `${prevInSection + 1}–${n - 1}`;
    warn(l.line, () => `要点编号缺失：缺少 ${missing} (point numbering gap: ${missing} missing)`);
  }
}

function finish(s: SectionBuild): RawSection {
  return {
    number: s.number,
    ordinal: s.ordinal,
    line: s.line,
    title: s.title ?? '',
    text: s.paras.join('\n'),
    sections: s.children.map(finish),
    points: s.points.map((p) => {
      const raw: RawPoint = {
        number: p.number,
        title: p.row ? titleFromParas([p.row.task]) : titleFromParas(p.paras),
        text: p.paras.join('\n'),
        line: p.line,
      };
      if (p.row) raw.row = p.row;
      return raw;
    }),
  };
}
