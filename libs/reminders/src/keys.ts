import type { Recipient, ReminderKind } from './types';

/**
 * The idempotency key of a message: recipient, subject (assignment or notice), kind and slot. It is
 * the outbox row's UNIQUE key, the BullMQ job id in each channel's queue (so enqueueing twice is
 * harmless), and the e-mail's `Message-ID: <KEY@duban>`. Only [A-Za-z0-9_.=-]: BullMQ refuses ':' in
 * job ids and a Message-ID's left part must be a dot-atom.
 */
export function messageKey(input: {
  recipient: Recipient;
  kind: ReminderKind;
  slot: string;
  assignmentId?: string | null;
  noticeId?: string | null;
  /** anything else that tells two messages apart (a 催办 id, a digest's period) */
  extra?: string;
}): string {
  const who = 'userId' in input.recipient ? `u=${input.recipient.userId}` : `g=${input.recipient.unitId}`;
  const about = input.noticeId ? `n=${input.noticeId}` : input.assignmentId ? `a=${input.assignmentId}` : 'x';
  const parts = [who, about, input.kind.replace(/_/g, '-'), input.slot];
  if (input.extra) parts.push(input.extra.replace(/[^A-Za-z0-9_=-]/g, '-'));
  return parts.join('.');
}
