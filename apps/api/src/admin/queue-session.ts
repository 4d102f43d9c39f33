import { Controller, HttpCode, Module, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Permission } from '@duban/access';
import { DubanError } from '@duban/errors';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { RequirePermission } from '../auth/decorators';
import { isWebClient } from '../auth/refresh-cookie';

/**
 * The queue board's browser session. A browser cannot put a bearer header on the board's own
 * page and XHRs, so an admin signed in to the web app asks this endpoint (with the bearer and the
 * web app's header) to copy its access token into an httpOnly, SameSite=Strict cookie scoped to
 * `/admin/queues` for ten minutes. The board's gate reads it only when no Authorization header is
 * sent, and checks it exactly like a bearer (signature, expiry, user active, `queues:admin`).
 */
export const QUEUE_SESSION_COOKIE = 'duban_queues';
export const QUEUE_SESSION_SECONDS = 600;
const PATH = '/admin/queues';

function secure(request: FastifyRequest): boolean {
  return request.protocol === 'https' || request.headers['x-forwarded-proto'] === 'https';
}

/** The access token from the board's cookie, when the request carries no bearer header. */
export function queueSessionToken(request: FastifyRequest): string | null {
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name === QUEUE_SESSION_COOKIE) {
      const value = rest.join('=');
      // a JWT: three base64url parts; anything else is ignored (and the request then is a 401)
      if (/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(value) && value.length < 4096) return value;
    }
  }
  return null;
}

@ApiTags('admin')
@ApiBearerAuth()
@Controller('api/admin/queues')
export class QueueSessionController {
  @Post('session')
  @HttpCode(200)
  @RequirePermission(Permission.QueuesAdmin)
  @ApiHeader({ name: 'x-duban-client', required: true, description: '固定为 web（防跨站请求）' })
  @ApiOperation({ summary: '为网页中的管理员打开队列监控：把本次的访问令牌写入仅限 /admin/queues、10 分钟有效的 httpOnly Cookie' })
  open(@Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    // the cookie is a credential: only the web app's own pages may ask for it (CSRF guard, as for the refresh cookie)
    if (!isWebClient(request)) throw new DubanError('VALIDATION_FAILED', '请从网页端打开队列监控');
    const token = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
    if (!token) throw new DubanError('VALIDATION_FAILED', '请先登录');
    const flags = ['HttpOnly', 'SameSite=Strict', ...(secure(request) ? ['Secure'] : [])];
    void reply.header(
      'set-cookie',
      [`${QUEUE_SESSION_COOKIE}=${token}`, `Path=${PATH}`, `Max-Age=${QUEUE_SESSION_SECONDS}`, ...flags].join('; '),
    );
    return { path: PATH, expiresInSeconds: QUEUE_SESSION_SECONDS };
  }
}

@Module({ controllers: [QueueSessionController] })
export class QueueSessionModule {}
