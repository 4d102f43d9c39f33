export * from './duban-error';
export * from './error-code';
export * from './version-conflict';
