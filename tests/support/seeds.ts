import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

export const REPO_ROOT = path.resolve(__dirname, '../..');

/** The demo's sample plans (seeds/plans), as bytes with their file names. */
export function samplePlans(): { name: string; bytes: Buffer }[] {
  const dir = path.join(REPO_ROOT, 'seeds/plans');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.txt'))
    .sort()
    .map((name) => ({ name, bytes: readFileSync(path.join(dir, name)) }));
}
