export * from './schedule-progress';
export * from './lights';
