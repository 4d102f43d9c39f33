export * from './auth-user';
export * from './permissions';
export * from './assignment-access';
export * from './task-access';
export * from './plan-access';
