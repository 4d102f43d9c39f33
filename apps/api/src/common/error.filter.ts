import { ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { DraftOperationError } from '@duban/plan-revision';
import { PlanRefusedError } from '@duban/plan-parser';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Socket } from 'node:net';
import { DubanError, httpStatusOf, type ErrorBody, type ErrorCode } from '@duban/errors';

/** What a bare HTTP status says when nothing more specific is known. */
const BY_STATUS: Record<number, [ErrorCode, string]> = {
  400: ['BAD_REQUEST', '请求无效'],
  401: ['UNAUTHENTICATED', '请先登录'],
  403: ['FORBIDDEN', '没有权限执行此操作'],
  404: ['NOT_FOUND', '请求的资源不存在'],
  405: ['METHOD_NOT_ALLOWED', '不支持此请求方法'],
  406: ['NOT_ACCEPTABLE', '不支持请求的格式'],
  409: ['CONFLICT', '数据已被修改，请刷新后重试'],
  413: ['PAYLOAD_TOO_LARGE', '请求内容过大'],
  414: ['URI_TOO_LONG', '请求地址过长'],
  415: ['UNSUPPORTED_MEDIA_TYPE', '不支持的内容类型，请以 application/json 发送'],
  429: ['TOO_MANY_REQUESTS', '请求过于频繁，请稍后再试'],
};

/** Fastify's and its plugins' own errors (FST_*), in words bureau staff read. */
const FASTIFY_CODES: Record<string, [ErrorCode, string]> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: ['UNSUPPORTED_MEDIA_TYPE', '不支持的内容类型，请以 application/json 发送'],
  FST_ERR_CTP_INVALID_TYPE: ['UNSUPPORTED_MEDIA_TYPE', '不支持的内容类型，请以 application/json 发送'],
  FST_ERR_CTP_BODY_TOO_LARGE: ['PAYLOAD_TOO_LARGE', '请求内容过大'],
  FST_ERR_CTP_EMPTY_JSON_BODY: ['JSON_MALFORMED', '请求体为空，请发送 JSON'],
  FST_ERR_CTP_INVALID_JSON_BODY: ['JSON_MALFORMED', '请求体不是有效的 JSON'],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: ['BAD_REQUEST', '请求长度与内容不符'],
  FST_ERR_CTP_EMPTY_TYPE: ['UNSUPPORTED_MEDIA_TYPE', '缺少内容类型（Content-Type）'],
  FST_REQ_FILE_TOO_LARGE: ['PLAN_TOO_LARGE', '文件超过大小上限'],
  FST_FILES_LIMIT: ['UPLOAD_TOO_MANY_FILES', '一次只能上传一个文件'],
  FST_PARTS_LIMIT: ['UPLOAD_MALFORMED', '上传表单的字段过多'],
  FST_FIELDS_LIMIT: ['UPLOAD_MALFORMED', '上传表单的字段过多'],
  FST_PROTO_VIOLATION: ['UPLOAD_MALFORMED', '上传表单的字段名无效'],
  FST_INVALID_MULTIPART_CONTENT_TYPE: ['UPLOAD_NOT_MULTIPART', '请以 multipart/form-data 上传文件（字段名 file）'],
  FST_MP_PREMATURE_CLOSE: ['UPLOAD_ABORTED', '上传已中断，未保存任何内容'],
  FST_ERR_BAD_URL: ['BAD_REQUEST', '请求地址无效'],
  FST_ERR_MAX_PARAM_LENGTH: ['URI_TOO_LONG', '请求地址过长'],
  FST_ERR_ASYNC_CONSTRAINT: ['BAD_REQUEST', '请求无效'],
};

/** busboy (under @fastify/multipart) throws plain Errors for a body it cannot read. */
const MALFORMED_MULTIPART =
  /^(Multipart: Boundary not found|Boundary required|Unexpected end of multipart data|.* terminated early due to unexpected end of multipart data|Malformed part header)$/;

/** Nest's Parse*Pipe messages ("Validation failed (uuid is expected)") in Chinese. */
const PIPE_MESSAGES: [RegExp, string][] = [
  [/uuid is expected/, '编号格式无效（应为 UUID）'],
  [/numeric string is expected/, '参数应为整数'],
  [/boolean string is expected/, '参数应为 true 或 false'],
  [/enum string is expected/, '参数取值无效'],
  [/float string is expected/, '参数应为数字'],
  [/date string is expected/, '参数不是有效的日期'],
];

const CJK = /[\u4e00-\u9fff]/;

/**
 * Every error leaves as `{ error: { code, message, requestId } }` with a Chinese message: the app's
 * own (DubanError), Nest's, Fastify's and its plugins'. Unexpected failures return only a generic
 * message and the request id, which is also in the log next to the stack.
 */
@Catch()
export class ErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('ErrorFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const request = host.switchToHttp().getRequest<FastifyRequest>();
    sendError(reply, request, exception, this.logger);
  }
}

/** Also Fastify's error handler, for what fails before Nest routes a request (body parsing, 414). */
export function sendError(reply: FastifyReply, request: FastifyRequest, exception: unknown, logger: Pick<Logger, 'error'>): void {
  const requestId = String(request.id);
  const [status, body] = toBody(exception, requestId);
  if (status >= 500) logger.error({ err: exception, requestId }, 'unhandled error');
  // an upload refused half way: answer now and drop the connection instead of reading the rest
  if (status === 413) {
    void reply.header('connection', 'close');
    lingerBeforeClose(request);
  }
  // "come back later" with a known time (催办's interval): say it in the standard header too, as an HTTP date
  const retryAt = exception instanceof DubanError ? (exception.details as { retryAt?: unknown } | undefined)?.retryAt : undefined;
  if (status === 429 && typeof retryAt === 'string' && !Number.isNaN(Date.parse(retryAt)))
    void reply.header('retry-after', new Date(retryAt).toUTCString());
  void reply.status(status).header('content-type', 'application/json; charset=utf-8').send(body);
}

/** How long a refused upload's connection stays open after its answer. */
const LINGER_MS = 1500;

/**
 * Node closes the socket as soon as a `connection: close` answer is written. The client is still
 * sending its upload, and those bytes then draw a TCP reset, which can discard the answer unread on
 * the client's side (it sees EPIPE instead of the 413). So, like nginx's lingering close: send FIN
 * after the answer, stop reading (the sender's window closes, so it stops and reads the answer),
 * and destroy the socket a moment later, or as soon as the client closes its side.
 */
function lingerBeforeClose(request: FastifyRequest): void {
  const socket = request.raw.socket as Socket | undefined;
  if (!socket || socket.destroyed) return;
  socket.destroySoon = function lingeringDestroySoon(this: Socket): void {
    if (this.writable) this.end();
    this.pause();
    // Node's HTTP server resumes the socket to discard the unread body; this socket is closing
    this.resume = () => this;
    const timer = setTimeout(() => this.destroy(), LINGER_MS);
    timer.unref();
    this.once('close', () => clearTimeout(timer));
  };
}

const body = (code: string, message: string, requestId: string, extra: Partial<ErrorBody['error']> = {}): ErrorBody => ({
  error: { code, message, ...extra, requestId },
});

export function toBody(e: unknown, requestId: string): [number, ErrorBody] {
  if (e instanceof DubanError) {
    return [e.status, body(e.code, e.messageZh, requestId, { messageEn: e.messageEn, details: e.details })];
  }
  if (e instanceof PlanRefusedError) {
    return [httpStatusOf(e.code), body(e.code, e.messageZh, requestId, { messageEn: e.messageEn })];
  }
  if (e instanceof DraftOperationError) {
    return [httpStatusOf(e.code), body(e.code, e.messageZh, requestId, { details: { operation: e.operationIndex + 1 } })];
  }
  if (e instanceof HttpException) {
    const status = e.getStatus();
    const [code, fallback] = BY_STATUS[status] ?? (status < 500 ? BY_STATUS[400] : ['INTERNAL_ERROR', '服务器内部错误']);
    const response = e.getResponse();
    const said =
      typeof response === 'object' && response !== null && 'message' in response ? (response as { message: unknown }).message : response;
    const text = Array.isArray(said) ? said.filter((m): m is string => typeof m === 'string') : typeof said === 'string' ? [said] : [];
    // a Chinese message from our own code is shown; English from Nest is translated or replaced
    const chinese = text.find((m) => CJK.test(m));
    const piped = text.map((m) => PIPE_MESSAGES.find(([re]) => re.test(m))?.[1]).find(Boolean);
    const message = chinese ?? piped ?? fallback;
    const validation = status === 400 && (chinese !== undefined || piped !== undefined);
    return [status, body(validation ? 'VALIDATION_FAILED' : code, message, requestId)];
  }
  const fastify = e as { statusCode?: unknown; code?: unknown; message?: unknown } | null;
  const fastifyCode = typeof fastify?.code === 'string' ? FASTIFY_CODES[fastify.code] : undefined;
  if (fastifyCode) return [httpStatusOf(fastifyCode[0]), body(fastifyCode[0], fastifyCode[1], requestId)];
  if (typeof fastify?.message === 'string' && MALFORMED_MULTIPART.test(fastify.message)) {
    return [400, body('UPLOAD_MALFORMED', '上传内容格式不完整或无效（multipart 表单缺少边界或被截断），请重新上传', requestId)];
  }
  if (typeof fastify?.statusCode === 'number' && fastify.statusCode >= 400 && fastify.statusCode < 500) {
    const [code, message] = BY_STATUS[fastify.statusCode] ?? BY_STATUS[400];
    return [fastify.statusCode, body(code, message, requestId)];
  }
  return [500, body('INTERNAL_ERROR', `服务器内部错误，请联系管理员并提供请求编号 ${requestId}`, requestId)];
}
