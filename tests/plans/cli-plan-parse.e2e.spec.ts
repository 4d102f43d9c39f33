import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { planContractErrors } from '../../libs/plan-parser/test/contract/plan-contract';
import { samplePlanPath } from '../fixtures/plans';
import { REPO_ROOT } from '../support/seeds';

const run = promisify(execFile);

/** Exactly what a person types: npm run -s cli -- plan parse <file> … */
async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run('npm', ['run', '-s', 'cli', '--', ...args], { cwd: REPO_ROOT, maxBuffer: 32 * 1024 * 1024 });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

describe('npm run cli -- plan parse', () => {
  const sample = samplePlanPath('dongli-2021');

  it('--json prints only the contract JSON (libs/plan-parser/contract/plan.schema.json)', async () => {
    const res = await cli('plan', 'parse', sample, '--json');
    expect(res.code).toBe(0);
    const plan = JSON.parse(res.stdout) as { title: string; sections: unknown[] };
    expect(plan.title).toBe('天津市东丽区2021年教育工作要点');
    expect(plan.sections).toHaveLength(5);
    expect(planContractErrors(plan)).toEqual([]);
  });

  it('--format md prints a readable outline', async () => {
    const res = await cli('plan', 'parse', sample, '--format', 'md');
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(/^# .+工作要点/);
    expect(res.stdout).toMatch(/^## 一、/m);
  });

  it('a refused file exits 2 with one line on stderr and nothing on stdout', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'duban-cli-'));
    const doc = path.join(dir, 'old.doc');
    writeFileSync(doc, Buffer.concat([Buffer.from('d0cf11e0a1b11ae1', 'hex'), Buffer.alloc(1024)]));
    const res = await cli('plan', 'parse', doc, '--json');
    expect(res.code).toBe(2);
    expect(res.stdout).toBe('');
    const lines = res.stderr.split('\n').filter((l) => l.trim() !== '' && !l.startsWith('npm warn'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^PLAN_LEGACY_DOC: .*[\u4e00-\u9fff]/);
  });
});
