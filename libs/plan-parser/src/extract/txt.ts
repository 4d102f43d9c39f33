// Plain text: BOM, strict UTF-8, GB18030 (superset of GBK/GB2312) detection, and a plausibility
// check so that binary data that happens to decode is still refused.
import type { ExtractedText } from '../types';

export interface Decoded {
  text: string;
  /** "utf-8", "utf-8-bom", "gb18030", "utf-16le", "utf-16be" (or an HTML-declared charset) */
  encoding: string;
}

function tryDecode(label: string, bytes: Uint8Array, ignoreBOM = false): string | undefined {
  try {
    return new TextDecoder(label, { fatal: true, ignoreBOM }).decode(bytes);
  } catch {
    return undefined;
  }
}

/**
 * Text that no real document contains much of: C0 controls other than tab/newlines/form feed,
 * C1 controls, private-use and noncharacters. Binary that survives a decoder is full of them.
 */
export function isPlausibleText(text: string): boolean {
  if (text.includes('\u0000')) return false;
  let bad = 0;
  let total = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    total++;
    if (
      (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d && c !== 0x0c && c !== 0x0b && c !== 0x1a) ||
      (c >= 0x7f && c <= 0x9f) ||
      (c >= 0xe000 && c <= 0xf8ff) ||
      c === 0xfffd ||
      c === 0xfffe ||
      c === 0xffff
    )
      bad++;
  }
  return total === 0 || bad / total <= 0.02;
}

/** Decodes by BOM, then strict UTF-8, then GB18030; undefined when the bytes are not text. */
export function decodeBytes(bytes: Uint8Array): Decoded | undefined {
  let decoded: Decoded | undefined;
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    const text = tryDecode('utf-8', bytes.subarray(3), true);
    decoded = text === undefined ? undefined : { text, encoding: 'utf-8-bom' };
  } else if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    const text = tryDecode('utf-16le', bytes.subarray(2), true);
    decoded = text === undefined ? undefined : { text, encoding: 'utf-16le' };
  } else if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    const text = tryDecode('utf-16be', bytes.subarray(2), true);
    decoded = text === undefined ? undefined : { text, encoding: 'utf-16be' };
  } else {
    const utf8 = tryDecode('utf-8', bytes, true);
    if (utf8 !== undefined) decoded = { text: utf8, encoding: 'utf-8' };
    else {
      // GB18030's own BOM (84 31 95 33) decodes to U+FEFF: drop it
      const gb = tryDecode('gb18030', bytes, true);
      if (gb !== undefined) decoded = { text: gb.replace(/^\uFEFF/, ''), encoding: 'gb18030' };
    }
  }
  return decoded && isPlausibleText(decoded.text) ? decoded : undefined;
}

export function normalizeNewlines(text: string): string {
  return text.replace(/\r\n?/g, '\n');
}

export function extractTxt(decoded: Decoded): ExtractedText {
  return { text: normalizeNewlines(decoded.text), encoding: decoded.encoding, format: 'txt' };
}
