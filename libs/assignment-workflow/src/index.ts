export * from './transitions';
export * from './completion';
export * from './due-dates';
export * from './periods';
