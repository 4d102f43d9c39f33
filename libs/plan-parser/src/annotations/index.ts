// Pure extractors for what a work point commits to. Each takes the point's joined text.
export { extractUnits } from './units';
export { extractDeadlines, type DeadlineResult } from './deadlines';
export { extractRecurrence } from './recurrence';
export { extractTargets } from './targets';
export { extractIndicators, indicatorTableSpans } from './indicators';
export { extractPeriodDeadlines } from './period-deadlines';
