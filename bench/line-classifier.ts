// The plan-parse baseline: the least work that finds a plan's structure markers.

/** Section headings: 一、 and （一） (full- or half-width brackets). */
const HEADING = /^\s*(?:[一二三四五六七八九十百]+、|[（(][一二三四五六七八九十百]+[）)])/;
/** Work points: 1. 1． 1、 and （1） (full- or half-width brackets). */
const POINT = /^\s*(?:\d+[.．、]|[（(]\d+[）)])/;

/**
 * Reads every line and classifies it with one anchored regex per marker kind. Any parser that
 * must find headings and points has to look at every line (a marker may start any of them) and
 * decide what starts it; this does exactly that and nothing else — no tree, no numbering checks,
 * no joining of wrapped lines, no copies of the text — so it is the floor for such a parser.
 */
export function classifyLines(text: string): { lines: number; headings: number; points: number } {
  let lines = 0;
  let headings = 0;
  let points = 0;
  for (const line of text.split(/\r?\n/)) {
    lines++;
    if (HEADING.test(line)) headings++;
    else if (POINT.test(line)) points++;
  }
  return { lines, headings, points };
}
