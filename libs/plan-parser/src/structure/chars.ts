// Character-level helpers shared by the structure parser. All functions are linear in their input.

/** True for characters that a Chinese layout prints full width (CJK, full-width forms, CJK quotes). */
export function isWideCode(c: number): boolean {
  if (c >= 0x2e80) return !(c >= 0xff61 && c <= 0xffdc) && c !== 0xfeff; // half-width katakana/hangul
  return c === 0x2014 || c === 0x2015 || (c >= 0x2018 && c <= 0x201f) || c === 0x2026;
}

/** Visual width in half-width units: a CJK character counts 2, ASCII 1. */
export function visualWidth(s: string): number {
  let w = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xdc00 && c <= 0xdfff) continue; // low surrogate: counted with its high half
    w += isWideCode(c) || (c >= 0xd800 && c <= 0xdbff) ? 2 : 1;
  }
  return w;
}

export function isSpaceCode(c: number): boolean {
  return (
    c === 0x20 ||
    c === 0x09 ||
    c === 0x0b ||
    c === 0x0c ||
    c === 0xa0 ||
    c === 0x3000 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x202f ||
    c === 0x205f
  );
}

/** Invisible characters dropped during clean-up: BOM / zero-width, C0 and C1 controls (except tab). */
export function isDroppedCode(c: number): boolean {
  return c === 0xfeff || (c >= 0x200b && c <= 0x200d) || c === 0x2060 || (c < 0x20 && c !== 0x09) || (c >= 0x7f && c <= 0x9f);
}

/**
 * Per-line character normalisation: drops BOM/zero-width/control characters and maps full-width
 * digits (０-９) to ASCII. Whitespace is left for {@link tidySpaces}.
 */
export function normalizeChars(s: string): string {
  let changed = false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (isDroppedCode(c) || (c >= 0xff10 && c <= 0xff19)) {
      changed = true;
      break;
    }
  }
  if (!changed) return s;
  const out: string[] = [];
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (isDroppedCode(c)) continue;
    if (c >= 0xff10 && c <= 0xff19) out.push(String.fromCharCode(c - 0xff10 + 0x30));
    else out.push(s[i] as string);
  }
  return out.join('');
}

/** Width of the leading whitespace (U+3000 counts 2, a tab 2, other spaces 1). */
export function indentWidth(s: string): number {
  let w = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (!isSpaceCode(c)) break;
    w += c === 0x3000 || c === 0x09 ? 2 : 1;
  }
  return w;
}

/**
 * Removes whitespace that is not meaningful in Chinese text: leading/trailing space, and any run of
 * spaces next to a full-width character ("新组建 4个" → "新组建4个", "一 、" → "一、"). A run between
 * two half-width characters ("Word Press", "1 0 ·") is kept as one space.
 */
export function tidySpaces(s: string): string {
  let start = 0;
  let end = s.length;
  while (start < end && isSpaceCode(s.charCodeAt(start))) start++;
  while (end > start && isSpaceCode(s.charCodeAt(end - 1))) end--;
  let hasSpace = false;
  for (let i = start; i < end; i++) {
    if (isSpaceCode(s.charCodeAt(i))) {
      hasSpace = true;
      break;
    }
  }
  if (!hasSpace) return start === 0 && end === s.length ? s : s.slice(start, end);
  const out: string[] = [];
  let i = start;
  while (i < end) {
    const c = s.charCodeAt(i);
    if (!isSpaceCode(c)) {
      out.push(s[i] as string);
      i++;
      continue;
    }
    let j = i;
    while (j < end && isSpaceCode(s.charCodeAt(j))) j++;
    const before = s.charCodeAt(i - 1);
    const after = s.charCodeAt(j);
    if (!isWideCode(before) && !isWideCode(after)) out.push(' ');
    i = j;
  }
  return out.join('');
}

/** Removes every whitespace character: the comparison form used by the nothing-lost invariant. */
export function squash(s: string): string {
  const out: string[] = [];
  let runStart = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (isSpaceCode(c) || c === 0x0a || c === 0x0d) {
      if (i > runStart) out.push(s.slice(runStart, i));
      runStart = i + 1;
    }
  }
  if (runStart < s.length) out.push(s.slice(runStart));
  return out.join('');
}
