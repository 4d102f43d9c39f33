import { Injectable, Module, type OnModuleInit } from '@nestjs/common';
import { Clock } from '@duban/clock';
import { TransitionHooks, WorkModule, type AssignmentChange } from '@duban/work';
import {
  DataSource,
  type EntityManager,
  type EntitySubscriberInterface,
  type QueryRunner,
  type TransactionCommitEvent,
  type TransactionRollbackEvent,
} from 'typeorm';
import { OutboxService } from './outbox.service';
import { RemindersModule } from './reminders.module';
import { ReminderScheduler } from './scheduler/reminder-scheduler.service';

const DUE_KINDS = ['due_soon', 'due_today', 'overdue', 'escalation'];

interface Pending {
  manager: EntityManager;
  /** assignment id → the reason of its last change; closed ones lose everything, moved ones their due reminders */
  closed: Map<string, string>;
  moved: Map<string, string>;
}

/**
 * Changes reschedule, in the transaction that makes them: an assignment approved or cancelled loses
 * its pending reminders; a due date moved (a change, an approved extension) loses the pending due
 * reminders of the old date and gets today's for the new one at once (their keys carry the due date).
 * The hook only notes each change; the work is done set-based just before the transaction commits
 * (a task cancelled for 20,000 schools is two statements and one scheduler pass, not 20,000).
 */
@Injectable()
export class RescheduleHook implements OnModuleInit {
  private readonly pending = new Map<QueryRunner, Pending>();

  constructor(
    private readonly hooks: TransitionHooks,
    private readonly outbox: OutboxService,
    private readonly scheduler: ReminderScheduler,
    private readonly clock: Clock,
    private readonly db: DataSource,
  ) {}

  onModuleInit(): void {
    this.hooks.register((m, change) => this.onChange(m, change));
    const subscriber: EntitySubscriberInterface = {
      beforeTransactionCommit: (e: TransactionCommitEvent) => this.flush(e.queryRunner),
      afterTransactionRollback: (e: TransactionRollbackEvent) => {
        if (!e.queryRunner.isTransactionActive) this.pending.delete(e.queryRunner);
      },
    };
    (this.db.subscribers as EntitySubscriberInterface[]).push(subscriber);
  }

  async onChange(m: EntityManager, change: AssignmentChange): Promise<void> {
    const closed = change.to.state === 'approved' || change.to.state === 'cancelled';
    const moved = change.from.dueDate !== change.to.dueDate;
    if (!closed && !moved) return;
    const qr = m.queryRunner;
    const p: Pending = (qr && this.pending.get(qr)) || { manager: m, closed: new Map(), moved: new Map() };
    if (closed) p.closed.set(change.assignmentId, `任务${change.to.state === 'approved' ? '已通过' : '已取消'}`);
    else p.moved.set(change.assignmentId, `截止日期由 ${change.from.dueDate} 改为 ${change.to.dueDate}`);
    if (qr?.isTransactionActive) this.pending.set(qr, p);
    else await this.apply(p);
  }

  private async flush(qr: QueryRunner): Promise<void> {
    const p = this.pending.get(qr);
    if (!p) return;
    this.pending.delete(qr);
    await this.apply(p);
  }

  private async apply(p: Pending): Promise<void> {
    const today = this.clock.today();
    const m = p.manager;
    for (const id of p.closed.keys()) p.moved.delete(id);
    await this.outbox.cancelForAssignments(m, [...p.closed.keys()], [...p.closed.values()], today);
    if (p.moved.size === 0) return;
    const ids = [...p.moved.keys()];
    await this.outbox.cancelForAssignments(m, ids, [...p.moved.values()], today, DUE_KINDS);
    const planned = await this.scheduler.plan(m, today, { assignmentIds: ids });
    await this.outbox.enqueue(
      m,
      planned.filter((x) => DUE_KINDS.includes(x.kind)),
    );
  }
}

/** The reschedule hook, for apps that change assignments (the API): imports the work domain. */
@Module({ imports: [WorkModule, RemindersModule], providers: [RescheduleHook] })
export class RemindersHooksModule {}
