export * from './types';
export * from './errors';
export { parsePlan, parsePlanText } from './parse-plan';
