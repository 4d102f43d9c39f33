// Mutation fuzzing: damaged versions of valid documents of every format must be refused with a
// PlanRefusedError (or still extract), never crash with anything else.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AlignmentType, Document, LevelFormat, Packer, Paragraph, Table, TableCell, TableRow } from 'docx';
import fc from 'fast-check';
import { PlanRefusedError } from '../../src/errors';
import { extractText } from '../../src/extract';
import { buildPdf, linesPage } from './support/pdf-writer';

const LIMITS = { maxFileBytes: 1024 * 1024, maxUnzippedBytes: 4 * 1024 * 1024 };
const RUNS = Number(process.env.FUZZ_RUNS ?? 150);

async function seeds(): Promise<Uint8Array[]> {
  const doc = new Document({
    numbering: {
      config: [
        {
          reference: 'n',
          levels: [{ level: 0, format: LevelFormat.CHINESE_COUNTING, text: '%1、', alignment: AlignmentType.LEFT }],
        },
      ],
    },
    sections: [
      {
        children: [
          new Paragraph({ text: '总体要求', numbering: { reference: 'n', level: 0 } }),
          new Table({ rows: [new TableRow({ children: [new TableCell({ children: [new Paragraph('指标')] })] })] }),
        ],
      },
    ],
  });
  return [
    new Uint8Array(await Packer.toBuffer(doc)),
    buildPdf([linesPage(['一、总体要求', '1.新增学位2430个'], '— 1 —'), { kind: 'image' }]),
    new Uint8Array(readFileSync(join(__dirname, 'fixtures', 'gov-page-gbk.html'))),
    new Uint8Array(readFileSync(join(__dirname, 'fixtures', 'plan-gb18030-crlf.txt'))),
    new Uint8Array(readFileSync(join(__dirname, 'fixtures', 'plan-utf16le-bom.txt'))),
  ];
}

describe('mutation fuzzing', () => {
  let inputs: Uint8Array[] = [];
  beforeAll(async () => {
    inputs = await seeds();
  });

  it('damaged documents are refused cleanly or still extracted', async () => {
    const mutation = fc.record({
      seed: fc.nat(),
      flips: fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 12 }),
      cut: fc.option(fc.nat(), { nil: undefined }),
      name: fc.constantFrom('a.docx', 'a.pdf', 'a.html', 'a.txt', '', 'x'),
    });
    await fc.assert(
      fc.asyncProperty(mutation, async ({ seed, flips, cut, name }) => {
        const source = inputs[seed % inputs.length];
        let bytes = source.slice();
        for (const [at, value] of flips) bytes[at % bytes.length] = value;
        if (cut !== undefined) bytes = bytes.slice(0, cut % (bytes.length + 1));
        try {
          const out = await extractText(bytes, name, LIMITS);
          expect(out.text.trim()).not.toBe('');
        } catch (err) {
          if (!(err instanceof PlanRefusedError)) throw err;
        }
      }),
      { numRuns: RUNS },
    );
  });
});
