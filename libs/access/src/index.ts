export * from './auth-user';
export * from './permissions';
export * from './password';
