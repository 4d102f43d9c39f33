import fc from 'fast-check';
import { contentDisposition, FALLBACK_DISPLAY_NAME, safeDisplayName } from '../src';

const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/; // eslint-disable-line no-control-regex
const utf8Length = (s: string): number => Buffer.byteLength(s, 'utf8');

describe('safeDisplayName', () => {
  it.each([
    ['东丽区2021年工作要点.docx', '东丽区2021年工作要点.docx'],
    ['../../etc/passwd', 'passwd'],
    ['..\\..\\Windows\\system32\\报告.pdf', '报告.pdf'],
    ['C:\\Users\\张三\\Desktop\\佐证材料.xlsx', '佐证材料.xlsx'],
    ['照片/', '照片'],
    ['..', FALLBACK_DISPLAY_NAME],
    ['', FALLBACK_DISPLAY_NAME],
    ['   ', FALLBACK_DISPLAY_NAME],
    ['\u0000\u0001', FALLBACK_DISPLAY_NAME],
    ['.pdf', `${FALLBACK_DISPLAY_NAME}.pdf`],
    ['报告\u0000.pdf', '报告.pdf'],
    ['invoice\u202Efdp.exe', 'invoicefdp.exe'],
    ['a\u2066b\u2069c.txt', 'abc.txt'],
    ['会议\n纪要\t2021.docx', '会议 纪要 2021.docx'],
    ['总结. . .', '总结'],
    ['e\u0301te\u0301.pdf', 'été.pdf'],
    ['\ud800孤立.txt', '孤立.txt'],
  ])('%j → %j', (input, expected) => {
    expect(safeDisplayName(input)).toBe(expected);
  });

  it('caps long names at 255 UTF-8 bytes and keeps the extension', () => {
    const name = `${'督办任务'.repeat(40)}.docx`;
    const out = safeDisplayName(name);
    expect(utf8Length(out)).toBeLessThanOrEqual(255);
    expect(out.endsWith('.docx')).toBe(true);
    expect(out.startsWith('督办任务督办')).toBe(true);
    // whole characters only: 250 bytes of 3-byte characters
    expect(utf8Length(out)).toBe(83 * 3 + 5);
    // emoji with skin tone stays whole or goes whole
    const emoji = safeDisplayName(`${'👍🏽'.repeat(40)}.jpg`);
    expect(utf8Length(emoji)).toBeLessThanOrEqual(255);
    expect(emoji).toMatch(/^(👍🏽)+\.jpg$/u);
  });

  it('property: never a separator, control or bidi character, at most 255 bytes, never empty, NFC', () => {
    const pieces = fc.oneof(
      fc.string({ unit: 'binary' }),
      fc.string({ unit: 'grapheme' }),
      fc.constantFrom('/', '\\', '..', '.', '\u202e', '\u2066', '\u0000', '\r\n', '督办', 'e\u0301', '.docx', ' ', '\ud83d'),
    );
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 40 }), (parts) => {
        const out = safeDisplayName(parts.join(''));
        expect(out.length).toBeGreaterThan(0);
        expect(out).not.toMatch(/[/\\]/);
        expect(out).not.toMatch(UNSAFE);
        expect(utf8Length(out)).toBeLessThanOrEqual(255);
        expect(out.normalize('NFC')).toBe(out);
        expect(out.trim()).toBe(out);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('contentDisposition', () => {
  it('gives an ASCII fallback and the UTF-8 name for Chinese names', () => {
    expect(contentDisposition('2021年工作总结.docx')).toBe(
      `attachment; filename="2021_.docx"; filename*=UTF-8''2021%E5%B9%B4%E5%B7%A5%E4%BD%9C%E6%80%BB%E7%BB%93.docx`,
    );
    expect(contentDisposition('佐证材料.pdf', 'inline')).toBe(
      `inline; filename="file.pdf"; filename*=UTF-8''%E4%BD%90%E8%AF%81%E6%9D%90%E6%96%99.pdf`,
    );
  });

  it('keeps plain ASCII names readable and encodes what RFC 5987 does not allow', () => {
    expect(contentDisposition('report (final) v2.pdf')).toBe(
      `attachment; filename="report (final) v2.pdf"; filename*=UTF-8''report%20%28final%29%20v2.pdf`,
    );
    expect(contentDisposition("it's 100%*.txt")).toBe(`attachment; filename="it's 100_*.txt"; filename*=UTF-8''it%27s%20100%25%2A.txt`);
  });

  it('removes quotes, backslashes, directories and control characters', () => {
    const header = contentDisposition('..\\../a"b\\c\r\nSet-Cookie: x=1.pdf');
    expect(header).not.toMatch(/[\r\n]/);
    expect(header).toBe(`attachment; filename="c Set-Cookie: x=1.pdf"; filename*=UTF-8''c%20Set-Cookie%3A%20x%3D1.pdf`);
    expect(contentDisposition('a"b.pdf')).toBe(`attachment; filename="a_b.pdf"; filename*=UTF-8''a%22b.pdf`);
    expect(contentDisposition('../../etc/passwd')).toBe(`attachment; filename="passwd"; filename*=UTF-8''passwd`);
    expect(contentDisposition('')).toBe(`attachment; filename="file"; filename*=UTF-8''%E6%9C%AA%E5%91%BD%E5%90%8D%E6%96%87%E4%BB%B6`);
  });

  it('property: the header is one line of printable ASCII with a decodable filename*', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (name) => {
        const header = contentDisposition(name);
        expect(header).toMatch(/^attachment; filename="[\x20-\x7e]*"; filename\*=UTF-8''[A-Za-z0-9!#$&+\-.^_`|~%]+$/);
        const fallback = /filename="([^"]*)"/.exec(header)?.[1] ?? '';
        expect(fallback).not.toMatch(/[\\"]/);
        const encoded = header.split("UTF-8''")[1];
        expect(decodeURIComponent(encoded)).toBe(safeDisplayName(name));
      }),
      { numRuns: 1000 },
    );
  });
});
