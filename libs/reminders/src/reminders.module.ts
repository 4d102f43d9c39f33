import { Module } from '@nestjs/common';
import { AuditService } from '@duban/audit';
import { MailAdminService } from './mail-admin.service';
import { ReminderAdminService } from './reminder-admin.service';
import { ReminderStats } from './reminder-stats';
import { EmailChannel } from './channels/email.channel';
import { WebhookChannel } from './channels/webhook.channel';
import { DeliveryService } from './delivery.service';
import { OutboxService } from './outbox.service';
import { ReconcilerService } from './reconciler.service';
import { ReminderCalendar } from './reminder-calendar.service';
import { ReminderMetrics } from './reminder-metrics';
import { ReminderQueues } from './reminder-queues';
import { ReminderWorkers } from './reminder-workers';
import { ReminderScheduler } from './scheduler/reminder-scheduler.service';
import { ReminderSimulation } from './simulation';

const PROVIDERS = [
  ReminderQueues,
  ReminderCalendar,
  OutboxService,
  ReminderScheduler,
  ReconcilerService,
  EmailChannel,
  WebhookChannel,
  ReminderMetrics,
  DeliveryService,
  ReminderWorkers,
  ReminderSimulation,
  ReminderAdminService,
  MailAdminService,
  ReminderStats,
  AuditService,
];

/**
 * Reminders as Nest providers with no HTTP in them: the outbox (`OutboxService.enqueue` in the
 * caller's transaction), the queues, the calendar with the bureau's overrides, the scheduler, the
 * reconciler, the channels and the processors (`ReminderWorkers`, started by the worker app or the
 * CLI's simulation). Needs a TypeORM data source, `AppConfig` and `Clock` from the importing app.
 */
@Module({ providers: PROVIDERS, exports: PROVIDERS })
export class RemindersModule {}
