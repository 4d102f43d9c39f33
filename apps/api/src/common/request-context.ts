import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';

/** Who did what from where: passed to services so every audit event can name it. */
export interface RequestContext {
  actor: string | null;
  requestId: string;
  ip: string | null;
}

export const Ctx = createParamDecorator((_data: unknown, host: ExecutionContext): RequestContext => {
  const request = host.switchToHttp().getRequest<FastifyRequest & { user?: { id: string } }>();
  return { actor: request.user?.id ?? null, requestId: String(request.id), ip: request.ip ?? null };
});

export const SYSTEM_CONTEXT: RequestContext = { actor: 'system', requestId: 'system', ip: null };
