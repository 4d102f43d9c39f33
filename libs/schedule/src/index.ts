export * from './schedule-progress';
export * from './lights';
export * from './notice-number';
