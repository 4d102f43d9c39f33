import { parsePlan, PlanRefusedError } from '@duban/plan-parser';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { formatOutline } from '../outline';
import { CliError } from '../cli-error';

/** `plan parse <file> [--json | --format md]`: the parser's contract JSON or a readable outline. */
export async function planParse(file: string | undefined, format: string): Promise<void> {
  if (!file) throw new CliError('用法 usage: plan parse <file> [--json | --format md]');
  if (format !== 'json' && format !== 'md') throw new CliError(`未知格式 unknown format: ${format} (json | md)`);
  const info = await stat(file).catch(() => null);
  if (!info?.isFile()) throw new CliError(`文件不存在 file not found: ${file}`);
  try {
    const plan = await parsePlan(await readFile(file), path.basename(file));
    process.stdout.write(format === 'json' ? `${JSON.stringify(plan, null, 2)}\n` : formatOutline(plan));
  } catch (e) {
    if (e instanceof PlanRefusedError) throw new CliError(`${e.code}: ${e.messageZh} / ${e.messageEn}`);
    throw e;
  }
}
