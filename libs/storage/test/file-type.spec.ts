import { Document, Packer, Paragraph } from 'docx';
import JSZip from 'jszip';
import { detectFileType, type FileTypeResult } from '../src';

const bytes = (...parts: Array<number[] | string | Buffer>): Buffer =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.isBuffer(p) ? p : Buffer.from(p))));

/** pads a header to a realistic head length, so detectors that read past the magic bytes have data */
const padded = (head: Buffer, length = 512, fill = 0x20): Buffer =>
  Buffer.concat([head, Buffer.alloc(Math.max(0, length - head.length), fill)]);

const u32le = (n: number): number[] => [n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff, (n >>> 24) & 0xff];
const u32be = (n: number): number[] => [(n >>> 24) & 0xff, (n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff];

const samples = {
  pdf: bytes('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n'),
  jpg: padded(bytes([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10], 'JFIF\0', [0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00]), 64, 0),
  png: bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], u32be(13), 'IHDR', u32be(1), u32be(1), [8, 2, 0, 0, 0], u32be(0x907753de)),
  gif: padded(bytes('GIF89a', [1, 0, 1, 0, 0x80, 0, 0]), 64, 0),
  webp: padded(bytes('RIFF', u32le(26), 'WEBPVP8 ', u32le(14), [0x30, 0x01, 0x00, 0x9d, 0x01, 0x2a, 1, 0, 1, 0]), 64, 0),
  mp4: padded(bytes(u32be(24), 'ftypisom', u32be(0x200), 'isomiso2', u32be(8), 'free'), 64, 0),
  mov: padded(bytes(u32be(20), 'ftypqt  ', u32be(0x200), 'qt  ', u32be(8), 'wide'), 64, 0),
  mp3: padded(bytes('ID3', [4, 0, 0, 0, 0, 0, 0], [0xff, 0xfb, 0x90, 0x64]), 512, 0),
  wav: padded(
    bytes('RIFF', u32le(36), 'WAVEfmt ', u32le(16), [1, 0, 1, 0], u32le(8000), u32le(16000), [2, 0, 16, 0], 'data', u32le(0)),
    64,
    0,
  ),
  rar: padded(bytes([0x52, 0x61, 0x72, 0x21, 0x1a, 0x07, 0x01, 0x00]), 64, 0),
  '7z': padded(bytes([0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c, 0x00, 0x04]), 64, 0),
};

/** an OLE2 compound file header whose first directory sector (sector 0, at 512) holds the given entries */
function ole2(entries: Array<{ name: string; type: number; clsid?: string }>, firstDirSector = 0): Buffer {
  const file = Buffer.alloc(512 * 3);
  Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(file, 0);
  file.writeUInt16LE(0x003e, 0x18); // minor version
  file.writeUInt16LE(0x0003, 0x1a); // major version 3
  file.writeUInt16LE(0xfffe, 0x1c); // little-endian
  file.writeUInt16LE(9, 0x1e); // 512-byte sectors
  file.writeUInt16LE(6, 0x20);
  file.writeUInt32LE(firstDirSector, 0x30);
  entries.forEach((entry, i) => {
    const at = 512 + i * 128;
    const name = Buffer.from(`${entry.name}\0`, 'utf16le');
    name.copy(file, at);
    file.writeUInt16LE(name.length, at + 0x40);
    file[at + 0x42] = entry.type;
    if (entry.clsid) Buffer.from(entry.clsid, 'hex').copy(file, at + 0x50);
  });
  return file;
}
const WORD_CLSID = '0609020000000000c000000000000046';
const MSI_CLSID = '8410c00000000000c000000000000046';

async function ooxml(kind: 'docx' | 'xlsx' | 'pptx', contentTypesFirst: boolean): Promise<Buffer> {
  const main = { docx: 'word/document.xml', xlsx: 'xl/workbook.xml', pptx: 'ppt/presentation.xml' }[kind];
  const mainType = {
    docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml',
    xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml',
    pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml',
  }[kind];
  const contentTypes =
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
    `<Default Extension="xml" ContentType="application/xml"/><Override PartName="/${main}" ContentType="${mainType}"/></Types>`;
  const rels =
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
    `<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="${main}"/></Relationships>`;
  const zip = new JSZip();
  if (contentTypesFirst) zip.file('[Content_Types].xml', contentTypes);
  zip.file(main, `<?xml version="1.0"?><root>${'督办任务'.repeat(50)}</root>`);
  zip.file('_rels/.rels', rels);
  if (!contentTypesFirst) zip.file('[Content_Types].xml', contentTypes);
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

const head = (file: Buffer): Buffer => file.subarray(0, 4100);

function expectOk(result: FileTypeResult, ext: string, extra: Record<string, unknown> = {}): void {
  expect(result).toMatchObject({ ok: true, ext, ...extra });
  if (result.ok) expect(result.label).toMatch(/[\u4e00-\u9fff]/);
}

function expectRefused(result: FileTypeResult, detected?: string): void {
  expect(result).toMatchObject({ ok: false, code: 'EVIDENCE_TYPE_NOT_ALLOWED' });
  if (!result.ok) expect(result.messageZh).toMatch(/[\u4e00-\u9fff]/);
  if (detected && !result.ok) expect(result.detected).toBe(detected);
}

describe('detectFileType', () => {
  it.each(Object.entries(samples))('accepts %s by its magic bytes', async (ext, file) => {
    expectOk(await detectFileType(head(file), `佐证材料.${ext}`), ext, { basis: 'content', extensionMismatch: false });
  });

  it('accepts a .docx built with the docx package, from its first 4100 bytes', async () => {
    const doc = new Document({ sections: [{ children: [new Paragraph('2021 年工作要点 佐证材料')] }] });
    const file = await Packer.toBuffer(doc);
    // the docx package writes [Content_Types].xml last, so file-type alone says "zip" for the head
    const result = await detectFileType(head(file), '会议纪要.docx');
    expectOk(result, 'docx', { basis: 'content', mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' });
    // content decides, even when the name says zip
    expectOk(await detectFileType(head(file), '材料.zip'), 'docx', { extensionMismatch: true, claimedExt: 'zip' });
  });

  it.each([
    ['xlsx', true],
    ['xlsx', false],
    ['pptx', true],
    ['pptx', false],
    ['docx', true],
  ] as const)('accepts a minimal %s zip ([Content_Types].xml first: %s)', async (kind, first) => {
    expectOk(await detectFileType(head(await ooxml(kind, first)), `任务分解表.${kind}`), kind, { basis: 'content' });
  });

  it('accepts a plain zip, and a zip named .docx whose head does not show OOXML as docx by name', async () => {
    const zip = new JSZip();
    zip.file('照片/现场1.jpg', samples.jpg);
    zip.file('说明.txt', '现场照片');
    const file = await zip.generateAsync({ type: 'nodebuffer' });
    expectOk(await detectFileType(head(file), '现场照片.zip'), 'zip', { basis: 'content' });
    expectOk(await detectFileType(head(file), '现场照片.docx'), 'docx', { basis: 'content+name' });
  });

  it('tells doc / wps / msi apart in OLE2 files', async () => {
    const word = ole2([{ name: 'Root Entry', type: 5, clsid: WORD_CLSID }]);
    expectOk(await detectFileType(word, '通知.doc'), 'doc', { basis: 'content', extensionMismatch: false });
    expectOk(await detectFileType(word, '通知.wps'), 'wps', { basis: 'content' });
    expectOk(await detectFileType(word, '通知.xls'), 'doc', { extensionMismatch: true });
    const byStream = ole2([
      { name: 'Root Entry', type: 5 },
      { name: 'Workbook', type: 2 },
    ]);
    expectOk(await detectFileType(byStream, '统计表.et'), 'et', { basis: 'content' });
    expectOk(await detectFileType(byStream, '统计表.xls'), 'xls', { basis: 'content' });

    // directory beyond the head: the name picks the member of the family, if it names one
    const hidden = ole2([], 40);
    expectOk(await detectFileType(hidden, '汇报.ppt'), 'ppt', { basis: 'content+name' });
    expectOk(await detectFileType(hidden, '汇报.dps'), 'dps', { basis: 'content+name' });
    expectRefused(await detectFileType(hidden, '汇报.pdf'), 'cfb');

    expectRefused(await detectFileType(ole2([{ name: 'Root Entry', type: 5, clsid: MSI_CLSID }]), '安装包.doc'), 'msi');
  });

  it('accepts UTF-8, GB18030 and UTF-16 text named .txt or .csv', async () => {
    const utf8 = Buffer.from('\ufeff序号,任务,责任单位\n1,新增学前学位2430个,基础教育科\n', 'utf8');
    expectOk(await detectFileType(utf8, '任务分解表.csv'), 'csv', { encoding: 'utf-8', mime: 'text/csv; charset=utf-8' });
    // 中文测试 in GB18030
    const gb = bytes([0xd6, 0xd0, 0xce, 0xc4, 0xb2, 0xe2, 0xca, 0xd4], '\r\n');
    expect(new TextDecoder('gb18030').decode(gb)).toBe('中文测试\r\n');
    expectOk(await detectFileType(gb, '说明.txt'), 'txt', { encoding: 'gb18030', mime: 'text/plain; charset=gb18030' });
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('序号\t任务\r\n', 'utf16le')]);
    expectOk(await detectFileType(utf16, '导出.txt'), 'txt', { encoding: 'utf-16le' });
    // a UTF-8 sequence cut by the end of the head is not an error
    const cut = Buffer.from('督办'.repeat(2000), 'utf8').subarray(0, 4100);
    expectOk(await detectFileType(cut, '长文本.txt'), 'txt');
  });

  it('refuses text that claims another type, scripts and markup', async () => {
    expectRefused(await detectFileType(Buffer.from('not really a pdf', 'utf8'), '报告.pdf'), 'text');
    expectRefused(await detectFileType(Buffer.from('#!/bin/sh\nrm -rf /\n'), '说明.txt'), 'script');
    expectRefused(await detectFileType(Buffer.from('#!/usr/bin/env python3\n'), '报告.pdf'), 'script');
    expectRefused(await detectFileType(Buffer.from('<!DOCTYPE html><html><script>alert(1)</script>'), '说明.txt'), 'html');
    expectRefused(await detectFileType(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'), 'a.txt'), 'html');
  });

  it('refuses renamed executables whatever their name says', async () => {
    const elf = padded(bytes([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0], Buffer.alloc(8), [2, 0, 0x3e, 0, 1, 0, 0, 0]), 256, 0);
    expectRefused(await detectFileType(elf, '工作总结.pdf'), 'elf');
    const pe = Buffer.alloc(512);
    pe.write('MZ', 0, 'latin1');
    pe.writeUInt32LE(0x80, 0x3c);
    pe.write('PE\0\0', 0x80, 'latin1');
    expectRefused(await detectFileType(pe, '工作总结.pdf'), 'exe');
    expectRefused(await detectFileType(pe, '照片.jpg'), 'exe');
    expectRefused(await detectFileType(padded(bytes([0xcf, 0xfa, 0xed, 0xfe, 7, 0, 0, 1]), 64, 0), '汇报.pptx'), 'macho');
    expectRefused(await detectFileType(padded(bytes([0xca, 0xfe, 0xba, 0xbe, 0, 0, 0, 0x34]), 64, 0), 'x.docx'), 'macho');
  });

  it('refuses dangerous names even with allowed content', async () => {
    expectRefused(await detectFileType(samples.pdf, '通知.pdf.exe'), 'name:exe');
    expectRefused(await detectFileType(samples.pdf, '通知.hta'), 'name:hta');
    expectRefused(await detectFileType(head(await ooxml('docx', true)), '宏.docm'), 'name:docm');
  });

  it('accepts an allowed type under another allowed name with the detected type and reports the mismatch', async () => {
    expectOk(await detectFileType(samples.png, '照片.jpg'), 'png', { claimedExt: 'jpg', extensionMismatch: true, mime: 'image/png' });
    expectOk(await detectFileType(samples.jpg, '照片.JPEG'), 'jpg', { claimedExt: 'jpeg', extensionMismatch: false });
    expectOk(await detectFileType(samples.pdf, '扫描件'), 'pdf', { claimedExt: '', extensionMismatch: true });
  });

  it('refuses unknown binary and types outside the allowlist', async () => {
    expectRefused(await detectFileType(Buffer.from([0x00, 0x01, 0x02, 0x03, 0x00, 0xff, 0x10, 0x00]), '数据.pdf'), 'unknown');
    expectRefused(await detectFileType(padded(bytes([0x1f, 0x8b, 0x08, 0x00]), 64, 0), '备份.gz'), 'gz');
    expectRefused(await detectFileType(padded(bytes('II*\0', u32le(8)), 64, 0), '扫描.tif'), 'tif');
  });

  it('refuses empty files with EVIDENCE_EMPTY', async () => {
    const result = await detectFileType(new Uint8Array(0), '空文件.pdf');
    expect(result).toMatchObject({ ok: false, code: 'EVIDENCE_EMPTY' });
  });
});
