export * from './draft-operations';
export * from './plan-diff';
export * from './flatten';
