import { Injectable, Module, type OnModuleInit } from '@nestjs/common';
import { Clock } from '@duban/clock';
import { TransitionHooks, WorkModule, type AssignmentChange } from '@duban/work';
import type { EntityManager } from 'typeorm';
import { OutboxService } from './outbox.service';
import { RemindersModule } from './reminders.module';
import { ReminderScheduler } from './scheduler/reminder-scheduler.service';

const DUE_KINDS = ['due_soon', 'due_today', 'overdue', 'escalation'];

/**
 * Changes reschedule, in the transaction that makes them: an assignment approved or cancelled loses
 * its pending reminders; a due date moved (a change, an approved extension) loses the pending due
 * reminders of the old date and gets today's for the new one at once (their keys carry the due date).
 */
@Injectable()
export class RescheduleHook implements OnModuleInit {
  constructor(
    private readonly hooks: TransitionHooks,
    private readonly outbox: OutboxService,
    private readonly scheduler: ReminderScheduler,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.hooks.register((m, change) => this.onChange(m, change));
  }

  async onChange(m: EntityManager, change: AssignmentChange): Promise<void> {
    const closed = change.to.state === 'approved' || change.to.state === 'cancelled';
    const moved = change.from.dueDate !== change.to.dueDate;
    if (!closed && !moved) return;
    const today = this.clock.today();
    const reason = closed
      ? `任务${change.to.state === 'approved' ? '已通过' : '已取消'}`
      : `截止日期由 ${change.from.dueDate} 改为 ${change.to.dueDate}`;
    await this.outbox.cancelForAssignment(m, change.assignmentId, today, reason, closed ? undefined : DUE_KINDS);
    if (closed) return;
    const planned = await this.scheduler.plan(m, today, { assignmentId: change.assignmentId });
    await this.outbox.enqueue(
      m,
      planned.filter((p) => DUE_KINDS.includes(p.kind)),
    );
  }
}

/** The reschedule hook, for apps that change assignments (the API): imports the work domain. */
@Module({ imports: [WorkModule, RemindersModule], providers: [RescheduleHook] })
export class RemindersHooksModule {}
