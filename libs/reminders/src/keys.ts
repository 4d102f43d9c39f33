import { createHash } from 'node:crypto';
import type { Recipient, ReminderKind } from './types';

/**
 * The idempotency key of a message: recipient, subject (assignment or notice), kind and slot. It is
 * the outbox row's UNIQUE key, the source of the BullMQ job id in each channel's queue (`jobIdOf`:
 * enqueueing twice is harmless), and the e-mail's `Message-ID: <KEY@duban>`. Only [A-Za-z0-9_.=-]: BullMQ refuses ':' in
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

/**
 * The BullMQ job id of a message's delivery in a channel's queue: derived from its key, so adding a
 * job twice is harmless, but 22 characters instead of the key's ~110. BullMQ writes the id into the
 * job's hash key, the wait list and its event entries; the full key made a pass of 100,000 jobs cost
 * about a quarter more Redis time and memory (docs/benchmarks.md). 132 bits of SHA-256: two keys
 * never share an id in practice. The key itself is in PostgreSQL and in the e-mail's Message-ID.
 */
export function jobIdOf(key: string): string {
  return createHash('sha256').update(key).digest('base64url').slice(0, 22);
}
