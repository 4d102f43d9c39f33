// Text encodings of CSV files as bureaus save them: UTF-8 (with or without BOM), GB18030/GBK from
// Chinese Excel, UTF-16 from Excel's "Unicode text". Same order as plan-parser's txt detection.

export interface DecodedText {
  text: string;
  encoding: 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be' | 'gb18030';
}

function tryDecode(label: string, bytes: Uint8Array): string | undefined {
  try {
    return new TextDecoder(label, { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

/** BOM first, then strict UTF-8, then GB18030; undefined when none decodes. */
export function decodeText(bytes: Uint8Array): DecodedText | undefined {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    const text = tryDecode('utf-8', bytes.subarray(3));
    return text === undefined ? undefined : { text, encoding: 'utf-8-bom' };
  }
  if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    const text = tryDecode('utf-16le', bytes.subarray(2));
    return text === undefined ? undefined : { text, encoding: 'utf-16le' };
  }
  if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    const text = tryDecode('utf-16be', bytes.subarray(2));
    return text === undefined ? undefined : { text, encoding: 'utf-16be' };
  }
  const utf8 = tryDecode('utf-8', bytes);
  if (utf8 !== undefined) return { text: utf8, encoding: 'utf-8' };
  // GB18030's own BOM (84 31 95 33) decodes to U+FEFF: drop it
  const gb = tryDecode('gb18030', bytes);
  return gb === undefined ? undefined : { text: gb.replace(/^\uFEFF/, ''), encoding: 'gb18030' };
}
