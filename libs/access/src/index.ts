export * from './auth-user';
export * from './permissions';
