// Numbering markers at the start of a (tidied) line: section headings, work points, sub-items and
// block labels. Every pattern is anchored and bounded, so detection is O(1) per line.
import { parseChineseNumeral } from '../chinese-numerals';
import type { TableRow } from './tables';

export interface SectionMarker {
  kind: 'section';
  /** 0: 第一部分/第一章, 1: 一、, 2: （一） */
  rank: 0 | 1 | 2;
  /** the numeral as printed, repaired where OCR turned 一 into a dash; '' when lost */
  numeral: string;
  value: number | null;
  /** characters of the line that form the marker */
  markerLength: number;
  /** true for guesses that need context: `）标题` (lost numeral), `一，标题` */
  weak: boolean;
  /** OCR repair description for a warning, if any */
  repaired: string | null;
}

export interface PointMarker {
  kind: 'point';
  value: number;
  markerLength: number;
  /** the marker as printed, e.g. "1 0 ·" */
  printed: string;
  /** true when the printed marker is a plain `12.` / `12．` / `12、` */
  clean: boolean;
}

export interface OtherMarker {
  kind: 'item' | 'label';
}

/** A numbered row of a task table (structure/tables.ts): one work point, its cells already sorted. */
export interface RowMarker {
  kind: 'row';
  value: number;
  markerLength: 0;
  row: TableRow;
}

export type Marker = SectionMarker | PointMarker | OtherMarker | RowMarker;

const CN = '一二三四五六七八九十百零〇';
const RANK0 = new RegExp(`^第([${CN}两]{1,4})(?:部分|章|篇)[、.．:：]?`);
const RANK1 = new RegExp(`^([${CN}]{1,4}|[—－―‐\\-])\\s?([、.．])`);
const RANK1_WEAK = new RegExp(`^([${CN}]{1,3})([，,])`);
const RANK2 = new RegExp(`^[（(]\\s?([一二三四五六七八九十]{0,3}|[—－―])\\s?[)）]`);
const RANK2_LOST = /^[)）](?=[\u4e00-\u9fff“"《])/;
const POINT = /^(\d(?: ?\d){0,2}) ?([.．、·•・。])(?![\d.．])/;
const ITEM = /^(?:[（(]\s?\d{1,3}\s?[)）]|\d{1,3}[)）]|[\u2460-\u2473\u2776-\u277f])/;
const LABEL =
  /^(?:目标任务|工作目标|主要目标|发展目标|工作措施|主要措施|具体措施|推进措施|保障措施|主要任务|重点任务|工作任务|具体任务|任务分工|责任单位|牵头单位|配合单位|责任部门|责任科室|完成时限|完成时间|时间节点|进度安排|预期成果|工作要求|工作内容)\s?[：:]/;
const DASH = /^[—－―‐-]$/;

const CN_SET = new Set([...CN]);
const DASHES = new Set(['—', '－', '―', '‐', '-']);
const LABEL_COLON = /[：:]/;

/** Recognises the numbering marker at the start of a tidied line, or returns null. */
export function detectMarker(s: string): Marker | null {
  if (s.length === 0) return null;
  const first = s[0] as string;
  const c0 = s.charCodeAt(0);
  if (c0 >= 0x30 && c0 <= 0x39) {
    const p = POINT.exec(s);
    if (p) {
      const digits = (p[1] as string).replace(/ /g, '');
      const value = Number(digits);
      if (value > 0) {
        const printed = p[0];
        const clean = /^\d{1,3}[.．、]$/.test(printed);
        return { kind: 'point', value, markerLength: printed.length, printed, clean };
      }
    }
    if (ITEM.test(s)) return { kind: 'item' };
    return null;
  }
  let m: RegExpExecArray | null;
  if (first === '第') {
    m = RANK0.exec(s);
    if (m) {
      const value = parseChineseNumeral(m[1] as string);
      if (value !== null) return section(0, m[1] as string, value, m[0].length, false, null);
    }
  } else if (CN_SET.has(first) || DASHES.has(first)) {
    m = RANK1.exec(s);
    if (m) {
      const num = m[1] as string;
      if (DASH.test(num)) {
        // OCR reads 一 as a dash; `—、` never starts prose
        return section(1, '一', 1, m[0].length, false, `“${num}${m[2] as string}”按“一、”处理`);
      }
      const value = parseChineseNumeral(num);
      if (value !== null) return section(1, num, value, m[0].length, false, null);
    }
    m = RANK1_WEAK.exec(s);
    if (m) {
      const value = parseChineseNumeral(m[1] as string);
      // `一，` is only a heading when the line reads like one (short, no full stop)
      if (value !== null && s.length <= 50 && s.indexOf('。') < 0) {
        return section(1, m[1] as string, value, m[0].length, true, `“${m[0]}”按“${m[1] as string}、”处理`);
      }
    }
    return null;
  } else if (first === '（' || first === '(') {
    m = RANK2.exec(s);
    if (m) {
      const num = m[1] as string;
      if (num === '') return section(2, '', null, m[0].length, false, null);
      if (DASH.test(num)) return section(2, '一', 1, m[0].length, false, `“${m[0]}”按“（一）”处理`);
      const value = parseChineseNumeral(num);
      if (value !== null) return section(2, num, value, m[0].length, false, null);
    }
    if (ITEM.test(s)) return { kind: 'item' };
    return null;
  } else if (first === '）' || first === ')') {
    m = RANK2_LOST.exec(s);
    if (m) return section(2, '', null, m[0].length, true, null);
    return null;
  } else if (c0 >= 0x2460 && c0 <= 0x277f) {
    if (ITEM.test(s)) return { kind: 'item' };
    return null;
  }
  if (LABEL_COLON.test(s.slice(2, 8)) && LABEL.test(s)) return { kind: 'label' };
  return null;
}

function section(
  rank: 0 | 1 | 2,
  numeral: string,
  value: number | null,
  markerLength: number,
  weak: boolean,
  repaired: string | null,
): SectionMarker {
  return { kind: 'section', rank, numeral, value, markerLength, weak, repaired };
}

/** True for markers that always start a new paragraph. */
export function isStrongMarker(m: Marker | null): boolean {
  if (m === null) return false;
  if (m.kind === 'section') return !m.weak;
  return true;
}
