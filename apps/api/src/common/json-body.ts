import { DubanError } from '@duban/errors';

/** Deeper JSON than this is refused before parsing: no DTO is nested more than a few levels. */
export const MAX_JSON_DEPTH = 32;
/** Longer arrays are refused before parsing: the largest DTO array takes 1,000 items. */
export const MAX_JSON_ARRAY = 10_000;

const OPEN_OBJECT = 0x7b; // {
const CLOSE_OBJECT = 0x7d; // }
const OPEN_ARRAY = 0x5b; // [
const CLOSE_ARRAY = 0x5d; // ]
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;

/**
 * Measures nesting and array length of raw JSON text in one pass, without recursion and without
 * building anything, so a hostile body (5,000 levels, a million elements) costs a scan and a 400
 * instead of a stack overflow in class-transformer or seconds of validation.
 */
export function checkJsonShape(text: string): void {
  // commas seen in each open array (-1 marks an object); bounded by MAX_JSON_DEPTH
  const open: number[] = [];
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inString = false;
      continue;
    }
    if (c === QUOTE) inString = true;
    else if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
      if (open.length >= MAX_JSON_DEPTH) throw new DubanError('JSON_TOO_DEEP', `JSON 嵌套层数超过 ${MAX_JSON_DEPTH} 层`);
      open.push(c === OPEN_ARRAY ? 0 : -1);
    } else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) open.pop();
    else if (c === COMMA) {
      const top = open.length - 1;
      if (top >= 0 && open[top] >= 0 && ++open[top] >= MAX_JSON_ARRAY) {
        throw new DubanError('JSON_TOO_LARGE', `JSON 数组元素超过 ${MAX_JSON_ARRAY} 个`);
      }
    }
  }
}

// in unicode mode a paired surrogate reads as one code point, so only a lone one is category Cs
const LONE_SURROGATE = /\p{Cs}/u;
const hasSurrogate = (text: string): boolean => LONE_SURROGATE.test(text);

const LONE_SURROGATE_MESSAGE = '文本含有无效的 Unicode 字符（孤立的代理项），请检查后重新提交';

/**
 * Refuses text PostgreSQL cannot store or that breaks JSON on the way back: lone UTF-16 surrogates
 * (`"\ud800"`) anywhere, and `__proto__` keys. Iterative; depth is already bounded by checkJsonShape.
 */
export function checkJsonValues(root: unknown): void {
  const pending: unknown[] = [root];
  while (pending.length > 0) {
    const value = pending.pop();
    if (typeof value === 'string') {
      if (hasSurrogate(value)) throw new DubanError('INVALID_UNICODE', LONE_SURROGATE_MESSAGE);
    } else if (Array.isArray(value)) {
      for (const item of value) pending.push(item);
    } else if (value !== null && typeof value === 'object') {
      for (const [key, item] of Object.entries(value)) {
        if (hasSurrogate(key)) throw new DubanError('INVALID_UNICODE', LONE_SURROGATE_MESSAGE);
        if (key === '__proto__') throw new DubanError('JSON_MALFORMED', '请求体含有不允许的字段名');
        pending.push(item);
      }
    }
  }
}

/** The body parser for application/json: shape first, then JSON.parse, then the values. */
export function parseJsonBody(text: string): unknown {
  if (text.trim() === '') throw new DubanError('JSON_MALFORMED', '请求体为空，请发送 JSON');
  checkJsonShape(text);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new DubanError('JSON_MALFORMED', '请求体不是有效的 JSON');
  }
  checkJsonValues(parsed);
  return parsed;
}

/** A query string or path with a lone surrogate (`%ED%A0%80` decodes to U+FFFD, `\ud800` escapes do not). */
export function hasLoneSurrogate(value: unknown, depth = 0): boolean {
  if (typeof value === 'string') return hasSurrogate(value);
  if (depth > 20 || value === null || typeof value !== 'object') return false;
  return Object.entries(value).some(([k, v]) => hasSurrogate(k) || hasLoneSurrogate(v, depth + 1));
}
