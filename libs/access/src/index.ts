export * from './auth-user';
export * from './permissions';
export * from './assignment-access';
export * from './task-access';
export * from './plan-access';
export * from './lead-unit';
export * from './access.repository';
export * from './timeline-access';
