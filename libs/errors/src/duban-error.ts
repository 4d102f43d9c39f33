import { HttpStatus } from '@nestjs/common';

/**
 * A failure the caller can act on: a stable code for programs, a Chinese message for people.
 * One exception filter turns it into the JSON error shape every endpoint shares.
 */
export class DubanError extends Error {
  constructor(
    readonly code: string,
    readonly messageZh: string,
    readonly status: HttpStatus = HttpStatus.BAD_REQUEST,
    readonly details?: unknown,
    readonly messageEn?: string,
  ) {
    super(`${code}: ${messageEn ?? messageZh}`);
  }

  static notFound(what: string, code = 'NOT_FOUND'): DubanError {
    return new DubanError(code, `${what}不存在或无权访问`, HttpStatus.NOT_FOUND);
  }

  static conflict(code: string, messageZh: string, details?: unknown): DubanError {
    return new DubanError(code, messageZh, HttpStatus.CONFLICT, details);
  }
}

/** The body of every error response. */
export interface ErrorBody {
  error: { code: string; message: string; messageEn?: string; details?: unknown; requestId: string };
}
