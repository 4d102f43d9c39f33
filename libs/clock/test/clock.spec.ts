import { AdjustableClock, chinaDate, clockFromSetting, parseClockSetting, SystemClock } from '@duban/clock';

/** A wall clock the test moves by hand. */
function fakeWall(startMs: number): { ms: () => number; tick(ms: number): void } {
  let now = startMs;
  return { ms: () => now, tick: (ms) => (now += ms) };
}

describe('chinaDate and Clock.today', () => {
  it('is the calendar day in UTC+8, across the UTC midnight', () => {
    expect(chinaDate(new Date('2024-06-30T15:59:59Z'))).toBe('2024-06-30');
    expect(chinaDate(new Date('2024-06-30T16:00:00Z'))).toBe('2024-07-01');
    expect(chinaDate(new Date('2021-03-01T00:30:00+08:00'))).toBe('2021-03-01');
    expect(chinaDate(new Date('2020-12-31T23:59:00+08:00'))).toBe('2020-12-31');
  });

  it('today() follows now()', () => {
    const clock = new AdjustableClock(new Date('2021-02-28T23:30:00+08:00'), { frozen: true });
    expect(clock.today()).toBe('2021-02-28');
    clock.advance(30 * 60_000);
    expect(clock.today()).toBe('2021-03-01');
  });
});

describe('AdjustableClock', () => {
  it('running, keeps its offset from the wall clock', () => {
    const wall = fakeWall(Date.parse('2026-12-02T01:00:00Z'));
    const clock = new AdjustableClock(new Date('2021-03-01T09:00:00+08:00'), {}, wall.ms);
    expect(clock.now().toISOString()).toBe('2021-03-01T01:00:00.000Z');
    wall.tick(1500);
    expect(clock.now().toISOString()).toBe('2021-03-01T01:00:01.500Z');
    expect(clock.frozen).toBe(false);
  });

  it('frozen, does not move with the wall clock until told', () => {
    const wall = fakeWall(0);
    const clock = new AdjustableClock(new Date('2021-03-01T09:00:00+08:00'), { frozen: true }, wall.ms);
    wall.tick(60_000);
    expect(clock.now().toISOString()).toBe('2021-03-01T01:00:00.000Z');
    clock.advanceDays(122);
    expect(clock.today()).toBe('2021-07-01');
    clock.set(new Date('2021-06-30T12:00:00Z'));
    expect(clock.now().toISOString()).toBe('2021-06-30T12:00:00.000Z');
  });

  it('advances day by day keeping the time of day, running or frozen', () => {
    const wall = fakeWall(1_000_000);
    const clock = new AdjustableClock(new Date('2021-12-30T09:00:00+08:00'), {}, wall.ms);
    const days: string[] = [];
    for (let i = 0; i < 3; i++) {
      days.push(clock.today());
      clock.advanceDays(1);
    }
    expect(days).toEqual(['2021-12-30', '2021-12-31', '2022-01-01']);
    expect(clock.now().toISOString()).toBe('2022-01-02T01:00:00.000Z');
  });

  it('freeze and resume keep the instant', () => {
    const wall = fakeWall(0);
    const clock = new AdjustableClock(new Date('2021-03-01T00:00:00Z'), {}, wall.ms);
    wall.tick(5000);
    clock.freeze();
    wall.tick(5000);
    expect(clock.now().toISOString()).toBe('2021-03-01T00:00:05.000Z');
    clock.resume();
    wall.tick(1000);
    expect(clock.now().toISOString()).toBe('2021-03-01T00:00:06.000Z');
  });

  it('refuses an invalid date', () => {
    const clock = new AdjustableClock(new Date(0));
    expect(() => clock.set(new Date('nope'))).toThrow(RangeError);
  });
});

describe('parseClockSetting', () => {
  it.each([
    ['2021-03-01T09:00:00+08:00', '2021-03-01T01:00:00.000Z'],
    ['2021-03-01T09:00+08:00', '2021-03-01T01:00:00.000Z'],
    ['2024-02-29T23:59:59.250Z', '2024-02-29T23:59:59.250Z'],
    ['2021-03-01T01:00:00-05:00', '2021-03-01T06:00:00.000Z'],
  ])('%s is %s', (value, iso) => {
    expect(parseClockSetting(value)?.toISOString()).toBe(iso);
  });

  it.each([
    '2021-03-01', // no time
    '2021-03-01T09:00:00', // no offset: would depend on the server's zone
    '2021-02-29T09:00:00+08:00', // not a calendar day
    '2021-13-01T09:00:00Z',
    '2021-03-01T24:00:00Z',
    '2021-03-01T09:60:00Z',
    '2021-03-01T09:00:00+25:00',
    'tomorrow',
    '',
  ])('refuses %j', (value) => {
    expect(parseClockSetting(value)).toBeNull();
  });
});

describe('clockFromSetting', () => {
  it('is the wall clock when unset', () => {
    const clock = clockFromSetting(undefined);
    expect(clock).toBeInstanceOf(SystemClock);
    expect(Math.abs(clock.now().getTime() - Date.now())).toBeLessThan(1000);
  });

  it('makes the setting the instant the process started, and runs on', () => {
    const startedMsAgo = 90_000;
    const clock = clockFromSetting('2021-03-01T09:00:00+08:00', Date.now() - startedMsAgo);
    expect(clock).toBeInstanceOf(AdjustableClock);
    expect((clock as AdjustableClock).frozen).toBe(false);
    expect(Math.abs(clock.now().getTime() - (Date.parse('2021-03-01T01:00:00Z') + startedMsAgo))).toBeLessThan(1000);
  });

  it('two clocks built from one setting in one process agree', () => {
    const first = clockFromSetting('2021-03-01T09:00:00+08:00');
    const second = clockFromSetting('2021-03-01T09:00:00+08:00');
    expect(Math.abs(first.now().getTime() - second.now().getTime())).toBeLessThan(50);
  });

  it('throws on a value loadConfig would refuse', () => {
    expect(() => clockFromSetting('2021-03-01')).toThrow(RangeError);
  });
});
