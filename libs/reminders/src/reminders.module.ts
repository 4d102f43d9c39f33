import { Module } from '@nestjs/common';
import { OutboxService } from './outbox.service';
import { ReminderCalendar } from './reminder-calendar.service';
import { ReminderQueues } from './reminder-queues';

const PROVIDERS = [ReminderQueues, ReminderCalendar, OutboxService];

/**
 * Reminders as Nest providers with no HTTP in them: the outbox (`OutboxService.enqueue` in the
 * caller's transaction), the queues, the calendar with the bureau's overrides. Needs a TypeORM data
 * source, `AppConfig` and `Clock` from the importing app's core module.
 */
@Module({ providers: PROVIDERS, exports: PROVIDERS })
export class RemindersModule {}
