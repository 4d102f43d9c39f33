import { ValidationError } from 'class-validator';
import { DubanError } from '@duban/errors';
import { checkJsonShape, parseJsonBody } from '../../apps/api/src/common/json-body';
import { isCalendarDateTime, validationError } from '../../apps/api/src/common/validation';

const codeOf = (f: () => unknown): string | null => {
  try {
    f();
    return null;
  } catch (e) {
    return e instanceof DubanError ? e.code : `not a DubanError: ${String(e)}`;
  }
};

describe('JSON shape limits, checked on the raw text', () => {
  it('refuses nesting deeper than 32 and arrays longer than 10,000, accepts up to the limits', () => {
    expect(codeOf(() => checkJsonShape('['.repeat(32) + ']'.repeat(32)))).toBeNull();
    expect(codeOf(() => checkJsonShape('['.repeat(33) + ']'.repeat(33)))).toBe('JSON_TOO_DEEP');
    expect(codeOf(() => checkJsonShape(`[${'1,'.repeat(9_999)}1]`))).toBeNull();
    expect(codeOf(() => checkJsonShape(`[${'1,'.repeat(10_000)}1]`))).toBe('JSON_TOO_LARGE');
    // a million levels cost a scan, not the stack
    expect(codeOf(() => checkJsonShape('['.repeat(1_000_000)))).toBe('JSON_TOO_DEEP');
  });

  it('does not count brackets and commas inside strings, escaped quotes included', () => {
    expect(codeOf(() => checkJsonShape(JSON.stringify({ a: '['.repeat(100) + ','.repeat(20_000) + '\\"[' })))).toBeNull();
    expect(codeOf(() => checkJsonShape(JSON.stringify([{ a: ','.repeat(20_000) }])))).toBeNull();
    // commas of an object are not array elements
    expect(
      codeOf(() => checkJsonShape(JSON.stringify(Object.fromEntries(Array.from({ length: 20_000 }, (_, i) => [`k${i}`, 1]))))),
    ).toBeNull();
  });

  it('refuses lone surrogates in values and keys, keeps paired ones, refuses __proto__', () => {
    expect(codeOf(() => parseJsonBody('{"a":"\\ud800"}'))).toBe('INVALID_UNICODE');
    expect(codeOf(() => parseJsonBody('{"\\udc00":1}'))).toBe('INVALID_UNICODE');
    expect(codeOf(() => parseJsonBody('{"a":["x","\\udfff"]}'))).toBe('INVALID_UNICODE');
    expect(parseJsonBody('{"a":"\\ud83d\\ude00 𠮷"}')).toEqual({ a: '😀 𠮷' });
    expect(codeOf(() => parseJsonBody('{"__proto__":{"admin":true}}'))).toBe('JSON_MALFORMED');
    expect(codeOf(() => parseJsonBody('{"a":'))).toBe('JSON_MALFORMED');
    expect(codeOf(() => parseJsonBody('  '))).toBe('JSON_MALFORMED');
  });
});

describe('calendar dates', () => {
  it.each(['2024-02-29', '2024-02-29T23:59:59Z', '2024-03-01T08:00:00+08:00', '1900-01-01', '9999-12-31 10:00'])('%s is a date', (d) => {
    expect(isCalendarDateTime(d)).toBe(true);
  });
  it.each(['2024-02-30', '2023-02-29', '2024-W01', '0000-01-01', '2024-13-01', '2024-01-01T24:00', '20240101', '99999-01-01', ''])(
    '%s is not',
    (d) => expect(isCalendarDateTime(d)).toBe(false),
  );
  it('date-only refuses a time', () => expect(isCalendarDateTime('2024-01-01T00:00', { dateOnly: true })).toBe(false));
});

describe('validation messages', () => {
  const error = (property: string, constraints: Record<string, string>, children: ValidationError[] = []): ValidationError =>
    Object.assign(new ValidationError(), { property, constraints, children });

  it('are Chinese, name the field in Chinese, carry the limit and never the value', () => {
    const e = validationError([error('version', { min: 'version must not be less than 1', isInt: 'version must be an integer number' })]);
    expect(e.code).toBe('VALIDATION_FAILED');
    expect(e.details).toEqual([
      { field: 'version', message: '版本号不能小于 1' },
      { field: 'version', message: '版本号应为整数' },
    ]);
    expect(e.messageZh).toBe('请求有 2 处错误：版本号不能小于 1；版本号应为整数');
  });

  it('name nested items by position and fall back to the property name', () => {
    const nested = error('units', {}, [
      error('0', {}, [error('unitId', { isUuid: 'unitId must be a UUID' })]),
      error('1', { isObject: 'x' }),
    ]);
    const e = validationError([nested, error('fooBar', { isString: 'fooBar must be a string' })]);
    expect(e.details).toEqual([
      { field: 'units[0].unitId', message: '单位第 1 项的单位格式无效（应为 UUID）' },
      { field: 'units[1]', message: '单位第 2 项应为对象' },
      { field: 'fooBar', message: 'fooBar应为文本' },
    ]);
  });

  it('report at most 20 problems however many there are', () => {
    const many = Array.from({ length: 5000 }, (_, i) => error(String(i), { isObject: 'x' }));
    const e = validationError([error('items', {}, many)]);
    expect((e.details as unknown[]).length).toBe(20);
    expect(e.messageZh).toMatch(/^请求有 5000 处错误/);
  });
});
