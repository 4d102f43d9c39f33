import { nativeRequire } from '@duban/native-require';

/**
 * What evidence (佐证材料) may be: decided by the bytes, against an allowlist. The file name's
 * extension is only a claim; see {@link detectFileType} for how the two are reconciled.
 */
export const EVIDENCE_TYPES = {
  pdf: { mime: 'application/pdf', label: 'PDF 文档' },
  docx: { mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', label: 'Word 文档' },
  xlsx: { mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', label: 'Excel 工作簿' },
  pptx: { mime: 'application/vnd.openxmlformats-officedocument.presentationml.presentation', label: 'PowerPoint 演示文稿' },
  doc: { mime: 'application/msword', label: 'Word 97-2003 文档' },
  xls: { mime: 'application/vnd.ms-excel', label: 'Excel 97-2003 工作簿' },
  ppt: { mime: 'application/vnd.ms-powerpoint', label: 'PowerPoint 97-2003 演示文稿' },
  wps: { mime: 'application/wps-office.wps', label: 'WPS 文字文档' },
  et: { mime: 'application/wps-office.et', label: 'WPS 表格' },
  dps: { mime: 'application/wps-office.dps', label: 'WPS 演示文稿' },
  jpg: { mime: 'image/jpeg', label: 'JPEG 图片' },
  png: { mime: 'image/png', label: 'PNG 图片' },
  gif: { mime: 'image/gif', label: 'GIF 图片' },
  webp: { mime: 'image/webp', label: 'WebP 图片' },
  mp4: { mime: 'video/mp4', label: 'MP4 视频' },
  mov: { mime: 'video/quicktime', label: 'MOV 视频' },
  mp3: { mime: 'audio/mpeg', label: 'MP3 音频' },
  wav: { mime: 'audio/wav', label: 'WAV 音频' },
  zip: { mime: 'application/zip', label: 'ZIP 压缩包' },
  rar: { mime: 'application/vnd.rar', label: 'RAR 压缩包' },
  '7z': { mime: 'application/x-7z-compressed', label: '7z 压缩包' },
  txt: { mime: 'text/plain; charset=utf-8', label: '纯文本' },
  csv: { mime: 'text/csv; charset=utf-8', label: 'CSV 表格' },
} as const;

export type EvidenceExt = keyof typeof EVIDENCE_TYPES;

export type TextEncodingName = 'utf-8' | 'gb18030' | 'utf-16le' | 'utf-16be';

export type FileTypeResult =
  | {
      ok: true;
      ext: EvidenceExt;
      mime: string;
      label: string;
      /**
       * `content`: the bytes alone identify the type. `content+name`: the bytes identify the
       * family (a ZIP whose first entries do not show it is OOXML, an OLE2 file whose directory is
       * beyond the head, plain text), the file name picks the member.
       */
      basis: 'content' | 'content+name';
      /** the extension of the file name, lower-case, without the dot ('' when none) */
      claimedExt: string;
      /** the name claims another type than the content has (e.g. a PNG named `.jpg`) */
      extensionMismatch: boolean;
      /** for txt / csv */
      encoding?: TextEncodingName;
    }
  | {
      ok: false;
      code: 'EVIDENCE_TYPE_NOT_ALLOWED' | 'EVIDENCE_EMPTY';
      messageZh: string;
      /** what the content looks like, when known: a file-type extension (`exe`, `elf`…) or `script`, `html`, `unknown`… */
      detected?: string;
    };

/** bytes to read before calling {@link detectFileType} (file-type's own recommendation) */
export const SNIFF_BYTES = 4100;

const ALLOWED_SUMMARY =
  'PDF、Word（doc/docx）、Excel（xls/xlsx）、PowerPoint（ppt/pptx）、WPS（wps/et/dps）、图片（JPG/PNG/GIF/WebP）、' +
  '音视频（MP4/MOV/MP3/WAV）、压缩包（ZIP/RAR/7z）和纯文本（TXT/CSV）';

/** extensions a name may claim for the same type */
const EXT_ALIASES: Record<string, EvidenceExt> = { jpeg: 'jpg', jpe: 'jpg', jfif: 'jpg', qt: 'mov', m4v: 'mp4', text: 'txt' };

/**
 * Names that an operating system would run or a browser would render as active content when the
 * downloaded file is opened. Refused whatever the bytes are: a PDF/HTA polyglot named `.hta`
 * runs in mshta, a JPEG named `.exe` is at best a broken download.
 */
// prettier-ignore
const DANGEROUS_EXTS = new Set([
  'exe', 'dll', 'com', 'scr', 'pif', 'cpl', 'msi', 'msp', 'mst', 'msc', 'bat', 'cmd', 'ps1', 'psm1', 'vbs', 'vbe', 'js', 'jse',
  'mjs', 'wsf', 'wsh', 'wsc', 'hta', 'lnk', 'url', 'reg', 'inf', 'scf', 'jar', 'apk', 'app', 'dmg', 'pkg', 'deb', 'rpm', 'sh',
  'bash', 'zsh', 'csh', 'ksh', 'command', 'run', 'bin', 'elf', 'so', 'dylib', 'py', 'pyc', 'pl', 'rb', 'php', 'asp', 'aspx',
  'jsp', 'html', 'htm', 'xhtml', 'shtml', 'mht', 'mhtml', 'svg', 'svgz', 'xml', 'xsl', 'swf', 'iso', 'img', 'vhd', 'vhdx',
  'docm', 'xlsm', 'pptm', 'dotm', 'xltm', 'potm', 'ppsm', 'xlam', 'ppam', 'chm', 'gadget', 'appref-ms', 'application', 'library-ms',
]);

/** file-type results that are programs: named in the refusal message */
const EXECUTABLE_TYPES = new Set(['exe', 'elf', 'macho', 'class', 'dex', 'wasm', 'apk', 'jar', 'xpi', 'crx', 'msi', 'deb', 'rpm', 'lnk']);

/** the part of file-type 21 used here (ESM-only; loaded with Node's own require, see native-require.ts) */
interface FileTypeModule {
  fileTypeFromBuffer(buffer: Uint8Array): Promise<{ ext: string; mime: string } | undefined>;
}
let fileTypeModule: FileTypeModule | undefined;

/**
 * Decides what an uploaded file is from its first bytes (pass at least {@link SNIFF_BYTES}, or the
 * whole file when shorter) and whether it is allowed as evidence.
 *
 * - The content decides. An allowed type under another allowed type's extension (a PNG named
 *   `.jpg`, a DOCX named `.doc`) is accepted with the detected type and `extensionMismatch`; the
 *   caller should store and serve the detected type.
 * - Programs and scripts are refused by content (ELF, PE `MZ`, Mach-O, Java class, `#!` scripts,
 *   HTML/SVG) and by name (`.exe`, `.bat`, `.hta`, `.js`, macro-enabled Office…) whatever the content.
 * - Families the head cannot split are split by name: a ZIP is `docx`/`xlsx`/`pptx` when its
 *   entries say so (file-type reads `[Content_Types].xml`; the `docx` package and others put it
 *   last, so word/ xl/ ppt/ entry names are used too) or, failing that, when the name claims one;
 *   an OLE2 compound file is doc/xls/ppt (or WPS's wps/et/dps) by its root CLSID or stream names
 *   when visible in the head, else by the name — and refused when neither tells (MSI installers and
 *   Outlook messages are OLE2 too).
 * - Text (no magic number) must be valid UTF-8, GB18030 or BOM-marked UTF-16 without NULs or
 *   stray control characters, and must be named `.txt` or `.csv`.
 */
export async function detectFileType(head: Uint8Array, fileName: string): Promise<FileTypeResult> {
  if (head.length === 0) {
    return { ok: false, code: 'EVIDENCE_EMPTY', messageZh: '文件为空（0 字节），请检查后重新上传。' };
  }
  const claimedExt = extensionOf(fileName);
  if (DANGEROUS_EXTS.has(claimedExt)) {
    return refuse(`不能上传 .${claimedExt} 类型的文件：此类文件可能被当作程序或网页执行。`, `name:${claimedExt}`);
  }
  const executable = executableSignature(head);
  if (executable) return refuseExecutable(executable);

  // a UTF-16 byte-order mark (FF FE) also looks like an MPEG audio frame sync to file-type
  if ((startsWith(head, [0xff, 0xfe]) || startsWith(head, [0xfe, 0xff])) && decodeText(head)) return detectText(head, claimedExt);

  fileTypeModule ??= nativeRequire('file-type') as FileTypeModule;
  const detected = await fileTypeModule.fileTypeFromBuffer(head);
  if (!detected) return detectText(head, claimedExt);
  if (EXECUTABLE_TYPES.has(detected.ext)) return refuseExecutable(detected.ext);

  switch (detected.ext) {
    case 'docx':
    case 'xlsx':
    case 'pptx':
      return accept(detected.ext, claimedExt, 'content');
    case 'zip':
      return detectZip(head, claimedExt);
    case 'cfb':
      return detectOle2(head, claimedExt);
    default: {
      const ext = normaliseExt(detected.ext);
      if (ext && ext !== 'txt' && ext !== 'csv') return accept(ext, claimedExt, 'content');
      return refuse(`不支持的文件类型（检测为 ${detected.ext.toUpperCase()}）。佐证材料仅支持${ALLOWED_SUMMARY}。`, detected.ext);
    }
  }
}

function accept(ext: EvidenceExt, claimedExt: string, basis: 'content' | 'content+name', encoding?: TextEncodingName): FileTypeResult {
  const type = EVIDENCE_TYPES[ext];
  const claimed = normaliseExt(claimedExt);
  return {
    ok: true,
    ext,
    mime: encoding && encoding !== 'utf-8' ? type.mime.replace('utf-8', encoding) : type.mime,
    label: type.label,
    basis,
    claimedExt,
    extensionMismatch: claimed !== ext,
    ...(encoding ? { encoding } : {}),
  };
}

function refuse(messageZh: string, detected?: string): FileTypeResult {
  return { ok: false, code: 'EVIDENCE_TYPE_NOT_ALLOWED', messageZh, ...(detected ? { detected } : {}) };
}

function refuseExecutable(kind: string): FileTypeResult {
  return refuse(`该文件是可执行程序或脚本（${kind}），不能作为佐证材料上传。佐证材料仅支持${ALLOWED_SUMMARY}。`, kind);
}

function extensionOf(fileName: string): string {
  const base = fileName.split(/[/\\]/).pop() ?? '';
  const dot = base.lastIndexOf('.');
  return dot > 0 || (dot === 0 && base.length > 1)
    ? base
        .slice(dot + 1)
        .trim()
        .toLowerCase()
    : '';
}

function normaliseExt(ext: string): EvidenceExt | undefined {
  if (Object.hasOwn(EVIDENCE_TYPES, ext)) return ext as EvidenceExt;
  return EXT_ALIASES[ext];
}

function startsWith(head: Uint8Array, bytes: readonly number[], offset = 0): boolean {
  if (head.length < offset + bytes.length) return false;
  return bytes.every((b, i) => head[offset + i] === b);
}

/** Programs recognised by their first bytes, checked before anything else. */
function executableSignature(head: Uint8Array): string | undefined {
  if (startsWith(head, [0x7f, 0x45, 0x4c, 0x46])) return 'elf';
  if (startsWith(head, [0x4d, 0x5a])) return 'exe'; // MZ: DOS/PE, also .dll .scr .sys
  const be = [0xfe, 0xed, 0xfa];
  const le = [0xfa, 0xed, 0xfe];
  if (
    (startsWith(head, be) && (head[3] === 0xce || head[3] === 0xcf)) ||
    (startsWith(head, le, 1) && (head[0] === 0xce || head[0] === 0xcf))
  ) {
    return 'macho';
  }
  // 0xCAFEBABE is both a Mach-O universal binary and a Java class file: neither is evidence
  if (startsWith(head, [0xca, 0xfe, 0xba, 0xbe])) return 'macho';
  if (startsWith(head, [0x23, 0x21])) return 'script'; // #!
  if (startsWith(head, [0xef, 0xbb, 0xbf, 0x23, 0x21])) return 'script';
  if (startsWith(head, [0x00, 0x61, 0x73, 0x6d])) return 'wasm';
  return undefined;
}

// ---- ZIP and OOXML -------------------------------------------------------------------------

const OOXML_BY_DIR: Array<[string, EvidenceExt]> = [
  ['word/', 'docx'],
  ['xl/', 'xlsx'],
  ['ppt/', 'pptx'],
];

/** entry names of the local file headers that lie wholly inside the head */
function zipEntryNames(head: Uint8Array): string[] {
  const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
  const names: string[] = [];
  let at = 0;
  while (at + 30 <= head.length && view.getUint32(at, true) === 0x04034b50) {
    const flags = view.getUint16(at + 6, true);
    const compressed = view.getUint32(at + 18, true);
    const nameLength = view.getUint16(at + 26, true);
    const extraLength = view.getUint16(at + 28, true);
    if (at + 30 + nameLength > head.length) break;
    names.push(Buffer.from(head.subarray(at + 30, at + 30 + nameLength)).toString('utf8'));
    // a data descriptor (flag bit 3) means the size is not in the header: stop walking
    if (flags & 0x08) break;
    at += 30 + nameLength + extraLength + compressed;
  }
  return names;
}

function detectZip(head: Uint8Array, claimedExt: string): FileTypeResult {
  const names = zipEntryNames(head);
  for (const [dir, ext] of OOXML_BY_DIR) {
    // word/document.xml, xl/workbook.xml… with _rels/.rels or [Content_Types].xml: an OOXML package
    if (names.some((n) => n.startsWith(dir) && n.endsWith('.xml'))) {
      if (names.some((n) => n === '[Content_Types].xml' || n.startsWith('_rels/') || n.startsWith(`${dir}_rels/`))) {
        return accept(ext, claimedExt, 'content');
      }
    }
  }
  const claimed = normaliseExt(claimedExt);
  if (claimed === 'docx' || claimed === 'xlsx' || claimed === 'pptx') return accept(claimed, claimedExt, 'content+name');
  return accept('zip', claimedExt, 'content');
}

// ---- OLE2 compound files (doc, xls, ppt, wps, et, dps; also msi, msg) ------------------------

type OleFamily = 'doc' | 'xls' | 'ppt';

/** root storage CLSIDs (as stored, little-endian fields) → family */
const OLE_CLSIDS: Array<[string, OleFamily | 'refuse']> = [
  ['0609020000000000c000000000000046', 'doc'], // Word.Document.8 {00020906-…}
  ['0009020000000000c000000000000046', 'doc'], // Word 6/95 {00020900-…}
  ['2008020000000000c000000000000046', 'xls'], // Excel.Sheet.8 {00020820-…}
  ['1008020000000000c000000000000046', 'xls'], // Excel 5/95 {00020810-…}
  ['108d81649b4fcf1186ea00aa00b929e8', 'ppt'], // PowerPoint.Show.8 {64818D10-4F9B-11CF-86EA-00AA00B929E8}
  ['8410c00000000000c000000000000046', 'refuse'], // Windows Installer package {000C1084-…}
  ['8610c00000000000c000000000000046', 'refuse'], // Windows Installer patch {000C1086-…}
];

const OLE_STREAMS: Array<[string, OleFamily]> = [
  ['WordDocument', 'doc'],
  ['Workbook', 'xls'],
  ['Book', 'xls'],
  ['PowerPoint Document', 'ppt'],
];

const OLE_EXT: Record<OleFamily, { ms: EvidenceExt; wps: EvidenceExt }> = {
  doc: { ms: 'doc', wps: 'wps' },
  xls: { ms: 'xls', wps: 'et' },
  ppt: { ms: 'ppt', wps: 'dps' },
};

function oleFamilyOfExt(ext: string): OleFamily | undefined {
  if (ext === 'doc' || ext === 'wps' || ext === 'dot') return 'doc';
  if (ext === 'xls' || ext === 'et' || ext === 'xlt') return 'xls';
  if (ext === 'ppt' || ext === 'dps' || ext === 'pps' || ext === 'pot') return 'ppt';
  return undefined;
}

/** the family from the directory entries that lie inside the head, if any do */
function oleFamilyFromHead(head: Uint8Array): OleFamily | 'refuse' | undefined {
  if (head.length < 512) return undefined;
  const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
  const sectorShift = view.getUint16(0x1e, true);
  const firstDirSector = view.getUint32(0x30, true);
  if (sectorShift === 9 || sectorShift === 12) {
    const dirOffset = (firstDirSector + 1) * 2 ** sectorShift;
    // the first directory entry is the root storage; its CLSID says which application wrote the file
    if (dirOffset + 128 <= head.length && head[dirOffset + 0x42] === 5) {
      const clsid = Buffer.from(head.subarray(dirOffset + 0x50, dirOffset + 0x60)).toString('hex');
      const known = OLE_CLSIDS.find(([id]) => id === clsid);
      if (known) return known[1];
    }
    // stream names of any directory entries in the head (UTF-16LE, length in bytes incl. NUL at 0x40)
    for (let at = 512; at + 128 <= head.length; at += 128) {
      const nameBytes = view.getUint16(at + 0x40, true);
      const type = head[at + 0x42];
      if (nameBytes < 4 || nameBytes > 64 || nameBytes % 2 !== 0 || type !== 2) continue;
      const name = Buffer.from(head.subarray(at, at + nameBytes - 2)).toString('utf16le');
      const stream = OLE_STREAMS.find(([n]) => n === name);
      if (stream) return stream[1];
    }
  }
  return undefined;
}

function detectOle2(head: Uint8Array, claimedExt: string): FileTypeResult {
  const fromHead = oleFamilyFromHead(head);
  if (fromHead === 'refuse') return refuseExecutable('msi');
  const claimedFamily = oleFamilyOfExt(claimedExt);
  const isWps = claimedExt === 'wps' || claimedExt === 'et' || claimedExt === 'dps';
  if (fromHead) return accept(OLE_EXT[fromHead][isWps ? 'wps' : 'ms'], claimedExt, 'content');
  if (claimedFamily) {
    // WPS's own formats are the Word/Excel/PowerPoint binary formats under Kingsoft's extensions
    return accept(OLE_EXT[claimedFamily][isWps ? 'wps' : 'ms'], claimedExt, 'content+name');
  }
  return refuse(
    `无法确认该 Office 二进制文件的类型（扩展名 .${claimedExt || '无'}）。请另存为 docx / xlsx / pptx 或 PDF 后再上传。`,
    'cfb',
  );
}

// ---- plain text --------------------------------------------------------------------------------

/** C0 controls other than TAB LF VT FF CR SUB (old DOS EOF) and ESC, plus DEL */
function hasStrayControl(text: string): boolean {
  // eslint-disable-next-line no-control-regex
  return /[\u0000-\u0008\u000e-\u0019\u001c-\u001f\u007f]/.test(text);
}

/** decodes text; a multi-byte sequence cut off at the end of the head is forgiven */
function decodeStrict(bytes: Uint8Array, encoding: TextEncodingName): string | undefined {
  for (let cut = 0; cut <= 3 && cut < bytes.length; cut++) {
    try {
      return new TextDecoder(encoding, { fatal: true, ignoreBOM: false }).decode(bytes.subarray(0, bytes.length - cut));
    } catch {
      // try again without the last byte(s)
    }
  }
  return undefined;
}

function decodeText(head: Uint8Array): { text: string; encoding: TextEncodingName } | undefined {
  if (startsWith(head, [0xff, 0xfe]) || startsWith(head, [0xfe, 0xff])) {
    const encoding = head[0] === 0xff ? 'utf-16le' : 'utf-16be';
    const even = head.subarray(0, head.length - (head.length % 2));
    const text = decodeStrict(even, encoding);
    return text !== undefined && !text.includes('\u0000') ? { text, encoding } : undefined;
  }
  if (head.includes(0)) return undefined;
  const utf8 = decodeStrict(head, 'utf-8');
  if (utf8 !== undefined) return { text: utf8, encoding: 'utf-8' };
  const gb = decodeStrict(head, 'gb18030');
  if (gb !== undefined) return { text: gb, encoding: 'gb18030' };
  return undefined;
}

const MARKUP = /^\s*<(?:!doctype\s+html|html|head|body|script|svg|iframe|object|embed|\?xml)[\s>/]/i;

function detectText(head: Uint8Array, claimedExt: string): FileTypeResult {
  const decoded = decodeText(head);
  if (!decoded || hasStrayControl(decoded.text)) {
    return refuse(`无法识别的文件类型。佐证材料仅支持${ALLOWED_SUMMARY}。`, 'unknown');
  }
  const text = decoded.text.replace(/^\uFEFF/, '');
  if (text.startsWith('#!')) return refuseExecutable('script');
  if (MARKUP.test(text)) return refuse('网页、SVG 或 XML 文件不能作为佐证材料上传，请转换为 PDF 后再上传。', 'html');
  const claimed = normaliseExt(claimedExt);
  if (claimed !== 'txt' && claimed !== 'csv') {
    // text has no magic number: the name is the only claim, and a "PDF" that is text is not a PDF
    return refuse(
      `该文件是纯文本，但扩展名为 .${claimedExt || '（无）'}。纯文本请以 .txt 或 .csv 为扩展名上传；其他文档请上传原始文件。`,
      'text',
    );
  }
  return accept(claimed, claimedExt, 'content+name', decoded.encoding);
}
