import dayjs from 'dayjs';

/** 2021年6月30日 (dates are China dates, as the API sends them: YYYY-MM-DD or an instant). */
export function formatDate(value: string | Date | null | undefined): string {
  if (!value) return '—';
  const d = dayjs(value);
  return d.isValid() ? d.format('YYYY年M月D日') : String(value);
}

export function formatDateTime(value: string | Date | null | undefined): string {
  if (!value) return '—';
  const d = dayjs(value);
  return d.isValid() ? d.format('YYYY年M月D日 HH:mm') : String(value);
}

/** 87.5% (one decimal at most, no trailing zero). */
export function formatPercent(value: number | null | undefined): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '—';
  return `${Math.round(value * 10) / 10}%`;
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

/** Due-soon / overdue wording for a badge. */
export function dueLabel(daysUntilDue: number, overdue: boolean): { text: string; color: string } {
  if (overdue) return { text: `逾期 ${Math.abs(daysUntilDue)} 天`, color: 'red' };
  if (daysUntilDue <= 0) return { text: '今天到期', color: 'orange' };
  if (daysUntilDue <= 7) return { text: `${daysUntilDue} 天后到期`, color: 'gold' };
  return { text: `剩余 ${daysUntilDue} 天`, color: 'default' };
}
