import fc from 'fast-check';
import { PlanRefusedError } from '../../src/errors';
import { extractText } from '../../src/extract';
import { DEFAULT_PARSE_LIMITS } from '../../src/types';
import { expectRefusal } from './support/refusal';

const L = DEFAULT_PARSE_LIMITS;
const bytesOf = (...parts: (number[] | string)[]): Uint8Array =>
  new Uint8Array(parts.flatMap((p) => (typeof p === 'string' ? Array.from(Buffer.from(p, 'latin1')) : p)));
const padded = (head: Uint8Array, size: number, fill = 0): Uint8Array => {
  const out = new Uint8Array(size).fill(fill);
  out.set(head);
  return out;
};

describe('refused inputs', () => {
  it('refuses an old binary Word / WPS document (OLE2) with a save-as hint', async () => {
    const ole = padded(bytesOf([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), 4096);
    for (const name of ['要点.doc', '要点.wps', '要点.docx', 'noext']) {
      const err = await expectRefusal(extractText(ole, name, L), 'PLAN_LEGACY_DOC');
      expect(err.messageZh).toContain('请另存为 .docx 或 .pdf 后再导入');
    }
  });

  it('refuses PNG, JPEG and ELF / exe bytes as binary', async () => {
    const png = padded(bytesOf([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13], 'IHDR'), 200, 7);
    const err = await expectRefusal(extractText(png, 'plan.txt', L), 'PLAN_BINARY');
    expect(err.messageZh).toContain('PNG');
    await expectRefusal(extractText(padded(bytesOf([0xff, 0xd8, 0xff, 0xe0]), 100, 0x41), 'a.jpg', L), 'PLAN_BINARY');
    await expectRefusal(extractText(padded(bytesOf([0x7f], 'ELF', [2, 1, 1]), 512), 'plan', L), 'PLAN_BINARY');
    await expectRefusal(extractText(padded(bytesOf('MZ', [0x90, 0, 3, 0]), 512), 'setup.exe', L), 'PLAN_BINARY');
  });

  it('refuses bytes that are valid in no text encoding, or full of NULs', async () => {
    await expectRefusal(extractText(bytesOf([0x80, 0xff, 0x80, 0xff, 0xfe, 0x80]), 'x.txt', L), 'PLAN_BINARY');
    await expectRefusal(extractText(bytesOf('hello', [0, 0, 0], 'world'), 'x.txt', L), 'PLAN_BINARY');
    const controls = bytesOf(Array.from({ length: 300 }, (_, i) => (i % 7 === 0 ? 0x01 : 0x41)));
    await expectRefusal(extractText(controls, 'x.txt', L), 'PLAN_BINARY');
  });

  it('refuses empty and whitespace-only files', async () => {
    await expectRefusal(extractText(new Uint8Array(0), 'plan.txt', L), 'PLAN_EMPTY');
    await expectRefusal(extractText(new TextEncoder().encode(' \r\n\t\u3000\u3000\n'), 'plan.txt', L), 'PLAN_EMPTY');
    await expectRefusal(extractText(bytesOf([0xef, 0xbb, 0xbf], '\n\n'), 'plan.txt', L), 'PLAN_EMPTY');
  });

  it('refuses a file over the size limit before looking inside it', async () => {
    const limits = { ...L, maxFileBytes: 1024 };
    const err = await expectRefusal(extractText(new Uint8Array(1025).fill(0x41), 'plan.txt', limits), 'PLAN_TOO_LARGE');
    expect(err.messageZh).toContain('1 KB');
    // checked first: an over-size OLE2 file is "too large", not "legacy"
    const ole = padded(bytesOf([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), 2048);
    await expectRefusal(extractText(ole, 'a.doc', limits), 'PLAN_TOO_LARGE');
    await expect(extractText(new Uint8Array(1024).fill(0x41), 'plan.txt', limits)).resolves.toMatchObject({ format: 'txt' });
  });

  it('refuses RTF and non-Word zip archives as unsupported', async () => {
    await expectRefusal(extractText(new TextEncoder().encode('{\\rtf1\\ansi 一、总体要求}'), 'a.doc', L), 'PLAN_UNSUPPORTED_FORMAT');
  });

  it('never throws anything but PlanRefusedError on arbitrary bytes with arbitrary names', async () => {
    const magic = fc.constantFrom(
      [],
      [0x50, 0x4b, 0x03, 0x04],
      [0x50, 0x4b, 0x05, 0x06],
      Array.from(Buffer.from('%PDF-1.7\n')),
      [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1],
      [0xef, 0xbb, 0xbf],
      [0xff, 0xfe],
      [0xfe, 0xff],
      Array.from(Buffer.from('<!DOCTYPE html><html><meta charset="gbk"><body><div id="content">')),
    );
    await fc.assert(
      fc.asyncProperty(magic, fc.uint8Array({ maxLength: 2048 }), fc.string(), async (head, tail, name) => {
        const bytes = new Uint8Array([...head, ...tail]);
        try {
          const out = await extractText(bytes, name, { maxFileBytes: 4096, maxUnzippedBytes: 65536 });
          expect(typeof out.text).toBe('string');
          expect(out.text.trim()).not.toBe('');
        } catch (err) {
          if (!(err instanceof PlanRefusedError)) throw err;
        }
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 400) },
    );
  });
});
