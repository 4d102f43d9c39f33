import { WorkingCalendar } from '@duban/calendar';
import { nextSendingInstant } from '../sending-window';
import { decideDue, decideReport, DEFAULT_REMINDER_SETTINGS, isFirstWorkingDayOfWeek, periodBounds } from './rules';

const cal = new WorkingCalendar();
const s = DEFAULT_REMINDER_SETTINGS;

describe('reminder rules (pure)', () => {
  it('counts working days across National Day 2021 and its make-up days', () => {
    // due Monday 2021-10-11: 7 before = make-up Sunday 09-26, 3 before = 09-30, 1 before = make-up Saturday 10-09
    expect(decideDue('2021-10-11', '2021-09-26', s, cal)).toEqual({ kind: 'due_soon', daysLeft: 7 });
    expect(decideDue('2021-10-11', '2021-09-30', s, cal)).toEqual({ kind: 'due_soon', daysLeft: 3 });
    expect(decideDue('2021-10-11', '2021-10-09', s, cal)).toEqual({ kind: 'due_soon', daysLeft: 1 });
    for (let d = 1; d <= 7; d++) expect(decideDue('2021-10-11', `2021-10-0${d}`, s, cal)).toBeNull();
    expect(decideDue('2021-10-11', '2021-10-11', s, cal)).toEqual({ kind: 'due_today' });
    expect(decideDue('2021-10-11', '2021-10-14', s, cal)).toEqual({ kind: 'overdue', overdueDays: 3, escalate: true, leaderDigest: false });
    expect(decideDue('2021-10-11', '2021-10-25', s, cal)).toMatchObject({ overdueDays: 10, escalate: false, leaderDigest: true });
  });

  it('bureau overrides silence a day', () => {
    const withOff = new WorkingCalendar([{ date: '2021-09-30', kind: 'dayoff' }]);
    expect(decideDue('2021-10-11', '2021-09-30', s, withOff)).toBeNull();
  });

  it('report requests: first working day of the period, and 3 working days before its last', () => {
    expect(decideReport('month', '2021-10-08', '2021-12-31', cal)).toEqual({ what: 'start', period: '2021-10', periodEnd: '2021-10-31' });
    expect(decideReport('month', '2021-10-26', '2021-12-31', cal)).toEqual({ what: 'due', period: '2021-10', periodEnd: '2021-10-31' });
    expect(decideReport('month', '2021-10-26', '2021-09-30', cal)).toBeNull();
    expect(periodBounds('semester', '2022-01-10')).toEqual({ start: '2021-08-01', end: '2022-01-31' });
    // the week of 10-04: Monday to Thursday are holidays, so Friday 10-08 is its first working day
    expect(isFirstWorkingDayOfWeek('2021-10-08', cal)).toBe(true);
    expect(isFirstWorkingDayOfWeek('2021-10-09', cal)).toBe(false);
  });

  it('quiet hours and days off defer to 08:00 of the next working day', () => {
    const at = (iso: string) => nextSendingInstant(new Date(iso), cal).toISOString();
    expect(at('2021-09-29T10:00:00+08:00')).toBe(new Date('2021-09-29T10:00:00+08:00').toISOString());
    expect(at('2021-09-29T07:30:00+08:00')).toBe(new Date('2021-09-29T08:00:00+08:00').toISOString());
    expect(at('2021-09-29T20:00:00+08:00')).toBe(new Date('2021-09-30T08:00:00+08:00').toISOString());
    expect(at('2021-09-30T23:00:00+08:00')).toBe(new Date('2021-10-08T08:00:00+08:00').toISOString());
    expect(at('2021-09-25T12:00:00+08:00')).toBe(new Date('2021-09-26T08:00:00+08:00').toISOString());
  });
});
