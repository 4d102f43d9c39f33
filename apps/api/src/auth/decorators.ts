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

export const TEMPORARY_PASSWORD_KEY = 'duban:temporary-password';

/**
 * Reachable while the user still has a temporary password (must_change_password): reading one's
 * own profile, changing the password and signing out. Every other route answers 403
 * PASSWORD_CHANGE_REQUIRED until the password is changed.
 */
export const AllowTemporaryPassword = (): CustomDecorator<string> => SetMetadata(TEMPORARY_PASSWORD_KEY, true);

/** Whether the signed-in user still has a temporary password (set by the guard from a fresh load). */
export const MustChangePassword = createParamDecorator(
  (_data: unknown, host: ExecutionContext): boolean =>
    host.switchToHttp().getRequest<FastifyRequest & { mustChangePassword?: boolean }>().mustChangePassword ?? false,
);

/** The signed-in user; only on routes behind @RequirePermission. */
export const CurrentUser = createParamDecorator((_data: unknown, host: ExecutionContext): AuthUser => {
  const user = host.switchToHttp().getRequest<FastifyRequest & { user?: AuthUser }>().user;
  if (!user) throw new DubanError('UNAUTHENTICATED', '请先登录');
  return user;
});
