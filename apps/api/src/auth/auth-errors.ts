import { HttpStatus } from '@nestjs/common';
import { DubanError } from '@duban/errors';

export const unauthenticated = (messageZh = '请先登录', reason?: string): DubanError =>
  new DubanError('UNAUTHENTICATED', messageZh, HttpStatus.UNAUTHORIZED, reason ? { reason } : undefined);

/** `required` names the permission the route declares, so a client (and the matrix test) can tell why. */
export const forbidden = (required?: string): DubanError =>
  new DubanError('FORBIDDEN', '没有权限执行此操作', HttpStatus.FORBIDDEN, required ? { required } : undefined);

/** A temporary password (set by an admin or an import) must be replaced before any work. */
export const passwordChangeRequired = (): DubanError =>
  new DubanError('PASSWORD_CHANGE_REQUIRED', '请先修改临时密码', HttpStatus.FORBIDDEN, { changePassword: 'POST /api/auth/password' });

export const badCredentials = (): DubanError => new DubanError('INVALID_CREDENTIALS', '用户名或密码错误', HttpStatus.UNAUTHORIZED);
