import { WorkingCalendar } from '@duban/calendar';

describe('WorkingCalendar', () => {
  const cal = new WorkingCalendar();

  it('2021 National Day week is off; its make-up Sunday and Saturday are working days', () => {
    for (let d = 1; d <= 7; d++) expect(cal.isWorkingDay(`2021-10-0${d}`)).toBe(false);
    expect(cal.isWorkingDay('2021-09-26')).toBe(true); // Sunday, 调休
    expect(cal.isWorkingDay('2021-10-09')).toBe(true); // Saturday, 调休
    expect(cal.isWorkingDay('2021-10-10')).toBe(false); // ordinary Sunday
    expect(cal.isWorkingDay('2021-10-08')).toBe(true);
  });

  it('moves by working days across the holiday', () => {
    expect(cal.addWorkingDays('2021-09-30', 1)).toBe('2021-10-08');
    expect(cal.addWorkingDays('2021-10-08', -1)).toBe('2021-09-30');
    expect(cal.addWorkingDays('2021-10-03', 0)).toBe('2021-10-08');
    expect(cal.onOrBefore('2021-10-03')).toBe('2021-09-30');
    expect(cal.workingDaysBetween('2021-09-30', '2021-10-11')).toBe(3); // 10-08, 10-09, 10-11
    expect(cal.workingDaysBetween('2021-10-11', '2021-09-30')).toBe(0);
    expect(cal.workingDaysIn('2021-09-25', '2021-09-27')).toEqual(['2021-09-26', '2021-09-27']);
  });

  it("a bureau's own overrides win over the national schedule", () => {
    const own = new WorkingCalendar([
      { date: '2021-10-08', kind: 'dayoff', reason: '校运会' },
      { date: '2021-10-10', kind: 'workday' },
    ]);
    expect(own.isWorkingDay('2021-10-08')).toBe(false);
    expect(own.isWorkingDay('2021-10-10')).toBe(true);
    expect(own.addWorkingDays('2021-09-30', 1)).toBe('2021-10-09');
  });

  it('refuses what is not a date and spans that would not end', () => {
    expect(() => cal.isWorkingDay('2021-02-30')).toThrow(RangeError);
    expect(() => cal.isWorkingDay('yesterday')).toThrow(RangeError);
    expect(() => cal.workingDaysBetween('1900-01-01', '2999-01-01')).toThrow(RangeError);
    expect(() =>
      new WorkingCalendar(
        Array.from({ length: 25_000 }, (_, i) => ({
          date: new Date(Date.UTC(2020, 0, 1) + i * 86_400_000).toISOString().slice(0, 10),
          kind: 'dayoff' as const,
        })),
      ).addWorkingDays('2020-01-01', 1),
    ).toThrow(RangeError);
  });

  it('knows which years carry the national schedule', () => {
    expect(WorkingCalendar.knowsYear(2021)).toBe(true);
    expect(WorkingCalendar.knowsYear(1999)).toBe(false);
  });
});
