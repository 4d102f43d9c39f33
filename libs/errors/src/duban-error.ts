import { type ErrorCode, httpStatusOf } from './error-code';

/**
 * A failure the caller can act on: a stable code for programs, a Chinese message for people.
 * The HTTP status follows from the code (`httpStatusOf`); one exception filter turns the error
 * into the JSON shape every endpoint shares.
 */
export class DubanError extends Error {
  readonly status: number;

  constructor(
    readonly code: ErrorCode,
    readonly messageZh: string,
    readonly details?: unknown,
    readonly messageEn?: string,
  ) {
    super(`${code}: ${messageEn ?? messageZh}`);
    this.status = httpStatusOf(code);
  }

  static notFound(what: string, code: ErrorCode = 'NOT_FOUND'): DubanError {
    return new DubanError(code, `${what}不存在或无权访问`);
  }

  /** `required` names the permission or rule that refused, so a client (and the matrix test) can tell why. */
  static forbidden(messageZh = '没有权限执行此操作', required?: string): DubanError {
    return new DubanError('FORBIDDEN', messageZh, required ? { required } : undefined);
  }
}

/** The body of every error response. */
export interface ErrorBody {
  error: { code: string; message: string; messageEn?: string; details?: unknown; requestId: string };
}
