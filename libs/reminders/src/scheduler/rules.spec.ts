import { WorkingCalendar } from '@duban/calendar';
import { nextSendingInstant } from '../sending-window';
import { decideDue, decideReport, DEFAULT_REMINDER_SETTINGS, isFirstWorkingDayOfWeek, periodBounds, weeklyDigestSlot } from './rules';

const cal = new WorkingCalendar();
const s = DEFAULT_REMINDER_SETTINGS;

describe('reminder rules (pure)', () => {
  it('counts working days across National Day 2021 and its make-up days', () => {
    // due Monday 2021-10-11: 7 before = make-up Sunday 09-26, 3 before = 09-30, 1 before = make-up Saturday 10-09
    expect(decideDue('2021-10-11', '2021-09-26', s, cal)).toEqual({ kind: 'due_soon', daysLeft: 7, slot: '2021-09-26' });
    expect(decideDue('2021-10-11', '2021-09-30', s, cal)).toEqual({ kind: 'due_soon', daysLeft: 3, slot: '2021-09-30' });
    expect(decideDue('2021-10-11', '2021-10-09', s, cal)).toEqual({ kind: 'due_soon', daysLeft: 1, slot: '2021-10-09' });
    for (let d = 1; d <= 7; d++) expect(decideDue('2021-10-11', `2021-10-0${d}`, s, cal)).toBeNull();
    expect(decideDue('2021-10-11', '2021-10-11', s, cal)).toEqual({ kind: 'due_today', slot: '2021-10-11' });
    expect(decideDue('2021-10-11', '2021-10-14', s, cal)).toEqual({
      kind: 'overdue',
      overdueDays: 3,
      slot: '2021-10-14',
      escalate: true,
      escalationSlot: '2021-10-14',
      leaderDigest: false,
    });
    expect(decideDue('2021-10-11', '2021-10-25', s, cal)).toMatchObject({ overdueDays: 10, escalate: false, leaderDigest: true });
  });

  it('catches up after missed days: the escalation once, only the latest due-soon, keys on the day they fell due', () => {
    // last pass 2021-10-12 (1st overdue day); next one only on 10-18 (5th): the 3rd day's escalation comes now, once
    expect(decideDue('2021-10-11', '2021-10-18', s, cal, '2021-10-12')).toMatchObject({
      kind: 'overdue',
      overdueDays: 5,
      escalate: true,
      escalationSlot: '2021-10-14',
    });
    // the pass after it (since 10-18) does not escalate again, nor would one that saw 10-14 itself
    expect(decideDue('2021-10-11', '2021-10-19', s, cal, '2021-10-18')).toMatchObject({ escalate: false });
    expect(decideDue('2021-10-11', '2021-10-18', s, cal, '2021-10-14')).toMatchObject({ escalate: false });
    // missed the 7- and 3-day reminders (last pass 09-24): on 10-08 only the 3-day one, keyed on 09-30, with the real days left
    expect(decideDue('2021-10-11', '2021-10-08', s, cal, '2021-09-24')).toEqual({ kind: 'due_soon', daysLeft: 2, slot: '2021-09-30' });
    // the 3-day one was planned (since 09-30): nothing until the 1-day one
    expect(decideDue('2021-10-11', '2021-10-08', s, cal, '2021-09-30')).toBeNull();
    // a missed due date: the overdue reminder of today, no due_today afterwards
    expect(decideDue('2021-10-11', '2021-10-12', s, cal, '2021-10-08')).toMatchObject({ kind: 'overdue', escalate: false });
    // report requests: a missed period start is sent late, once; the "due" one wins when both were missed
    expect(decideReport('month', '2021-10-12', '2021-12-31', cal, '2021-09-30')).toMatchObject({ what: 'start', slot: '2021-10-08' });
    expect(decideReport('month', '2021-10-13', '2021-12-31', cal, '2021-10-12')).toBeNull();
    expect(decideReport('month', '2021-10-28', '2021-12-31', cal, '2021-09-30')).toMatchObject({ what: 'due', slot: '2021-10-26' });
    // the leaders' weekly digest of a week whose first working day was missed
    expect(weeklyDigestSlot('2021-10-13', cal, '2021-10-08')).toBe('2021-10-11');
    expect(weeklyDigestSlot('2021-10-13', cal, '2021-10-11')).toBeNull();
  });

  it('bureau overrides silence a day', () => {
    const withOff = new WorkingCalendar([{ date: '2021-09-30', kind: 'dayoff' }]);
    expect(decideDue('2021-10-11', '2021-09-30', s, withOff)).toBeNull();
  });

  it('report requests: first working day of the period, and 3 working days before its last', () => {
    expect(decideReport('month', '2021-10-08', '2021-12-31', cal)).toEqual({
      what: 'start',
      period: '2021-10',
      periodEnd: '2021-10-31',
      slot: '2021-10-08',
    });
    expect(decideReport('month', '2021-10-26', '2021-12-31', cal)).toEqual({
      what: 'due',
      period: '2021-10',
      periodEnd: '2021-10-31',
      slot: '2021-10-26',
    });
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
