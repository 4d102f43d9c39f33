import { parsePlanText, type ParsedPlan, type Section } from '@duban/plan-parser';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const NUMERALS = ['', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/** 1 → 一, 10 → 十, 23 → 二十三, 123 → 一百二十三 (enough for section headings). */
export function chineseNumeral(n: number): string {
  if (n < 10) return NUMERALS[n];
  if (n < 20) return `十${NUMERALS[n - 10]}`;
  if (n < 100) return `${NUMERALS[Math.floor(n / 10)]}十${NUMERALS[n % 10]}`;
  const rest = n % 100;
  return `${NUMERALS[Math.floor(n / 100)]}百${rest === 0 ? '' : rest < 10 ? `零${NUMERALS[rest]}` : rest < 20 ? `一${chineseNumeral(rest)}` : chineseNumeral(rest)}`;
}

/**
 * A plan of at least `minBytes` UTF-8 bytes: the sections of the sample plans (and any extra
 * fixture texts) repeated, with headings and points renumbered straight through.
 */
export function buildLargePlan(minBytes: number, extraDirs: string[] = []): string {
  const sources = [path.resolve(__dirname, '../seeds/plans'), ...extraDirs]
    .flatMap((dir) =>
      readdirSync(dir)
        .filter((f) => f.endsWith('.txt'))
        .map((f) => path.join(dir, f)),
    )
    .map((file) => parsePlanText({ text: readFileSync(file, 'utf8'), encoding: 'utf-8', format: 'txt' }));
  const sections: Section[] = sources.flatMap((p: ParsedPlan) => p.sections).filter((s) => s.points.length > 0);
  const lines = ['示范区教育局2024年教育工作要点', '', '现将2024年教育工作要点印发给你们，请结合实际认真贯彻落实。'];
  let size = 0;
  let sectionNo = 0;
  let pointNo = 0;
  while (size < minBytes) {
    for (const s of sections) {
      const heading = `${chineseNumeral(++sectionNo)}、${s.title}`;
      lines.push(heading);
      size += Buffer.byteLength(heading) + 1;
      for (const p of s.points) {
        const line = `${++pointNo}.${p.text}`;
        lines.push(line);
        size += Buffer.byteLength(line) + 1;
      }
      if (size >= minBytes) break;
    }
  }
  return `${lines.join('\n')}\n`;
}
