import { readUnitFile } from '@duban/org-import';
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { from as copyFrom } from 'pg-copy-streams';
import { AuditService } from '@duban/audit';
import { SYSTEM_CONTEXT } from '@duban/audit';
import { OrgImportService } from '@duban/org';
import { generateProvinceUnitsCsv } from '../seeds/org/generate-large';
import { median, ms } from './machine';
import { scratchDatabase } from './scratch-database';

const UNITS = 20_000;
const RUNS = 3;

/** COPY text format: an array literal with quoted elements, then the column escaped for COPY. */
const arrayLiteral = (items: string[]): string => `{${items.map((s) => `"${s.replace(/[\\"]/g, (c) => `\\${c}`)}"`).join(',')}}`;
const copyText = (s: string): string => s.replace(/[\\\t\n\r]/g, (c) => ({ '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' })[c]!);

/**
 * Importing the 20,000-unit province CSV through the API's import service (parse, validate, plan,
 * set-based upsert, parent resolution, audit) beside a raw `COPY org_units FROM STDIN` of the same
 * rows with ids and parent ids computed beforehand — the floor for writing those rows at all.
 * Each run starts from an empty org_units table in a scratch database made for this run.
 */
export async function benchOrgImport(): Promise<string> {
  const scratch = await scratchDatabase('org_import');
  const { ds, client } = scratch;
  try {
    const bytes = Buffer.from(generateProvinceUnitsCsv(UNITS));
    const rows = (await readUnitFile(bytes)).rows;
    const ids = new Map(rows.map((r) => [r.code, randomUUID()]));
    const copyBody = rows
      .map((r) =>
        [ids.get(r.code)!, r.code, r.name, arrayLiteral(r.shortNames), arrayLiteral(r.aliases), r.type, arrayLiteral(r.tags)]
          .map(copyText)
          .concat(r.parentCode ? ids.get(r.parentCode)! : '\\N')
          .join('\t'),
      )
      .join('\n');
    const reset = () => client.query('truncate org_units cascade');
    const time = async (fn: () => Promise<unknown>): Promise<number> => {
      const t = process.hrtime.bigint();
      await fn();
      return Number(process.hrtime.bigint() - t) / 1e6;
    };
    const service = new OrgImportService(ds, new AuditService());
    const countUnits = async (): Promise<number> => Number((await client.query('select count(*)::int as n from org_units')).rows[0].n);

    const copyRuns: number[] = [];
    const importRuns: number[] = [];
    const reimportRuns: number[] = [];
    const parseRuns: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      await reset();
      copyRuns.push(
        await time(() =>
          pipeline(
            Readable.from([copyBody]),
            client.query(copyFrom('COPY org_units (id, code, name, short_names, aliases, type, tags, parent_id) FROM STDIN')),
          ),
        ),
      );
      if ((await countUnits()) !== UNITS) throw new Error('COPY baseline wrote the wrong number of rows');
      await reset();
      parseRuns.push(await time(() => readUnitFile(bytes)));
      importRuns.push(await time(() => service.apply(SYSTEM_CONTEXT, bytes, 'province.csv')));
      if ((await countUnits()) !== UNITS) throw new Error('import wrote the wrong number of rows');
      reimportRuns.push(await time(() => service.apply(SYSTEM_CONTEXT, bytes, 'province.csv')));
    }
    const copy = median(copyRuns);
    const imp = median(importRuns);
    const again = median(reimportRuns);
    return [
      '## Org unit import (issue: org units)',
      '',
      `Input: the ${UNITS.toLocaleString('en')}-unit province CSV from \`seeds/org/generate-large.ts\` (${(bytes.length / 2 ** 20).toFixed(2)} MiB). Each run starts from an empty \`org_units\` in a scratch database created and dropped by the benchmark; median of ${RUNS} runs.`,
      '',
      '| measure | time | vs raw COPY |',
      '| --- | --- | --- |',
      `| baseline: raw \`COPY org_units FROM STDIN\` of the same rows (ids and parent ids precomputed, text prepared beforehand) | ${ms(copy)} | 1.0× |`,
      `| \`OrgImportService.apply\`: parse + validate + plan + upsert + parent resolution + audit, one transaction | ${ms(imp)} | ${(imp / copy).toFixed(1)}× |`,
      `| … of which reading and checking the file (\`readUnitFile\`) | ${ms(median(parseRuns))} | ${(median(parseRuns) / copy).toFixed(1)}× |`,
      `| re-import of the same file (everything unchanged, nothing written) | ${ms(again)} | ${(again / copy).toFixed(1)}× |`,
      '',
    ].join('\n');
  } finally {
    await scratch.close();
  }
}
