/** What a message is about; also the `X-Duban-Kind` header and the in-app notification's kind. */
export const REMINDER_KINDS = ['due_soon', 'due_today', 'overdue', 'escalation', 'report_request', 'urge', 'notice', 'digest'] as const;
export type ReminderKind = (typeof REMINDER_KINDS)[number];

export const CHANNELS = ['email', 'webhook', 'inapp'] as const;
export type Channel = (typeof CHANNELS)[number];

export type DeliveryState = 'pending' | 'sending' | 'sent' | 'failed' | 'dead' | 'cancelled';

/** A person (e-mail, in-app) or a unit (its chat robots). */
export type Recipient = { userId: string } | { unitId: string };

/** One message that must go out, as callers hand it to `OutboxService.enqueue`. */
export interface OutboxMessage {
  kind: ReminderKind;
  /** the working day it belongs to, YYYY-MM-DD (China date) */
  slot: string;
  recipient: Recipient;
  assignmentId?: string | null;
  noticeId?: string | null;
  planId?: string | null;
  /** Chinese subject (e-mail subject, in-app title, robot title) */
  subject: string;
  /** Chinese plain-text body */
  body: string;
  /** a path in the web app (`/assignments/…`) or an absolute URL; made absolute with PUBLIC_URL */
  link?: string | null;
  /**
   * Not sent before this instant. Default: now, or, in quiet hours (20:00–08:00 China time) or on a
   * day off, the next working morning at 08:00.
   */
  notBefore?: Date;
  /**
   * Override of the idempotency key (e.g. one per 催办 record). Default: `messageKey(...)` from
   * (recipient, assignment or notice, kind, slot).
   */
  key?: string;
  /**
   * Channels to deliver on. Default: a user gets `inapp` always and `email` when they have an
   * address (and, for routine reminders, when they chose immediate messages over the daily digest);
   * a unit gets `webhook` on each of its enabled robots.
   */
  channels?: Channel[];
}
