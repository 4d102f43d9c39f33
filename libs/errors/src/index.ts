export * from './duban-error';
