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

const CN_DIGITS: Record<string, number> = {
  零: 0,
  〇: 0,
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
};

/** 一 → 1, 十二 → 12, 二十 → 20, 一百零三 → 103; null when it is not a numeral. */
export function parseChineseNumeral(s: string): number | null {
  if (s.length === 0 || s.length > 6) return null;
  let total = 0;
  let cur = -1;
  for (const ch of s) {
    const d = CN_DIGITS[ch];
    if (d !== undefined) {
      if (cur >= 0 && d !== 0) return null; // 一二 is not a numeral
      cur = d;
    } else if (ch === '十') {
      total += (cur > 0 ? cur : cur === 0 ? 0 : 1) * 10;
      cur = -1;
    } else if (ch === '百') {
      if (cur <= 0) return null;
      total += cur * 100;
      cur = -1;
    } else return null;
  }
  if (cur > 0) total += cur;
  return total > 0 ? total : null;
}

const CN_NUMS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/** 1 → 一, 12 → 十二, 20 → 二十, 103 → 一百零三 (for messages). */
export function toChineseNumeral(n: number): string {
  if (!Number.isInteger(n) || n <= 0 || n >= 1000) return String(n);
  const h = Math.floor(n / 100);
  const t = Math.floor((n % 100) / 10);
  const u = n % 10;
  let out = '';
  if (h > 0) out += `${CN_NUMS[h]}百`;
  if (t > 0) out += `${h === 0 && t === 1 ? '' : CN_NUMS[t]}十`;
  else if (h > 0 && u > 0) out += '零';
  if (u > 0) out += CN_NUMS[u];
  return out;
}

/** Chinese year digits 二〇二一 → 2021. */
export function parseChineseYearDigits(s: string): number | null {
  if (s.length !== 4) return null;
  let v = 0;
  for (const ch of s) {
    const d = CN_DIGITS[ch];
    if (d === undefined || ch === '两') return null;
    v = v * 10 + d;
  }
  return v;
}
