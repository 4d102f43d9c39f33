/** Chinese numerals, one table for every parser: headings (一、（二）), years (二〇二一), targets (一百二十). */

export const CN_DIGITS: Record<string, number> = {
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
/** 0–9 written digit by digit: years (二〇二一) and Word's 一, 二, 三 list numbering. */
export const CN_DIGIT_CHARS = '〇一二三四五六七八九';

const CN_SMALL_UNITS: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };

export const CN_NUM_CHARS = '零〇一二两三四五六七八九十百千';

/**
 * Parses a Chinese numeral below 10000 (三, 十二, 二十, 一百二十, 三百零五) or a digit-by-digit
 * one (二〇二一). Returns null when the string is not a well-formed numeral.
 */
export function parseChineseNumber(str: string): number | null {
  if (str.length === 0) return null;
  // digit-by-digit form (years): every char a digit, no 十/百/千
  if (str.length >= 2 && [...str].every((c) => c in CN_DIGITS && c !== '两')) {
    let v = 0;
    for (const c of str) v = v * 10 + CN_DIGITS[c];
    return v;
  }
  let total = 0;
  let digit: number | null = null;
  let lastUnit = Infinity;
  for (const c of str) {
    if (c in CN_DIGITS) {
      if (digit !== null && digit !== 0) return null; // two digits in a row (十四五)
      digit = CN_DIGITS[c];
    } else if (c in CN_SMALL_UNITS) {
      const u = CN_SMALL_UNITS[c];
      if (u >= lastUnit) return null;
      total += (digit ?? 1) * u;
      digit = null;
      lastUnit = u;
    } else return null;
  }
  if (digit !== null) total += digit;
  return total;
}

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

const CN_NUMS = ['零', ...CN_DIGIT_CHARS.slice(1)]; // counting writes 零, not 〇

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
