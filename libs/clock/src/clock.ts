/**
 * One "now" for the API, the worker and the CLI. Every instant that decides something (overdue,
 * due soon, lateness, token expiry, decided/reviewed/confirmed times, audit event times) is read
 * from the injected `Clock`, never from `new Date()` or SQL `now()`, so a plan can be replayed in
 * its own year.
 *
 * - Unset `DUBAN_CLOCK`: `SystemClock`, the wall clock.
 * - `DUBAN_CLOCK=2021-03-01T09:00:00+08:00`: an `AdjustableClock` for which the process STARTED at
 *   that instant, and which then runs on with the wall clock (an offset clock). A frozen clock would give every event of a demo
 *   run one timestamp, losing their order in timelines; an offset keeps order and spacing.
 * - Tests freeze it (`freeze()`, `set()`), and a day-by-day simulation moves it (`advanceDays()`).
 *
 * Durations kept elsewhere are not instants and follow the wall clock: Redis key TTLs (sign-in
 * lockout windows, the logout denylist) and BullMQ delays.
 */
export abstract class Clock {
  abstract now(): Date;

  /** Today in China (Asia/Shanghai) as YYYY-MM-DD: the bureau's "today" for due dates. */
  today(): string {
    return chinaDate(this.now());
  }
}

const CHINA_OFFSET_MS = 8 * 3600_000;
const DAY_MS = 86_400_000;

/** YYYY-MM-DD of an instant in China Standard Time (UTC+8 all year, no daylight saving). */
export function chinaDate(at: Date): string {
  return new Date(at.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}

/** The wall clock. */
export class SystemClock extends Clock {
  now(): Date {
    return new Date();
  }
}

/**
 * A clock that can be set, moved and frozen. Running (the default), it keeps a fixed offset from the
 * wall clock; frozen, it stays where it was put until moved.
 */
export class AdjustableClock extends Clock {
  private offsetMs = 0;
  private frozenAtMs: number | null = null;

  constructor(
    start: Date,
    options: { frozen?: boolean } = {},
    private readonly wallMs: () => number = Date.now,
  ) {
    super();
    this.set(start);
    if (options.frozen) this.freeze();
  }

  now(): Date {
    return new Date(this.frozenAtMs ?? this.wallMs() + this.offsetMs);
  }

  get frozen(): boolean {
    return this.frozenAtMs !== null;
  }

  /** From now on `now()` is `at` (and, when running, advances from there). */
  set(at: Date): void {
    const ms = at.getTime();
    if (Number.isNaN(ms)) throw new RangeError('AdjustableClock.set: invalid date');
    if (this.frozenAtMs !== null) this.frozenAtMs = ms;
    else this.offsetMs = ms - this.wallMs();
  }

  advance(ms: number): void {
    this.set(new Date(this.now().getTime() + ms));
  }

  /** Moves on whole days (24 h; China has no daylight saving, so the time of day is kept). */
  advanceDays(days: number): void {
    this.advance(days * DAY_MS);
  }

  /** Stops at the current instant. */
  freeze(): void {
    this.frozenAtMs = this.now().getTime();
  }

  /** Runs on with the wall clock from the current instant. */
  resume(): void {
    const at = this.now();
    this.frozenAtMs = null;
    this.set(at);
  }
}

// YYYY-MM-DDTHH:MM[:SS[.fff]] followed by Z or ±HH:MM: the offset is required, so the instant never
// depends on the server's time zone.
const CLOCK_SETTING = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-](\d{2}):(\d{2}))$/;

/** The instant a `DUBAN_CLOCK` value names, or null when it is not a real ISO timestamp with an offset. */
export function parseClockSetting(value: string): Date | null {
  const m = CLOCK_SETTING.exec(value.trim());
  if (!m) return null;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map((part) => Number(part ?? 0));
  const calendar = new Date(Date.UTC(year, month - 1, day));
  const realDay = calendar.getUTCFullYear() === year && calendar.getUTCMonth() === month - 1 && calendar.getUTCDate() === day;
  const offsetOk = m[7] === 'Z' || (Number(m[8]) <= 14 && Number(m[9]) < 60);
  if (!realDay || hour > 23 || minute > 59 || second > 59 || !offsetOk) return null;
  const at = new Date(value.trim());
  return Number.isNaN(at.getTime()) ? null : at;
}

/**
 * The clock a process runs on: the wall clock, or one where `DUBAN_CLOCK` (validated by loadConfig)
 * is the instant the process started, so every clock built from it in one process (the demo's
 * seeding and its API) shows the same time.
 */
export function clockFromSetting(setting: string | undefined, processStartMs: number = performance.timeOrigin): Clock {
  if (setting === undefined || setting === '') return new SystemClock();
  const start = parseClockSetting(setting);
  if (!start) throw new RangeError(`DUBAN_CLOCK=${JSON.stringify(setting)} is not an ISO timestamp with an offset`);
  return new AdjustableClock(new Date(start.getTime() + (Date.now() - processStartMs)));
}
