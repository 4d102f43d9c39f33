// A 100-page PDF plan imported end to end through HTTP, beside pdfjs's bare text extraction of the same file.
import { nativeRequire } from '@duban/native-require';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createApiApp } from '../apps/api/src/create-app';
import { PDFJS_DOCUMENT_OPTIONS } from '../libs/plan-parser/src/extract/pdf';
import { buildPdf, wrapParagraph, type PdfPage } from '../libs/plan-parser/test/extract/support/pdf-writer';
import { createUnit, createUser, login } from '../tests/support/auth';
import { median, ms } from './machine';
import { buildLargePlan } from './plan-corpus';
import { scratchDatabase } from './scratch-database';

const PAGES = 100;
const RUNS = 5;
/** characters a line and lines a page: 14 pt characters between 72 pt margins, 24 pt apart */
const WIDTH = 32;
const LINES_PER_PAGE = 30;

interface PdfjsText {
  getDocument(source: Record<string, unknown>): {
    promise: Promise<{ numPages: number; getPage(n: number): Promise<{ getTextContent(): Promise<{ items: unknown[] }> }> }>;
    destroy(): Promise<void>;
  };
}

/**
 * The plan text laid out as a word processor prints it: paragraphs wrapped at WIDTH characters
 * with a two-character first-line indent, LINES_PER_PAGE lines a page, a page number at the foot.
 * `variant` changes the title, so every run imports a new document.
 */
export function planPdf(variant: number): { bytes: Uint8Array; chars: number } {
  const fixtures = path.resolve(__dirname, '../libs/plan-parser/test/structure/fixtures');
  const [, ...rest] = buildLargePlan(PAGES * LINES_PER_PAGE * WIDTH * 3, [fixtures])
    .split('\n')
    .filter((l) => l.trim() !== '');
  const paragraphs = [`示范区教育局2024年教育工作要点（第${variant}稿）`, ...rest];
  const lines: { text: string; indent: number }[] = [];
  for (const p of paragraphs) {
    const wrapped = wrapParagraph(p, WIDTH);
    if (lines.length + wrapped.length > PAGES * LINES_PER_PAGE) break; // whole paragraphs only
    lines.push(...wrapped);
  }
  const pages: PdfPage[] = [];
  for (let i = 0; i < PAGES; i++) {
    const onPage = lines.slice(i * LINES_PER_PAGE, (i + 1) * LINES_PER_PAGE);
    pages.push({
      kind: 'text',
      runs: [
        ...onPage.map((line, j) => ({ text: line.text, x: 72 + line.indent * 14, y: 770 - j * 24 })),
        { text: `— ${i + 1} —`, x: 270, y: 40 },
      ],
    });
  }
  return { bytes: buildPdf(pages), chars: lines.reduce((n, l) => n + Array.from(l.text).length, 0) };
}

/** pdfjs alone: open the document and read every page's text items, with the options the importer uses. */
async function bareTextExtraction(bytes: Uint8Array): Promise<number> {
  const pdfjs = nativeRequire('pdfjs-dist/legacy/build/pdf.mjs') as PdfjsText;
  const task = pdfjs.getDocument({ data: new Uint8Array(bytes), ...PDFJS_DOCUMENT_OPTIONS });
  const doc = await task.promise;
  let items = 0;
  for (let n = 1; n <= doc.numPages; n++) items += (await (await doc.getPage(n)).getTextContent()).items.length;
  await task.destroy();
  return items;
}

export async function benchPlanImport(): Promise<string> {
  const scratch = await scratchDatabase('import');
  const storageDir = mkdtempSync(path.join(tmpdir(), 'duban-bench-import-'));
  const config = Object.assign(scratch.config, {
    QUEUE_PREFIX: scratch.config.PGDATABASE,
    STORAGE_DIR: storageDir,
    STORAGE_DRIVER: 'local' as const,
  });
  let app: Awaited<ReturnType<typeof createApiApp>> | undefined;
  try {
    const department = await createUnit(scratch.ds, { type: 'department', name: '办公室' });
    const head = await createUser(scratch.ds, { units: [{ unitId: department.id, role: 'department_head' }] });
    app = await createApiApp(config);
    await app.listen(0, '127.0.0.1');
    const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    const { accessToken } = await login(url, head.username, head.password);
    const importPdf = async (bytes: Uint8Array): Promise<{ sections: number; points: number }> => {
      const form = new FormData();
      form.append('file', new Blob([bytes], { type: 'application/pdf' }), '工作要点.pdf');
      const res = await fetch(`${url}/api/plans/import`, {
        method: 'POST',
        headers: { authorization: `Bearer ${accessToken}` },
        body: form,
      });
      const body = (await res.json()) as { parsed?: { sections: { points: unknown[] }[] } };
      if (res.status !== 201 || !body.parsed) throw new Error(`plan import answered ${res.status}: ${JSON.stringify(body).slice(0, 300)}`);
      return { sections: body.parsed.sections.length, points: body.parsed.sections.reduce((n, s) => n + s.points.length, 0) };
    };
    const time = async <T>(fn: () => Promise<T>): Promise<[number, T]> => {
      const t = process.hrtime.bigint();
      const result = await fn();
      return [Number(process.hrtime.bigint() - t) / 1e6, result];
    };

    // one warm-up each (JIT, pdfjs's worker module, the database pool), then interleaved runs
    const warm = planPdf(0);
    await bareTextExtraction(warm.bytes);
    await importPdf(warm.bytes);
    const runs = { bare: [] as number[], http: [] as number[] };
    let shape = { sections: 0, points: 0, items: 0, bytes: 0, chars: 0 };
    for (let i = 1; i <= RUNS; i++) {
      const pdf = planPdf(i);
      const [bare, items] = await time(() => bareTextExtraction(pdf.bytes));
      const [http, parsed] = await time(() => importPdf(pdf.bytes));
      runs.bare.push(bare);
      runs.http.push(http);
      shape = { ...parsed, items, bytes: pdf.bytes.length, chars: pdf.chars };
    }
    const bare = median(runs.bare);
    const http = median(runs.http);
    return [
      '## Plan import of a 100-page PDF, end to end (issue: plan import)',
      '',
      `Input: a ${PAGES}-page PDF generated in the bench with the tests' PDF writer (CJK text through a Type0 font with a ToUnicode map, as a word processor's export without embedded glyphs): the sample plans' sections and points renumbered, wrapped at ${WIDTH} characters with a first-line indent, ${LINES_PER_PAGE} lines and a page number a page; ${(shape.bytes / 2 ** 20).toFixed(2)} MiB, ${shape.chars.toLocaleString('en')} characters, ${shape.items.toLocaleString('en')} text items. The import found ${shape.sections} sections and ${shape.points.toLocaleString('en')} points. Each run imports a new document (the title differs); median of ${RUNS} interleaved runs after one warm-up each.`,
      '',
      'Measured: `POST /api/plans/import` as a department head on the real API (in-process app from `create-app.ts`, fetch with a multipart body): authentication, upload streamed to storage with its hash, pdfjs text extraction and line rebuilding, structure parsing, plan, document, draft and audit rows. Baseline: pdfjs alone opening the same bytes with the importer’s options and calling `getTextContent` on every page, in the same process.',
      '',
      'Why this baseline: no importer of a PDF can avoid pdfjs decoding every page’s text; everything above that floor — line rebuilding, parsing, storage, the database, HTTP — is what the ratio measures.',
      '',
      '| measure | baseline: pdfjs `getTextContent` over every page | `POST /api/plans/import` through HTTP | ratio |',
      '| --- | --- | --- | --- |',
      `| time (median) | ${ms(bare)} | ${ms(http)} | ${(http / bare).toFixed(1)}× |`,
      `| all runs | ${runs.bare.map((t) => t.toFixed(0)).join(', ')} ms | ${runs.http.map((t) => t.toFixed(0)).join(', ')} ms | |`,
      '',
    ].join('\n');
  } finally {
    await app?.close();
    await scratch.close();
    rmSync(storageDir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  benchPlanImport().then(
    (md) => console.log(md),
    (e: unknown) => {
      console.error(e);
      process.exit(1);
    },
  );
}
