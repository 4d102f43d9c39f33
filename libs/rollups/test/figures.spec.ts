import { addCalendarDays, WorkingCalendar } from '@duban/calendar';
import { FiguresAccumulator, LightJudge, type PeriodCell, type StateCell } from '@duban/rollups';
import { judgeLight, worstLight, type Light } from '@duban/schedule';

/** A small seeded PRNG (mulberry32). */
function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const OPEN = ['assigned', 'in_progress', 'submitted', 'returned', 'extension_requested'] as const;

/**
 * The roll-up judges one representative per period (lowest progress, "all submitted") instead of
 * every assignment: over random groups, that gives exactly the worst of the individual lights.
 */
describe('lights of a group from its cells = worstLight of every assignment (property)', () => {
  const calendar = new WorkingCalendar();
  const today = '2021-06-30';
  const seen = new Set<Light>();

  it.each(Array.from({ length: 40 }, (_, i) => i + 1))('random group, seed %i', (seed) => {
    const r = prng(seed);
    const items = Array.from({ length: 1 + Math.floor(r() * 4) }, () => {
      const assignedOn = addCalendarDays('2021-03-01', Math.floor(r() * 3) * 30);
      const dueDate = addCalendarDays(today, [0, 2, 40, 90][Math.floor(r() * 4)]);
      const state = OPEN[Math.floor(r() * OPEN.length)];
      return { state, assignedOn, dueDate, reportedProgress: Math.floor(r() * 11) * 10, submitted: state === 'submitted' || r() < 0.3 };
    });
    const expected: Light = worstLight(items.map((i) => judgeLight(calendar, i, today).light));

    const periods = new Map<string, PeriodCell>();
    for (const i of items) {
      const key = `${i.assignedOn}|${i.dueDate}`;
      const c = periods.get(key);
      if (!c)
        periods.set(key, {
          kind: 'period',
          assignedOn: i.assignedOn,
          due: i.dueDate,
          progressMin: i.reportedProgress,
          allSubmitted: i.submitted,
        });
      else {
        c.progressMin = Math.min(c.progressMin, i.reportedProgress);
        c.allSubmitted = c.allSubmitted && i.submitted;
      }
    }
    const acc = new FiguresAccumulator();
    const judge = new LightJudge(calendar, today, {});
    for (const c of periods.values()) acc.add(c, judge);
    expect(acc.figures().light).toBe(expected);
    seen.add(expected);
  });

  it('the random groups met every light but red (open, not overdue)', () => {
    expect([...seen].sort()).toEqual(['green', 'yellow']);
  });

  it('counts: completion over live work (0 when none), on-time over approved (null when none), overdue', () => {
    const judge = new LightJudge(calendar, today, {});
    const cell = (state: StateCell['state'], n: number, extra: Partial<StateCell> = {}): StateCell => ({
      kind: 'state',
      state,
      n,
      onTime: 0,
      overdue: 0,
      overdueDue: null,
      progressSum: 0,
      ...extra,
    });
    const empty = new FiguresAccumulator();
    empty.add(cell('cancelled', 3), judge);
    expect(empty.figures()).toMatchObject({ assignments: 3, completionRate: 0, onTimeRate: null, avgProgress: null, light: 'green' });

    const acc = new FiguresAccumulator();
    acc.add(cell('approved', 4, { onTime: 3, progressSum: 400 }), judge);
    acc.add(cell('in_progress', 2, { overdue: 1, overdueDue: '2021-06-29', progressSum: 100 }), judge);
    acc.add(cell('cancelled', 2), judge);
    expect(acc.figures()).toMatchObject({
      assignments: 8,
      completionRate: 4 / 6,
      onTimeRate: 3 / 4,
      overdue: 1,
      avgProgress: 500 / 6,
      light: 'red',
    });
  });
});
