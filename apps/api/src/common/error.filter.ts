import { ArgumentsHost, Catch, type ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { DraftOperationError } from '@duban/plan-revision';
import { PlanRefusedError } from '@duban/plan-parser';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DubanError, httpStatusOf, type ErrorBody } from '@duban/errors';

const STATUS_CODES: Record<number, [string, string]> = {
  400: ['BAD_REQUEST', '请求无效'],
  401: ['UNAUTHENTICATED', '请先登录'],
  403: ['FORBIDDEN', '没有权限执行此操作'],
  404: ['NOT_FOUND', '请求的资源不存在'],
  405: ['METHOD_NOT_ALLOWED', '不支持此请求方法'],
  406: ['NOT_ACCEPTABLE', '不支持请求的格式'],
  409: ['CONFLICT', '数据已被他人修改，请刷新后重试'],
  413: ['PAYLOAD_TOO_LARGE', '上传内容过大'],
  415: ['UNSUPPORTED_MEDIA_TYPE', '不支持的内容类型'],
  429: ['TOO_MANY_REQUESTS', '请求过于频繁，请稍后再试'],
};

/**
 * Every error leaves as `{ error: { code, message, requestId } }`. Unexpected failures return only
 * a generic message and the request id, which is also in the log next to the stack.
 */
@Catch()
export class ErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('ErrorFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const request = host.switchToHttp().getRequest<FastifyRequest>();
    const requestId = String(request.id);
    const [status, body] = this.toBody(exception, requestId);
    if (status >= 500) this.logger.error({ err: exception, requestId }, 'unhandled error');
    // an upload refused half way: answer now and drop the connection instead of reading the rest
    if (status === 413) void reply.header('connection', 'close');
    void reply.status(status).header('content-type', 'application/json; charset=utf-8').send(body);
  }

  private toBody(e: unknown, requestId: string): [number, ErrorBody] {
    if (e instanceof DubanError) {
      return [e.status, { error: { code: e.code, message: e.messageZh, messageEn: e.messageEn, details: e.details, requestId } }];
    }
    if (e instanceof PlanRefusedError) {
      return [httpStatusOf(e.code), { error: { code: e.code, message: e.messageZh, messageEn: e.messageEn, requestId } }];
    }
    if (e instanceof DraftOperationError) {
      return [
        httpStatusOf(e.code),
        { error: { code: e.code, message: e.messageZh, details: { operation: e.operationIndex + 1 }, requestId } },
      ];
    }
    if (e instanceof HttpException) {
      const status = e.getStatus();
      const [code, message] = STATUS_CODES[status] ?? ['HTTP_ERROR', '请求失败'];
      const response = e.getResponse();
      // class-validator messages: keep them as details so a form can point at the field
      const details =
        typeof response === 'object' && response !== null && 'message' in response ? (response as { message: unknown }).message : undefined;
      return [status, { error: { code: status === 400 && details ? 'VALIDATION_FAILED' : code, message, details, requestId } }];
    }
    const fastifyError = e as { statusCode?: number; code?: string };
    if (typeof fastifyError?.statusCode === 'number' && fastifyError.statusCode >= 400 && fastifyError.statusCode < 500) {
      const status = fastifyError.statusCode;
      const [code, message] = STATUS_CODES[status] ?? ['BAD_REQUEST', '请求无效'];
      return [status, { error: { code: fastifyError.code === 'FST_REQ_FILE_TOO_LARGE' ? 'PLAN_TOO_LARGE' : code, message, requestId } }];
    }
    return [
      HttpStatus.INTERNAL_SERVER_ERROR,
      { error: { code: 'INTERNAL_ERROR', message: `服务器内部错误，请联系管理员并提供请求编号 ${requestId}`, requestId } },
    ];
  }
}
