import { DubanError } from '@duban/errors';

/** The errors of tasks and assignments, with stable codes and Chinese messages in one place. */
export const taskNotFound = (): DubanError => DubanError.notFound('任务', 'TASK_NOT_FOUND');

export const taskNotActive = (): DubanError => new DubanError('TASK_CANCELLED', '任务已取消，不能再修改或分派');
