// Bytes + file name → plain text for the structure parser. Format by content first, name second:
// zip with a Word main part → docx; zip with xl/workbook.xml → xlsx; %PDF- → pdf; OLE2 → legacy .doc/.wps (refused); markup →
// html; decodable text → txt; anything else → refused. Every failure is a PlanRefusedError.
import { PlanRefusedError } from '../errors';
import type { ExtractedText, ParseLimits } from '../types';
import { looksLikeHtml, sniffMagic } from './detect';
import { extractDocx } from './docx';
import { decodeHtml, extractHtml } from './html';
import { extractPdf } from './pdf';
import { refuse } from './refusals';
import { decodeBytes, extractTxt } from './txt';
import { extractXlsx, isXlsx } from './xlsx';
import { ZipArchive } from './zip';

export { DEFAULT_PDF_OPTIONS, extractPdf, type PdfOptions } from './pdf';
export { htmlToText } from './html';

const isBlank = (text: string): boolean => text.trim() === '';

async function dispatch(bytes: Uint8Array, fileName: string, limits: ParseLimits): Promise<ExtractedText> {
  const magic = sniffMagic(bytes);
  switch (magic.kind) {
    case 'zip': {
      // one zip reader, with its size limits, for both Office formats
      const zip = new ZipArchive(bytes, limits.maxUnzippedBytes);
      return isXlsx(zip) ? extractXlsx(zip) : extractDocx(zip);
    }
    case 'pdf':
      return extractPdf(bytes);
    case 'ole2':
      throw refuse.legacyDoc();
    case 'rtf':
      throw refuse.unsupported('RTF 富文本', 'RTF');
    case 'binary':
      throw refuse.binary(magic.what);
    case 'unknown':
      break;
  }

  const decoded = decodeBytes(bytes);
  const latin1 = decoded ? undefined : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('latin1');
  if (decoded ? looksLikeHtml(decoded.text, fileName) : looksLikeHtml(latin1 ?? '', fileName)) {
    const html = decodeHtml(bytes, decoded);
    if (!html) throw refuse.binary();
    const extracted = extractHtml(html);
    if (isBlank(extracted.text)) throw refuse.empty();
    return extracted;
  }
  if (!decoded) throw refuse.binary();
  if (isBlank(decoded.text)) throw refuse.empty();
  return extractTxt(decoded);
}

/** Detects the format from content (then name) and returns the document's plain text. */
export async function extractText(bytes: Uint8Array, fileName: string, limits: ParseLimits): Promise<ExtractedText> {
  // size first, before any decoding or unzipping
  if (bytes.length > limits.maxFileBytes) throw refuse.tooLarge(bytes.length, limits.maxFileBytes);
  if (bytes.length === 0) throw refuse.empty();
  try {
    return await dispatch(bytes, fileName, limits);
  } catch (err) {
    if (err instanceof PlanRefusedError) throw err;
    // whatever a malformed file makes a library throw, the caller gets a refusal, not a crash
    throw refuse.corrupt('无法解析该文件', 'the file could not be parsed');
  }
}
