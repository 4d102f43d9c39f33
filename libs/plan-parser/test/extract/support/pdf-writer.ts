// A tiny PDF writer for tests: real PDFs with Chinese text and no embedded font program.
// Text is drawn with a Type0 font (Identity-H) whose CIDFontType2 descendant has no FontFile2;
// a /ToUnicode CMap maps the CIDs used back to Unicode, which is what text extraction reads.
// Every distinct character gets its own CID (1, 2, 3, … in order of first use).

export interface PdfTextRun {
  /** text of the run; drawn at (x, y) in PDF points (origin bottom-left of an A4 page) */
  text: string;
  x: number;
  y: number;
  size?: number;
}

export type PdfPage =
  | { kind: 'text'; runs: PdfTextRun[] }
  /** a page with a single grey image and no text operators at all (a "scanned" page) */
  | { kind: 'image' };

/** Lays out lines top to bottom: one run per line, 24 pt apart, starting near the top. */
export function linesPage(lines: string[], footer?: string): PdfPage {
  const runs: PdfTextRun[] = lines.map((text, i) => ({ text, x: 72, y: 770 - i * 24 }));
  if (footer !== undefined) runs.push({ text: footer, x: 270, y: 40 });
  return { kind: 'text', runs };
}

/**
 * Cuts a paragraph the way a word processor wraps it: the first line indented by `indent`
 * characters, every line `width` characters wide (all characters are one em wide here).
 */
export function wrapParagraph(text: string, width: number, indent = 2): { text: string; indent: number }[] {
  const chars = Array.from(text);
  const lines: { text: string; indent: number }[] = [];
  let at = 0;
  while (at < chars.length) {
    const lead = lines.length === 0 ? indent : 0;
    lines.push({ text: chars.slice(at, at + width - lead).join(''), indent: lead });
    at += width - lead;
  }
  return lines;
}

/**
 * Lays out paragraphs wrapped at `width` characters with a first-line indent, one line every
 * 24 pt from the top, left margin at 72 pt, 14 pt characters (see wrapParagraph).
 */
export function paragraphsPage(paragraphs: string[], width: number, footer?: string, indent = 2): PdfPage {
  const lines = paragraphs.flatMap((p) => wrapParagraph(p, width, indent));
  const runs: PdfTextRun[] = lines.map((line, i) => ({ text: line.text, x: 72 + line.indent * 14, y: 770 - i * 24 }));
  if (footer !== undefined) runs.push({ text: footer, x: 270, y: 40 });
  return { kind: 'text', runs };
}

function hex4(n: number): string {
  return n.toString(16).toUpperCase().padStart(4, '0');
}

function utf16beHex(ch: string): string {
  let out = '';
  for (let i = 0; i < ch.length; i++) out += hex4(ch.charCodeAt(i));
  return out;
}

export interface PdfOptions {
  /**
   * Adds a standard-security /Encrypt dictionary whose password check values match no password
   * (not even the empty one): readers must ask for a password. The content itself stays plain.
   */
  passwordProtected?: boolean;
}

/** Builds a complete PDF (header, objects, xref table, trailer) and returns its bytes. */
export function buildPdf(pages: PdfPage[], options: PdfOptions = {}): Uint8Array {
  const cids = new Map<string, number>();
  for (const page of pages) {
    if (page.kind !== 'text') continue;
    for (const run of page.runs) for (const ch of Array.from(run.text)) if (!cids.has(ch)) cids.set(ch, cids.size + 1);
  }

  // objects are strings in latin1 (all content here is ASCII: text goes in hex strings)
  const objects: string[] = [];
  const add = (body: string): number => {
    objects.push(body);
    return objects.length;
  };
  const stream = (dict: string, data: string): string => `<< ${dict} /Length ${data.length} >>\nstream\n${data}\nendstream`;

  const catalogId = add(''); // filled in below
  const pagesId = add('');

  const mappings = Array.from(cids.entries());
  let cmap =
    '/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n' +
    '/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n' +
    '/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n' +
    '1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n';
  for (let i = 0; i < mappings.length; i += 100) {
    const chunk = mappings.slice(i, i + 100);
    cmap += `${chunk.length} beginbfchar\n`;
    for (const [ch, cid] of chunk) cmap += `<${hex4(cid)}> <${utf16beHex(ch)}>\n`;
    cmap += 'endbfchar\n';
  }
  cmap += 'endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend';
  const toUnicodeId = add(stream('', cmap));
  const descriptorId = add(
    '<< /Type /FontDescriptor /FontName /SimSun /Flags 6 /FontBBox [0 -141 1000 859] ' +
      '/ItalicAngle 0 /Ascent 859 /Descent -141 /CapHeight 700 /StemV 80 >>',
  );
  const cidFontId = add(
    '<< /Type /Font /Subtype /CIDFontType2 /BaseFont /SimSun ' +
      '/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> ' +
      `/FontDescriptor ${descriptorId} 0 R /DW 1000 /CIDToGIDMap /Identity >>`,
  );
  const fontId = add(
    '<< /Type /Font /Subtype /Type0 /BaseFont /SimSun /Encoding /Identity-H ' +
      `/DescendantFonts [${cidFontId} 0 R] /ToUnicode ${toUnicodeId} 0 R >>`,
  );
  const imageId = add(
    stream('/Type /XObject /Subtype /Image /Width 2 /Height 2 /ColorSpace /DeviceGray /BitsPerComponent 8', '\x40\x80\x80\x40'),
  );

  const pageIds: number[] = [];
  for (const page of pages) {
    let content: string;
    if (page.kind === 'text') {
      content = page.runs
        .map((run) => {
          const hex = Array.from(run.text)
            .map((ch) => hex4(cids.get(ch) ?? 0))
            .join('');
          return `BT /F1 ${run.size ?? 14} Tf 1 0 0 1 ${run.x} ${run.y} Tm <${hex}> Tj ET`;
        })
        .join('\n');
    } else {
      content = 'q 450 0 0 700 72 70 cm /Im1 Do Q';
    }
    const contentId = add(stream('', content));
    const pageId = add(
      `<< /Type /Page /Parent ${pagesId} 0 R /MediaBox [0 0 595 842] ` +
        `/Resources << /Font << /F1 ${fontId} 0 R >> /XObject << /Im1 ${imageId} 0 R >> >> ` +
        `/Contents ${contentId} 0 R >>`,
    );
    pageIds.push(pageId);
  }
  objects[catalogId - 1] = `<< /Type /Catalog /Pages ${pagesId} 0 R >>`;
  objects[pagesId - 1] = `<< /Type /Pages /Kids [${pageIds.map((id) => `${id} 0 R`).join(' ')}] /Count ${pageIds.length} >>`;

  const encryptId = options.passwordProtected
    ? add(`<< /Filter /Standard /V 1 /R 2 /Length 40 /P -44 /O <${'7A'.repeat(32)}> /U <${'3C'.repeat(32)}> >>`)
    : undefined;

  let out = '%PDF-1.7\n%\xE2\xE3\xCF\xD3\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xrefAt = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const off of offsets) out += `${String(off).padStart(10, '0')} 00000 n \n`;
  const security = encryptId === undefined ? '' : ` /Encrypt ${encryptId} 0 R /ID [<${'01'.repeat(16)}> <${'01'.repeat(16)}>]`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root ${catalogId} 0 R${security} >>\nstartxref\n${xrefAt}\n%%EOF\n`;
  return Uint8Array.from(Buffer.from(out, 'latin1'));
}
