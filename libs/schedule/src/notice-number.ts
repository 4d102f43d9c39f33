/**
 * 督办单 numbers: 督〔2021〕第12号. The year is the China calendar year the notice is issued in (a
 * 文号 follows the year of issue, also for a five-year plan), and numbers run per plan and year.
 */
export const NOTICE_PREFIX = '督';

export function noticeNumberText(year: number, number: number): string {
  return `${NOTICE_PREFIX}〔${year}〕第${number}号`;
}
