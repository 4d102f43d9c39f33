// PDF → text through pdfjs-dist's text layer. Lines are rebuilt from the text items' positions
// the way PDF text extraction tools do; lines a producer wrapped inside a paragraph are joined
// from their geometry where the page shows a clear right edge (other hard wraps and page markers
// stay: the structure parser joins and removes them). Pages are joined with "\n".
import type { ExtractedText } from '../types';
import { nativeRequire } from '@duban/native-require';
import { refuse } from './refusals';

// The slice of pdfjs-dist's API we use. Declared here rather than imported: pdfjs's own .d.ts
// files drag in DOM types this Node project does not compile against.
interface PdfTextItem {
  str: string;
  transform: number[];
  width: number;
  height: number;
  hasEOL: boolean;
}
interface PdfPageProxy {
  getTextContent(): Promise<{ items: (PdfTextItem | { type: string })[] }>;
  cleanup(): boolean;
}
interface PdfDocumentProxy {
  numPages: number;
  getPage(pageNumber: number): Promise<PdfPageProxy>;
}
interface PdfLoadingTask {
  promise: Promise<PdfDocumentProxy>;
  destroy(): Promise<void>;
}
interface PdfjsModule {
  getDocument(source: Record<string, unknown>): PdfLoadingTask;
}

let pdfjsModule: PdfjsModule | undefined;

/**
 * pdfjs-dist 5 is ESM-only. Under jest, `import()`/`require()` go through jest's registry, which
 * cannot evaluate it; Node's own require (20.19+ loads ESM synchronously) does, in jest and in
 * plain node alike. pdfjs then runs its "fake worker" in this thread (it imports
 * pdf.worker.mjs itself, through Node's loader).
 */
function pdfjs(): PdfjsModule {
  pdfjsModule ??= nativeRequire('pdfjs-dist/legacy/build/pdf.mjs') as PdfjsModule;
  return pdfjsModule;
}

export interface PdfOptions {
  /** refuse documents with more pages than this (a plan has tens of pages) */
  maxPages: number;
  /** give up after this long (ms) */
  timeBudgetMs: number;
}

/** How the importer opens a document with pdfjs (also the plan-import benchmark's baseline). */
export const PDFJS_DOCUMENT_OPTIONS = {
  isEvalSupported: false,
  disableFontFace: true,
  useSystemFonts: false,
  useWorkerFetch: false,
  isOffscreenCanvasSupported: false,
  disableAutoFetch: true,
  disableStream: true,
  stopAtErrors: false,
  verbosity: 0,
} as const;

export const DEFAULT_PDF_OPTIONS: PdfOptions = { maxPages: 1000, timeBudgetMs: 60_000 };

function isTextItem(item: PdfTextItem | { type: string }): item is PdfTextItem {
  return typeof (item as PdfTextItem).str === 'string' && Array.isArray((item as PdfTextItem).transform);
}

/** One rebuilt line with its geometry (PDF user space: x grows right, y grows up). */
export interface PdfLine {
  text: string;
  /** x where the line's first run starts */
  x0: number;
  /** x where the line's last run ends */
  x1: number;
  /** baseline */
  y: number;
  /** font size (≈ the width of one CJK character) */
  size: number;
  /** runs separated by a visible gap (table rows, tab stops) */
  gapped: boolean;
}

/** Rebuilds a page's lines: a new line when the baseline moves or pdfjs marks an end of line. */
export function pdfLinesFromItems(items: (PdfTextItem | { type: string })[]): PdfLine[] {
  const lines: PdfLine[] = [];
  let line = '';
  let lastY: number | undefined;
  let lastEndX: number | undefined;
  let lastH = 0;
  let startX = 0;
  let maxH = 0;
  let gapped = false;
  const flush = (): void => {
    const trimmed = line.trimEnd();
    if (trimmed.trim() !== '' && lastY !== undefined) {
      lines.push({ text: trimmed, x0: startX, x1: lastEndX ?? startX, y: lastY, size: maxH || lastH || 10, gapped });
    }
    line = '';
    lastY = undefined;
    lastEndX = undefined;
    maxH = 0;
    gapped = false;
  };
  for (const item of items) {
    if (!isTextItem(item)) continue;
    const [, , c = 0, d = 0, x = 0, y = 0] = item.transform;
    const h = Math.abs(item.height) || Math.hypot(c, d) || 10;
    if (item.str !== '') {
      const sameLine = lastY !== undefined && Math.abs(y - lastY) <= Math.max(1, 0.5 * Math.min(h, lastH || h));
      if (lastY !== undefined && !sameLine) flush();
      else if (line !== '' && lastEndX !== undefined && x - lastEndX > 0.5 * h) {
        gapped = true;
        if (!/\s$/.test(line) && !/^\s/.test(item.str)) line += ' '; // a visible gap between runs on one line
      }
      if (line === '' || /^\s*$/.test(line)) startX = x + leadingBlankWidth(item);
      line += item.str;
      lastY = y;
      // trailing blanks do not reach further right (some producers pad lines with spaces)
      if (item.str.trim() !== '') lastEndX = x + (Number.isFinite(item.width) ? item.width : 0) - trailingBlankWidth(item);
      else lastEndX ??= x;
      if (item.height) lastH = h;
      if (item.str.trim() !== '') maxH = Math.max(maxH, h);
    }
    if (item.hasEOL) flush();
  }
  flush();
  return lines;
}

/** The width of an item's leading / trailing blanks, assuming characters of equal width. */
function blankWidth(item: PdfTextItem, blanks: number): number {
  const n = Array.from(item.str).length;
  return n > 0 && Number.isFinite(item.width) ? (item.width * blanks) / n : 0;
}
function leadingBlankWidth(item: PdfTextItem): number {
  return blankWidth(item, Array.from(/^\s*/.exec(item.str)?.[0] ?? '').length);
}
function trailingBlankWidth(item: PdfTextItem): number {
  return blankWidth(item, Array.from(/\s*$/.exec(item.str)?.[0] ?? '').length);
}

/** Rebuilds a page's lines as text (see pdfLinesFromItems). */
export function linesFromItems(items: (PdfTextItem | { type: string })[]): string[] {
  return pdfLinesFromItems(items).map((l) => l.text);
}

/** A line that starts a heading or a numbered point: never the continuation of a wrapped line. */
const MARKER =
  /^\s*(?:[一二三四五六七八九十百零〇]+[、.．]|[（(][一二三四五六七八九十百零〇\d０-９]+[）)]|[\d０-９]+(?:[、）)]|[.．](?![\d０-９]))|[①-⑳]|第[一二三四五六七八九十百零〇\d０-９]+[章节条部篇项])/;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

/**
 * Joins the lines of one page that a PDF producer wrapped inside a paragraph. The text block's
 * left margin is the leftmost line start, its right edge the furthest end that at least two lines
 * starting near the margin reach (on a page of ten lines or more, one stray wider line per ten
 * is ignored; centred lines are not counted). A line is wrapped — joined to the next with
 * nothing between — when it ends within one character of the right edge and the next line has the
 * same font size, follows at the usual line pitch, starts at the left margin (a new Chinese
 * paragraph is indented two characters; centred page markers are indented far more) and does not
 * start with a heading or point marker. Lines made of runs with visible gaps between them (table
 * rows) are never joined. Only between two Latin letters is a space put back. Pages
 * with fewer than three lines or no right edge shared by two lines are left as they are.
 */
export function joinWrappedLines(lines: PdfLine[]): string[] {
  const texts = lines.map((l) => l.text);
  if (lines.length < 3) return texts;
  const left = Math.min(...lines.map((l) => l.x0));
  const em = median(lines.map((l) => l.size));
  // body lines start at the margin or a paragraph indent; centred page markers ("— 2 —"),
  // signatures and dates pushed to the right do not say where the block ends
  const body = lines.filter((l) => l.x0 - left < 3 * l.size);
  const ends = body.map((l) => l.x1).sort((a, b) => b - a);
  const outliers = Math.floor(body.length / 10); // a short page's edge is its widest line
  let edge: number | undefined;
  for (let i = 0; i <= outliers && i < ends.length; i++) {
    const candidate = ends[i];
    if (body.filter((l) => l.x1 <= candidate + 0.01 && l.x1 >= candidate - em).length >= 2) {
      edge = candidate;
      break;
    }
  }
  // the block must be wide enough for wrapping to mean anything (ten characters or more)
  if (edge === undefined || edge - left < 10 * em) return texts;
  const pitches: number[] = [];
  for (let i = 1; i < lines.length; i++) {
    const gap = lines[i - 1].y - lines[i].y;
    if (gap > 0) pitches.push(gap);
  }
  const pitch = median(pitches);

  const out: string[] = [];
  let current = texts[0];
  for (let i = 0; i < lines.length - 1; i++) {
    const line = lines[i];
    const next = lines[i + 1];
    const size = line.size;
    const gap = line.y - next.y;
    const wrapped =
      !line.gapped &&
      !next.gapped &&
      line.x1 >= edge - size &&
      Math.abs(next.size - size) <= 0.15 * size &&
      gap > 0 &&
      gap <= 1.5 * pitch &&
      next.x0 - left < 1.5 * size &&
      !MARKER.test(next.text);
    if (wrapped) {
      const nextText = next.text.trimStart();
      current += /[A-Za-z]$/.test(current) && /^[A-Za-z]/.test(nextText) ? ' ' + nextText : nextText;
    } else {
      out.push(current);
      current = next.text;
    }
  }
  out.push(current);
  return out;
}

function pdfjsFailure(err: unknown): Error {
  const name = (err as { name?: string } | null)?.name;
  if (name === 'PasswordException') return refuse.corrupt('PDF已加密，需要密码才能打开', 'the PDF is encrypted and needs a password');
  if (name === 'InvalidPDFException') return refuse.corrupt('不是有效的PDF文件', 'not a valid PDF');
  return refuse.corrupt('PDF结构损坏，无法读取文字', 'the PDF structure is damaged; its text cannot be read');
}

export async function extractPdf(bytes: Uint8Array, options: PdfOptions = DEFAULT_PDF_OPTIONS): Promise<ExtractedText> {
  let task: PdfLoadingTask;
  try {
    // a copy: pdfjs may transfer (detach) the buffer it is given
    task = pdfjs().getDocument({ data: new Uint8Array(bytes), ...PDFJS_DOCUMENT_OPTIONS });
  } catch (err) {
    throw pdfjsFailure(err);
  }

  const deadline = Date.now() + options.timeBudgetMs;
  const overTime = (): Error => refuse.pdfTimeout(Math.round(options.timeBudgetMs / 1000));
  const work = async (): Promise<string[]> => {
    let doc: PdfDocumentProxy;
    try {
      doc = await task.promise;
    } catch (err) {
      throw pdfjsFailure(err);
    }
    if (doc.numPages > options.maxPages) throw refuse.pdfTooManyPages(doc.numPages, options.maxPages);
    const pages: string[] = [];
    for (let n = 1; n <= doc.numPages; n++) {
      // pdfjs's in-thread worker talks through microtasks, so a timer alone would never fire:
      // check the clock between pages and let the event loop breathe (this runs in a server)
      if (Date.now() > deadline) throw overTime();
      await new Promise<void>((resolve) => setImmediate(resolve));
      try {
        const page = await doc.getPage(n);
        const content = await page.getTextContent();
        pages.push(joinWrappedLines(pdfLinesFromItems(content.items)).join('\n'));
        page.cleanup();
      } catch (err) {
        throw pdfjsFailure(err);
      }
    }
    return pages;
  };

  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(overTime()), options.timeBudgetMs);
    timer.unref();
  });
  const running = work();
  running.catch(() => undefined); // if the timer wins, the abandoned work must not go unhandled
  try {
    const pages = await Promise.race([running, timeout]);
    const text = pages.filter((p) => p !== '').join('\n');
    if (text.trim() === '') throw refuse.pdfNoText();
    return { text, encoding: 'utf-8', format: 'pdf' };
  } finally {
    clearTimeout(timer);
    await task.destroy().catch(() => undefined);
  }
}
