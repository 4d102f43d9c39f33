import { Injectable, Logger, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Clock } from '@duban/clock';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { AccessTokenService } from './access-token.service';
import { DubanError } from '@duban/errors';
import { passwordChangeRequired, unauthenticated } from './auth-errors';
import type { AuthUser } from '@duban/access';
import { AuthUserLoader } from './auth-user.loader';
import { PERMISSION_KEY, PUBLIC_KEY, TEMPORARY_PASSWORD_KEY } from './decorators';
import type { Permission } from '@duban/access';

const BEARER = /^Bearer ([A-Za-z0-9_.-]{1,4096})$/;

/**
 * Deny by default: a route must declare @RequirePermission or @Public. Declared routes need a valid
 * access token of an active user holding the permission; object-level checks follow in services.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly logger = new Logger(AuthGuard.name);

  constructor(
    private readonly reflector: Reflector,
    readonly tokens: AccessTokenService,
    readonly users: AuthUserLoader,
    readonly clock: Clock,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    const permission = this.reflector.getAllAndOverride<Permission | undefined>(PERMISSION_KEY, targets);
    if (!permission) {
      if (this.reflector.getAllAndOverride<boolean | undefined>(PUBLIC_KEY, targets)) return true;
      this.logger.error(`${context.getClass().name}.${context.getHandler().name} declares no permission; refused`);
      throw DubanError.forbidden(undefined, 'undeclared');
    }

    const request = context.switchToHttp().getRequest<FastifyRequest & { user?: AuthUser; mustChangePassword?: boolean }>();
    const found = await authenticateBearer(this, request);
    request.user = found.user;
    request.mustChangePassword = found.mustChangePassword;
    // read fresh from the database on every request, so neither an old token nor a client can skip it
    if (found.mustChangePassword && !this.reflector.getAllAndOverride<boolean | undefined>(TEMPORARY_PASSWORD_KEY, targets))
      throw passwordChangeRequired();
    if (!found.user.permissions.includes(permission)) throw DubanError.forbidden(undefined, permission);
    return true;
  }
}

export interface BearerDeps {
  tokens: AccessTokenService;
  users: AuthUserLoader;
  clock: Clock;
}

/**
 * Who a request's bearer token belongs to (an active user, token not ended by a password change),
 * or 401. The guard uses it for every route; the queue board at /admin/queues (a Fastify plugin,
 * outside Nest's guards) uses it too.
 */
export async function authenticateBearer(
  deps: BearerDeps,
  request: FastifyRequest,
): Promise<{ user: AuthUser; mustChangePassword: boolean }> {
  const match = BEARER.exec(request.headers.authorization ?? '');
  if (!match) throw unauthenticated('请先登录', 'missing');
  const claims = await deps.tokens.verify(match[1]);
  const found = await deps.users.load(claims.sub, claims.sid);
  if (!found) throw unauthenticated('账号不存在或已停用', 'inactive');
  // a password change ends every token issued before it (compared in whole seconds, as iat is);
  // a change stamped after the clock's "now" was written on another clock (DUBAN_CLOCK set into the past)
  const changedAt = found.passwordChangedAt.getTime();
  if (changedAt <= deps.clock.now().getTime() && claims.iat < Math.floor(changedAt / 1000))
    throw unauthenticated('密码已修改，请重新登录', 'password_changed');
  return { user: found.user, mustChangePassword: found.mustChangePassword };
}
