// Format sniffing: content first (magic numbers, markup), file name second.

export type Sniffed =
  | { kind: 'zip' }
  | { kind: 'pdf' }
  | { kind: 'ole2' }
  | { kind: 'rtf' }
  /** what: "中文名|English name" for the refusal message */
  | { kind: 'binary'; what: string }
  | { kind: 'unknown' };

const startsWith = (b: Uint8Array, sig: number[], at = 0): boolean => b.length >= at + sig.length && sig.every((v, i) => b[at + i] === v);

const ascii = (s: string): number[] => Array.from(s, (c) => c.charCodeAt(0));

const BINARY_MAGIC: [number[], string, number?][] = [
  [[0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], '图片（PNG）|an image (PNG)'],
  [[0xff, 0xd8, 0xff], '图片（JPEG）|an image (JPEG)'],
  [ascii('GIF87a'), '图片（GIF）|an image (GIF)'],
  [ascii('GIF89a'), '图片（GIF）|an image (GIF)'],
  [ascii('WEBP'), '图片（WebP）|an image (WebP)', 8],
  [[0x49, 0x49, 0x2a, 0x00], '图片（TIFF）|an image (TIFF)'],
  [[0x4d, 0x4d, 0x00, 0x2a], '图片（TIFF）|an image (TIFF)'],
  [[0x7f, 0x45, 0x4c, 0x46], '可执行程序|an executable'],
  [[0xfe, 0xed, 0xfa, 0xce], '可执行程序|an executable'],
  [[0xfe, 0xed, 0xfa, 0xcf], '可执行程序|an executable'],
  [[0xcf, 0xfa, 0xed, 0xfe], '可执行程序|an executable'],
  [[0x1f, 0x8b], '压缩文件（gzip）|a compressed archive (gzip)'],
  [[0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c], '压缩文件（7z）|a compressed archive (7z)'],
  [ascii('Rar!\x1a\x07'), '压缩文件（RAR）|a compressed archive (RAR)'],
  [[0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00], '压缩文件（xz）|a compressed archive (xz)'],
  [ascii('ftyp'), '音视频文件|an audio/video file', 4],
  [ascii('ID3'), '音频文件|an audio file'],
];

/** Looks at the leading bytes for container and binary signatures. */
export function sniffMagic(b: Uint8Array): Sniffed {
  if (startsWith(b, [0x50, 0x4b]) && [0x0304, 0x0506, 0x0708].includes((b[2] << 8) | b[3])) return { kind: 'zip' };
  if (startsWith(b, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) return { kind: 'ole2' };
  // PDF readers accept junk before the header; so do we, within the first KB, as long as that
  // junk is binary (a text that merely mentions "%PDF-" stays text)
  const head = Buffer.from(b.buffer, b.byteOffset, Math.min(b.length, 1024)).toString('latin1');
  const pdfAt = head.indexOf('%PDF-');
  if (pdfAt >= 0) {
    const before = head.slice(0, pdfAt).replace(/^(\uFEFF|ï»¿)/, '');
    // eslint-disable-next-line no-control-regex -- control bytes are what mark binary junk
    if (before.trim() === '' || /[\x00-\x08\x0e-\x1f]/.test(before)) return { kind: 'pdf' };
  }
  if (/^(\uFEFF|ï»¿)?\s*\{\\rtf/.test(head)) return { kind: 'rtf' };
  for (const [sig, what, at] of BINARY_MAGIC) if (startsWith(b, sig, at ?? 0)) return { kind: 'binary', what };
  if (startsWith(b, ascii('RIFF')) && b.length > 12) return { kind: 'binary', what: '音视频或图片文件|a media file' };
  if (startsWith(b, ascii('MZ')) && b.subarray(0, 64).includes(0)) return { kind: 'binary', what: '可执行程序|an executable' };
  return { kind: 'unknown' };
}

export function extensionOf(fileName: string): string {
  const base = fileName.split(/[\\/]/).pop() ?? '';
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(dot + 1).toLowerCase() : '';
}

const HTML_EXTENSIONS = new Set(['html', 'htm', 'shtml', 'xhtml', 'jsp', 'asp', 'aspx', 'php']);
const HTML_TAG =
  /<\/?(?:html|head|body|meta|title|p|div|span|br|table|tbody|tr|td|th|a|h[1-6]|li|ul|ol|font|strong|b|i|em|center|img|section|article|script|style|link)\b[^<>]{0,2000}>/gi;

/** HTML by content (doctype, <html>, or plenty of tags), or by extension when there are some tags. */
export function looksLikeHtml(text: string, fileName: string): boolean {
  const head = text.slice(0, 4096);
  if (/^\s*(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*)*<!doctype\s+html/i.test(head)) return true;
  if (/<html[\s>]/i.test(head)) return true;
  const sample = text.length > 200_000 ? text.slice(0, 200_000) : text;
  let tags = 0;
  HTML_TAG.lastIndex = 0;
  while (HTML_TAG.exec(sample) && tags < 10) tags++;
  return tags >= 10 || (tags >= 1 && HTML_EXTENSIONS.has(extensionOf(fileName)));
}
