import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import type { WorkingCalendar } from '@duban/calendar';
import { Clock } from '@duban/clock';
import type { EntityManager, EntitySubscriberInterface, QueryRunner, TransactionCommitEvent, TransactionRollbackEvent } from 'typeorm';
import { DataSource } from 'typeorm';
import { jobIdOf, messageKey } from './keys';
import { ReminderQueues } from './reminder-queues';
import { ReminderCalendar } from './reminder-calendar.service';
import { nextSendingInstant } from './sending-window';
import { returnedRows } from './sql';
import { CHANNELS, type Channel, type OutboxMessage } from './types';

/** A job to add once the transaction that wrote its rows has committed. */
export interface DeliveryJobSpec {
  channel: Channel;
  key: string;
  messageId: string;
}

/** Routine reminders a daily-digest user gets in the digest e-mail instead of one by one. */
export const DIGESTIBLE_KINDS = ['due_soon', 'due_today', 'overdue', 'report_request'] as const;

const CHUNK = 5_000;

/**
 * The outbox: every message that must go out is written as a row in the caller's transaction
 * (`outbox_messages`, UNIQUE idempotency key, ON CONFLICT DO NOTHING) with one delivery row per
 * channel and target (`outbox_deliveries`); after that transaction commits, a BullMQ job per
 * delivery channel is added with an id derived from the key (`jobIdOf`). If the process dies in
 * between, the reconciler adds the jobs from the pending rows; messages deferred by quiet hours are
 * added by the reconciler when their time comes.
 */
@Injectable()
export class OutboxService implements OnModuleInit {
  private readonly log = new Logger('Outbox');
  private readonly afterCommit = new Map<QueryRunner, DeliveryJobSpec[]>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly queues: ReminderQueues,
    private readonly clock: Clock,
    private readonly calendar: ReminderCalendar,
  ) {}

  onModuleInit(): void {
    const subscriber: EntitySubscriberInterface = {
      afterTransactionCommit: (e: TransactionCommitEvent) => {
        // a RELEASE SAVEPOINT also reports a commit: wait for the outermost one
        if (e.queryRunner.isTransactionActive) return;
        const specs = this.afterCommit.get(e.queryRunner);
        if (!specs) return;
        this.afterCommit.delete(e.queryRunner);
        // not awaited: a Redis hiccup must not fail a committed change; the reconciler catches up
        void this.addJobs(specs).catch((err: Error) => this.log.warn(`enqueue after commit failed, reconciler will retry: ${err.message}`));
      },
      afterTransactionRollback: (e: TransactionRollbackEvent) => {
        if (!e.queryRunner.isTransactionActive) this.afterCommit.delete(e.queryRunner);
      },
    };
    (this.dataSource.subscribers as EntitySubscriberInterface[]).push(subscriber);
  }

  /**
   * Writes the messages in `m`'s transaction and queues their deliveries after it commits (at once
   * when `m` is not in a transaction). A message whose key exists already is skipped. Returns the
   * keys written now.
   */
  async enqueue(
    m: EntityManager,
    messages: OutboxMessage[],
    options: { calendar?: WorkingCalendar } = {},
  ): Promise<{ inserted: string[] }> {
    if (messages.length === 0) return { inserted: [] };
    const now = this.clock.now();
    const calendar = options.calendar ?? (await this.calendar.load(m));
    const inserted: string[] = [];
    const due: DeliveryJobSpec[] = [];
    // a scheduler pass asks for the same instant 100,000 times: the calendar walk once per instant
    const sendAt = new Map<number, { at: Date; iso: string }>();
    const sendingInstant = (at: Date) => {
      let next = sendAt.get(at.getTime());
      if (!next) {
        const instant = nextSendingInstant(at, calendar);
        sendAt.set(at.getTime(), (next = { at: instant, iso: instant.toISOString() }));
      }
      return next;
    };
    for (let i = 0; i < messages.length; i += CHUNK) {
      // the statement's columns, one array each (built in one walk: a pass sends 100,000 rows)
      const cols = {
        key: [] as string[],
        userId: [] as (string | null)[],
        unitId: [] as (string | null)[],
        assignmentId: [] as (string | null)[],
        noticeId: [] as (string | null)[],
        planId: [] as (string | null)[],
        kind: [] as string[],
        slot: [] as string[],
        subject: [] as string[],
        body: [] as string[],
        link: [] as (string | null)[],
        notBefore: [] as string[],
        channels: [] as string[],
      };
      const notBeforeOf = new Map<string, Date>();
      for (const msg of messages.slice(i, i + CHUNK)) {
        const key = msg.key ?? messageKey({ ...msg });
        // the same key twice in one call is one message
        if (notBeforeOf.has(key)) continue;
        const instant = sendingInstant(msg.notBefore && msg.notBefore > now ? msg.notBefore : now);
        notBeforeOf.set(key, instant.at);
        cols.key.push(key);
        cols.userId.push('userId' in msg.recipient ? msg.recipient.userId : null);
        cols.unitId.push('unitId' in msg.recipient ? msg.recipient.unitId : null);
        cols.assignmentId.push(msg.assignmentId ?? null);
        cols.noticeId.push(msg.noticeId ?? null);
        cols.planId.push(msg.planId ?? null);
        cols.kind.push(msg.kind);
        cols.slot.push(msg.slot);
        cols.subject.push(msg.subject);
        cols.body.push(msg.body);
        cols.link.push(msg.link ?? null);
        cols.notBefore.push(instant.iso);
        cols.channels.push(msg.channels ? msg.channels.filter((c) => CHANNELS.includes(c)).join(',') : '');
      }
      // one statement per chunk: the messages, then their deliveries from the rows just inserted
      // rows name their message by its position in the arrays (n), not by the key: 100,000 keys fewer to send back
      const result: { id: string; n: string; channel: Channel | null }[] = await m.query(
        `with ins as (
           insert into outbox_messages
             (key, recipient_user_id, recipient_unit_id, assignment_id, notice_id, plan_id, kind, slot, subject, body, link, not_before)
           select * from unnest($1::text[], $2::uuid[], $3::uuid[], $4::uuid[], $5::uuid[], $6::uuid[], $7::text[], $8::date[],
                                $9::text[], $10::text[], $11::text[], $12::timestamptz[])
           on conflict (key) do nothing
           returning id, key, recipient_user_id, recipient_unit_id, kind),
         c(key, channels, n) as (select * from unnest($1::text[], $13::text[]) with ordinality),
         msg as (select ins.*, c.n, string_to_array(nullif(c.channels, ''), ',') as wanted from ins join c on c.key = ins.key),
         del as (
           insert into outbox_deliveries (message_id, channel, target)
           select msg.id, 'inapp', msg.recipient_user_id::text from msg
            where msg.recipient_user_id is not null and (msg.wanted is null or 'inapp' = any (msg.wanted))
           union all
           select msg.id, 'email', u.email from msg join users u on u.id = msg.recipient_user_id
            where u.email is not null and u.email <> '' and u.is_active
              and (('email' = any (msg.wanted))
                   or (msg.wanted is null and (u.reminder_mode = 'immediate' or msg.kind <> all ($14::text[]))))
           union all
           select msg.id, 'webhook', w.id::text from msg join unit_webhooks w on w.unit_id = msg.recipient_unit_id and w.enabled
            where msg.wanted is null or 'webhook' = any (msg.wanted)
           returning message_id, channel)
         select msg.id, msg.n, d.channel
           from msg left join (select distinct message_id, channel from del) d on d.message_id = msg.id`,
        [
          cols.key,
          cols.userId,
          cols.unitId,
          cols.assignmentId,
          cols.noticeId,
          cols.planId,
          cols.kind,
          cols.slot,
          cols.subject,
          cols.body,
          cols.link,
          cols.notBefore,
          cols.channels,
          [...DIGESTIBLE_KINDS],
        ],
      );
      const written = new Set<string>();
      for (const r of result) {
        const key = cols.key[Number(r.n) - 1];
        if (!written.has(key)) inserted.push(key);
        written.add(key);
        if (r.channel !== null && (notBeforeOf.get(key) ?? now) <= now) due.push({ channel: r.channel, key, messageId: r.id });
      }
    }
    const qr = m.queryRunner;
    if (qr?.isTransactionActive) {
      const list = this.afterCommit.get(qr) ?? [];
      for (const spec of due) list.push(spec);
      this.afterCommit.set(qr, list);
    } else {
      await this.addJobs(due);
    }
    return { inserted };
  }

  /** Adds one job per (channel, key); an id already queued is left as it is. */
  async addJobs(specs: DeliveryJobSpec[]): Promise<void> {
    await Promise.all(
      CHANNELS.map((channel) => {
        const jobs: [string, string][] = [];
        for (const s of specs) if (s.channel === channel) jobs.push([s.key, s.messageId]);
        return this.queues.addDeliveryJobs(channel, jobs);
      }),
    );
  }

  /** Queues a delivery again after an admin's retry: a failed job under the same id is removed first. */
  async requeue(spec: DeliveryJobSpec): Promise<void> {
    const job = await this.queues.channel(spec.channel).getJob(jobIdOf(spec.key));
    if (job && ((await job.isFailed()) || (await job.isCompleted()))) await job.remove();
    await this.addJobs([spec]);
  }

  /**
   * Cancels the open messages of assignments from `fromSlot` on (a due date moved, an extension
   * granted, the assignment approved or cancelled), in the caller's transaction, one statement for
   * all of them; `reasons[i]` belongs to `assignmentIds[i]`. A job already queued finds its message
   * cancelled and sends nothing. Returns how many messages were cancelled.
   */
  async cancelForAssignments(
    m: EntityManager,
    assignmentIds: string[],
    reasons: string[],
    fromSlot: string,
    kinds?: string[],
  ): Promise<number> {
    if (assignmentIds.length === 0) return 0;
    const rows = returnedRows<{ id: string }>(
      await m.query(
        `with c(assignment_id, reason) as (select * from unnest($1::uuid[], $2::text[]))
         update outbox_messages o set cancelled_at = $4, cancel_reason = c.reason
           from c
          where o.assignment_id = c.assignment_id and o.slot >= $3::date and o.cancelled_at is null
            and ($5::text[] is null or o.kind = any ($5::text[]))
            and exists (select 1 from outbox_deliveries d where d.message_id = o.id and d.state in ('pending', 'failed'))
          returning o.id`,
        [assignmentIds, reasons, fromSlot, this.clock.now(), kinds ?? null],
      ),
    );
    if (rows.length > 0) {
      await m.query(
        `update outbox_deliveries set state = 'cancelled', updated_at = now() where message_id = any ($1::uuid[]) and state in ('pending', 'failed')`,
        [rows.map((r) => r.id)],
      );
    }
    return rows.length;
  }
}
