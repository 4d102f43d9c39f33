// npm run bench: runs every benchmark and writes docs/benchmarks.md (figures beside their baseline).
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { machineLine } from './machine';
import { benchPlanParse } from './plan-parse.bench';

function main(): void {
  const sections = [benchPlanParse()];
  const doc = [
    '# Benchmarks',
    '',
    'Written by `npm run bench`. Every figure stands beside a baseline measured in the same run on the same machine: these machines are shared and noisy, so read the ratios, not the absolute times.',
    '',
    `Machine and date: ${machineLine()}`,
    '',
    ...sections,
  ].join('\n');
  const out = path.resolve(__dirname, '../docs/benchmarks.md');
  writeFileSync(out, doc);
  console.log(doc);
}

main();
