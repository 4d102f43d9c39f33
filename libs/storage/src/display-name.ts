/** shown when nothing usable is left of a name */
export const FALLBACK_DISPLAY_NAME = '未命名文件';

/** longest name kept, in UTF-8 bytes (the usual file-system limit) */
export const MAX_DISPLAY_NAME_BYTES = 255;

// C0 and C1 controls, DEL; LRM/RLM/ALM, line/paragraph separators; bidi embeddings, overrides and isolates
// eslint-disable-next-line no-control-regex
const UNSAFE_CHARS = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/g;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

const utf8Length = (s: string): number => Buffer.byteLength(s, 'utf8');

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** the longest prefix of whole grapheme clusters within `maxBytes` UTF-8 bytes */
function truncateUtf8(text: string, maxBytes: number): string {
  if (utf8Length(text) <= maxBytes) return text;
  let out = '';
  let used = 0;
  for (const { segment } of graphemes.segment(text)) {
    const size = utf8Length(segment);
    if (used + size > maxBytes) break;
    out += segment;
    used += size;
  }
  return out;
}

/**
 * The user's file name as display metadata (it is never a storage path): the last path segment
 * only (`../`, `..\`, `C:\…` removed), without control characters, bidi overrides or NUL, in NFC,
 * at most 255 UTF-8 bytes with the extension kept, and never empty ({@link FALLBACK_DISPLAY_NAME}).
 */
export function safeDisplayName(name: string): string {
  const cleaned = String(name)
    .replace(LONE_SURROGATE, '')
    .normalize('NFC')
    .replace(/[\t\n\r\v\f\u0085\u2028\u2029]/g, ' ')
    .replace(UNSAFE_CHARS, '');
  const segment =
    cleaned
      .split(/[/\\]/)
      .map((s) => s.replace(/\s+/g, ' ').trim())
      .filter((s) => s !== '' && !/^\.+$/.test(s))
      .pop() ?? '';
  // Windows drops trailing dots and spaces, which would change the extension
  let base = segment.replace(/[. ]+$/, '');
  if (base === '') return FALLBACK_DISPLAY_NAME;

  const dot = base.lastIndexOf('.');
  let ext = dot >= 0 ? base.slice(dot) : '';
  // an "extension" that is long or has spaces is part of the name
  if (utf8Length(ext) > 32 || /\s/.test(ext)) ext = '';
  let stem = ext ? base.slice(0, -ext.length).trim() : base;
  if (stem === '') stem = FALLBACK_DISPLAY_NAME;
  base = truncateUtf8(stem, MAX_DISPLAY_NAME_BYTES - utf8Length(ext)).trim() + ext;
  const result = base.normalize('NFC');
  // NFC of a truncated NFC string does not grow in practice; keep the byte bound even if it did
  return truncateUtf8(result, MAX_DISPLAY_NAME_BYTES) || FALLBACK_DISPLAY_NAME;
}
