import { reportingPeriod } from '../src';

describe('reportingPeriod', () => {
  it.each([
    ['month', '2024-03-15', '2024-03'],
    ['quarter', '2024-03-31', '2024-Q1'],
    ['quarter', '2024-10-01', '2024-Q4'],
    ['year', '2024-06-01', '2024'],
    ['semester', '2024-03-01', '2024-S1'],
    ['semester', '2024-09-01', '2024-S2'],
    ['semester', '2025-01-10', '2024-S2'],
    ['week', '2024-01-01', '2024-W01'],
    ['week', '2021-01-03', '2020-W53'],
    ['week', '2024-12-30', '2025-W01'],
  ] as const)('%s of %s is %s', (cadence, date, period) => {
    expect(reportingPeriod(cadence, date)).toBe(period);
  });
});
