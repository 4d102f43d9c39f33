// Shared helpers for the annotation extractors: a normalised view of the text that keeps a map
// back to the original, so every `phrase` can be cut from the input exactly as written.

import { parseChineseNumber } from '../chinese-numerals';

export interface Normalized {
  /** normalised text: ASCII digits, '%', whitespace optionally dropped, thousands commas dropped */
  readonly s: string;
  /**
   * map[i] = index in the original text of s[i]; map[s.length] = original length. null when
   * normalising changed nothing (s === src): then every index maps to itself.
   */
  readonly map: Int32Array | null;
  /** the original text */
  readonly src: string;
}

export interface NormalizeOptions {
  /**
   * 'all' (default): drop all whitespace (PDF wraps, stray spaces inside numbers);
   * 'breaks': drop line breaks and the spaces around them, collapse other runs to one ' '.
   */
  space?: 'all' | 'breaks';
}

function isSpaceCode(c: number): boolean {
  return (
    c === 0x20 ||
    (c >= 0x09 && c <= 0x0d) ||
    c === 0x3000 ||
    c === 0xa0 ||
    c === 0x200b ||
    c === 0xfeff ||
    c === 0x85 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f
  );
}

export function isSpace(ch: string): boolean {
  return ch.length > 0 && isSpaceCode(ch.charCodeAt(0));
}

/** ASCII or full-width digit → its ASCII code, else -1 */
function digitCode(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c;
  if (c >= 0xff10 && c <= 0xff19) return c - 0xff10 + 0x30;
  return -1;
}

const UTF16 = new TextDecoder('utf-16le');

/**
 * Characters that {@link buildNormalized} may change (a conservative test: a false positive only
 * costs the full pass): whitespace, full-width digits, ％ and ．. The one
 * other change, dropping a thousands comma, needs a comma right after a digit.
 */
const MAY_CHANGE = /[\t-\r \u0085\u00a0\u1680\u2000-\u200b\u2028\u2029\u202f\u205f\u3000\ufeff\uff05\uff0e\uff10-\uff19]/;

/** False when the normalised text is the input itself. */
function mayChange(src: string): boolean {
  if (MAY_CHANGE.test(src)) return true;
  for (let i = src.indexOf(','); i >= 0; i = src.indexOf(',', i + 1)) {
    const c = src.charCodeAt(i - 1); // NaN before the first character
    if (c >= 0x30 && c <= 0x39) return true;
  }
  return false;
}

// The extractors of one point normalise the same text in turn: the last result per mode is kept,
// and the last text found unchanged (the same in both modes). Normalized values are never
// mutated, so sharing them is safe.
let lastAll: Normalized | null = null;
let lastBreaks: Normalized | null = null;
let lastUnchanged: Normalized | null = null;

/** Builds the normalised view. Linear in the input length. */
export function normalize(src: string, opts: NormalizeOptions = {}): Normalized {
  const dropSpace = (opts.space ?? 'all') === 'all';
  const last = dropSpace ? lastAll : lastBreaks;
  if (last !== null && last.src === src) return last;
  if (lastUnchanged !== null && lastUnchanged.src === src) return lastUnchanged;
  let norm: Normalized;
  if (mayChange(src)) norm = buildNormalized(src, dropSpace);
  else norm = lastUnchanged = { s: src, map: null, src };
  if (dropSpace) lastAll = norm;
  else lastBreaks = norm;
  return norm;
}

function buildNormalized(src: string, dropSpace: boolean): Normalized {
  const n = src.length;
  const out = new Uint16Array(n);
  const map = new Int32Array(n + 1);
  let len = 0;
  for (let i = 0; i < n; i++) {
    let c = src.charCodeAt(i);
    if (
      c < 0x80 ||
      c >= 0xff00 ||
      c === 0x3000 ||
      (c >= 0x2000 && c <= 0x205f) ||
      c === 0xfeff ||
      c === 0xa0 ||
      c === 0x85 ||
      c === 0x1680
    ) {
      if (isSpaceCode(c)) {
        if (dropSpace) continue;
        // a whitespace run: dropped when it holds a line break, else one space
        let j = i;
        let hasBreak = false;
        while (j < n && isSpaceCode(src.charCodeAt(j))) {
          const cj = src.charCodeAt(j);
          if (cj === 0x0a || cj === 0x0d || cj === 0x2028 || cj === 0x2029 || cj === 0x85) hasBreak = true;
          j++;
        }
        if (!hasBreak && len > 0 && j < n) {
          out[len] = 0x20;
          map[len++] = i;
        }
        i = j - 1;
        continue;
      }
      const d = digitCode(c);
      const prevDigit = len > 0 && out[len - 1] >= 0x30 && out[len - 1] <= 0x39;
      if (d >= 0) c = d;
      else if (c === 0xff05)
        c = 0x25; // ％
      else if (c === 0xff0e) {
        // full-width full stop between digits is a decimal point
        if (prevDigit && i + 1 < n && digitCode(src.charCodeAt(i + 1)) >= 0) c = 0x2e;
      } else if (c === 0x2c && prevDigit) {
        // thousands separator: digit , ddd (not followed by a fourth digit)
        let j = i + 1;
        let seen = 0;
        while (j < n && seen < 4) {
          const cj = src.charCodeAt(j);
          if (digitCode(cj) >= 0) seen++;
          else if (!(dropSpace && isSpaceCode(cj))) break;
          j++;
        }
        if (seen === 3) continue;
      }
    }
    out[len] = c;
    map[len++] = i;
  }
  map[len] = n;
  const s = UTF16.decode(out.subarray(0, len));
  return { s, map: map.subarray(0, len + 1), src };
}

/** The original text behind normalised range [start, end). */
export function original(norm: Normalized, start: number, end: number): string {
  if (end <= start) return '';
  const map = norm.map;
  if (map === null) return norm.src.slice(start, end);
  return norm.src.slice(map[start], map[end - 1] + 1);
}

/** Parses ASCII digits or a Chinese numeral. */
export function parseNumberToken(str: string): number | null {
  if (/^\d+$/.test(str)) return Number(str);
  return parseChineseNumber(str);
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

export function isoDate(year: number, month: number, day: number): string | null {
  if (!Number.isInteger(year) || year < 1900 || year > 2200) return null;
  if (!Number.isInteger(month) || month < 1 || month > 12) return null;
  if (!Number.isInteger(day) || day < 1 || day > daysInMonth(year, month)) return null;
  const p = (v: number, w: number): string => String(v).padStart(w, '0');
  return `${p(year, 4)}-${p(month, 2)}-${p(day, 2)}`;
}
