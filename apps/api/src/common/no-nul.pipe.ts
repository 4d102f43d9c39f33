import { type ArgumentMetadata, BadRequestException, Injectable, type PipeTransform } from '@nestjs/common';
import { DubanError } from '@duban/errors';
import { hasLoneSurrogate } from './json-body';

const hasNul = (value: unknown, depth = 0): boolean => {
  if (typeof value === 'string') return value.includes('\u0000');
  if (depth > 20 || value === null || typeof value !== 'object') return false;
  return Object.entries(value).some(([k, v]) => k.includes('\u0000') || hasNul(v, depth + 1));
};

/**
 * PostgreSQL text and jsonb cannot hold U+0000 or a lone UTF-16 surrogate, so either in a filter or
 * body would fail deep in a query (or in the audit log's JSON) as a 500. Refused at the door
 * instead, for every query, body and path parameter.
 */
@Injectable()
export class NoNulPipe implements PipeTransform {
  transform<T>(value: T, metadata?: ArgumentMetadata): T {
    // a DTO class given an array or a bare value: refused before class-transformer maps over it
    const expectsObject = metadata?.type === 'body' && typeof metadata.metatype === 'function' && metadata.metatype.prototype !== undefined;
    const dto = expectsObject && ![Object, Array, String, Number, Boolean].includes(metadata.metatype as never);
    if (dto && value !== undefined && value !== null && (typeof value !== 'object' || Array.isArray(value))) {
      throw new DubanError('VALIDATION_FAILED', '请求体应为 JSON 对象');
    }
    if (hasNul(value)) throw new BadRequestException({ message: ['不允许包含空字符 (U+0000)'] });
    if (hasLoneSurrogate(value)) throw new DubanError('INVALID_UNICODE', '文本含有无效的 Unicode 字符（孤立的代理项），请检查后重新提交');
    return value;
  }
}
