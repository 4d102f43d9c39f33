import { Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '@duban/config';
import { ReminderWorkers } from '@duban/reminders';

/** Starts the reminder processors and the periodic scheduler tick with the worker, stops them with it. */
@Injectable()
export class RemindersRunner implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    private readonly workers: ReminderWorkers,
    private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.workers.start({ tickMs: this.config.REMINDER_TICK_MS, lockMs: this.config.REMINDER_LOCK_MS });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.workers.stop();
  }
}
