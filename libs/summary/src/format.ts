/** A rate 0..1 as a percentage with at most one decimal: 0.875 → "87.5", 1 → "100", 2/3 → "66.7". */
export function percentText(rate: number): string {
  const tenths = Math.round(rate * 1000);
  return tenths % 10 === 0 ? String(tenths / 10) : (tenths / 10).toFixed(1);
}

/** A reported figure as bureaus write it: no grouping, no trailing zeros (2430, 97.05, 2.5). */
export function numberText(value: number): string {
  if (Number.isInteger(value)) return String(value);
  return String(Number(value.toFixed(4)));
}

/** Consecutive citation numbers as ranges: [1,2,3,5] → "1—3、5". */
export function citationText(numbers: number[]): string {
  const sorted = [...new Set(numbers)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length;) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j] + 1) j++;
    parts.push(j > i + 1 ? `${sorted[i]}—${sorted[j]}` : j === i + 1 ? `${sorted[i]}、${sorted[j]}` : `${sorted[i]}`);
    i = j + 1;
  }
  return parts.join('、');
}

/** The summary's title from the plan's: 工作要点/工作计划 become 工作总结, otherwise 年度工作总结 is appended. */
export function summaryTitle(planTitle: string, year: number | null): string {
  const t = planTitle.trim();
  const replaced = t.replace(/工作(要点|计划|安排|任务)$/, '工作总结');
  if (replaced !== t) return replaced;
  if (/总结$/.test(t)) return t;
  return `${t}${year && !t.includes(String(year)) ? `（${year}年）` : ''}年度工作总结`;
}
