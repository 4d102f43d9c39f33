import { createParamDecorator, SetMetadata, type CustomDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { DubanError } from '@duban/errors';
import type { AuthUser } from '@duban/access';
import type { Permission } from '@duban/access';

export const PERMISSION_KEY = 'duban:permission';
export const PUBLIC_KEY = 'duban:public';

/** The permission a route needs; the global guard refuses routes that declare neither this nor @Public. */
export const RequirePermission = (permission: Permission): CustomDecorator<string> => SetMetadata(PERMISSION_KEY, permission);

/** Reachable without signing in (health, login, refresh). */
export const Public = (): CustomDecorator<string> => SetMetadata(PUBLIC_KEY, true);

/** The signed-in user; only on routes behind @RequirePermission. */
export const CurrentUser = createParamDecorator((_data: unknown, host: ExecutionContext): AuthUser => {
  const user = host.switchToHttp().getRequest<FastifyRequest & { user?: AuthUser }>().user;
  if (!user) throw new DubanError('UNAUTHENTICATED', '请先登录');
  return user;
});
