import { BadRequestException, Injectable, type PipeTransform } from '@nestjs/common';

const hasNul = (value: unknown, depth = 0): boolean => {
  if (typeof value === 'string') return value.includes('\u0000');
  if (depth > 20 || value === null || typeof value !== 'object') return false;
  return Object.entries(value).some(([k, v]) => k.includes('\u0000') || hasNul(v, depth + 1));
};

/**
 * PostgreSQL text and jsonb cannot hold U+0000, so a NUL in a filter or body would fail deep in a
 * query as a 500. Refused at the door instead, for every query, body and path parameter.
 */
@Injectable()
export class NoNulPipe implements PipeTransform {
  transform<T>(value: T): T {
    if (hasNul(value)) throw new BadRequestException({ message: ['不允许包含空字符 (U+0000)'] });
    return value;
  }
}
