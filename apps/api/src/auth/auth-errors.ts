import { DubanError } from '@duban/errors';

export const unauthenticated = (messageZh = '请先登录', reason?: string): DubanError =>
  new DubanError('UNAUTHENTICATED', messageZh, reason ? { reason } : undefined);

/** A temporary password (set by an admin or an import) must be replaced before any work. */
export const passwordChangeRequired = (): DubanError =>
  new DubanError('PASSWORD_CHANGE_REQUIRED', '请先修改临时密码', { changePassword: 'POST /api/auth/password' });

export const badCredentials = (): DubanError => new DubanError('INVALID_CREDENTIALS', '用户名或密码错误');
