import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { DemoClient } from './demo-client';

const REPO = path.resolve(__dirname, '../../../..');
const OUT_DIR = path.join(REPO, 'var/demo');
const LEADER = 'leader.liu';

/**
 * The year-end summary step of the demo: a leader downloads the plan's summary (.docx and .md)
 * through the API, as a bureau leader would, into var/demo/; prints the opening paragraph.
 */
export async function writeSummary(base: string, planId: string, password: string, stem: string): Promise<void> {
  const leader = await DemoClient.signIn(base, LEADER, password);
  await mkdir(OUT_DIR, { recursive: true });
  const md = await leader.download(`/api/plans/${planId}/summary.md`);
  const docx = await leader.download(`/api/plans/${planId}/summary.docx`);
  const outMd = path.join(OUT_DIR, `${stem}-年度工作总结.md`);
  const outDocx = path.join(OUT_DIR, `${stem}-年度工作总结.docx`);
  await writeFile(outMd, md);
  await writeFile(outDocx, docx);
  const opening = md.toString('utf8').split('\n')[2] ?? '';
  console.log(`年度工作总结（${LEADER}）：${path.relative(REPO, outDocx)}、${path.relative(REPO, outMd)}\n  ${opening}`);
}
