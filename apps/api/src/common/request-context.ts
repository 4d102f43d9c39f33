import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { RequestContext } from '@duban/audit';
import type { FastifyRequest } from 'fastify';

export const Ctx = createParamDecorator((_data: unknown, host: ExecutionContext): RequestContext => {
  const request = host.switchToHttp().getRequest<FastifyRequest & { user?: { id: string } }>();
  return { actor: request.user?.id ?? null, requestId: String(request.id), ip: request.ip ?? null };
});
