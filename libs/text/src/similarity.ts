/** Character bigrams, by code point (a single-character string yields itself). */
export function bigrams(s: string): string[] {
  const chars = Array.from(s);
  if (chars.length < 2) return chars;
  const out: string[] = [];
  for (let i = 0; i < chars.length - 1; i++) out.push(chars[i] + chars[i + 1]);
  return out;
}

/**
 * Sørensen–Dice coefficient over character-bigram multisets, 0..1: cheap, language-neutral and good
 * enough for Chinese, where words are not separated. Identical non-empty strings score 1, an empty
 * one 0.
 */
export function dice(a: string, b: string): number {
  if (a === b) return a.length > 0 ? 1 : 0;
  const ba = bigrams(a);
  const bb = bigrams(b);
  if (ba.length === 0 || bb.length === 0) return 0;
  const counts = new Map<string, number>();
  for (const g of ba) counts.set(g, (counts.get(g) ?? 0) + 1);
  let shared = 0;
  for (const g of bb) {
    const c = counts.get(g) ?? 0;
    if (c > 0) {
      shared++;
      counts.set(g, c - 1);
    }
  }
  return (2 * shared) / (ba.length + bb.length);
}
