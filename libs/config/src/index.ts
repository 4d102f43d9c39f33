export * from './app-config';
export * from './check-services';
