import { Injectable } from '@nestjs/common';
import type { WorkingCalendar } from '@duban/calendar';
import { AdjustableClock, Clock } from '@duban/clock';
import { DataSource } from 'typeorm';
import { ReconcilerService } from './reconciler.service';
import { ReminderCalendar } from './reminder-calendar.service';
import { ReminderScheduler, type PlannedMessage } from './scheduler/reminder-scheduler.service';
import { CHANNELS, type Channel } from './types';

export interface SimulationResult {
  days: number;
  sent: Record<Channel, number>;
  byKind: Record<string, number>;
  failed: number;
}

export interface PreviewDay {
  date: string;
  messages: { kind: string; recipient: string; unit: string | null; subject: string }[];
}

/** The hour of the working morning at which a simulated day runs (China time). */
const SIMULATED_HOUR = '09:00:00+08:00';

/**
 * `reminders preview` and `reminders simulate`: the real scheduler, queues, processors and channels
 * driven over a range of days by an AdjustableClock. Preview writes nothing; simulate sends.
 */
@Injectable()
export class ReminderSimulation {
  constructor(
    private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly scheduler: ReminderScheduler,
    private readonly reconciler: ReconcilerService,
    private readonly calendar: ReminderCalendar,
  ) {}

  /** What the scheduler would send on each working day of [from, to], as of the current state. */
  async preview(from: string, to: string, planId?: string): Promise<PreviewDay[]> {
    const cal = await this.calendar.load(this.db.manager);
    const names = new Map<string, string>();
    const out: PreviewDay[] = [];
    for (const date of cal.workingDaysIn(from, to)) {
      const planned = await this.scheduler.plan(this.db.manager, date, { planId }, cal);
      out.push({ date, messages: await this.describe(planned, names) });
    }
    return out;
  }

  /**
   * Advances the clock working day by working day; each day runs the scheduler and the reconciler
   * and waits until that day's deliveries are done (sent or dead). `progress` gets one line per day.
   */
  async simulate(from: string, to: string, planId: string | undefined, progress: (line: string) => void): Promise<SimulationResult> {
    if (!(this.clock instanceof AdjustableClock)) throw new Error('simulation needs an AdjustableClock');
    const clock = this.clock;
    const started = new Date();
    const cal: WorkingCalendar = await this.calendar.load(this.db.manager);
    const days = cal.workingDaysIn(from, to);
    // whatever an earlier run left behind
    await this.reconciler.run();
    for (const day of days) {
      // the working morning, or later that day when the clock is already past it (never backwards)
      const morning = new Date(`${day}T${SIMULATED_HOUR}`);
      clock.set(clock.now() > morning && clock.today() === day ? clock.now() : morning);
      const run = await this.scheduler.run(day, { planId }, cal);
      await this.drain(started, 120_000);
      const kinds = Object.entries(run.byKind)
        .map(([k, n]) => `${k}=${n}`)
        .join(' ');
      progress(`${day} ${String(run.inserted).padStart(4)} 条新消息 ${kinds}`);
    }
    // the evening after the last day: anything deferred to it is left for the real worker
    return { days: days.length, ...(await this.totals(started)) };
  }

  /** Waits until the day's deliveries are done; the reconciler steps in when jobs seem missing. */
  private async drain(since: Date, ms: number): Promise<void> {
    const end = Date.now() + ms;
    let reconcileAt = Date.now() + 1000;
    while (Date.now() < end) {
      if (Date.now() > reconcileAt) {
        await this.reconciler.run();
        reconcileAt = Date.now() + 1000;
      }
      const [r] = await this.db.query(
        `select count(*)::int as open from outbox_deliveries d join outbox_messages m on m.id = d.message_id
          where d.created_at >= $1 and d.state in ('pending', 'sending', 'failed') and m.cancelled_at is null and m.not_before <= $2`,
        [since, this.clock.now()],
      );
      if (r.open === 0) return;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    throw new Error('投递未在 2 分钟内完成（队列或渠道不可用？）');
  }

  private async totals(since: Date): Promise<Omit<SimulationResult, 'days'>> {
    const rows: { channel: Channel; kind: string; state: string; n: number }[] = await this.db.query(
      `select d.channel, m.kind, d.state, count(*)::int as n from outbox_deliveries d join outbox_messages m on m.id = d.message_id
        where d.created_at >= $1 group by 1, 2, 3`,
      [since],
    );
    const sent = Object.fromEntries(CHANNELS.map((c) => [c, 0])) as Record<Channel, number>;
    const byKind: Record<string, number> = {};
    let failed = 0;
    for (const r of rows) {
      if (r.state === 'sent') {
        sent[r.channel] += r.n;
        byKind[r.kind] = (byKind[r.kind] ?? 0) + r.n;
      } else if (r.state === 'dead') failed += r.n;
    }
    return { sent, byKind, failed };
  }

  private async describe(planned: PlannedMessage[], names: Map<string, string>): Promise<PreviewDay['messages']> {
    const ids = [...new Set(planned.map((p) => ('userId' in p.recipient ? p.recipient.userId : p.recipient.unitId)))].filter(
      (id) => !names.has(id),
    );
    if (ids.length > 0) {
      const rows: { id: string; name: string }[] = await this.db.query(
        `select id::text, display_name as name from users where id = any ($1::uuid[])
         union all select id::text, name from org_units where id = any ($1::uuid[])`,
        [ids],
      );
      for (const r of rows) names.set(r.id, r.name);
    }
    return planned.map((p) => {
      const id = 'userId' in p.recipient ? p.recipient.userId : p.recipient.unitId;
      return { kind: p.kind, recipient: names.get(id) ?? id, unit: p.unitName, subject: p.subject };
    });
  }
}
