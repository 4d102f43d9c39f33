import chineseDays from 'chinese-days/dist/chinese-days.json';

/**
 * China's working-day calendar: weekends and public holidays are days off, and the make-up
 * working days (调休, e.g. Sunday 2021-09-26) are working days. The national schedule comes from
 * the `chinese-days` package (published each year by the State Council in November and
 * maintained there); a bureau's own days off, or a year the package does not know yet, are
 * covered by overrides kept in the database (`calendar_overrides`) and passed in here.
 *
 * Pure: dates are `YYYY-MM-DD` strings in China time, no clock is read.
 */
export type DayKind = 'workday' | 'dayoff';

export interface CalendarOverride {
  date: string;
  kind: DayKind;
  reason?: string | null;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DAY_MS = 86_400_000;
/** Guards loops against absurd ranges (a hostile `--to 9999-12-31`): about 30 years of days. */
export const MAX_CALENDAR_SPAN_DAYS = 11_000;

const NATIONAL_HOLIDAYS = new Set(Object.keys((chineseDays as { holidays: Record<string, string> }).holidays));
const NATIONAL_WORKDAYS = new Set(Object.keys((chineseDays as { workdays: Record<string, string> }).workdays));
/** Years for which the package carries the State Council's schedule. */
export const NATIONAL_YEARS: readonly number[] = [...new Set([...NATIONAL_HOLIDAYS].map((d) => Number(d.slice(0, 4))))].sort(
  (a, b) => a - b,
);

export function assertDate(date: string): void {
  if (!DATE.test(date) || Number.isNaN(Date.parse(`${date}T00:00:00Z`)) || toDate(date) !== date) {
    throw new RangeError(`not a calendar date: ${date}`);
  }
}

function toDate(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`)).toISOString().slice(0, 10);
}

/** The date `days` calendar days after `date` (negative goes back). */
export function addCalendarDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Calendar days from `from` to `to` (negative when `to` is earlier). */
export function calendarDaysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

export class WorkingCalendar {
  private readonly overrides: ReadonlyMap<string, DayKind>;

  constructor(overrides: readonly CalendarOverride[] = []) {
    const map = new Map<string, DayKind>();
    for (const o of overrides) {
      assertDate(o.date);
      map.set(o.date, o.kind);
    }
    this.overrides = map;
  }

  /** Whether the national schedule for the year is known (otherwise only weekends and overrides count). */
  static knowsYear(year: number): boolean {
    return NATIONAL_YEARS.includes(year);
  }

  isWorkingDay(date: string): boolean {
    assertDate(date);
    const override = this.overrides.get(date);
    if (override) return override === 'workday';
    if (NATIONAL_WORKDAYS.has(date)) return true;
    if (NATIONAL_HOLIDAYS.has(date)) return false;
    const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
    return weekday !== 0 && weekday !== 6;
  }

  /** `date` itself when it is a working day, else the next one. */
  onOrAfter(date: string): string {
    let d = date;
    for (let i = 0; i < MAX_CALENDAR_SPAN_DAYS; i++) {
      if (this.isWorkingDay(d)) return d;
      d = addCalendarDays(d, 1);
    }
    throw new RangeError(`no working day within ${MAX_CALENDAR_SPAN_DAYS} days of ${date}`);
  }

  /** `date` itself when it is a working day, else the last one before it. */
  onOrBefore(date: string): string {
    let d = date;
    for (let i = 0; i < MAX_CALENDAR_SPAN_DAYS; i++) {
      if (this.isWorkingDay(d)) return d;
      d = addCalendarDays(d, -1);
    }
    throw new RangeError(`no working day within ${MAX_CALENDAR_SPAN_DAYS} days of ${date}`);
  }

  /**
   * The working day `n` working days after `date` (n < 0: before). `date` need not be a working
   * day; n = 0 gives `onOrAfter(date)`. "3 working days before the due date" is `addWorkingDays(due, -3)`.
   */
  addWorkingDays(date: string, n: number): string {
    if (!Number.isInteger(n) || Math.abs(n) > MAX_CALENDAR_SPAN_DAYS) throw new RangeError(`bad working-day count: ${n}`);
    if (n === 0) return this.onOrAfter(date);
    const step = n > 0 ? 1 : -1;
    let d = date;
    let left = Math.abs(n);
    for (let i = 0; left > 0; i++) {
      if (i > MAX_CALENDAR_SPAN_DAYS * 2) throw new RangeError('working-day span too long');
      d = addCalendarDays(d, step);
      if (this.isWorkingDay(d)) left--;
    }
    return d;
  }

  /**
   * Working days in the half-open range (from, to]: the days that have passed between two dates
   * (0 when `to` ≤ `from`). Overdue by 3 working days = `workingDaysBetween(due, today) === 3`.
   */
  workingDaysBetween(from: string, to: string): number {
    assertDate(from);
    assertDate(to);
    const span = calendarDaysBetween(from, to);
    if (span <= 0) return 0;
    if (span > MAX_CALENDAR_SPAN_DAYS) throw new RangeError('working-day span too long');
    let count = 0;
    let d = from;
    for (let i = 0; i < span; i++) {
      d = addCalendarDays(d, 1);
      if (this.isWorkingDay(d)) count++;
    }
    return count;
  }

  /** Every working day in the closed range [from, to]. */
  workingDaysIn(from: string, to: string): string[] {
    assertDate(from);
    assertDate(to);
    const span = calendarDaysBetween(from, to);
    if (span > MAX_CALENDAR_SPAN_DAYS) throw new RangeError('working-day span too long');
    const days: string[] = [];
    for (let i = 0, d = from; i <= span; i++, d = addCalendarDays(d, 1)) {
      if (this.isWorkingDay(d)) days.push(d);
    }
    return days;
  }
}
