// npm run bench [-- name …]: runs the benchmarks (all by default) and writes docs/benchmarks.md,
// every figure beside a baseline measured in the same run.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { benchBulkAssign } from './assign.bench';
import { benchEvidenceUpload } from './evidence-upload.bench';
import { benchInbox } from './inbox.bench';
import { machineLine } from './machine';
import { benchOrgImport } from './org-import.bench';
import { benchOverview } from './overview.bench';
import { benchPlanImport } from './plan-import.bench';
import { benchPlanParse } from './plan-parse.bench';
import { benchSummary } from './summary.bench';
import { benchReminderEmail, benchReminderSchedule } from './reminders.bench';

const BENCHMARKS: Record<string, () => string | Promise<string>> = {
  'plan-parse': benchPlanParse,
  'plan-import': benchPlanImport,
  'org-import': benchOrgImport,
  'bulk-assign': benchBulkAssign,
  inbox: benchInbox,
  'evidence-upload': benchEvidenceUpload,
  summary: benchSummary,
  overview: benchOverview,
  'reminders-schedule': benchReminderSchedule,
  'reminders-email': benchReminderEmail,
};

async function main(): Promise<void> {
  const wanted = process.argv.slice(2);
  const startedOn = machineLine();
  const unknown = wanted.filter((w) => !(w in BENCHMARKS));
  if (unknown.length > 0) throw new Error(`unknown benchmark ${unknown.join(', ')}; choose from ${Object.keys(BENCHMARKS).join(', ')}`);
  const sections: string[] = [];
  for (const [name, run] of Object.entries(BENCHMARKS)) {
    if (wanted.length > 0 && !wanted.includes(name)) continue;
    console.error(`== ${name}`);
    sections.push(await run());
  }
  const doc = [
    '# Benchmarks',
    '',
    'Written by `npm run bench`. Every figure stands beside a baseline measured in the same run on the same machine, interleaved with it where the runs repeat: these machines are shared and noisy, so read the ratios, not the absolute times. Each section says why its baseline is the floor it is measured against.',
    '',
    `Machine and date: ${startedOn} at the start; ${machineLine()} at the end.`,
    '',
    ...sections,
  ].join('\n');
  // a partial run must not replace the full record
  if (wanted.length === 0) writeFileSync(path.resolve(__dirname, '../docs/benchmarks.md'), doc);
  console.log(doc);
}

main().catch((e: Error) => {
  console.error(`bench: ${e.message}`);
  process.exit(1);
});
