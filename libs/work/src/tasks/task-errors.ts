import { HttpStatus } from '@nestjs/common';
import { DubanError } from '@duban/errors';

/** The errors of tasks and assignments, with stable codes and Chinese messages in one place. */
export const taskNotFound = (): DubanError => DubanError.notFound('任务', 'TASK_NOT_FOUND');
export const forbidden = (messageZh = '没有权限执行此操作'): DubanError => new DubanError('FORBIDDEN', messageZh, HttpStatus.FORBIDDEN);

export const versionConflict = (current: { state?: string; version: number }): DubanError =>
  DubanError.conflict('VERSION_CONFLICT', '数据已被他人修改，请刷新后重试', current);

export const badRequest = (code: string, messageZh: string, details?: unknown): DubanError =>
  new DubanError(code, messageZh, HttpStatus.BAD_REQUEST, details);

export const unprocessable = (code: string, messageZh: string, details?: unknown): DubanError =>
  new DubanError(code, messageZh, HttpStatus.UNPROCESSABLE_ENTITY, details);

export const taskNotActive = (): DubanError => DubanError.conflict('TASK_CANCELLED', '任务已取消，不能再修改或分派');
