import { WorkingCalendar } from '@duban/calendar';
import { expectedProgress, judgeLight, noticeColour, worstLight } from '@duban/schedule';
import fc from 'fast-check';

const cal = new WorkingCalendar();

describe('序时进度 (expectedProgress)', () => {
  it('counts working days only: the National Day week adds nothing to the elapsed share', () => {
    // assigned Thursday 2021-09-30; due Friday 2021-10-15. Working days in (09-30, 10-15]:
    // 10-08 (Fri), 10-09 (Sat, 调休), 10-11..10-15 → 7. The holiday week 10-01..10-07 counts 0.
    const period = { assignedOn: '2021-09-30', dueDate: '2021-10-15' };
    expect(expectedProgress(cal, period, '2021-10-07')).toBe(0);
    expect(expectedProgress(cal, period, '2021-10-09')).toBeCloseTo(2 / 7);
    expect(expectedProgress(cal, period, '2021-10-15')).toBe(1);
  });

  it('is 0 at assignment, 1 from the due date, and never decreases in between', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 300 }), fc.integer({ min: 0, max: 200 }), fc.integer({ min: 0, max: 400 }), (a, len, t) => {
        const base = Date.UTC(2021, 0, 1);
        const d = (n: number) => new Date(base + n * 86_400_000).toISOString().slice(0, 10);
        const period = { assignedOn: d(a), dueDate: d(a + len) };
        const p = expectedProgress(cal, period, d(t));
        const next = expectedProgress(cal, period, d(t + 1));
        expect(p).toBeGreaterThanOrEqual(0);
        expect(p).toBeLessThanOrEqual(1);
        expect(next).toBeGreaterThanOrEqual(p);
        if (t >= a + len) expect(p).toBe(1);
        if (t <= a && len > 0) expect(p).toBe(0);
      }),
    );
  });
});

describe('lights and 督办单 colours', () => {
  const base = { state: 'in_progress', assignedOn: '2021-03-01', dueDate: '2021-06-30', reportedProgress: 50, submitted: false };

  it('red when open past its due date, however far along it reports', () => {
    const v = judgeLight(cal, { ...base, reportedProgress: 95 }, '2021-07-05');
    expect(v.light).toBe('red');
    expect(v.reason).toBe('已逾期3个工作日'); // 07-01, 07-02, 07-05
    expect(noticeColour(v)).toBe('red');
  });

  it('closed work is green even when late', () => {
    expect(judgeLight(cal, { ...base, state: 'approved' }, '2021-08-01').light).toBe('green');
    expect(judgeLight(cal, { ...base, state: 'cancelled' }, '2021-08-01').light).toBe('green');
  });

  it('yellow when reported progress lags the elapsed share by more than the margin', () => {
    // mid-May is roughly 60% of the period elapsed
    expect(judgeLight(cal, { ...base, reportedProgress: 30 }, '2021-05-14').light).toBe('yellow');
    expect(judgeLight(cal, { ...base, reportedProgress: 50 }, '2021-05-14').light).toBe('green');
    expect(judgeLight(cal, { ...base, reportedProgress: 30 }, '2021-05-14', { margin: 0.5 }).light).toBe('green');
    expect(noticeColour(judgeLight(cal, { ...base, reportedProgress: 0 }, '2021-05-14'))).toBe('yellow');
  });

  it('due within 3 working days with nothing submitted is yellow (a blue 督办单); submitted work is not', () => {
    const soon = judgeLight(cal, { ...base, reportedProgress: 100 }, '2021-06-25'); // 06-28, 29, 30 left
    expect(soon.light).toBe('yellow');
    expect(noticeColour(soon)).toBe('blue');
    expect(judgeLight(cal, { ...base, reportedProgress: 100, submitted: true }, '2021-06-25').light).toBe('green');
    expect(judgeLight(cal, { ...base, reportedProgress: 100 }, '2021-06-24').light).toBe('green'); // 4 left
  });

  it('the worst light of a group wins', () => {
    expect(worstLight([])).toBe('green');
    expect(worstLight(['green', 'yellow', 'green'])).toBe('yellow');
    expect(worstLight(['yellow', 'red', 'green'])).toBe('red');
  });
});
