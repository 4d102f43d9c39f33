// .docx → text: one paragraph per line, Word's automatic list numbers rendered as text at the
// start of their paragraph ("一、", "（一）", "1.", "（1）"), table rows one per line (cells split by ` | `).
// We read word/document.xml ourselves (mammoth turns auto numbers into <ol><li> and drops them).
import type { ExtractedText } from '../types';
import { attr, child, local, Numbering, readNumPr, readStyles } from './numbering';
import { refuse } from './refusals';
import { elementChildren, parseTree, textContent, type XElement } from './tree';
import type { ZipArchive } from './zip';

const REL_OFFICE_DOCUMENT = /\/officeDocument$/;
const REL_NUMBERING = /\/numbering$/;
const REL_STYLES = /\/styles$/;

/** Resolves a relationship target against the directory of the part that owns it. */
export function resolvePart(ownerDir: string, target: string): string {
  const parts = (target.startsWith('/') ? target.slice(1) : ownerDir + target).split('/');
  const out: string[] = [];
  for (const p of parts) {
    if (p === '..') out.pop();
    else if (p !== '.' && p !== '') out.push(p);
  }
  return out.join('/');
}

export function relationships(zip: ZipArchive, relsPath: string, ownerDir: string): { type: string; target: string }[] {
  if (!zip.has(relsPath)) return [];
  const xml = zip.readText(relsPath);
  if (xml === undefined) return [];
  const out: { type: string; target: string }[] = [];
  const stack: XElement[] = [parseTree(xml, true)];
  while (stack.length) {
    const el = stack.pop() as XElement;
    if (local(el.name) === 'Relationship' && attr(el, 'TargetMode') !== 'External') {
      const type = attr(el, 'Type');
      const target = attr(el, 'Target');
      if (type && target) out.push({ type, target: resolvePart(ownerDir, target) });
    }
    stack.push(...elementChildren(el));
  }
  return out;
}

function refuseNonWordZip(zip: ZipArchive): never {
  if (zip.has('ppt/presentation.xml')) throw refuse.unsupported('PowerPoint 演示文稿（.pptx）', 'a PowerPoint presentation (.pptx)');
  if (zip.has('OFD.xml')) throw refuse.unsupported('OFD 版式文档', 'an OFD document');
  if (zip.has('content.xml') && zip.has('mimetype'))
    throw refuse.unsupported('OpenDocument 文档（.odt 等）', 'an OpenDocument file (.odt etc.)');
  throw refuse.unsupported('压缩包中没有 Word 文档', 'a zip archive that is not a Word document');
}

class DocxWalker {
  constructor(
    private readonly numbering: Numbering,
    private readonly defaultStyle: string | undefined,
  ) {}

  /** Block-level content (body, table cell, text box): paragraphs and tables, in order. */
  blocks(container: XElement, out: string[], tablesOut: string[] = out): void {
    for (const el of elementChildren(container)) {
      switch (local(el.name)) {
        case 'p':
          this.paragraph(el, out);
          break;
        case 'tbl':
          this.table(el, tablesOut);
          break;
        case 'AlternateContent': {
          const choice = child(el, 'Choice') ?? child(el, 'Fallback');
          if (choice) this.blocks(choice, out, tablesOut);
          break;
        }
        case 'sdt':
          this.blocks(child(el, 'sdtContent') ?? el, out, tablesOut);
          break;
        case 'customXml':
        case 'ins':
        case 'moveTo':
        case 'sdtContent':
          this.blocks(el, out, tablesOut);
          break;
        default:
          break; // sectPr, bookmarks, deleted blocks…
      }
    }
  }

  private paragraph(p: XElement, out: string[]): void {
    const pPr = child(p, 'pPr');
    const styleId = attr(child(pPr, 'pStyle'), 'val') ?? this.defaultStyle;
    let prefix = '';
    const num = this.numbering.resolve(readNumPr(pPr), styleId);
    if (num) {
      const rendered = this.numbering.next(num.numId, num.ilvl);
      if (rendered && rendered.text) {
        const glue = rendered.suff === 'nothing' || /[\p{P}\s]$/u.test(rendered.text) ? '' : ' ';
        prefix = rendered.text + glue;
      }
    }
    const deferred: XElement[] = [];
    out.push(prefix + this.inline(p, deferred));
    // text boxes anchored in the paragraph follow it
    for (const box of deferred) this.blocks(box, out);
  }

  private inline(el: XElement, deferred: XElement[]): string {
    let s = '';
    for (const c of el.children) {
      if (typeof c === 'string') continue; // whitespace between tags; text lives in w:t
      switch (local(c.name)) {
        case 't':
          s += textContent(c);
          break;
        case 'tab':
          s += '\t';
          break;
        case 'br':
        case 'cr':
          s += '\n';
          break;
        case 'noBreakHyphen':
          s += '-';
          break;
        case 'sym': {
          const code = Number.parseInt(attr(c, 'char') ?? '', 16);
          // symbol-font code points (F0xx) have no meaning outside the font
          if (Number.isFinite(code) && code > 0x1f && code < 0xd800) s += String.fromCharCode(code);
          break;
        }
        case 'txbxContent':
          deferred.push(c);
          break;
        case 'AlternateContent': {
          const choice = child(c, 'Choice') ?? child(c, 'Fallback');
          if (choice) s += this.inline(choice, deferred);
          break;
        }
        case 'r':
          if (child(child(c, 'rPr'), 'vanish') === undefined) s += this.inline(c, deferred);
          break;
        case 'pPr':
        case 'rPr':
        case 'delText':
        case 'instrText':
        case 'del':
        case 'moveFrom':
        case 'fldData':
        case 'footnoteReference':
        case 'endnoteReference':
        case 'commentReference':
        case 'annotationRef':
          break;
        default:
          s += this.inline(c, deferred); // hyperlink, ins, smartTag, fldSimple, sdt, drawing…
      }
    }
    return s;
  }

  /**
   * One line per row, cells joined by ` | ` (empty and vertically merged cells kept empty, so the
   * columns line up); a row with one filled cell (a group heading spanning the table) is that
   * cell alone. Nested tables follow their row.
   */
  private table(tbl: XElement, out: string[]): void {
    for (const row of this.parts(tbl, 'tr')) {
      const cells: string[] = [];
      const nested: string[] = [];
      for (const cell of this.parts(row, 'tc')) {
        const vMerge = child(child(cell, 'tcPr'), 'vMerge');
        if (vMerge && attr(vMerge, 'val') !== 'restart') {
          cells.push(''); // continuation of a merged cell
          continue;
        }
        const paragraphs: string[] = [];
        this.blocks(cell, paragraphs, nested);
        cells.push(
          paragraphs
            .map((t) => t.replace(/\s*\n\s*/g, ' ').trim())
            .filter(Boolean)
            .join(' '),
        );
      }
      const filled = cells.filter(Boolean);
      if (filled.length === 1) out.push(filled[0] as string);
      else if (filled.length > 1) out.push(cells.join(' | '));
      out.push(...nested);
    }
  }

  /** Rows of a table / cells of a row, looking through sdt and customXml wrappers. */
  private parts(el: XElement, name: string): XElement[] {
    const out: XElement[] = [];
    for (const c of elementChildren(el)) {
      const n = local(c.name);
      if (n === name) out.push(c);
      else if (n === 'sdt' || n === 'customXml' || n === 'sdtContent' || n === 'ins') out.push(...this.parts(c, name));
    }
    return out;
  }
}

function findBody(doc: XElement): XElement | undefined {
  const document = elementChildren(doc).find((e) => local(e.name) === 'document');
  return document ? child(document, 'body') : undefined;
}

export function extractDocx(zip: ZipArchive): ExtractedText {
  const officeDoc = relationships(zip, '_rels/.rels', '').find((r) => REL_OFFICE_DOCUMENT.test(r.type));
  const mainPath = officeDoc && zip.has(officeDoc.target) ? officeDoc.target : 'word/document.xml';
  if (!zip.has(mainPath)) refuseNonWordZip(zip);

  const slash = mainPath.lastIndexOf('/');
  const dir = slash >= 0 ? mainPath.slice(0, slash + 1) : '';
  const rels = relationships(zip, `${dir}_rels/${mainPath.slice(slash + 1)}.rels`, dir);
  const partPath = (re: RegExp, fallback: string): string => rels.find((r) => re.test(r.type))?.target ?? fallback;

  const stylesXml = zip.readText(partPath(REL_STYLES, `${dir}styles.xml`));
  const numberingXml = zip.readText(partPath(REL_NUMBERING, `${dir}numbering.xml`));
  const docXml = zip.readText(mainPath) ?? '';

  const styles = readStyles(stylesXml === undefined ? undefined : parseTree(stylesXml, true));
  const numbering = new Numbering(numberingXml === undefined ? undefined : parseTree(numberingXml, true), styles);
  const body = findBody(parseTree(docXml, true));
  if (!body) throw refuse.corrupt('Word 文档缺少正文（document.xml 无 body）', 'word/document.xml has no body');

  const lines: string[] = [];
  new DocxWalker(numbering, styles.get('#default-paragraph')?.basedOn).blocks(body, lines);
  const text = lines.join('\n').replace(/\r\n?/g, '\n');
  if (text.trim() === '') throw refuse.empty();
  return { text, encoding: 'utf-8', format: 'docx' };
}
