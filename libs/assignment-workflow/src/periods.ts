export type Cadence = 'week' | 'month' | 'quarter' | 'semester' | 'year';

/**
 * The reporting period a date falls in, in the format progress reports use: 2024-W09, 2024-03,
 * 2024-Q1, 2024-S1 (spring semester: February–July) or 2024.
 */
export function reportingPeriod(cadence: Cadence, isoDate: string): string {
  const [y, m, d] = isoDate.split('-').map(Number);
  switch (cadence) {
    case 'year':
      return String(y);
    case 'month':
      return `${y}-${String(m).padStart(2, '0')}`;
    case 'quarter':
      return `${y}-Q${Math.ceil(m / 3)}`;
    case 'semester':
      // the autumn semester runs into January: it belongs to the school year that began in September
      return m >= 2 && m <= 7 ? `${y}-S1` : m === 1 ? `${y - 1}-S2` : `${y}-S2`;
    case 'week': {
      // ISO 8601 week: the week with the year's first Thursday is week 1
      const date = new Date(Date.UTC(y, m - 1, d));
      const weekday = date.getUTCDay() || 7;
      date.setUTCDate(date.getUTCDate() + 4 - weekday);
      const yearStart = Date.UTC(date.getUTCFullYear(), 0, 1);
      const week = Math.ceil(((date.getTime() - yearStart) / 86_400_000 + 1) / 7);
      return `${date.getUTCFullYear()}-W${String(week).padStart(2, '0')}`;
    }
  }
}
