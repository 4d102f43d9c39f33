// PDF → text through pdfjs-dist's text layer. Lines are rebuilt from the text items' positions
// the way PDF text extraction tools do (hard wraps and page markers stay: the structure parser
// joins and removes them). Pages are joined with "\n".
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

export const DEFAULT_PDF_OPTIONS: PdfOptions = { maxPages: 1000, timeBudgetMs: 60_000 };

function isTextItem(item: PdfTextItem | { type: string }): item is PdfTextItem {
  return typeof (item as PdfTextItem).str === 'string' && Array.isArray((item as PdfTextItem).transform);
}

/** Rebuilds a page's lines: a new line when the baseline moves or pdfjs marks an end of line. */
export function linesFromItems(items: (PdfTextItem | { type: string })[]): string[] {
  const lines: string[] = [];
  let line = '';
  let lastY: number | undefined;
  let lastEndX: number | undefined;
  let lastH = 0;
  const flush = (): void => {
    const trimmed = line.trimEnd();
    if (trimmed.trim() !== '') lines.push(trimmed);
    line = '';
    lastY = undefined;
    lastEndX = undefined;
  };
  for (const item of items) {
    if (!isTextItem(item)) continue;
    const [, , c = 0, d = 0, x = 0, y = 0] = item.transform;
    const h = Math.abs(item.height) || Math.hypot(c, d) || 10;
    if (item.str !== '') {
      const sameLine = lastY !== undefined && Math.abs(y - lastY) <= Math.max(1, 0.5 * Math.min(h, lastH || h));
      if (lastY !== undefined && !sameLine) flush();
      else if (line !== '' && lastEndX !== undefined && x - lastEndX > 0.5 * h && !/\s$/.test(line) && !/^\s/.test(item.str)) line += ' '; // a visible gap between runs on one line
      line += item.str;
      lastY = y;
      lastEndX = x + (Number.isFinite(item.width) ? item.width : 0);
      if (item.height) lastH = h;
    }
    if (item.hasEOL) flush();
  }
  flush();
  return lines;
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
    task = pdfjs().getDocument({
      data: new Uint8Array(bytes), // a copy: pdfjs may transfer (detach) the buffer it is given
      isEvalSupported: false,
      disableFontFace: true,
      useSystemFonts: false,
      useWorkerFetch: false,
      isOffscreenCanvasSupported: false,
      disableAutoFetch: true,
      disableStream: true,
      stopAtErrors: false,
      verbosity: 0,
    });
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
        pages.push(linesFromItems(content.items).join('\n'));
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
