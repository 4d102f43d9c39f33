import { DubanError } from '@duban/errors';

export const unauthenticated = (messageZh = '请先登录', reason?: string): DubanError =>
  new DubanError('UNAUTHENTICATED', messageZh, reason ? { reason } : undefined);

export const badCredentials = (): DubanError => new DubanError('INVALID_CREDENTIALS', '用户名或密码错误');
