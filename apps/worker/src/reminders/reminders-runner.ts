import { Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { ReminderWorkers } from '@duban/reminders';

/** Starts the reminder processors and the periodic scheduler tick with the worker, stops them with it. */
@Injectable()
export class RemindersRunner implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(private readonly workers: ReminderWorkers) {}

  async onApplicationBootstrap(): Promise<void> {
    const tick = Number(process.env.REMINDER_TICK_MS ?? 5 * 60_000);
    const lock = process.env.REMINDER_LOCK_MS ? Number(process.env.REMINDER_LOCK_MS) : undefined;
    await this.workers.start({ tickMs: tick, lockMs: lock });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.workers.stop();
  }
}
