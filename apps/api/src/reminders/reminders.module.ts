import { Module } from '@nestjs/common';
import { PlanAccess } from '@duban/access';
import { RemindersHooksModule, RemindersModule } from '@duban/reminders';
import { MetricsController, RemindersController } from './reminders.controller';

/** Reminder settings, calendar overrides, chat robots, dead letters, preferences and /metrics; the reschedule hook. */
@Module({
  imports: [RemindersModule, RemindersHooksModule],
  controllers: [RemindersController, MetricsController],
  providers: [PlanAccess],
})
export class RemindersApiModule {}
